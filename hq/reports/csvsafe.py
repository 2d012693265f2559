"""A report as a CSV file for a spreadsheet, with its cells made safe to open.

A product, producer or reason is typed by people; a cell such as ``=cmd|' /C calc'!A0`` would be
a formula to Excel or LibreOffice (CSV injection). Text that begins with a character a
spreadsheet reads as the start of a formula gets a leading apostrophe, which spreadsheets show
as text and do not display; numbers stay numbers, so columns still sum. (The kiosk has the same
rule in its own reports; head office does not import the kiosk.) The file is UTF-8 with a byte
order mark, which Excel needs to read Vietnamese letters as UTF-8.
"""

import csv
import io

from hq.reports.table import Report, raw

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
BOM = "\ufeff"


def safe_cell(value: object) -> object:
    """``value`` as it may go into a CSV cell: text that could start a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def report_csv(report: Report) -> bytes:
    """The report's header, rows and totals row as CSV bytes (UTF-8 with BOM)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.title for c in report.columns])
    lines = list(report.rows) + ([report.totals] if report.totals else [])
    for row in lines:
        writer.writerow(
            [safe_cell(raw(v, c.kind)) for v, c in zip(row, report.columns, strict=True)]
        )
    return (BOM + out.getvalue()).encode("utf-8")

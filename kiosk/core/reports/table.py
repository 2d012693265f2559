"""The report table every report is made of (columns with a kind, rows of plain values, a totals
row), its CSV export, and the translated words the tables share.
"""

import csv
import datetime as dt
from dataclasses import dataclass
from typing import IO, Any

from kiosk.core.reports.csvsafe import safe_cell
from kiosk.i18n import N_, translations

KINDS = ("text", "int", "qty", "vnd", "date", "pct")
UNIT_NAMES = {"piece": N_("pcs"), "gram": N_("g")}


@dataclass(frozen=True)
class Column:
    key: str
    heading: str  # English msgid, translated when shown
    kind: str = "text"  # one of KINDS


@dataclass(frozen=True)
class ReportTable:
    """A titled table: ``rows`` hold plain values (str, int, date) in column order."""

    key: str
    title: str  # English msgid
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    totals: tuple[Any, ...] | None = None
    note: str = ""  # English msgid under the title

    def column(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)


def tr(msgid: str, lang: str) -> str:
    return translations(lang).gettext(msgid) if msgid else ""


def write_csv(table: ReportTable, out: IO[str], lang: str = "vi") -> None:
    """The table as CSV (UTF-8, comma-separated, headings translated, numbers unformatted so a
    spreadsheet can sum them, dates ISO); text that a spreadsheet would run as a formula is
    quoted (:mod:`kiosk.core.reports.csvsafe`)."""
    w = csv.writer(out)
    w.writerow([safe_cell(tr(c.heading, lang)) for c in table.columns])
    for row in table.rows:
        w.writerow([safe_cell(v.isoformat() if isinstance(v, dt.date) else v) for v in row])
    if table.totals is not None:
        w.writerow([safe_cell("" if v is None else v) for v in table.totals])


def totals_row(rows, indexes) -> tuple[Any, ...] | None:
    """The sums of the columns at ``indexes`` (None in the others), or None without rows."""
    if not rows:
        return None
    width = len(rows[0])
    return tuple(sum(r[i] for r in rows) if i in indexes else None for i in range(width))

"""Catalogue workbooks made with openpyxl, as a shop's spreadsheet would hold them: a list of rows
of typed cells (text, numbers, dates, formulas), with number formats by cell where a test needs
one (``{"F3": "0000000000000"}``: a barcode kept as a number, shown with its leading zeros)."""

import io

from openpyxl import Workbook


def workbook(rows: list[list], *, formats: dict[str, str] | None = None, text_columns=()) -> bytes:
    """The bytes of an .xlsx whose first sheet holds ``rows``; ``text_columns`` (letters) are
    formatted as Text, the way a careful user keeps a barcode's leading zeros."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for letter in text_columns:
        for cell in sheet[letter]:
            cell.number_format = "@"
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

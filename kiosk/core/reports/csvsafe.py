"""Cells of the CSV files the kiosk writes, made safe to open in a spreadsheet.

A product or producer name is typed by people and comes from head office's catalogue; a name
such as ``=cmd|' /C calc'!A0`` would be a formula to Excel or LibreOffice (CSV injection). Text
that begins with a character a spreadsheet reads as the start of a formula gets a leading
apostrophe, which spreadsheets show as text and do not display; numbers stay numbers, so
columns still sum.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def safe_cell(value: object) -> object:
    """``value`` as it may go into a CSV cell: text that could start a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value

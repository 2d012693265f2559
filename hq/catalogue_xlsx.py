"""Reading a catalogue workbook (.xlsx) into the rows of strings a catalogue CSV gives.

One format for both files and both sides (docs/hq.md "Catalogue CSV"): the first sheet's first row
names the columns, each later row is a product. This module only turns cells into the text a CSV
would hold; the row checks stay where the CSV's are (:mod:`hq.catalogue_csv` at head office,
:mod:`kiosk.core.catalogue.csv_import` at the kiosk), so there is no second validator. It imports
nothing of ours, for the kiosk imports it too.

A cell that cannot become honest text is that row's problem, never a guess: a price with a
fraction of a đồng is not rounded, a code stored as a number is written back as its digits
(with the leading zeros its number format shows: Excel drops them) and refused if they cannot be
the code typed (a fraction, more digits than Excel keeps), a date where text belongs, an
Excel error (``#N/A``) or a formula without a saved value. openpyxl is imported when a workbook is
read: the kiosk's cold start does without it (tests/test_start_imports.py).
"""

import datetime as dt
import math
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from xml.etree.ElementTree import iterparse

MIB = 1024 * 1024
MAX_ROWS = 100_000  # products in one file; the CSV upload's 16 MiB holds about 50,000
MAX_COLUMNS = 64  # the format has 26 columns; cells past this are not looked at
MAX_UNPACKED = 64 * MIB  # a workbook is a zip: a small file can unpack to gigabytes
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls, or an encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
EXTENSIONS = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls")

# How a typed cell becomes text depends on its column.
WHOLE_COLUMNS = frozenset(
    ("price_vnd", "vat_rate_pct", "ocop_stars", "commission_pct", "province_code",
     "consignment", "favourite", "reorder_level", "active", "initial_stock")
)  # fmt: skip
CODE_COLUMNS = frozenset(("sku", "barcodes", "instore_codes", "certificate_no"))
DATE_COLUMNS = frozenset(("certificate_expiry",))
MOMENT_COLUMNS = frozenset(("price_valid_from",))
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ZEROS = re.compile(r"0+")
EXCEL_DIGITS = 15  # Excel and LibreOffice keep a number's first 15 digits, then write zeros


class Unreadable(Exception):
    """The file is not a workbook this reader can take; ``errors`` lists (row, reason)."""

    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(errors)
        self.errors = errors


@dataclass
class Record:
    """One row of the sheet as a CSV reader gives it: ``cells`` by column name (cells past the
    header under ``None``, as :class:`csv.DictReader` does), and the cells that could not be read
    as text, each with why (their text in ``cells`` is empty)."""

    line: int
    cells: dict
    problems: dict[str, str] = field(default_factory=dict)


@dataclass
class Sheet:
    header: list[str]
    records: list[Record]


def is_workbook(data: bytes, filename: str = "") -> bool:
    """Whether a catalogue file is a workbook rather than a CSV: by its first bytes or its name."""
    return data.startswith((ZIP_MAGIC, OLE_MAGIC)) or filename.lower().endswith(EXTENSIONS)


def read(data: bytes) -> Sheet:
    """The first sheet of the workbook ``data`` as a header and records; raises Unreadable."""
    from openpyxl import load_workbook  # a second or more of the kiosk's start: loaded here

    archive = _archive(data)
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises what its parsers meet (KeyError, ParseError...)
        archive.close()
        raise Unreadable([(1, f"{_NOT_A_WORKBOOK} ({type(exc).__name__})")]) from exc
    try:
        if not book.worksheets:
            raise Unreadable([(1, "tệp không có trang tính / the workbook has no sheet")])
        sheet = book.worksheets[0]
        formulas = _formulas_without_values(archive, sheet._worksheet_path.lstrip("/"))
        sheet.reset_dimensions()  # a wrong <dimension> tag must not hide rows
        return _sheet(sheet.iter_rows(max_col=MAX_COLUMNS, max_row=MAX_ROWS + 2), formulas)
    except Unreadable:
        raise
    except Exception as exc:  # a broken sheet inside a good zip: the same answer, no traceback
        raise Unreadable([(1, f"{_NOT_A_WORKBOOK} ({type(exc).__name__})")]) from exc
    finally:
        book.close()
        archive.close()


_NOT_A_WORKBOOK = (
    "không đọc được tệp Excel (.xlsx); hãy lưu lại thành Excel Workbook hoặc CSV UTF-8 / not a "
    "readable Excel workbook (.xlsx): save it again as Excel Workbook or CSV UTF-8"
)


_NOT_ZIP = (
    "tệp không phải Excel (.xlsx), có thể là CSV bị đổi tên: hãy lưu thành .xlsx, hoặc đặt tên "
    ".csv nếu là CSV / the file is not an Excel workbook (.xlsx), perhaps a CSV renamed: save "
    "it as .xlsx, or name it .csv if it is a CSV"
)


def _archive(data: bytes) -> zipfile.ZipFile:
    """The workbook's zip, once it is known to unpack to a size that can be read."""
    if data.startswith(OLE_MAGIC):
        raise Unreadable([(1, "tệp Excel 97-2003 (.xls) hoặc có mật khẩu: hãy lưu thành .xlsx "
                              "không mật khẩu / an Excel 97-2003 (.xls) or password-protected "
                              "file: save it as .xlsx without a password")])  # fmt: skip
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        if not data.startswith(ZIP_MAGIC):
            raise Unreadable([(1, _NOT_ZIP)]) from exc
        raise Unreadable([(1, _NOT_A_WORKBOOK)]) from exc
    if unpacked > MAX_UNPACKED:
        raise Unreadable([(1, f"tệp giải nén ra hơn {MAX_UNPACKED // MIB} MB: hãy chia nhỏ / "
                              f"the workbook unpacks to over {MAX_UNPACKED // MIB} MB: split "
                              "it")])  # fmt: skip
    return archive


def _formulas_without_values(archive: zipfile.ZipFile, part: str) -> set[tuple[int, int]]:
    """(row, column) of the sheet's formulas that carry no saved value.

    Read with ``data_only`` such a cell looks empty; a file written by a program (not by Excel or
    LibreOffice, which save the values) has them. Looked for only when the sheet has a formula.
    """
    from openpyxl.utils.cell import coordinate_to_tuple

    if not _has_formula(archive, part):
        return set()
    found: set[tuple[int, int]] = set()
    with archive.open(part) as src:
        for _, element in iterparse(src):
            if element.tag.rpartition("}")[2] != "c":
                continue
            tags = {child.tag.rpartition("}")[2]: child.text for child in element}
            if "f" in tags and not tags.get("v") and element.get("r"):
                found.add(coordinate_to_tuple(element.get("r")))
            element.clear()
    return found


def _has_formula(archive: zipfile.ZipFile, part: str) -> bool:
    tail = b""
    with archive.open(part) as src:
        while chunk := src.read(MIB):
            if _FORMULA.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _sheet(rows, formulas: set[tuple[int, int]]) -> Sheet:
    first = next(rows, None)
    if first is None:
        raise Unreadable([(1, "trang tính đầu trống / the first sheet is empty")])
    header = _header(first)
    records: list[Record] = []
    for line, cells in enumerate(rows, start=2):
        # Counted before empty rows are skipped: a sheet whose one cell sits at row 10^12 would
        # have openpyxl hand over every empty row before it (read no further than the cap + 1).
        if line > MAX_ROWS + 1:
            raise Unreadable([(line, f"quá {MAX_ROWS:,} dòng: hãy chia thành nhiều tệp / more "
                                     f"than {MAX_ROWS:,} rows: split the file")])  # fmt: skip
        record = _record(line, cells, header, formulas)
        if record is not None:
            records.append(record)
    return Sheet(header, records)


def _header(cells) -> list[str]:
    """Row 1's column names; an empty row 1, or a blank name between names, is refused."""
    names = [_plain(c.value).strip() for c in cells]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise Unreadable([(1, "dòng 1 trống: dòng đầu phải là tên cột (sku, name_vi, ...) / "
                              "row 1 is empty: the first row must name the columns (sku, "
                              "name_vi, ...)")])  # fmt: skip
    blank = [_letter(i + 1) for i, name in enumerate(names) if not name]
    if blank:
        raise Unreadable([(1, f"cột chưa có tên ở dòng 1 / columns without a name in row 1: "
                              f"{', '.join(blank)}")])  # fmt: skip
    return names


def _record(line: int, cells, header: list[str], formulas: set) -> Record | None:
    """Row ``line`` as a record, or None when all its cells are empty."""
    record = Record(line, dict.fromkeys(header, ""))
    for column, cell in enumerate(cells, start=1):
        if column > len(header):  # past the header: kept as csv.DictReader keeps them
            if cell.value is not None:
                record.cells.setdefault(None, []).append(_plain(cell.value))
            continue
        name = header[column - 1]
        if cell.value is None:
            if (line, column) in formulas:
                record.problems[name] = _where(name, column, line, _NO_VALUE)
            continue
        text, problem = cell_text(cell, name)
        if problem:
            record.problems[name] = _where(name, column, line, problem)
        record.cells[name] = text
    if record.problems or any(record.cells.values()):
        return record
    return None


_NO_VALUE = (
    "công thức chưa có giá trị: hãy mở và lưu lại tệp bằng Excel / a formula with no saved "
    "value: open the file in Excel or LibreOffice and save it again"
)


def _where(name: str, column: int, line: int, problem: str) -> str:
    return f"{name} ({_letter(column)}{line}): {problem}"


def cell_text(cell, column: str) -> tuple[str, str | None]:
    """A non-empty cell's text as a CSV would hold it, or ("", why it cannot be read)."""
    value = cell.value
    if cell.data_type == "e":
        return "", f"ô có lỗi Excel / the cell shows an Excel error {value}"
    if isinstance(value, bool):
        return ("1" if value else "0"), None
    if isinstance(value, str):
        return value, None
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
        return _date_text(value, column)
    if isinstance(value, int | float):
        return _number_text(value, column, getattr(cell, "number_format", None) or "")
    return str(value), None


def _date_text(value, column: str) -> tuple[str, str | None]:
    if column in DATE_COLUMNS and isinstance(value, dt.date):
        if isinstance(value, dt.datetime) and value.time() != dt.time():
            return "", "cần ngày không kèm giờ / needs a date without a time of day"
        return value.strftime("%Y-%m-%d") if isinstance(
            value, dt.datetime
        ) else value.isoformat(), None
    if column in MOMENT_COLUMNS:
        return "", ("ngày giờ Excel không có múi giờ: gõ dạng văn bản, ví dụ "
                    "2025-07-01T08:00:00+07:00 / an Excel date has no time zone: type it as "
                    "text, e.g. 2025-07-01T08:00:00+07:00")  # fmt: skip
    return "", ("ô là ngày tháng (Excel có thể đã tự đổi điều đã gõ): định dạng cột là Text / "
                "the cell is a date (Excel may have turned what was typed into one): format the "
                "column as Text and type it again")  # fmt: skip


def _number_text(value: int | float, column: str, number_format: str) -> tuple[str, str | None]:
    whole = isinstance(value, int) or (math.isfinite(value) and value.is_integer())
    if column in WHOLE_COLUMNS:
        if whole:
            return str(int(value)), None
        if column == "price_vnd":
            return "", (f"{value!r} có phần lẻ của một đồng; giá là số đồng nguyên / "
                        f"{value!r} has a fraction of a đồng; prices are whole đồng")  # fmt: skip
        return "", f"{value!r} không phải số nguyên / is not a whole number"
    if column in CODE_COLUMNS:
        return _code_text(value, column, number_format, whole)
    if whole:
        return str(int(value)), None
    return repr(value), None


def _code_text(value, column: str, number_format: str, whole: bool) -> tuple[str, str | None]:
    """A code stored as a number: its digits, padded as its number format shows them."""
    problem = _code_number_problem(value, whole)
    if problem:
        return "", problem
    digits = str(int(value))
    if _ZEROS.fullmatch(number_format):  # a "0000000000000" format shows the leading zeros
        digits = digits.zfill(len(number_format))
    if column == "barcodes" and not _gs1_valid(digits):
        return "", (f"mã vạch {digits} lưu dạng số nên mất số 0 đầu và không thành mã hợp lệ: "
                    f"định dạng cột là Text rồi gõ lại / barcode {digits} is stored as a number, "
                    "which drops leading zeros, and is not a valid code: format the column as "
                    "Text and type the code again")  # fmt: skip
    return digits, None


def _code_number_problem(value: int | float, whole: bool) -> str | None:
    """Why a number in a code column cannot be the code that was typed, or None. The number is
    written out in full, as the user typed it, never as ``8.93e+12``."""
    shown = str(int(value)) if whole else format(Decimal(repr(value)), "f")
    if not whole:
        vi, en = (f"ô mã là số {shown} có phần thập phân, mà mã chỉ gồm các chữ số",
                  f"the code cell holds the number {shown}, which has a decimal fraction; a code "
                  "is digits only")  # fmt: skip
    elif value < 0:
        vi, en = f"ô mã là số âm {shown}", f"the code cell holds the negative number {shown}"
    elif value >= 10**EXCEL_DIGITS:
        vi, en = (f"ô mã là số {shown} dài hơn {EXCEL_DIGITS} chữ số: Excel chỉ giữ "
                  f"{EXCEL_DIGITS} chữ số của một số nên các số cuối có thể đã sai",
                  f"the code cell holds the number {shown}, longer than {EXCEL_DIGITS} digits: "
                  f"Excel keeps only {EXCEL_DIGITS} digits of a number, so its last digits may "
                  "be wrong")  # fmt: skip
    else:
        return None
    return (f"{vi}: định dạng cột là Text rồi gõ lại mã / {en}: format the column as Text and "
            "type the code again")  # fmt: skip


def _gs1_valid(digits: str) -> bool:
    """Whether ``digits`` is an EAN-8, UPC-A or EAN-13 with its check digit."""
    if len(digits) not in (8, 12, 13):
        return False
    body = [int(d) for d in digits[:-1]]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == int(digits[-1])


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


TEMPLATE_COLUMNS = (
    "sku", "name_vi", "name_en", "group", "unit", "price_vnd", "vat_rate_pct", "barcodes",
    "instore_codes", "producer", "producer_kind", "province", "former_province", "ocop_stars",
    "certificate_no", "certificate_expiry", "consignment", "commission_pct", "active",
)  # fmt: skip
TEMPLATE_EXAMPLE = (
    "NM-01", "Nước mắm Phú Quốc", "Phu Quoc fish sauce", "food", "piece", 125000, 8,
    "8930000000019", "", "HTX Hải sản Phú Quốc", "cooperative", "An Giang", "Kiên Giang", 4,
    "12/QĐ-UBND", "2027-03-31", 0, 0, 1,
)  # fmt: skip


def template() -> bytes:
    """An .xlsx to fill in: the columns in row 1, one example product, and the code and date
    columns formatted as Text, so that Excel keeps a barcode's leading zeros as they are typed."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "catalogue"
    sheet.append(TEMPLATE_COLUMNS)
    sheet.append(TEMPLATE_EXAMPLE)
    for i, name in enumerate(TEMPLATE_COLUMNS, start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = max(12, len(name) + 2)
        if name in CODE_COLUMNS or name in DATE_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
            sheet[f"{letter}2"].number_format = "@"
    sheet.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()

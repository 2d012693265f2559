"""The kiosk imports its catalogue from an Excel workbook: the CSV's columns in the first sheet,
read into the CSV's own rows and checks, from the command line as from a file."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from db.models import Product
from kiosk.__main__ import main
from kiosk.core import errors
from kiosk.core.catalogue.csv_import import import_catalogue, read_rows
from kiosk.core.catalogue.lookup import Catalogue
from tests.core.test_import import EAN_A, EAN_B, GOOD, HEADER
from tests.workbooks import workbook

UPC = "0036000291452"  # a UPC-A product's EAN-13, leading zeros and all
OTHER_UPC = "0012345678905"


def good_rows() -> list[list]:
    """tests/core/test_import.py's GOOD file as a sheet types it: numbers, a date, booleans."""
    return [
        HEADER.split(","),
        ["A-1", "Nước mắm Phú Quốc", "Fish sauce", "food", "piece", 185000, 8, EAN_A, None,
         "Công ty Khải Hoàn", "enterprise", "An Giang", "Kiên Giang", 5, "12/QĐ-UBND",
         dt.datetime(2027, 3, 31), True],
        ["A-2", "Cà phê hạt Cầu Đất", None, "beverage", "gram", 520000.0, 8.0, None, 2500001,
         "HTX Cầu Đất", "cooperative", "lâm đồng", None, 4, None, None, False],
        ["A-3", "Chè Tân Cương, đặc biệt", None, "beverage", "piece", 300000, 10,
         f"{EAN_B} 036000291452", None, "Công ty Khải Hoàn", None, "Thái Nguyên", None, None,
         None, None, 0],
    ]  # fmt: skip


def test_a_workbook_gives_the_very_rows_of_its_csv(tmp_path):
    csv_path = tmp_path / "cat.csv"
    csv_path.write_text("\n".join([HEADER, *GOOD]) + "\n", encoding="utf-8")
    book = tmp_path / "cat.xlsx"
    book.write_bytes(workbook(good_rows()))
    assert read_rows(book) == read_rows(csv_path)


def test_a_workbook_is_imported_with_its_leading_zeros(session_factory, tmp_path):
    rows = good_rows()
    rows[3][7] = f"{EAN_B} {UPC}"  # typed into a Text column
    # A number shown with a 13-digit format: the zeros Excel shows are the code's.
    rows.append(["A-4", "Kẹo dừa", None, "food", "piece", 30000, 10, int(OTHER_UPC)] + [None] * 9)
    rows += [[None] * 17] * 5  # empty rows under the list
    book = tmp_path / "cat.xlsx"
    book.write_bytes(workbook(rows, formats={"H5": "0000000000000"}, text_columns="H"))
    report = import_catalogue(session_factory, book)
    assert (report.created, report.producers_created) == (4, 2)
    cat = Catalogue(session_factory)
    assert cat.lookup(UPC).sku == "A-3" and cat.lookup("036000291452").sku == "A-3"
    assert cat.lookup(OTHER_UPC).sku == "A-4" and cat.lookup("012345678905").sku == "A-4"
    assert cat.lookup(EAN_A).price_vnd == 185_000
    with session_factory() as s:
        fish = s.scalars(select(Product).where(Product.sku == "A-1")).one()
        assert fish.certificate_expiry == dt.date(2027, 3, 31) and fish.favourite


def test_bad_cells_are_each_rows_problem_and_nothing_is_written(session_factory, tmp_path):
    rows = good_rows()
    rows[1][5] = 185000.5  # a fraction of a đồng
    rows[2][7] = 36000291452  # a UPC stored as a number: its leading zero is gone
    rows[3][6] = "=F2/1000"  # a formula openpyxl saved without a value
    book = tmp_path / "cat.xlsx"
    book.write_bytes(workbook(rows))
    with pytest.raises(errors.ImportFailed) as failed:
        import_catalogue(session_factory, book)
    found = dict(failed.value.data["errors"])
    assert sorted(found) == [2, 3, 4]
    assert "price_vnd (F2): 185000.5 có phần lẻ của một đồng" in found[2]
    assert "barcode 36000291452 is stored as a number, which drops leading zeros" in found[3]
    assert "vat_rate_pct (G4)" in found[4] and "a formula with no saved value" in found[4]
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Product)) == 0


def test_a_file_that_is_not_a_workbook_is_refused_in_plain_words(tmp_path):
    renamed = tmp_path / "cat.xlsx"
    renamed.write_text("\n".join([HEADER, *GOOD]), encoding="utf-8")
    with pytest.raises(errors.ImportFailed) as failed:
        read_rows(renamed)
    [(line, reason)] = failed.value.data["errors"]
    assert line == 1 and "not an Excel workbook (.xlsx), perhaps a CSV renamed" in reason
    header_only = tmp_path / "empty.xlsx"
    header_only.write_bytes(workbook([["sku", "name_vi"]]))
    with pytest.raises(errors.ImportFailed) as failed:
        read_rows(header_only)
    assert failed.value.data["errors"][0][1].startswith("missing columns: group, unit")


def test_the_command_line_imports_a_workbook(tmp_path, capsys):
    data = tmp_path / "data"
    book = tmp_path / "cat.xlsx"
    rows = good_rows()
    rows[2][6] = dt.date(2025, 8, 1)  # Excel turned "8" into a date
    book.write_bytes(workbook(rows))
    assert main(["--data-dir", str(data), "catalogue", "import", str(book)]) == 2
    err = capsys.readouterr().err
    assert "line 3: vat_rate_pct (G3)" in err and "the cell is a date" in err
    book.write_bytes(workbook(good_rows()))
    assert main(["--data-dir", str(data), "catalogue", "import", str(book)]) == 0
    assert "3 new products" in capsys.readouterr().out


def test_numeric_code_cells_are_read_as_the_codes_excel_shows(tmp_path):
    rows = good_rows()
    rows[1][0] = 42  # a sku typed as a number in a cell formatted "00000": Excel shows 00042
    rows[2][7] = int(OTHER_UPC)  # the barcode as a number shown with its 13 digits
    rows[3][7] = float(EAN_B)  # an EAN-13 kept as a number, General format (shown 8.93E+12)
    book = tmp_path / "cat.xlsx"
    book.write_bytes(workbook(rows, formats={"A2": "00000", "H3": "0000000000000"}))
    skus = {row.fields["sku"]: row.fields["barcodes"] for row in read_rows(book)}
    assert skus == {"00042": [EAN_A], "A-2": [OTHER_UPC], "A-3": [EAN_B]}


def test_a_code_cell_holding_a_number_with_a_fraction_is_refused_in_plain_words(tmp_path):
    rows = good_rows()
    rows[2][0] = 1042.5  # a sku that Excel holds as a number with a fraction
    book = tmp_path / "cat.xlsx"
    book.write_bytes(workbook(rows))
    with pytest.raises(errors.ImportFailed) as failed:
        read_rows(book)
    [(line, reason)] = failed.value.data["errors"]
    assert line == 3 and reason.startswith("sku (A3): ô mã là số 1042.5 có phần thập phân")
    assert "the number 1042.5, which has a decimal fraction; a code is digits only" in reason

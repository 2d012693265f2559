"""Head office imports a catalogue from an Excel workbook: the CSV's format in the first sheet,
through the CSV's own row checks, on the page, the API and the command line."""

import datetime as dt
import os
import re
import subprocess
import sys

import pytest
from sqlalchemy import select

from hq import catalogue_csv, catalogue_xlsx
from hq.errors import CatalogueImportFailed
from hq.models import Barcode, Price, Product
from kiosk.core.catalogue.csv_import import read_rows
from tests.hq.conftest import ROOT, InProcessHq
from tests.hq.test_catalogue import MAT, NM, TRA
from tests.hq.test_catalogue_admin import KIOSK_HEADER, ORIGIN, counts, csrf_of
from tests.hq.test_security import sign_in
from tests.workbooks import workbook

HEADER = KIOSK_HEADER.split(",")
UPC = "0036000291452"  # a UPC-A product's EAN-13: its leading zeros are part of the code
ZEROS = "0000000000000"  # a number format that shows a 13-digit code's leading zeros


@pytest.fixture
def office(hq_database):
    made = InProcessHq(hq_database)
    made.add_operator("lan")
    sign_in(made)
    yield made
    made.close()


def upload(office, data: bytes, name: str = "catalogue.xlsx"):
    csrf = csrf_of(office, "/catalogue/import")
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return office.client.post("/catalogue/import", data={"csrf": csrf}, headers=ORIGIN,
                              files={"file": (name, data, kind)})  # fmt: skip


def problems(answer) -> dict[int, str]:
    found = re.findall(
        r"<tr><td class='num'>(\d+)</td><td class='prose'>(.*?)</td></tr>", answer.text
    )  # a row's problems one per line, as the page lists them
    return {int(n): reason.replace("&#x27;", "'").replace("<br>", "; ") for n, reason in found}


def good_rows() -> list[list]:
    """Three products as a shop's sheet types them: numbers as numbers, codes as text or number."""
    return [
        HEADER,
        ["NM-01", "Nước mắm Phú Quốc", "food", "piece", 125000, 8, NM, 2500123,
         "HTX Phú Quốc", "cooperative", "An Giang", 4, True, 5, 1],
        ["TRA-01", "Trà Shan tuyết", "beverage", "piece", 90000.0, 8.0, int(TRA), None,
         "", "", "Tuyên Quang", None, False, 0, 1],
        ["KEO-01", "Kẹo dừa", "food", "piece", 30000, 10, UPC, None, "", "", "", 3, 0, 0, 1],
    ]  # fmt: skip


def test_a_workbook_reads_into_the_very_rows_its_csv_gives():
    csv_text = "\n".join([
        KIOSK_HEADER,
        f"NM-01,Nước mắm Phú Quốc,food,piece,125000,8,{NM},2500123,HTX Phú Quốc,cooperative,"
        "An Giang,4,1,5,1",
        f"TRA-01,Trà Shan tuyết,beverage,piece,90000,8,{TRA},,,,Tuyên Quang,,0,0,1",
        f"KEO-01,Kẹo dừa,food,piece,30000,10,{UPC},,,,,3,0,0,1",
    ])  # fmt: skip
    from_csv = catalogue_csv.read(csv_text)
    assert catalogue_csv.read_file(workbook(good_rows()), "catalogue.xlsx") == from_csv
    # The same with the UPC kept as a number shown as 13 digits: its zeros come back.
    rows = good_rows()
    rows[3][6] = int(UPC)
    as_number = workbook(rows, formats={"G4": ZEROS})
    assert catalogue_csv.read_file(as_number, "catalogue.xlsx") == from_csv


def test_a_workbook_on_the_page_is_applied_with_its_codes_and_whole_prices(office):
    rows = good_rows()
    rows += [[None] * len(HEADER)] * 3  # the empty rows at the bottom of a sheet
    answer = upload(office, workbook(rows, text_columns="G"))
    assert answer.status_code == 200, answer.text
    assert "3 thêm / added" in answer.text
    with office.session_factory() as s:
        kinds = dict(s.execute(select(Barcode.code, Barcode.kind)).all())
        assert kinds == {NM: "ean13", TRA: "ean13", UPC: "ean13", "2500123": "instore"}
        prices = dict(s.execute(select(Product.sku, Price.price_vnd).join(Price)).all())
        assert prices == {"NM-01": 125_000, "TRA-01": 90_000, "KEO-01": 30_000}
        assert all(isinstance(p, int) for p in prices.values())


def test_a_workbook_with_bad_rows_lists_every_row_and_applies_nothing(office):
    rows = [
        HEADER,
        ["OK-01", "Mật ong", "food", "piece", 150000, 10, MAT, None, "", "", "", None, 0, 0, 1],
        ["BAD-01", "Giá lẻ", "food", "piece", 75000.5, 8, None, None, "", "", "", None, 0, 0, 1],
        ["BAD-02", "Mã mất số 0", "food", "piece", 1000, 8, int(UPC), None, "", "", "", None,
         0, 0, 1],
        ["BAD-03", "Thuế thành ngày", "food", "piece", 1000, dt.date(2025, 8, 1), None, None,
         "", "", "", None, 0, 0, 1],
        ["BAD-04", "Công thức", "food", "piece", "=E2*2", 8, None, None, "", "", "", None, 0, 0, 1],
        ["BAD-05", "", "drinks", "piece", 1000, 8, None, None, "", "", "Atlantis", None, 0, 0, 1],
        [None] * len(HEADER),
    ]  # fmt: skip
    answer = upload(office, workbook(rows))
    assert answer.status_code == 422
    assert "Nothing was applied: 5 line(s) have problems" in answer.text
    found = problems(answer)
    assert sorted(found) == [3, 4, 5, 6, 7]
    assert found[3].startswith("price_vnd (E3): 75000.5 có phần lẻ của một đồng")
    assert "75000.5 has a fraction of a đồng; prices are whole đồng" in found[3]
    assert found[4].startswith("barcodes (G4): mã vạch 36000291452 lưu dạng số")
    assert "barcode 36000291452 is stored as a number, which drops leading zeros" in found[4]
    assert "vat_rate_pct (F5)" in found[5] and "the cell is a date" in found[5]
    assert found[6].startswith("price_vnd (E6): công thức chưa có giá trị")
    assert "a formula with no saved value: open the file in Excel" in found[6]
    assert "missing price_vnd" not in found[6]  # the formula is the problem, told once
    assert "missing name_vi" in found[7] and "unknown province 'Atlantis'" in found[7]
    assert counts(office) == (0, 0, 0)


def test_files_that_are_not_workbooks_are_told_in_plain_words(office, monkeypatch):
    csv_renamed = f"{KIOSK_HEADER}\nNM-01,Nước mắm,food,piece,1000,8,,,,,,,0,0,1\n".encode()
    cases = {
        "a CSV renamed .xlsx": (csv_renamed, "perhaps a CSV renamed"),
        "garbage after a zip's signature": (b"PK\x03\x04" + b"\x00" * 200, "not a readable Excel"),
        "an Excel 97-2003 file": (catalogue_xlsx.OLE_MAGIC + b"\x00" * 500, "Excel 97-2003 (.xls)"),
        "an empty sheet": (workbook([]), "the first sheet is empty"),
        "no header row": (workbook([[None], ["NM-01", "Nước mắm"]]), "row 1 is empty"),
    }  # fmt: skip
    for case, (data, told) in cases.items():
        answer = upload(office, data)
        assert answer.status_code == 422, case
        assert told in answer.text, case
    # A small upload that unpacks past the cap, and a sheet past the row cap, stop early.
    monkeypatch.setattr(catalogue_xlsx, "MAX_UNPACKED", 64 * 1024)
    padded = workbook([HEADER, ["X", "x" * 32_000], *[["Y", "y" * 30_000]] * 4])
    assert len(padded) < 64 * 1024
    answer = upload(office, padded)
    assert answer.status_code == 422 and "unpacks to over" in answer.text
    monkeypatch.setattr(catalogue_xlsx, "MAX_ROWS", 2)
    answer = upload(office, workbook(good_rows()))
    assert answer.status_code == 422 and "more than 2 rows: split the file" in answer.text
    assert counts(office) == (0, 0, 0)


def test_operator_posts_a_workbook_to_the_api(app_hq):
    app_hq.add_operator("lan")
    auth = ("lan", InProcessHq.PASSWORD)
    url = "/api/v1/catalogue/import"
    rows = good_rows()
    rows[1][4] = 125000.25
    bad = app_hq.client.post(url, content=workbook(rows), auth=auth)
    assert bad.status_code == 422
    [error] = bad.json()["detail"]["errors"]
    assert error["line"] == 2 and "has a fraction of a đồng" in error["reason"]
    ok = app_hq.client.post(url, content=workbook(good_rows()), auth=auth)
    assert ok.status_code == 200 and ok.json()["products_added"] == 3


def test_cli_imports_a_workbook_and_names_the_bad_rows(tmp_path, sqlite_database):
    path = tmp_path / "catalogue.xlsx"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "hq", "--database", sqlite_database, "catalogue", "import",
               str(path)]  # fmt: skip
    rows = good_rows()
    rows[2][4] = 90000.9
    path.write_bytes(workbook(rows))
    failed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert failed.returncode == 1
    assert f"{path}:3: price_vnd (E3): 90000.9 có phần lẻ của một đồng" in failed.stderr
    assert "Traceback" not in failed.stderr
    path.write_bytes(workbook(good_rows()))
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "3 products added" in done.stdout


def test_a_csv_price_with_a_fraction_is_refused_not_read_as_more_dong():
    lines = [KIOSK_HEADER, "A-1,Mật ong,food,piece,75000.5,8,,,,,,,0,0,1",
             "A-2,Trà,food,piece,125.000,8,,,,,,,0,0,1"]  # fmt: skip
    with pytest.raises(CatalogueImportFailed) as failed:
        catalogue_csv.read("\n".join(lines))
    [(line, reason)] = failed.value.data["errors"]
    assert line == 2 and "'75000.5' không phải số nguyên / is not a whole number" in reason
    assert catalogue_csv.read("\n".join(lines[::2]))[0].price_vnd == 125_000


def test_the_template_from_the_page_imports_as_it_is_at_both_ends(office, tmp_path):
    got = office.client.get("/catalogue/import/template.xlsx")
    assert got.status_code == 200 and got.content.startswith(catalogue_xlsx.ZIP_MAGIC)
    assert "catalogue-template.xlsx" in got.headers["content-disposition"]
    assert "/catalogue/import/template.xlsx" in office.client.get("/catalogue/import").text
    answer = upload(office, got.content, "catalogue-template.xlsx")
    assert answer.status_code == 200 and "1 thêm / added" in answer.text
    with office.session_factory() as s:
        assert s.scalars(select(Barcode.code)).all() == ["8930000000019"]
    path = tmp_path / "catalogue-template.xlsx"
    path.write_bytes(got.content)
    [row] = read_rows(path)  # the kiosk's importer takes the same file
    assert row.fields["sku"] == "NM-01" and row.fields["barcodes"] == ["8930000000019"]


def product(sku, barcode, instore=None) -> list:
    """A row of honey with these code cells, as the sheet holds them (text or number)."""
    return [sku, "Mật ong", "food", "piece", 150000, 10, barcode, instore,
            "", "", "", None, 0, 0, 1]  # fmt: skip


def test_numeric_code_cells_come_back_as_their_digits_with_the_zeros_their_format_shows(office):
    ean = "8934567890120"  # an EAN-13 Excel keeps as a number, General format (shown 8.93E+12)
    rows = [HEADER, product(123, int(ean), 2500123.0), product(45, float(MAT)),
            product(7, int(UPC))]  # fmt: skip
    # Skus typed as numbers in cells formatted "00000" show 00123 and 00007 in Excel.
    formats = {"A2": "00000", "A4": "00000", "G4": ZEROS}
    answer = upload(office, workbook(rows, formats=formats))
    assert answer.status_code == 200, answer.text
    with office.session_factory() as s:
        assert set(s.scalars(select(Product.sku))) == {"00123", "45", "00007"}
        codes = dict(s.execute(select(Barcode.code, Barcode.kind)).all())
        assert codes == {ean: "ean13", MAT: "ean13", UPC: "ean13", "2500123": "instore"}


def test_a_numeric_code_cell_that_cannot_be_the_code_typed_is_its_rows_problem(office):
    rows = [HEADER, product(12.5, None), product("OK-1", 36000291452.25), product(-7, None),
            product(1234567890123456, None), product("OK-2", MAT)]  # fmt: skip
    answer = upload(office, workbook(rows))
    assert answer.status_code == 422
    found = problems(answer)
    assert sorted(found) == [2, 3, 4, 5]
    assert found[2].startswith("sku (A2): ô mã là số 12.5 có phần thập phân")
    assert "the code cell holds the number 12.5, which has a decimal fraction" in found[2]
    assert "barcodes (G3)" in found[3] and "the number 36000291452.25, which has a" in found[3]
    assert "the code cell holds the negative number -7" in found[4]
    assert "the number 1234567890123456, longer than 15 digits" in found[5]
    for reason in found.values():
        assert "format the column as Text and type the code again" in reason
        assert "e+" not in reason.lower()
    assert counts(office) == (0, 0, 0)

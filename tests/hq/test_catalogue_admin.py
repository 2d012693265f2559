"""The catalogue managed from head office's pages: the list, a product's edit (which terminals
pull), and uploading a catalogue file in the kiosk's format, all rows or none with every bad row
listed; and a large file looked up in batches."""

import re

import pytest
from sqlalchemy import event, func, select

from db.models import Product as KioskProduct
from hq import access, catalogue, operators
from hq.models import Barcode, Price, Product
from tests.hq.conftest import InProcessHq
from tests.hq.test_catalogue import MAT, NM, catalogue_csv, hq_import, price_now
from tests.hq.test_security import FORM, sign_in

PW = InProcessHq.PASSWORD
ORIGIN = {"Origin": "http://testserver"}
# The kiosk's importer's own columns (kiosk/core/catalogue/csv_import.py), as a shop exports them.
KIOSK_HEADER = ("sku,name_vi,group,unit,price_vnd,vat_rate_pct,barcodes,instore_codes,producer,"
                "producer_kind,province,ocop_stars,favourite,reorder_level,active")  # fmt: skip


@pytest.fixture
def office(hq_database):
    made = InProcessHq(hq_database)
    made.add_operator("lan")
    yield made
    made.close()


def csrf_of(office, page: str) -> str:
    return re.search(r"name='csrf' value='([^']+)'", office.client.get(page).text)[1]


def upload(office, body: str, name: str = "catalogue.csv"):
    csrf = csrf_of(office, "/catalogue/import")
    return office.client.post("/catalogue/import", data={"csrf": csrf}, headers=ORIGIN,
                              files={"file": (name, body.encode(), "text/csv")})  # fmt: skip


def counts(office) -> tuple[int, int, int]:
    with office.session_factory() as s:
        return (s.scalar(select(func.count()).select_from(Product)),
                s.scalar(select(func.count()).select_from(Price)), catalogue.current_version(s))  # fmt: skip


def test_an_edit_on_the_page_bumps_the_version_and_the_kiosks_pull_gets_it(hq, make_kiosk):
    hq_import(hq, catalogue_csv())
    kiosk = make_kiosk(hq)
    kiosk.client.pull_once()
    office = InProcessHq(hq.database_url)  # the pages, on the same database as the server
    try:
        office.add_operator("lan")
        sign_in(office)
        with office.session_factory() as s:
            fish = s.scalars(select(Product).where(Product.sku == "NM-01")).one()
            before = catalogue.current_version(s)
        form = office.client.get(f"/catalogue/{fish.id}").text
        assert "value='125000'" in form and "Nước mắm Phú Quốc" in form
        data = {
            "csrf": csrf_of(office, f"/catalogue/{fish.id}"),
            "name_vi": "Nước mắm Phú Quốc 40°N",
            "name_en": "Fish sauce",
            "price_vnd": "132.000",
            "vat_rate_pct": "10",
            "group_code": "food",
        }  # fmt: skip  (active left unticked: off sale)
        saved = office.client.post(f"/catalogue/{fish.id}", data=data, headers=FORM,
                                   follow_redirects=False)  # fmt: skip
        assert saved.status_code == 303
        listing = office.client.get(saved.headers["location"]).text
        assert "Saved" in listing and "132.000" in listing and "Ngừng bán / Off sale" in listing
        with office.session_factory() as s:
            assert catalogue.current_version(s) == before + 2  # the product, then its new price
    finally:
        office.close()
    pulled = kiosk.client.pull_once()
    assert (pulled.products, pulled.prices, pulled.version) == (1, 1, before + 2)
    assert price_now(kiosk, "NM-01") == 132_000
    with kiosk.session_factory() as s:
        fish = s.scalars(select(KioskProduct).where(KioskProduct.sku == "NM-01")).one()
        assert (fish.name_vi, fish.vat_rate_pct, fish.active) == (
            "Nước mắm Phú Quốc 40°N",
            10,
            False,
        )


def test_a_wrong_edit_is_told_plainly_and_changes_nothing(office):
    sign_in(office)
    hq_import(office, catalogue_csv())
    with office.session_factory() as s:
        fish = s.scalars(select(Product).where(Product.sku == "NM-01")).one()
    before = counts(office)
    data = {"csrf": csrf_of(office, f"/catalogue/{fish.id}"), "name_vi": "", "price_vnd": "12a",
            "vat_rate_pct": "8", "group_code": "food", "active": "1"}  # fmt: skip
    answer = office.client.post(f"/catalogue/{fish.id}", data=data, headers=FORM)
    assert answer.status_code == 422 and "The price must be whole đồng" in answer.text
    data["price_vnd"] = "1000"
    answer = office.client.post(f"/catalogue/{fish.id}", data=data, headers=FORM)
    assert answer.status_code == 422 and "name_vi" in answer.text
    assert counts(office) == before


def test_a_file_with_three_bad_rows_lists_all_three_and_changes_nothing(office):
    sign_in(office)
    body = "\n".join([
        KIOSK_HEADER,
        f"NM-01,Nước mắm Phú Quốc,food,piece,125000,8,{NM},,HTX Phú Quốc,cooperative,An Giang,4,1,5,1",
        "BAD-01,Hàng lỗi,food,piece,abc,7,,,,,,,0,0,1",
        "BAD-02,,drinks,piece,1000,8,,,,,Atlantis,,0,0,1",
        f"BAD-03,Trà,beverage,piece,1000,8,{MAT[:-1]}0,,,,,9,0,0,1",
    ])  # fmt: skip
    answer = upload(office, body)
    assert answer.status_code == 422
    assert "Nothing was applied: 3 line(s) have problems" in answer.text
    lines = re.findall(
        r"<tr><td class='num'>(\d+)</td><td class='prose'>(.*?)</td></tr>", answer.text
    )
    assert [n for n, _ in lines] == ["3", "4", "5"]
    three, four, five = (r for _, r in lines)
    assert "price_vnd: &#x27;abc&#x27; không phải số nguyên / is not a whole number" in three
    assert "missing name_vi" in four and "unknown province &#x27;Atlantis&#x27;" in four
    assert "check digit should be" in five
    assert counts(office) == (0, 0, 0)


def test_a_good_file_in_the_kiosks_format_applies_and_is_listed(office):
    sign_in(office)
    body = "\n".join([
        KIOSK_HEADER,
        f"NM-01,Nước mắm Phú Quốc,food,piece,125000,8,{NM},2500123,HTX Phú Quốc,cooperative,"
        "An Giang,4,1,5,1",
        "MAT-01,Mật ong bạc hà,food,gram,600,10,,,,,Tuyên Quang,,0,0,1",
    ])  # fmt: skip
    answer = upload(office, body)
    assert answer.status_code == 200, answer.text
    assert "2 thêm / added" in answer.text
    with office.session_factory() as s:
        fish = s.scalars(select(Product).where(Product.sku == "NM-01")).one()
        assert (fish.province_code, fish.group_code, fish.ocop_stars) == (91, "food", 4)
        kinds = dict(s.execute(select(Barcode.code, Barcode.kind)).all())
        assert kinds == {NM: "ean13", "2500123": "instore"}
    listing = office.client.get("/catalogue?q=mật ong").text
    assert "MAT-01" in listing and "NM-01" not in listing and "600" in listing
    for typed in ("nuoc mam", "NƯỚC MẮM", "phu quoc nuoc", "nm-01"):  # no accents, any order
        listing = office.client.get("/catalogue", params={"q": typed}).text
        assert "NM-01" in listing and "MAT-01" not in listing, typed
    assert "HTX Phú Quốc" in office.client.get("/catalogue").text
    broken = upload(office, "PK\x03\x04", name="catalogue.xlsx")
    assert broken.status_code == 422 and "not a readable Excel workbook" in broken.text


def test_read_only_sees_the_catalogue_but_changes_nothing(office):
    hq_import(office, catalogue_csv())
    with office.session_factory.begin() as s:
        operators.add_operator(s, "xem", PW, role=access.READ_ONLY)
        fish = s.scalars(select(Product).where(Product.sku == "NM-01")).one()
    sign_in(office, "xem")
    listing = office.client.get("/catalogue")
    assert listing.status_code == 200 and "NM-01" in listing.text
    assert "/catalogue/import" not in listing.text and f"/catalogue/{fish.id}" not in listing.text
    assert office.client.get(f"/catalogue/{fish.id}").status_code == 403
    assert office.client.get("/catalogue/import").status_code == 403


def test_a_large_file_binds_at_most_a_chunk_of_values_per_lookup(sqlite_database):
    office = InProcessHq(sqlite_database)
    header = "sku,name_vi,vat_rate_pct,group_code,price_vnd,barcodes"
    rows = [f"S{i:05d},Sản phẩm {i},8,food,{1000 + i},C{i:05d}" for i in range(1_200)]
    text = "\n".join([header, *rows])
    seen: list[int] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(len(parameters))

    event.listen(office.engine, "before_cursor_execute", count)
    try:
        hq_import(office, text)
        hq_import(office, text.replace(",8,food,", ",10,food,"))  # every product changes
        assert max(seen) <= catalogue.CHUNK
        assert counts(office) == (1_200, 1_200, 1_200 * 3 + 1_200)
    finally:
        office.close()

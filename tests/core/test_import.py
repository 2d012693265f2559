"""Catalogue import: a good file is written whole, a file with any bad row writes nothing."""

import pytest
from sqlalchemy import func, select

from db.models import Barcode, Price, Producer, Product
from kiosk.core import errors
from kiosk.core.catalogue.barcode import make_ean13
from kiosk.core.catalogue.csv_import import import_catalogue
from kiosk.core.catalogue.lookup import Catalogue

HEADER = (
    "sku,name_vi,name_en,group,unit,price_vnd,vat_rate_pct,barcodes,instore_codes,producer,"
    "producer_kind,province,former_province,ocop_stars,certificate_no,certificate_expiry,favourite"
)
EAN_A = make_ean13("893910000001")
EAN_B = make_ean13("893910000002")
GOOD = [
    f"A-1,Nước mắm Phú Quốc,Fish sauce,food,piece,185000,8,{EAN_A},,Công ty Khải Hoàn,"
    "enterprise,An Giang,Kiên Giang,5,12/QĐ-UBND,2027-03-31,1",
    "A-2,Cà phê hạt Cầu Đất,,beverage,gram,520000,8,,2500001,HTX Cầu Đất,cooperative,"
    "lâm đồng,,4,,,0",
    f'A-3,"Chè Tân Cương, đặc biệt",,beverage,piece,300000,10,{EAN_B} 036000291452,,'
    "Công ty Khải Hoàn,,Thái Nguyên,,,,,0",
]


def write(tmp_path, lines, name="cat.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding=encoding)
    return path


def count(session_factory, model):
    with session_factory() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_good_file_is_imported_and_found(session_factory, tmp_path):
    report = import_catalogue(session_factory, write(tmp_path, GOOD))
    assert (report.created, report.updated, report.producers_created) == (3, 0, 2)
    cat = Catalogue(session_factory)
    fish = cat.lookup(EAN_A)
    assert (fish.name_vi, fish.price_vnd, fish.province, fish.former_province) == (
        "Nước mắm Phú Quốc",
        185_000,
        "An Giang",
        "Kiên Giang",
    )
    assert fish.producer == "Công ty Khải Hoàn" and fish.favourite
    assert cat.lookup("036000291452").name_vi == "Chè Tân Cương, đặc biệt"
    assert cat.lookup(make_ean13("250000100500")).weight_g == 500
    assert [p.sku for p in cat.search("cau dat")] == ["A-2"]


def test_import_again_updates_by_sku(session_factory, tmp_path):
    import_catalogue(session_factory, write(tmp_path, GOOD))
    changed = [GOOD[0].replace("185000", "199000").replace("Nước mắm Phú Quốc", "Nước mắm nhĩ")]
    report = import_catalogue(session_factory, write(tmp_path, changed, "v2.csv"))
    assert (report.created, report.updated, report.producers_created) == (0, 1, 0)
    scan = Catalogue(session_factory).lookup(EAN_A)
    assert (scan.name_vi, scan.price_vnd) == ("Nước mắm nhĩ", 199_000)
    assert count(session_factory, Product) == 3
    assert count(session_factory, Price) == 4  # history kept
    assert [p.sku for p in Catalogue(session_factory).search("nhi")] == ["A-1"]
    assert Catalogue(session_factory).search("phu quoc") == []


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        ("B-1,,,food,piece,1000,8,,,,,,,,,,0", "name_vi: required"),
        ("B-1,Tên,,food,kg,1000,8,,,,,,,,,,0", "unit"),
        ("B-1,Tên,,weapons,piece,1000,8,,,,,,,,,,0", "group"),
        ("B-1,Tên,,food,piece,1000,7,,,,,,,,,,0", "vat_rate_pct"),
        ("B-1,Tên,,food,piece,1000,8,,,,,,,2,,,0", "ocop_stars"),
        ("B-1,Tên,,food,piece,-5,8,,,,,,,,,,0", "price_vnd"),
        ("B-1,Tên,,food,piece,12.5,8,,,,,,,,,,0", "price_vnd"),
        ("B-1,Tên,,food,piece,1000000000001,8,,,,,,,,,,0", "price_vnd"),
        ("B-1,Tên,,food,piece,,8,,,,,,,,,,0", "price_vnd: required"),
        (
            f"B-1,Tên,,food,piece,1000,8,{EAN_A[:-1]}{(int(EAN_A[-1]) + 1) % 10},,,,,,,,,0",
            "check digit",
        ),
        (f"B-1,Tên,,food,piece,1000,8,{EAN_A},,,,,,,,,0", "repeats line 2"),
        ("A-1,Tên,,food,piece,1000,8,,,,,,,,,,0", "sku A-1 repeats line 2"),
        ("B-1,Tên,,food,piece,1000,8,,,,,Hà Tây,,,,,0", "unknown province"),
        ("B-1,Tên,,food,piece,1000,8,,,Nhà mới,,,,,,,0", "producer_kind"),
        ("B-1,Tên,,food,piece,1000,8,,,Nhà mới,company,,,,,,0", "producer_kind"),
        ("B-1,Tên,,food,piece,1000,8,,,,,,,,,31/12/2027,0", "certificate_expiry"),
        ("B-1,Tên,,food,piece,1000,8,,,,,,,,,,0,extra", "more cells"),
    ],
)
def test_any_bad_row_fails_whole_file_and_writes_nothing(
    session_factory, tmp_path, bad_row, reason
):
    path = write(tmp_path, [*GOOD, bad_row])
    with pytest.raises(errors.ImportFailed) as exc:
        import_catalogue(session_factory, path)
    problems = exc.value.data["errors"]
    assert len(problems) == 1
    line, text = problems[0]
    assert line == 5
    assert reason in text
    for model in (Product, Producer, Barcode, Price):
        assert count(session_factory, model) == 0


def test_every_bad_row_is_reported(session_factory, tmp_path):
    rows = [*GOOD, "B-1,Tên,,food,kg,1000,8", "B-2,Tên,,food,piece,1000,9", "B-3,Tên,,x,piece,1,8"]
    with pytest.raises(errors.ImportFailed) as exc:
        import_catalogue(session_factory, write(tmp_path, rows))
    assert [line for line, _ in exc.value.data["errors"]] == [5, 6, 7]


def test_barcode_already_on_another_product_in_db(session_factory, tmp_path):
    Catalogue(session_factory).add_product(sku="OLD", name_vi="Cũ", group="food", barcodes=[EAN_B])
    with pytest.raises(errors.ImportFailed) as exc:
        import_catalogue(session_factory, write(tmp_path, GOOD))
    assert exc.value.data["errors"] == [(4, f"barcode {EAN_B} is already on product OLD")]
    assert count(session_factory, Product) == 1


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("sku,name_vi\nA,B\n", "missing columns: group, unit, price_vnd, vat_rate_pct"),
        (HEADER + ",colour\n", "unknown columns: colour"),
    ],
)
def test_bad_header(session_factory, tmp_path, content, reason):
    path = tmp_path / "h.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(errors.ImportFailed) as exc:
        import_catalogue(session_factory, path)
    assert exc.value.data["errors"] == [(1, reason)]


def test_file_not_utf8_or_missing(session_factory, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes((HEADER + "\nA,Nu\xf4c,,food,piece,1,8\n").encode("latin-1"))
    with pytest.raises(errors.ImportFailed):
        import_catalogue(session_factory, path)
    with pytest.raises(errors.ImportFailed):
        import_catalogue(session_factory, tmp_path / "nope.csv")


def test_bom_and_blank_lines_are_accepted(session_factory, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_text("\ufeff" + HEADER + "\n" + GOOD[0] + "\n\n", encoding="utf-8")
    assert import_catalogue(session_factory, path).created == 1

"""The demo catalogue: rich enough to show every feature, loaded once, ledger equals levels."""

import csv
from collections import Counter

from sqlalchemy import func, select

from db.models import Barcode, Producer, Product, StockLevel, StockMovement
from kiosk.core.catalogue.barcode import is_valid_gtin
from kiosk.core.catalogue.demo import demo_catalogue_path, load_demo
from kiosk.core.catalogue.lookup import Catalogue
from resources import __file__ as resources_init


def demo_rows():
    with open(demo_catalogue_path(), encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def current_provinces():
    from pathlib import Path

    tsv = Path(resources_init).parent / "provinces-2025.tsv"
    with open(tsv, encoding="utf-8") as fh:
        return {row["name"] for row in csv.DictReader(fh, delimiter="\t")}


def test_demo_file_covers_what_a_showroom_sells():
    rows = demo_rows()
    assert len(rows) >= 80
    assert set(Counter(r["group"] for r in rows)) == {
        "food",
        "beverage",
        "herbal",
        "handicraft",
        "ornamental",
        "tourism",
    }
    assert {r["producer_kind"] for r in rows} == {
        "enterprise",
        "cooperative",
        "coop_group",
        "household",
    }
    provinces = {r["province"] for r in rows}
    assert len(provinces) >= 15 and provinces <= current_provinces()
    assert {r["ocop_stars"] for r in rows} == {"3", "4", "5"}
    assert {r["vat_rate_pct"] for r in rows} == {"8", "10"}
    weighed = [r for r in rows if r["unit"] == "gram"]
    assert weighed and all(r["instore_codes"].startswith("25") for r in weighed)
    assert any(not r["barcodes"] and not r["instore_codes"] for r in rows)
    codes = [r["barcodes"] for r in rows if r["barcodes"]]
    assert all(c.startswith("893") and len(c) == 13 and is_valid_gtin(c) for c in codes)
    assert all(r["certificate_no"] and r["certificate_expiry"] for r in rows)
    assert any(r["certificate_expiry"] < "2027-01-01" for r in rows)  # some expire soon
    assert sum(1 for r in rows if r["name_en"]) >= 0.8 * len(rows)


def test_demo_loads_into_empty_catalogue_once(session_factory):
    assert load_demo(session_factory) == len(demo_rows())
    assert load_demo(session_factory) == 0
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Product)) == len(demo_rows())
        assert s.scalar(select(func.count()).where(Product.is_demo.is_(False))) == 0
        assert s.scalar(select(func.count()).where(Producer.is_demo.is_(False))) == 0
        assert s.scalar(select(func.count()).select_from(Barcode)) > 60


def test_demo_stock_ledger_equals_levels(session_factory):
    load_demo(session_factory)
    with session_factory() as s:
        ledger = dict(
            s.execute(
                select(StockMovement.product_id, func.sum(StockMovement.quantity)).group_by(
                    StockMovement.product_id
                )
            ).all()
        )
        levels = dict(s.execute(select(StockLevel.product_id, StockLevel.on_hand)).all())
        kinds = set(s.scalars(select(StockMovement.kind)))
    assert kinds == {"receipt"}
    assert ledger == {pid: qty for pid, qty in levels.items() if qty}
    assert len(levels) == len(demo_rows())


def test_demo_is_searchable_and_scannable(session_factory):
    load_demo(session_factory)
    cat = Catalogue(session_factory)
    assert cat.search("nuoc mam phu quoc")[0].name_vi.startswith("Nước mắm Phú Quốc")
    assert {p.province for p in cat.search("da lat")} == {"Lâm Đồng"}
    row = next(r for r in demo_rows() if r["barcodes"])
    scan = cat.lookup(row["barcodes"])
    assert (scan.sku, scan.price_vnd, scan.on_hand) == (
        row["sku"],
        int(row["price_vnd"]),
        int(row["initial_stock"]),
    )
    assert cat.favourites()
    assert cat.by_group("tourism")


def test_demo_not_loaded_over_a_real_catalogue(session_factory):
    Catalogue(session_factory).add_product(sku="REAL", name_vi="Hàng thật", group="food")
    assert load_demo(session_factory) == 0

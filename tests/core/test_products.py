"""Products and producers at the kiosk: add, edit, in-store EAN-13, low stock, bad input."""

import datetime as dt

import pytest
from sqlalchemy import select

from db.models import AuditEvent, Barcode, OutboxEntry, Price, Producer, Product
from kiosk.core import errors
from kiosk.core.catalogue.barcode import is_valid_gtin
from kiosk.core.stock.goods_receipts import GoodsReceipts
from tests.core.stock_fixtures import BASKET_CODE, FISH_SAUCE_CODE, row_counts

TABLES = (Product, Barcode, Price, Producer, AuditEvent, OutboxEntry)


def test_product_without_barcode_gets_a_valid_unique_instore_ean13(products, catalogue, manager):
    first = products.add(by=manager, name_vi="Bánh pía Sóc Trăng", group="food", price_vnd=90_000)
    second = products.add(by=manager, name_vi="Kẹo dừa Bến Tre", group="food", price_vnd=35_000)
    (code1, kind1), (code2, _) = first.barcodes[0], second.barcodes[0]
    assert kind1 == "instore" and code1 != code2
    for code in (code1, code2):
        assert len(code) == 13 and code[0] == "2" and is_valid_gtin(code)
    # A 2x code is a scale label to the default layout; the product is still found whole,
    # at its own price, with nothing read out of the digits.
    scan = catalogue.lookup(code1)
    assert (scan.product_id, scan.price_vnd, scan.embedded_price_vnd) == (
        first.product_id,
        90_000,
        None,
    )


def test_allocated_codes_keep_clear_of_scale_item_codes(products, manager):
    products.add(
        by=manager,
        name_vi="Cà phê cân ký",
        group="beverage",
        unit="gram",
        price_vnd=400_000,
        instore_codes=["2000000"],
    )
    fixed = products.add(by=manager, name_vi="Chổi đót", group="handicraft", price_vnd=40_000)
    assert not fixed.barcodes[0][0].startswith("2000000")
    with pytest.raises(errors.DuplicateBarcode):
        products.add(
            by=manager,
            name_vi="Gạo cân",
            group="food",
            unit="gram",
            price_vnd=30_000,
            instore_codes=[fixed.barcodes[0][0][:7]],
        )


def test_added_product_is_audited_queued_and_priced_locally(products, manager, session_factory):
    record = products.add(
        by=manager, name_vi="Giỏ mây", group="handicraft", price_vnd=250_000, barcodes=[BASKET_CODE]
    )
    assert (record.price_vnd, record.price_source) == (250_000, "local")
    assert record.sku.startswith("L")
    with session_factory() as s:
        assert s.scalar(select(AuditEvent).where(AuditEvent.kind == "product_added"))
        entry = s.scalar(select(OutboxEntry).where(OutboxEntry.kind == "product"))
        assert entry.payload["barcodes"] == [[BASKET_CODE, "ean13"]]


def test_editing_a_product_changes_fields_and_adds_barcodes(products, shop, manager):
    record = products.update(
        shop.basket,
        by=manager,
        name_en="Rattan basket",
        favourite=True,
        vat_rate_pct=10,
        barcodes=["036000291452"],
    )
    assert (record.name_en, record.favourite, record.vat_rate_pct) == ("Rattan basket", True, 10)
    assert {c for c, _ in record.barcodes} == {BASKET_CODE, "0036000291452"}
    record = products.remove_barcode(shop.basket, "0036000291452", by=manager)
    assert [c for c, _ in record.barcodes] == [BASKET_CODE]


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"barcodes": [FISH_SAUCE_CODE]}, errors.DuplicateBarcode),
        ({"barcodes": ["8936000000012"]}, errors.BadCheckDigit),
        (
            {"barcodes": ["12345678901234567890123456789012345678901234567890"]},
            errors.MalformedBarcode,
        ),
        ({"vat_rate_pct": 7}, errors.InvalidProduct),
        ({"group": "weapons"}, errors.InvalidProduct),
        ({"ocop_stars": 2, "certificate_no": "X"}, errors.InvalidProduct),
        ({"ocop_stars": 4}, errors.InvalidProduct),  # stars need a certificate number
        ({"certificate_no": "OCOP-1"}, errors.InvalidProduct),  # a certificate needs stars
        ({"reorder_level": -1}, errors.InvalidProduct),
        ({"name_vi": "   "}, errors.InvalidProduct),
        ({"sku": "FS-1"}, errors.DuplicateSku),
        ({"price_vnd": -1}, errors.InvalidAmount),
        ({"price_vnd": 10**13}, errors.InvalidAmount),
        ({"color": "red"}, errors.InvalidProduct),
    ],
)
def test_bad_product_is_refused_and_nothing_written(
    products, shop, manager, session_factory, fields, error
):
    before = row_counts(session_factory, *TABLES)
    base = {"name_vi": "Sản phẩm mới", "group": "food", "price_vnd": 10_000}
    with pytest.raises(error):
        products.add(by=manager, **{**base, **fields})
    assert row_counts(session_factory, *TABLES) == before


def test_duplicate_barcode_on_edit_is_refused(products, shop, manager, session_factory):
    before = row_counts(session_factory, *TABLES)
    with pytest.raises(errors.DuplicateBarcode):
        products.update(shop.basket, by=manager, barcodes=[FISH_SAUCE_CODE])
    assert row_counts(session_factory, *TABLES) == before
    assert products.get(shop.basket).barcodes == ((BASKET_CODE, "ean13"),)


def test_price_change_for_new_sales_goes_through_the_catalogue(
    products, catalogue, shop, manager, stock_clock
):
    stock_clock["now"] += dt.timedelta(minutes=1)
    catalogue.set_price(shop.basket, 260_000, by=manager)
    assert products.get(shop.basket).price_vnd == 260_000
    with pytest.raises(errors.InvalidProduct):
        products.update(shop.basket, by=manager, price_vnd=1)


def test_clerk_cannot_add_or_edit_products(products, shop, clerk):
    with pytest.raises(errors.PermissionDenied):
        products.add(by=clerk, name_vi="X", group="food", price_vnd=1)
    with pytest.raises(errors.PermissionDenied):
        products.update(shop.basket, by=clerk, favourite=True)


def test_low_stock_lists_what_is_below_its_reorder_level_by_producer(
    products, shop, manager, session_factory, stock_clock
):
    receipts = GoodsReceipts(session_factory, clock=stock_clock["fn"])
    r = receipts.create(shop.khai_hoan, by=manager)
    receipts.add_line(r, shop.basket, 3, 100_000, by=manager)
    receipts.add_line(r, shop.fish, 30, 100_000, by=manager, expiry_date=dt.date(2027, 1, 1))
    receipts.confirm(r, by=manager)
    for pid in (shop.basket, shop.fish, shop.tea):
        products.set_reorder_level(pid, 10, by=manager)
    low = products.low_stock()
    assert [(i.producer, i.name_vi, i.on_hand, i.shortfall) for i in low] == [
        ("Công ty Khải Hoàn", "Giỏ mây tre đan", 3, 7),
        ("HTX Chè Tân Cương", "Chè Tân Cương đặc biệt", 0, 10),
    ]
    assert [i.name_vi for i in products.low_stock(shop.tan_cuong)] == ["Chè Tân Cương đặc biệt"]


def test_producers_are_added_and_edited_with_their_bank_account(producers, manager):
    pid = producers.add(
        by=manager,
        name="HTX Nông nghiệp Ba Vì",
        kind="cooperative",
        province_code=1,
        phone="0912 345 678",
        tax_code="0101234567",
        bank_bin="970436",
        bank_account="0011004455667",
    )
    info = producers.update(pid, by=manager, phone="+84 24 3333 4444", kind="coop_group")
    assert (info.kind, info.phone, info.bank_account) == (
        "coop_group",
        "+84 24 3333 4444",
        "0011004455667",
    )
    assert [p.name for p in producers.list("ba vi")] == ["HTX Nông nghiệp Ba Vì"]


@pytest.mark.parametrize(
    "fields",
    [
        {"name": ""},
        {"kind": "mafia"},
        {"tax_code": "12345"},
        {"bank_bin": "97043", "bank_account": "123456"},
        {"bank_bin": "970436"},
        {"phone": "call me"},
        {"province_code": 999},
    ],
)
def test_bad_producer_is_refused_and_nothing_written(producers, manager, session_factory, fields):
    before = row_counts(session_factory, *TABLES)
    with pytest.raises(errors.InvalidProducer):
        producers.add(by=manager, **{"name": "Hộ kinh doanh Lan", "kind": "household", **fields})
    assert row_counts(session_factory, *TABLES) == before

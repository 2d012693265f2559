"""Pages of the manager's product table: filters by code and by words, sorts, the two ways a
filtered page is found (which must agree), low stock."""

import datetime as dt

import pytest

from kiosk.core import errors
from kiosk.core.catalogue import product_table
from kiosk.core.catalogue.product_table import ProductQuery, ProductTable
from tests.core.stock_fixtures import BASKET_CODE, NOW


@pytest.fixture
def table(session_factory, stock_clock):
    return ProductTable(session_factory, clock=stock_clock["fn"])


def _skus(rows) -> list[str]:
    return [r.sku for r in rows]


def test_page_when_not_filtered_lists_every_product_in_name_order(table, shop):
    rows = table.page(ProductQuery())
    assert [r.name_vi for r in rows] == [
        "Chè Tân Cương đặc biệt",
        "Giỏ mây tre đan",
        "Nước mắm Phú Quốc",
    ]
    assert table.count(ProductQuery()) == 3
    fish = rows[2]
    assert (fish.price_vnd, fish.producer, fish.group, fish.on_hand) == (
        185_000,
        "Công ty Khải Hoàn",
        "food",
        0,
    )


def test_page_when_sorted_descending_by_code_reverses_the_order(table, shop):
    assert _skus(table.page(ProductQuery(sort="sku", descending=True))) == ["TEA-1", "FS-1", "BK-1"]


def test_pages_when_offset_follow_each_other_without_gaps(table, shop):
    first, second = table.page(ProductQuery(), 0, 2), table.page(ProductQuery(), 2, 2)
    assert len(first) == 2 and len(second) == 1
    assert _skus(first + second) == _skus(table.page(ProductQuery()))


def test_filter_when_a_barcode_or_a_code_is_typed_finds_its_product(table, shop):
    assert _skus(table.page(ProductQuery(text=BASKET_CODE))) == ["BK-1"]
    assert _skus(table.page(ProductQuery(text="fs-1"))) == ["FS-1"]


def test_filter_when_words_are_typed_without_accents_finds_names_and_places(table, shop):
    assert _skus(table.page(ProductQuery(text="nuoc mam"))) == ["FS-1"]
    assert _skus(table.page(ProductQuery(text="khai hoan"))) == ["BK-1", "FS-1"]  # producer
    assert table.count(ProductQuery(text="khai hoan")) == 2


def test_filter_when_matches_are_many_walks_the_name_index_with_the_same_result(
    table, shop, monkeypatch
):
    queries = [ProductQuery(text=t) for t in ("c", "khai", "tan cuong", "gio")]
    ranked = [_skus(table.page(q)) for q in queries]
    monkeypatch.setattr(product_table, "BROAD_MATCHES", 0)  # every filter walks
    assert [_skus(table.page(q)) for q in queries] == ranked


def test_filter_by_group_and_producer_narrows_the_page(table, shop):
    assert _skus(table.page(ProductQuery(group="handicraft"))) == ["BK-1"]
    assert _skus(table.page(ProductQuery(producer_id=shop.tan_cuong))) == ["TEA-1"]
    with pytest.raises(errors.InvalidSearch):
        table.page(ProductQuery(group="weapons"))


def test_low_stock_when_below_the_reorder_level_lists_only_those(table, shop, products, manager):
    products.set_reorder_level(shop.tea, 10, by=manager)
    rows = table.page(ProductQuery(low_stock=True))
    assert _skus(rows) == ["TEA-1"] and rows[0].low
    assert table.count(ProductQuery(low_stock=True)) == 1


def test_price_when_changed_later_is_the_one_in_force_now(table, shop, catalogue, admin):
    catalogue.set_price(shop.fish, 199_000, NOW + dt.timedelta(days=1), by=admin)
    assert table.page(ProductQuery(text="FS-1"))[0].price_vnd == 185_000


def test_page_when_the_sort_is_unknown_raises(table, shop):
    with pytest.raises(errors.InvalidSearch):
        table.page(ProductQuery(sort="price; DROP TABLE products"))

"""Stock counts: scans add one, typed quantities many; the sheet; sales while counting; apply."""

import datetime as dt

import pytest
from sqlalchemy import select

from db.models import AuditEvent, OutboxEntry, StockCount, StockCountLine, StockMovement
from kiosk.core import errors
from kiosk.core.sale.cart import Cart, Item
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Cash
from kiosk.core.stock.counts import StockCounts
from kiosk.core.stock.goods_receipts import GoodsReceipts
from tests.core.stock_fixtures import (
    BASKET_CODE,
    FISH_SAUCE_CODE,
    TODAY,
    ledger_sum,
    on_hand,
    row_counts,
)

TABLES = (StockCount, StockCountLine, StockMovement, AuditEvent, OutboxEntry)


@pytest.fixture
def counts(session_factory, stock_clock):
    return StockCounts(session_factory, clock=stock_clock["fn"])


@pytest.fixture
def stocked(session_factory, shop, manager, stock_clock):
    """10 fish sauce, 4 baskets, 6 tea on hand."""
    receipts = GoodsReceipts(session_factory, clock=stock_clock["fn"])
    for producer, product, qty, expiry in (
        (shop.khai_hoan, shop.fish, 10, TODAY + dt.timedelta(days=200)),
        (shop.khai_hoan, shop.basket, 4, None),
        (shop.tan_cuong, shop.tea, 6, None),
    ):
        r = receipts.create(producer, by=manager)
        receipts.add_line(r, product, qty, 1000, by=manager, expiry_date=expiry)
        receipts.confirm(r, by=manager)
    return shop


@pytest.fixture
def sell(session_factory, settings, clerk, catalogue, shift):
    checkout = Checkout(session_factory, settings)

    def sell(product_id, quantity):
        info = catalogue.product(product_id)
        cart = Cart(clerk)
        item = Item(
            info.product_id,
            info.sku,
            info.name_vi,
            info.name_en,
            info.unit,
            info.vat_rate_pct,
            info.price_vnd,
        )
        cart.add(item, quantity)
        checkout.complete(cart, [Cash(10_000_000)])

    return sell


def test_each_scan_adds_one_and_a_typed_quantity_adds_many(counts, stocked, manager):
    count = counts.open("shelf", "Kệ A1", by=manager)
    counts.scan(count, FISH_SAUCE_CODE, by=manager)
    counts.scan(count, FISH_SAUCE_CODE, by=manager)
    entry = counts.add(count, stocked.fish, 5, by=manager)
    assert (entry.counted, entry.expected) == (7, 10)
    entry = counts.set_counted(count, stocked.fish, 9, by=manager)
    assert entry.counted == 9


def test_sheet_shows_expected_counted_variance_and_its_value(counts, stocked, manager):
    count = counts.open("shop", by=manager)
    counts.add(count, stocked.fish, 8, by=manager)  # 2 missing at 185.000 ₫
    counts.add(count, stocked.basket, 5, by=manager)  # 1 found at 250.000 ₫
    sheet = counts.sheet(count)
    by_name = {line.name_vi: line for line in sheet.lines}
    fish = by_name["Nước mắm Phú Quốc"]
    assert (fish.expected, fish.counted, fish.variance) == (10, 8, -2)
    assert fish.variance_value_vnd == -370_000
    assert by_name["Giỏ mây tre đan"].variance_value_vnd == 250_000
    # Tea was not counted: listed for the whole-shop count, with no variance yet.
    tea = by_name["Chè Tân Cương đặc biệt"]
    assert (tea.counted, tea.expected, tea.variance) == (None, 6, 0)
    assert sheet.variance_value_vnd == -120_000


def test_applying_writes_count_movements_for_the_variances(
    counts, stocked, manager, session_factory
):
    count = counts.open("shelf", "Kệ A1", by=manager)
    counts.add(count, stocked.fish, 8, by=manager)
    counts.add(count, stocked.basket, 4, by=manager)
    counts.apply(count, by=manager)
    assert on_hand(session_factory, stocked.fish) == 8 == ledger_sum(session_factory, stocked.fish)
    assert on_hand(session_factory, stocked.basket) == 4
    assert on_hand(session_factory, stocked.tea) == 6  # a shelf count touches nothing else
    with session_factory() as s:
        moves = s.scalars(select(StockMovement).where(StockMovement.kind == "count")).all()
        assert [(m.product_id, m.quantity) for m in moves] == [(stocked.fish, -2)]
        assert s.scalar(select(OutboxEntry).where(OutboxEntry.kind == "stock_count"))


def test_sale_after_the_product_was_counted_is_not_undone(
    counts, stocked, manager, sell, session_factory
):
    count = counts.open("shelf", "Kệ A1", by=manager)
    counts.add(count, stocked.fish, 10, by=manager)  # the shelf holds 10, as expected
    sell(stocked.fish, 2)  # then two are sold while the count is still open
    counts.apply(count, by=manager)
    # Setting the level to "counted" would give 10 and count the sale twice.
    assert on_hand(session_factory, stocked.fish) == 8
    with session_factory() as s:
        assert not s.scalars(select(StockMovement).where(StockMovement.kind == "count")).all()


def test_sale_before_the_product_was_counted_is_already_off_the_shelf(
    counts, stocked, manager, sell, session_factory
):
    count = counts.open("shelf", "Kệ A1", by=manager)
    sell(stocked.fish, 2)
    counts.add(count, stocked.fish, 8, by=manager)
    assert counts.sheet(count).lines[0].variance == 0
    counts.apply(count, by=manager)
    assert on_hand(session_factory, stocked.fish) == 8


def test_sale_between_two_entries_of_a_product_is_taken_into_account(
    counts, stocked, manager, sell, session_factory
):
    count = counts.open("shelf", "Kệ A1", by=manager)
    counts.add(count, stocked.fish, 3, by=manager)
    sell(stocked.fish, 1)  # from the seven not counted yet
    counts.add(count, stocked.fish, 6, by=manager)
    counts.apply(count, by=manager)
    assert on_hand(session_factory, stocked.fish) == 9


def test_shortfall_found_then_a_sale_leaves_both_in_the_level(
    counts, stocked, manager, sell, session_factory
):
    count = counts.open("shelf", "Kệ A1", by=manager)
    counts.add(count, stocked.fish, 7, by=manager)  # three missing
    sell(stocked.fish, 1)
    counts.apply(count, by=manager)
    assert on_hand(session_factory, stocked.fish) == 6
    assert ledger_sum(session_factory, stocked.fish) == 6


def test_a_count_applied_twice_is_refused_and_nothing_written(
    counts, stocked, manager, session_factory
):
    count = counts.open("shelf", "Kệ A1", by=manager)
    counts.add(count, stocked.fish, 8, by=manager)
    counts.apply(count, by=manager)
    before = row_counts(session_factory, *TABLES)
    with pytest.raises(errors.CountClosed) as caught:
        counts.apply(count, by=manager)
    assert caught.value.data["status"] == "applied"
    with pytest.raises(errors.CountClosed):
        counts.add(count, stocked.fish, 1, by=manager)
    assert row_counts(session_factory, *TABLES) == before
    assert on_hand(session_factory, stocked.fish) == 8


def test_group_count_refuses_a_product_of_another_group(counts, stocked, manager):
    count = counts.open("group", "food", by=manager)
    with pytest.raises(errors.OutsideCount):
        counts.scan(count, BASKET_CODE, by=manager)
    counts.scan(count, FISH_SAUCE_CODE, by=manager)
    assert [line.name_vi for line in counts.sheet(count).lines] == ["Nước mắm Phú Quốc"]


def test_uncounted_products_are_zeroed_only_when_asked(counts, stocked, manager, session_factory):
    kept = counts.open("shop", by=manager)
    counts.add(kept, stocked.fish, 10, by=manager)
    counts.apply(kept, by=manager)
    assert on_hand(session_factory, stocked.tea) == 6
    zeroed = counts.open("shop", by=manager)
    counts.add(zeroed, stocked.fish, 10, by=manager)
    sheet = counts.apply(zeroed, by=manager, zero_uncounted=True)
    assert on_hand(session_factory, stocked.tea) == 0
    assert on_hand(session_factory, stocked.basket) == 0
    assert {line.name_vi: line.variance for line in sheet.lines}["Giỏ mây tre đan"] == -4


@pytest.mark.parametrize("quantity", [0, -3, 2.5, 10**9])
def test_bad_typed_quantity_is_refused(counts, stocked, manager, session_factory, quantity):
    count = counts.open("shelf", "A", by=manager)
    before = row_counts(session_factory, *TABLES)
    with pytest.raises(errors.InvalidQuantity):
        counts.add(count, stocked.fish, quantity, by=manager)
    assert row_counts(session_factory, *TABLES) == before


def test_cancelled_count_posts_nothing(counts, stocked, manager, session_factory):
    count = counts.open("shelf", "A", by=manager)
    counts.add(count, stocked.fish, 1, by=manager)
    counts.cancel(count, by=manager)
    with pytest.raises(errors.CountClosed):
        counts.apply(count, by=manager)
    assert on_hand(session_factory, stocked.fish) == 10


def test_a_clerk_cannot_count(counts, clerk):
    with pytest.raises(errors.PermissionDenied):
        counts.open("shop", by=clerk)

"""Selling more than is on hand: the shop warns (the default) or refuses, at the till and again at
checkout for a cart built before the setting changed."""

import pytest

from kiosk.core.errors import OutOfStock
from kiosk.core.stock.ledger import levels
from tests.demo_till import FISH_SAUCE, PEPPER_ITEM, build_template, open_till


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("demo") / "template.sqlite3")


@pytest.fixture
def till(template, tmp_path):
    t = open_till(template, tmp_path)
    t.sign_in("Lan", "1111")
    return t


def on_hand(till, product_id) -> int:
    with till.session_factory() as s:
        return levels(s, [product_id])[product_id]


def fill_to_stock(till):
    """Scan the fish sauce until the cart holds all of it; return its line."""
    line = till.scan(FISH_SAUCE).line
    till.set_quantity(line.id, on_hand(till, line.item.product_id))
    return line


def test_a_line_within_stock_gives_no_warning(till):
    result = till.scan(FISH_SAUCE)
    assert result.short is None and till.short is None


def test_scanning_past_the_stock_adds_the_line_and_warns_when_the_shop_warns(till):
    line = fill_to_stock(till)
    stock = line.quantity
    assert till.short is None
    result = till.scan(FISH_SAUCE)
    assert result.line.quantity == stock + 1
    assert result.short is not None
    assert (result.short.wanted, result.short.on_hand) == (stock + 1, stock)
    assert result.short.sku == line.item.sku


def test_raising_a_quantity_past_the_stock_warns_and_lowering_it_does_not(till):
    line = fill_to_stock(till)
    till.change_quantity(line.id, +1)
    assert till.short is not None and till.short.wanted == line.quantity
    till.change_quantity(line.id, -1)
    assert till.short is None
    till.set_quantity(line.id, line.quantity + 5)
    assert till.short.wanted == line.quantity


def test_scanning_past_the_stock_is_refused_and_adds_nothing_when_the_shop_refuses(till):
    till.settings.set("oversell", "refuse")
    line = fill_to_stock(till)
    stock = line.quantity
    with pytest.raises(OutOfStock) as refused:
        till.scan(FISH_SAUCE)
    assert refused.value.data["wanted"] == stock + 1
    assert refused.value.data["on_hand"] == stock
    assert refused.value.data["sku"] == line.item.sku
    with pytest.raises(OutOfStock):
        till.change_quantity(line.id, +1)
    with pytest.raises(OutOfStock):
        till.set_quantity(line.id, stock + 3)
    assert [ln.quantity for ln in till.cart.lines] == [stock]


def test_weighed_goods_count_their_grams_against_the_stock(till):
    till.settings.set("oversell", "refuse")
    product = till.scan(PEPPER_ITEM).needs_weight
    grams = on_hand(till, product.product_id)
    assert grams > 0
    till.add(product, grams)
    with pytest.raises(OutOfStock) as refused:
        till.add(product, 1)
    assert refused.value.data["unit"] == "gram"


def test_checkout_refuses_a_cart_built_while_the_shop_still_warned(till):
    line = fill_to_stock(till)
    till.scan(FISH_SAUCE)  # one more than there is: a warning only
    assert till.short is not None
    till.settings.set("oversell", "refuse")
    draft = till.begin_payment()
    draft.add_cash(draft.total_vnd)
    with pytest.raises(OutOfStock):
        till.complete(draft)
    # Nothing was written; the cart is still there to fix.
    assert on_hand(till, line.item.product_id) == line.quantity - 1
    assert till.cart.lines[0].quantity == line.quantity
    till.set_quantity(line.id, line.quantity - 1)
    draft = till.begin_payment()
    draft.add_cash(draft.total_vnd)
    till.complete(draft)
    assert on_hand(till, line.item.product_id) == 0


def test_checkout_sells_below_zero_when_the_shop_warns(till):
    line = fill_to_stock(till)
    till.scan(FISH_SAUCE)
    draft = till.begin_payment()
    draft.add_cash(draft.total_vnd)
    sale = till.complete(draft)
    assert line.item.product_id in sale.below_zero

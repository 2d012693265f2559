import uuid

import pytest

from kiosk.core.errors import (
    AuthorisationRequired,
    InvalidAmount,
    InvalidDiscount,
    InvalidQuantity,
    NoSuchLine,
)
from kiosk.core.people.permissions import Permission
from kiosk.core.people.proofs import Proofs
from kiosk.core.people.users import Actor
from kiosk.core.sale.cart import Cart, Item

CLERK = Actor(uuid.uuid4(), "Lan", "clerk")
MANAGER = Actor(uuid.uuid4(), "Minh", "manager")


def item(price=125_000, vat=8, unit="piece", name="Nước mắm Phú Quốc"):
    return Item(uuid.uuid4(), "SKU", name, "", unit, vat, price)


def test_scanning_the_same_item_twice_adds_to_its_line():
    cart = Cart(CLERK)
    fish = item()
    cart.add(fish)
    cart.add(fish)
    assert len(cart.lines) == 1
    assert cart.totals().total_vnd == 250_000
    assert cart.totals().item_count == 2


def test_quantity_change_and_removal_update_the_total():
    cart = Cart(CLERK)
    a = cart.add(item(price=10_000))
    b = cart.add(item(price=3_000))
    cart.set_quantity(a.id, 3)
    assert cart.totals().total_vnd == 33_000
    cart.remove(b.id)
    assert cart.totals().total_vnd == 30_000
    with pytest.raises(NoSuchLine):
        cart.remove(b.id)


@pytest.mark.parametrize("qty", [0, -1, 10_000, 2.5, True, "3"])
def test_zero_negative_absurd_or_non_integer_quantity_is_refused(qty):
    cart = Cart(CLERK)
    line = cart.add(item())
    with pytest.raises(InvalidQuantity):
        cart.set_quantity(line.id, qty)
    assert cart.line(line.id).quantity == 1


def test_weighed_goods_are_priced_per_kilogram_from_grams():
    cart = Cart(CLERK)
    cart.add(item(price=280_000, unit="gram", name="Chè Thái Nguyên"), 350)
    assert cart.totals().total_vnd == 98_000
    assert cart.totals().item_count == 1


def test_scale_label_price_is_taken_as_printed():
    cart = Cart(CLERK)
    line = cart.add(item(price=280_000, unit="gram"), 357, fixed_amount_vnd=100_000)
    assert cart.totals().total_vnd == 100_000
    with pytest.raises(InvalidQuantity):
        cart.set_quantity(line.id, 400)


def test_overflowing_price_or_total_is_refused():
    cart = Cart(CLERK)
    with pytest.raises(InvalidAmount):
        cart.add(item(price=-1))
    with pytest.raises(InvalidAmount):
        cart.add(item(price=10**12), 2)
    assert cart.is_empty


def test_clerk_discount_within_limit_needs_nobody():
    cart = Cart(CLERK, discount_limit_pct=10)
    line = cart.add(item(price=100_000))
    cart.set_line_discount(line.id, percent=10)
    assert cart.totals().total_vnd == 90_000
    assert line.discount_authorised_by is None


def test_clerk_discount_above_limit_needs_a_manager():
    proofs = Proofs()
    cart = Cart(CLERK, discount_limit_pct=10, proofs=proofs)
    line = cart.add(item(price=100_000))
    with pytest.raises(AuthorisationRequired):
        cart.set_line_discount(line.id, amount_vnd=20_000)
    assert cart.totals().total_vnd == 100_000
    with pytest.raises(AuthorisationRequired):
        cart.set_line_discount(line.id, amount_vnd=20_000, authorised_by=CLERK)
    proof = proofs.issue(Permission.DISCOUNT_OVER_LIMIT, CLERK, MANAGER)
    cart.set_line_discount(line.id, amount_vnd=20_000, authorised_by=proof)
    assert cart.totals().total_vnd == 80_000
    assert line.discount_authorised_by == MANAGER.id


def test_manager_actor_is_no_authorisation_when_a_clerk_discounts_above_the_limit():
    proofs = Proofs()
    cart = Cart(CLERK, discount_limit_pct=10, proofs=proofs)
    line = cart.add(item(price=100_000))
    with pytest.raises(AuthorisationRequired):
        cart.set_line_discount(line.id, amount_vnd=20_000, authorised_by=MANAGER)
    proof = proofs.issue(Permission.DISCOUNT_OVER_LIMIT, CLERK, MANAGER)
    cart.set_line_discount(line.id, amount_vnd=20_000, authorised_by=proof)
    with pytest.raises(AuthorisationRequired):  # spent: a second discount needs a new PIN
        cart.set_cart_discount(percent=20, authorised_by=proof)
    assert cart.totals().total_vnd == 80_000


def test_manager_may_discount_above_the_limit_alone():
    cart = Cart(MANAGER, discount_limit_pct=10)
    cart.add(item(price=100_000))
    cart.set_cart_discount(percent=50)
    assert cart.totals().total_vnd == 50_000


@pytest.mark.parametrize(
    "kwargs", [{"percent": -5}, {"percent": 101}, {"amount_vnd": 100_001}, {"amount_vnd": -1}]
)
def test_impossible_discounts_are_refused(kwargs):
    cart = Cart(MANAGER)
    cart.add(item(price=100_000))
    with pytest.raises(InvalidDiscount):
        cart.set_cart_discount(**kwargs)
    assert cart.totals().total_vnd == 100_000


def test_cart_discount_is_spread_over_lines_and_vat_follows_each_rate():
    cart = Cart(MANAGER)
    cart.add(item(price=108_000, vat=8))
    cart.add(item(price=110_000, vat=10))
    cart.set_cart_discount(amount_vnd=21_800)  # 10 % of 218.000
    t = cart.totals()
    assert t.total_vnd == 196_200
    assert [p.cart_discount_vnd for p in t.lines] == [10_800, 11_000]
    assert [(v.rate_pct, v.gross_vnd, v.vat_vnd) for v in t.vat] == [
        (8, 97_200, 7_200),
        (10, 99_000, 9_000),
    ]
    assert t.vat_vnd == 16_200


def test_line_and_cart_discounts_add_up_to_the_total():
    cart = Cart(MANAGER)
    a = cart.add(item(price=33_333, vat=8), 3)
    cart.add(item(price=7_777, vat=10), 7)
    cart.set_line_discount(a.id, percent=15)
    cart.set_cart_discount(amount_vnd=12_345)
    t = cart.totals()
    assert t.gross_vnd - t.line_discounts_vnd - t.cart_discount_vnd == t.total_vnd
    assert sum(p.amount_vnd for p in t.lines) == t.total_vnd
    assert sum(v.gross_vnd for v in t.vat) == t.total_vnd

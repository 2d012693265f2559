"""Refunds when the shop rounds cash (``cash_rounding_vnd``): the cash part of a refund is rounded
as a sale's is, so a fish sauce of 12.300 ₫ paid 12.500 ₫ in cash gives 12.500 ₫ back, the
drawer gives only what it holds, and the shift closes to the đồng."""

import pytest
from sqlalchemy import select

from db.models import OutboxEntry, Refund, RefundPayment
from hardware.document import Columns
from hq.operations import RefundPayload
from kiosk.core.cash.refunds import RefundItem, Refunds
from kiosk.core.reports.xz_print import document
from kiosk.core.sale.cart import Cart
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Card, Cash
from kiosk.core.sale.receipt import refund_receipt
from tests.factories import make_product


def _rows(doc) -> dict[str, str]:
    """A printed document's two-column rows, label to amount."""
    return {e.left.strip(): e.right for e in doc if isinstance(e, Columns)}


@pytest.fixture
def refunds(session_factory, settings, users):
    return Refunds(session_factory, settings, proofs=users.proofs)


@pytest.fixture
def fish(session_factory):
    return make_product(session_factory, name_vi="Nước mắm Nam Ô", price_vnd=12_300)


def _sell(session_factory, settings, clerk, fish, quantity, tenders):
    cart = Cart(clerk)
    cart.add(fish, quantity)
    return Checkout(session_factory, settings).complete(cart, tenders)


@pytest.mark.parametrize("to", ["cash", "original"])
def test_fish_sauce_of_12300_paid_12500_in_cash_gives_12500_back_when_rounding_500(
    session_factory, settings, refunds, shifts, manager, clerk, shift, fish, to
):
    settings.set("cash_rounding_vnd", 500)
    sale = _sell(session_factory, settings, clerk, fish, 1, [Cash(20_000)])
    assert (sale.paid_vnd, sale.rounding_vnd, sale.change_vnd) == (12_500, 200, 7_500)

    done = refunds.refund(manager, sale.receipt_no, [RefundItem(1, 1)], reason="Vỡ nắp", to=to)
    assert done.payments == (("cash", 12_500),)  # what the customer paid, not 12.300
    assert (done.total_vnd, done.rounding_vnd, done.given_back_vnd) == (12_300, 200, 12_500)
    with session_factory() as s:
        row = s.scalars(select(Refund)).one()
        assert (row.total_vnd, row.rounding_vnd) == (12_300, 200)  # the goods' value stays
        assert s.scalar(select(RefundPayment.amount_vnd)) == 12_500
        payload = s.scalars(select(OutboxEntry.payload).where(OutboxEntry.kind == "refund")).one()
    # The outbox carries it, and head office's wire record takes it.
    assert payload["refund"]["rounding_vnd"] == 200
    assert RefundPayload.model_validate(payload).refund.rounding_vnd == 200

    slip = _rows(refund_receipt(session_factory, settings, refund_id=done.id, lang="en"))
    assert slip["Total refunded"] == "-12,300 VND"
    assert slip["Cash rounding"] == "-200 VND"
    assert slip["Given back"] == "-12,500 VND"
    assert slip["Paid back: Cash"] == "12,500 VND"

    x = shifts.x_report()
    assert (x.cash_sales_vnd, x.cash_refunds_vnd, x.net_vnd, x.rounding_vnd) == (
        12_500, 12_500, 0, 0
    )  # fmt: skip
    closed = shifts.close(manager, {500_000: 2})
    assert closed.expected_cash_vnd == 1_000_000 and closed.difference_vnd == 0


def test_without_a_rounding_step_a_refund_gives_back_the_goods_value(
    session_factory, settings, refunds, manager, clerk, shift, fish
):
    assert settings["cash_rounding_vnd"] == 0
    sale = _sell(session_factory, settings, clerk, fish, 1, [Cash(12_300)])
    done = refunds.refund(manager, sale.receipt_no, [RefundItem(1, 1)], reason="Vỡ", to="cash")
    assert (done.payments, done.rounding_vnd) == ((("cash", 12_300),), 0)
    slip = _rows(refund_receipt(session_factory, settings, refund_id=done.id, lang="en"))
    assert "Cash rounding" not in slip and "Given back" not in slip


def test_only_the_cash_part_is_rounded_and_the_card_gets_back_exactly_what_it_paid(
    session_factory, settings, refunds, manager, clerk, shift, fish
):
    settings.set("cash_rounding_vnd", 1_000)
    # 2 x 12.300 = 24.600: 10.000 by card, 14.600 owed in cash, paid 15.000.
    sale = _sell(session_factory, settings, clerk, fish, 2, [Card(10_000, "VCB-7"), Cash(15_000)])
    assert sale.rounding_vnd == 400
    first = refunds.refund(manager, sale.receipt_no, [RefundItem(1, 1)], reason="Hỏng")
    # 12.300 back: the card's 10.000 first, then 2.300 in cash, rounded to 2.000.
    assert (first.payments, first.rounding_vnd) == ((("card", 10_000), ("cash", 2_000)), -300)
    second = refunds.refund(manager, sale.receipt_no, [RefundItem(1, 1)], reason="Hỏng")
    # The sale's cash refund so far is 14.600 of goods: 15.000 rounded, 2.000 of it given before.
    assert (second.payments, second.rounding_vnd) == ((("cash", 13_000),), 700)
    assert 10_000 + 2_000 + 13_000 == 25_000  # all the customer paid, no more, no less


def test_ten_refunds_of_one_bag_give_back_what_the_ten_bags_took(
    session_factory, settings, refunds, manager, clerk, shift
):
    """Ten bags of 200 ₫ paid 2.000 ₫ at a 1.000 ₫ step: each refund rounded alone would give
    1.000 ₫ back (never less than a step), 10.000 ₫ in all."""
    settings.set("cash_rounding_vnd", 1_000)
    bag = make_product(session_factory, name_vi="Túi giấy", price_vnd=200)
    sale = _sell(session_factory, settings, clerk, bag, 10, [Cash(2_000)])
    assert (sale.paid_vnd, sale.rounding_vnd) == (2_000, 0)
    back = [
        refunds.refund(manager, sale.receipt_no, [RefundItem(1, 1)], reason="Thừa")
        for _ in range(10)
    ]
    given = [dict(r.payments).get("cash", 0) for r in back]
    assert sum(given) == 2_000 and given[0] == 1_000 and given.count(0) == 8
    assert sum(r.total_vnd for r in back) == 2_000
    assert all(r.given_back_vnd == g for r, g in zip(back, given, strict=True))
    # a refund with nothing left to give: no payment, its rounding takes the goods' 200 off
    assert back[1].payments == () and back[1].rounding_vnd == -200
    with session_factory() as s:  # and head office's wire record takes every one of them
        payloads = s.scalars(select(OutboxEntry.payload).where(OutboxEntry.kind == "refund"))
        assert len([RefundPayload.model_validate(p) for p in payloads]) == 10


def test_a_shift_that_sells_and_refunds_with_rounding_closes_to_the_dong(
    session_factory, settings, refunds, shifts, manager, clerk, shift, fish
):
    """Float 1.000.000; three sales and three refunds, each with its cash rounded to 500 đ."""
    settings.set("cash_rounding_vnd", 500)
    one = _sell(session_factory, settings, clerk, fish, 1, [Cash(20_000)])  # 12.300 -> 12.500
    two = _sell(session_factory, settings, clerk, fish, 2, [Cash(50_000)])  # 24.600 -> 24.500
    split = _sell(session_factory, settings, clerk, fish, 1, [Card(5_000, "A1"), Cash(10_000)])
    assert [s.rounding_vnd for s in (one, two, split)] == [200, -100, 200]  # 7.300 -> 7.500
    back = [
        refunds.refund(manager, one.receipt_no, [RefundItem(1, 1)], reason="Vỡ", to="cash"),
        refunds.refund(manager, two.receipt_no, [RefundItem(1, 1)], reason="Vỡ"),
        refunds.refund(manager, split.receipt_no, [RefundItem(1, 1)], reason="Vỡ"),
    ]
    assert [r.payments for r in back] == [
        (("cash", 12_500),), (("cash", 12_500),), (("card", 5_000), ("cash", 7_500))
    ]  # fmt: skip
    cash_in, cash_out = 12_500 + 24_500 + 7_500, 12_500 + 12_500 + 7_500
    x = shifts.x_report()
    assert (x.cash_sales_vnd, x.cash_refunds_vnd) == (cash_in, cash_out)
    # The rounding line: the sales' 300 less the refunds' 600.
    assert x.rounding_vnd == 300 - 600
    assert x.net_vnd + x.rounding_vnd == sum(m.sales_vnd - m.refunds_vnd for m in x.methods)
    # 1.012.000 in the drawer: two 500.000, a 10.000 and a 2.000.
    closed = shifts.close(manager, {500_000: 2, 10_000: 1, 2_000: 1})
    assert closed.expected_cash_vnd == 1_000_000 + cash_in - cash_out == 1_012_000
    assert closed.difference_vnd == 0
    z = shifts.end_day(manager)
    assert (z.rounding_vnd, z.expected_cash_vnd, z.difference_vnd) == (-300, 1_012_000, 0)
    assert _rows(document(z, shop_name="OCOP", lang="en"))["Cash rounding"] == "-300 VND"

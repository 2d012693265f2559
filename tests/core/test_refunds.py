"""Voids and refunds: what may be given back, to whom, and that a refusal writes nothing."""

import pytest
from sqlalchemy import func, select

from db.models import (
    AuditEvent,
    OutboxEntry,
    Refund,
    RefundLine,
    RefundPayment,
    Sale,
    SaleVoid,
    StockAdjustment,
    StockLevel,
    StockMovement,
)
from kiosk.core.cash.refunds import RefundItem, Refunds
from kiosk.core.cash.voids import record_cart_void
from kiosk.core.errors import (
    AuthorisationRequired,
    InvalidQuantity,
    MissingReason,
    NoOpenShift,
    NoSuchLine,
    NothingToRefund,
    RefundTooMuch,
    SaleHasRefunds,
    SaleVoided,
    VoidOutsideShift,
)
from kiosk.core.people.permissions import Permission
from kiosk.core.sale.cart import Cart
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Card, Cash, VietQR
from kiosk.core.sale.receipt import UnknownSale, refund_receipt
from tests.factories import make_product

TABLES = (Refund, RefundLine, RefundPayment, SaleVoid, StockMovement, AuditEvent, OutboxEntry)


def counts(sf):
    with sf() as s:
        return {t.__tablename__: s.scalar(select(func.count()).select_from(t)) for t in TABLES}


def levels(sf):
    with sf() as s:
        return dict(s.execute(select(StockLevel.product_id, StockLevel.on_hand)).all())


@pytest.fixture
def refunds(session_factory, settings, users):
    return Refunds(session_factory, settings, proofs=users.proofs)


@pytest.fixture
def sold(session_factory, settings, users, clerk, manager, shift):
    """Three honey jars and two fish sauces with 10 % off the cart, paid by card and cash."""
    honey = make_product(session_factory, name_vi="Mật ong U Minh", price_vnd=95_000)
    fish = make_product(session_factory, name_vi="Nước mắm Phú Quốc", price_vnd=125_000)
    cart = Cart(clerk, proofs=users.proofs)
    cart.add(honey, 3)
    cart.add(fish, 2)
    proof = users.authorise(Permission.DISCOUNT_OVER_LIMIT, "2222", for_actor=clerk)
    cart.set_cart_discount(percent=10, authorised_by=proof)
    total = cart.totals().total_vnd
    assert total == 481_500
    done = Checkout(session_factory, settings).complete(
        cart, [Card(300_000, "VCB-1"), Cash(200_000)]
    )
    return done, honey, fish


def test_partial_refunds_never_pass_what_was_paid_for_a_line(refunds, manager, sold):
    done, *_ = sold
    # The honey line: 285.000 less its share of the discount, 28.500 -> 256.500 for 3 jars.
    amounts = []
    for _ in range(3):
        r = refunds.refund(manager, done.receipt_no, [RefundItem(1, 1)], reason="Hũ bị rò")
        amounts.append(r.total_vnd)
    assert sum(amounts) == 256_500
    assert amounts == [85_500, 85_500, 85_500]
    with pytest.raises(RefundTooMuch) as err:
        refunds.refund(manager, done.receipt_no, [RefundItem(1, 1)], reason="Lần nữa")
    assert err.value.data == {"line_no": 1, "sold": 3, "refunded": 3, "requested": 1}
    view = refunds.find(done.receipt_no)
    assert view.lines[0].left == 0 and len(view.refunds) == 3


def test_refund_to_original_methods_goes_to_the_card_first_then_cash(refunds, manager, sold):
    done, *_ = sold
    r = refunds.refund(
        manager, done.receipt_no, [RefundItem(1, 3), RefundItem(2, 2)], reason="Trả cả đơn"
    )
    assert r.total_vnd == 481_500
    assert dict(r.payments) == {"card": 300_000, "cash": 181_500}


def test_refund_in_cash_with_damaged_goods_keeps_the_ledger(
    session_factory, refunds, manager, sold
):
    done, honey, fish = sold
    before = levels(session_factory)
    refunds.refund(
        manager,
        done.receipt_no,
        [RefundItem(1, 1), RefundItem(2, 1, restock="damaged")],
        reason="Vỡ chai",
        to="cash",
    )
    after = levels(session_factory)
    assert after[honey.product_id] == before[honey.product_id] + 1
    assert after[fish.product_id] == before[fish.product_id]  # written off as damaged
    with session_factory() as s:
        ledger = dict(
            s.execute(
                select(StockMovement.product_id, func.sum(StockMovement.quantity)).group_by(
                    StockMovement.product_id
                )
            ).all()
        )
        payments = s.execute(select(RefundPayment.method, RefundPayment.amount_vnd)).all()
    assert ledger == after
    assert [m for m, _ in payments] == ["cash"]
    with session_factory() as s:
        written_off = s.execute(select(StockAdjustment.product_id, StockAdjustment.reason)).all()
    assert written_off == [(fish.product_id, "damaged")]


def test_refund_receipt_shows_what_went_back(session_factory, settings, refunds, manager, sold):
    done, *_ = sold
    r = refunds.refund(manager, done.receipt_no, [RefundItem(2, 1)], reason="Khách trả")
    doc = refund_receipt(session_factory, settings, refund_id=r.id)
    texts = [getattr(e, "text", "") or f"{e.left} | {e.right}" for e in doc if hasattr(e, "text")
             or hasattr(e, "left")]  # fmt: skip
    assert "PHIẾU TRẢ HÀNG" in texts
    assert f"Theo phiếu | {done.receipt_no}" in texts
    assert "Tổng tiền hoàn | -112.500 ₫" in texts  # a fish sauce: 125.000 less 10 %
    barcodes = [e.data for e in doc if type(e).__name__ == "Barcode"]
    assert barcodes == [r.refund_no]


def test_clerk_needs_a_manager_to_refund_or_void(refunds, users, clerk, manager, sold):
    done, *_ = sold
    with pytest.raises(AuthorisationRequired):
        refunds.refund(clerk, done.receipt_no, [RefundItem(1, 1)], reason="x")
    with pytest.raises(AuthorisationRequired):
        refunds.void_sale(clerk, done.receipt_no, "x", authorised_by=clerk)
    proof = users.authorise(Permission.REFUND, "2222", for_actor=clerk)
    r = refunds.refund(clerk, done.receipt_no, [RefundItem(1, 1)], reason="x",
                       authorised_by=proof)  # fmt: skip
    assert r.total_vnd == 85_500


def test_void_puts_stock_back_and_only_in_the_same_shift(
    session_factory, settings, refunds, shifts, manager, clerk, sold
):
    done, honey, _ = sold
    before = levels(session_factory)
    voided = refunds.void_sale(manager, done.receipt_no, "Bấm nhầm")
    assert voided.cash_vnd == 181_500
    after = levels(session_factory)
    assert after[honey.product_id] == before[honey.product_id] + 3
    with session_factory() as s:
        assert s.scalar(select(Sale.status).where(Sale.id == done.id)) == "voided"
    snapshot = counts(session_factory)
    with pytest.raises(SaleVoided):
        refunds.void_sale(manager, done.receipt_no, "Lần nữa")
    with pytest.raises(SaleVoided):
        refunds.refund(manager, done.receipt_no, [RefundItem(1, 1)], reason="x")
    assert counts(session_factory) == snapshot

    # A sale of this shift, then the shift closes: the next shift cannot void it.
    cart = Cart(clerk)
    cart.add(honey)
    other = Checkout(session_factory, settings).complete(cart, [VietQR(95_000)])
    shifts.close(manager, {})
    with pytest.raises(NoOpenShift):
        refunds.refund(manager, other.receipt_no, [RefundItem(1, 1)], reason="x")
    shifts.open(manager, 0)
    snapshot = counts(session_factory)
    with pytest.raises(VoidOutsideShift):
        refunds.void_sale(manager, other.receipt_no, "Muộn")
    assert counts(session_factory) == snapshot
    refunds.refund(manager, other.receipt_no, [RefundItem(1, 1)], reason="Khách trả")

    cart = Cart(clerk)
    cart.add(honey, 2)
    third = Checkout(session_factory, settings).complete(cart, [Cash(200_000)])
    refunds.refund(manager, third.receipt_no, [RefundItem(1, 1)], reason="Khách trả")
    with pytest.raises(SaleHasRefunds):
        refunds.void_sale(manager, third.receipt_no, "x")


def test_bad_refunds_write_nothing(session_factory, refunds, manager, sold):
    done, *_ = sold
    before, stock = counts(session_factory), levels(session_factory)
    bad = [
        (RefundTooMuch, dict(items=[RefundItem(2, 3)])),
        (RefundTooMuch, dict(items=[RefundItem(2, 1), RefundItem(2, 2, restock="damaged")])),
        (NoSuchLine, dict(items=[RefundItem(9, 1)])),
        (NothingToRefund, dict(items=[])),
        (NothingToRefund, dict(items=[RefundItem(1, 0)])),
        (InvalidQuantity, dict(items=[RefundItem(1, -1)])),
        (MissingReason, dict(items=[RefundItem(1, 1)], reason=" ")),
        (UnknownSale, dict(items=[RefundItem(1, 1)], receipt_no="K01-20990101-0001")),
    ]
    for error, kw in bad:
        args = {"reason": "Khách trả", "receipt_no": done.receipt_no, **kw}
        with pytest.raises(error):
            refunds.refund(manager, args.pop("receipt_no"), args.pop("items"), **args)
    assert counts(session_factory) == before
    assert levels(session_factory) == stock


def test_search_finds_sales_by_receipt_number_fragment_or_total(refunds, sold):
    done, *_ = sold
    assert [s.receipt_no for s in refunds.search(done.receipt_no[-4:])] == [done.receipt_no]
    assert [s.receipt_no for s in refunds.search(total_vnd=481_500)] == [done.receipt_no]
    assert refunds.search("%") == []


def test_lines_voided_before_payment_are_audited(session_factory, clerk):
    fish = make_product(session_factory, price_vnd=125_000)
    cart = Cart(clerk)
    line = cart.add(fish, 2)
    record_cart_void(session_factory, clerk, [cart.remove(line.id)], whole_cart=False)
    with session_factory() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.kind == "line_void")).one()
    assert event.user_id == clerk.id and event.data["total_vnd"] == 250_000

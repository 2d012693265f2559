"""Shifts: float, pay-ins and pay-outs, the counted close and the numbered Z report."""

import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, CashMovement, OutboxEntry, Shift, ZReport
from kiosk.core.cash.shifts import carry_open_shift
from kiosk.core.errors import (
    AuthorisationRequired,
    InvalidAmount,
    InvalidCashCount,
    MissingReason,
    NoOpenShift,
    NothingToReport,
    ShiftAlreadyClosed,
    ShiftAlreadyOpen,
    ShiftStillOpen,
)
from kiosk.core.people.permissions import Permission
from kiosk.core.reports.xz_print import document
from kiosk.core.sale.cart import Cart
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Card, Cash
from tests.factories import make_product

TABLES = (Shift, CashMovement, ZReport, AuditEvent, OutboxEntry)


def counts(sf):
    with sf() as s:
        return {t.__tablename__: s.scalar(select(func.count()).select_from(t)) for t in TABLES}


def test_sale_without_an_open_shift_is_refused_and_writes_nothing(session_factory, settings, clerk):
    fish = make_product(session_factory)
    cart = Cart(clerk)
    cart.add(fish)
    before = counts(session_factory)
    with pytest.raises(NoOpenShift):
        Checkout(session_factory, settings).complete(cart, [Cash(200_000)])
    assert counts(session_factory) == before


def test_open_pay_out_and_close_gives_the_difference_against_expected_cash(
    session_factory, settings, shifts, manager, clerk
):
    opened = shifts.open(manager, 500_000)
    assert shifts.current().id == opened.id
    fish = make_product(session_factory, price_vnd=125_000)
    checkout = Checkout(session_factory, settings)
    for tenders in ([Cash(200_000)], [Card(125_000, "A1")]):
        cart = Cart(clerk)
        cart.add(fish)
        checkout.complete(cart, tenders)
    shifts.pay_in(manager, 100_000, "Tiền lẻ từ ngân hàng")
    shifts.pay_out(manager, 30_000, "Mua đá")

    x = shifts.x_report()
    assert (x.sales_count, x.sales_vnd, x.cash_sales_vnd) == (2, 250_000, 125_000)
    assert x.expected_cash_vnd == 500_000 + 125_000 + 100_000 - 30_000
    assert x.counted_cash_vnd is None

    # 695.000 expected; 690.000 counted: 5.000 missing.
    closed = shifts.close(manager, {500_000: 1, 100_000: 1, 50_000: 1, 20_000: 2})
    assert closed.counted_cash_vnd == 690_000
    assert closed.difference_vnd == -5_000
    assert shifts.current() is None
    with session_factory() as s:
        row = s.get(Shift, opened.id)
        assert row.expected_cash_vnd == 695_000
        assert row.counted_notes == {"500000": 1, "100000": 1, "50000": 1, "20000": 2}
        kinds = set(s.scalars(select(OutboxEntry.kind)))
    assert {"shift_open", "cash_movement", "shift_close"} <= kinds


def test_z_reports_are_numbered_per_terminal_and_take_in_the_closed_shifts(
    shifts, manager, settings
):
    for _ in range(2):
        shifts.open(manager, 0)
        shifts.close(manager, {})
    z1 = shifts.end_day(manager)
    assert z1.z_no == 1 and len(z1.shifts) == 2
    with pytest.raises(NothingToReport):
        shifts.end_day(manager)
    shifts.open(manager, 0)
    with pytest.raises(ShiftStillOpen):
        shifts.end_day(manager)
    shifts.close(manager, {})
    assert shifts.end_day(manager).z_no == 2
    settings.set("terminal_code", "K02")
    shifts.open(manager, 0)
    shifts.close(manager, {})
    assert shifts.end_day(manager).z_no == 1
    number, *_ = shifts.z_reports()[0][1:]
    assert number == 1


def test_bad_input_gives_domain_errors_and_writes_nothing(
    session_factory, shifts, users, manager, clerk
):
    before = counts(session_factory)
    with pytest.raises(InvalidAmount):
        shifts.open(manager, -1)
    with pytest.raises(AuthorisationRequired):
        shifts.open(clerk, 100_000)
    with pytest.raises(AuthorisationRequired):  # a clerk cannot authorise, nor an Actor
        shifts.open(clerk, 100_000, authorised_by=clerk)
    with pytest.raises(AuthorisationRequired):
        shifts.open(clerk, 100_000, authorised_by=manager)
    with pytest.raises(NoOpenShift):
        shifts.pay_out(manager, 10_000, "Mua đá")
    with pytest.raises(NoOpenShift):
        shifts.close(manager, {})
    assert counts(session_factory) == before

    proof = users.authorise(Permission.MANAGE_SHIFT, "2222", for_actor=clerk)
    opened = shifts.open(clerk, 100_000, authorised_by=proof)
    after_open = counts(session_factory)
    with pytest.raises(ShiftAlreadyOpen):
        shifts.open(manager, 0)
    with pytest.raises(MissingReason):
        shifts.pay_out(manager, 10_000, "  ")
    with pytest.raises(InvalidAmount):
        shifts.pay_out(manager, 0, "Mua đá")
    with pytest.raises(InvalidCashCount):
        shifts.close(manager, {300_000: 1})
    with pytest.raises(InvalidCashCount):
        shifts.close(manager, {100_000: -2})
    assert counts(session_factory) == after_open

    shifts.close(manager, {100_000: 1}, shift_id=opened.id)
    after_close = counts(session_factory)
    with pytest.raises(ShiftAlreadyClosed):
        shifts.close(manager, {100_000: 1}, shift_id=opened.id)
    assert counts(session_factory) == after_close


def test_x_report_prints_as_a_document_in_both_languages(shifts, manager):
    shifts.open(manager, 250_000)
    shifts.pay_out(manager, 20_000, "Gửi xe")
    x = shifts.x_report()
    vi = [getattr(e, "text", "") or getattr(e, "left", "") for e in document(x, shop_name="OCOP")]
    assert "BÁO CÁO X" in vi
    assert any(line.startswith("Tiền đầu ca") for line in vi)
    en = [
        getattr(e, "text", "") or getattr(e, "left", "")
        for e in document(x, shop_name="OCOP", lang="en")
    ]
    assert "X REPORT" in en


def test_open_shift_goes_on_under_a_new_terminal_code(session_factory, settings, shifts, manager):
    opened = shifts.open(manager, 100_000)
    assert carry_open_shift(session_factory, "K01", "DL-07")
    settings.set("terminal_code", "DL-07")
    assert shifts.current().id == opened.id
    assert not carry_open_shift(session_factory, "K01", "DL-07")  # nothing open under K01

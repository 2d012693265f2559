"""The transfers a day brought, matched and unmatched, with the sales they paid: for the
operators' page (every shop) and for a terminal's back office (its own, and the ones nobody's
code claims, which the shop must look into)."""

import datetime as dt
import zoneinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from hq.bank.wire import TransferDay, TransferRow
from hq.models import AuditEvent, BankNotification, ExpectedTransfer, Payment, Sale, Terminal

SHOP_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
CONFIRMED_KIND = "vietqr_confirmed"  # the kiosk's audit event for a VietQR tender taken


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(), SHOP_TZ)
    return start, start + dt.timedelta(days=1)


def day_report(session: Session, day: dt.date, terminal_id: int | None = None) -> TransferDay:
    """Incoming transfers of ``day`` (shop time), oldest first. With ``terminal_id``: that
    terminal's and the unclaimed ones."""
    start, end = day_bounds(day)
    notes = session.scalars(
        select(BankNotification)
        .where(
            BankNotification.direction == "in",
            BankNotification.transaction_at >= start,
            BankNotification.transaction_at < end,
        )
        .order_by(BankNotification.transaction_at, BankNotification.id)
    ).all()
    refs = {n.reference for n in notes if n.reference}
    expected = _expected(session, refs)
    sales = _sales(session, refs)
    by_hand = _confirmed_by_hand(session, [s.id for s in sales.values()])
    codes = {tid: code for tid, code in session.execute(select(Terminal.id, Terminal.code))}
    rows = []
    for n in notes:
        exp, sale = expected.get(n.reference), sales.get(n.reference)
        owner = sale.terminal_id if sale else (exp.terminal_id if exp else None)
        if terminal_id is not None and owner not in (None, terminal_id):
            continue
        rows.append(
            TransferRow(
                at=n.transaction_at.astimezone(SHOP_TZ).strftime("%H:%M:%S"),
                amount_vnd=n.amount_vnd,
                content=n.content,
                bank_reference=n.bank_reference,
                reference=n.reference,
                status=n.status,
                terminal_code=codes.get(owner, "") if owner else "",
                expected_vnd=exp.amount_vnd if exp else None,
                receipt_no=sale.receipt_no if sale else "",
                confirmed_by_hand=bool(sale and sale.id in by_hand),
            )
        )
    return TransferDay(day=day.isoformat(), rows=rows)


def _expected(session: Session, refs: set[str]) -> dict[str, ExpectedTransfer]:
    if not refs:
        return {}
    found = session.scalars(select(ExpectedTransfer).where(ExpectedTransfer.reference.in_(refs)))
    return {e.reference: e for e in found}


def _sales(session: Session, refs: set[str]) -> dict[str, Sale]:
    """The sale each reference paid, from the VietQR payments terminals pushed."""
    if not refs:
        return {}
    found = session.execute(
        select(Payment.reference, Sale)
        .join(Sale, Sale.id == Payment.sale_id)
        .where(Payment.method == "vietqr", Payment.reference.in_(refs))
    ).all()
    return {ref: sale for ref, sale in found}


def _confirmed_by_hand(session: Session, sale_ids: list) -> set:
    """The sales whose VietQR tender a clerk confirmed by hand (their audit event says so)."""
    if not sale_ids:
        return set()
    events = session.scalars(
        select(AuditEvent).where(
            AuditEvent.kind == CONFIRMED_KIND,
            AuditEvent.subject_id.in_([str(i) for i in sale_ids]),
        )
    ).all()
    return {
        s
        for s in sale_ids
        if any(e.subject_id == str(s) and e.data.get("by") == "clerk" for e in events)
    }

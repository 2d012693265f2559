"""How a refund's money goes back: all in cash, or to the sale's own methods, card and transfer
first (exact electronic amounts, no change to find), then cash.

What is owed is worked out in the goods' value (the refund's total, its lines and VAT); then the
cash is rounded with the shop's step as a sale's cash part is
(:func:`kiosk.core.sale.payments.round_cash`), because the drawer holds no coins under 500 đ.
Card and transfer parts stay exact. The refund keeps the difference as its ``rounding_vnd``
(what the payments give back less the total).

The rounding is of the sale's running cash refund, not of each refund alone: a refund gives
``round(goods refunded in cash so far, this one included) - cash given back so far``. So the
refunds of a sale, however many, give back in all what one refund of everything would: a sale of
12.300 đ paid 12.500 đ in cash gives back 12.500 đ, and ten bags of 200 đ paid 2.000 đ give back
2.000 đ in ten refunds (1.000 đ, then nothing until the goods refunded reach the next step), never
10.000 đ. A refund may then give no cash at all: what it is owed went back with an earlier one.
"""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Payment, Refund, RefundPayment, Sale
from kiosk.core.cash.foreign_sales import refunded_elsewhere
from kiosk.core.sale.payments import round_cash

PAYBACK_ORDER = ("card", "vietqr", "cash")


def payback(s: Session, sale: Sale, total: int, to: str, step: int) -> list[tuple[str, int]]:
    """The payments that give ``total`` (goods' value) back, the sale's running cash refund
    rounded to ``step`` (0: not rounded)."""
    given = _given_back(s, sale)
    parts = _parts(s, sale, total, to, given)
    cash = dict(parts).get("cash", 0)
    if not cash or not step:
        return parts
    # The earlier refunds' rounding is all in their cash: their cash less it is the goods' value.
    rounding = s.scalar(
        select(func.coalesce(func.sum(Refund.rounding_vnd), 0)).where(Refund.sale_id == sale.id)
    )
    cash_before = given.get("cash", 0)
    now = max(0, round_cash(cash_before - int(rounding) + cash, step) - cash_before)
    parts = [(method, now if method == "cash" else amount) for method, amount in parts]
    return [(method, amount) for method, amount in parts if amount]  # no 0 đ payment


def _given_back(s: Session, sale: Sale) -> dict[str, int]:
    """What the sale's earlier refunds at this till gave back, per method (cash as rounded)."""
    return {
        method: int(amount)
        for method, amount in s.execute(
            select(RefundPayment.method, func.sum(RefundPayment.amount_vnd))
            .join(Refund, Refund.id == RefundPayment.refund_id)
            .where(Refund.sale_id == sale.id)
            .group_by(RefundPayment.method)
        )
    }


def _left(s: Session, sale: Sale, given: dict[str, int]) -> dict[str, int]:
    """What each method of the sale has left to give back after earlier refunds at this till.
    (Cash is the last method and takes whatever is left: its rounding changes nothing here.)"""
    left: dict[str, int] = {}
    for method, amount in s.execute(
        select(Payment.method, Payment.amount_vnd).where(Payment.sale_id == sale.id)
    ):
        left[method] = left.get(method, 0) + amount
    for method, amount in given.items():
        left[method] = left.get(method, 0) - amount
    return left


def _parts(
    s: Session, sale: Sale, total: int, to: str, given: dict[str, int]
) -> list[tuple[str, int]]:
    """How ``total`` goes back in goods' value: all cash, or to the sale's own methods, card and
    transfer first, each up to what it has left after earlier refunds, then cash."""
    if total == 0:
        return []
    if to == "cash":
        return [("cash", total)]
    left = _left(s, sale, given)
    # Other tills pay back in the same order, card and transfer first: what they refunded (head
    # office's figure, the goods' value) is taken off the methods in that order, so two tills
    # never put more back on a card than it paid. A refund they gave in cash makes this one pay
    # cash, never more.
    _, elsewhere = refunded_elsewhere(s, sale.id)
    for method in PAYBACK_ORDER:
        taken = min(elsewhere, max(0, left.get(method, 0)))
        left[method] = left.get(method, 0) - taken
        elsewhere -= taken
    out = []
    due = total
    for method in PAYBACK_ORDER:
        part = min(due, max(0, left.get(method, 0)))
        if part:
            out.append((method, part))
            due -= part
    if due:
        # Only when an earlier refund paid card money back in cash: the rest goes back in cash.
        cash = dict(out).get("cash", 0) + due
        out = [*((m, a) for m, a in out if m != "cash"), ("cash", cash)]
    return out

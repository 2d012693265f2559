"""How a customer pays: cash (tendered, change), VietQR bank transfer, card; split allowed.

:func:`settle` turns what the clerk entered into the payments that count toward the total.
Only cash can exceed what is owed (the excess is change); a transfer or card never does.

Cash rounding (a shop setting, ``cash_rounding_vnd``: 0, 500 or 1.000 đ): the part of a sale paid
in cash is rounded to the nearest step, a half step in the customer's favour (192.500 đ is paid
with 192.000 đ at 1.000 đ), because the drawer holds no coins to give 500 đ back. The cash
payment records the rounded amount, so the drawer balances; the sale keeps its goods total and
VAT, and the difference is the sale's rounding (``sum(payments) - total``). A cash part below
half a step is rounded up to one step rather than to nothing.

A refund's cash part is rounded by the same :func:`round_cash` (:mod:`kiosk.core.cash.payback`),
so goods paid for in cash and given back whole in cash return what the customer paid; the
refund keeps its own rounding. The rounding is of the sale's running cash refund, so partial
refunds give back in all what one refund of everything would, never more than was paid.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from hq.text_limits import REFERENCE_MAX, text_refused
from kiosk.core.errors import (
    InvalidAmount,
    InvalidReference,
    MissingReference,
    Overpaid,
    PaymentShort,
)
from kiosk.core.pricing import MAX_AMOUNT_VND


@dataclass(frozen=True)
class Cash:
    tendered_vnd: int


@dataclass(frozen=True)
class VietQR:
    """A transfer: its amount, our reference (the code's purpose), and who confirmed it came:
    "bank" (head office matched the bank's notification: ``bank_reference`` is the bank's) or
    "clerk" (by hand, with a ``reason``; see :mod:`kiosk.core.sale.transfers`)."""

    amount_vnd: int
    reference: str = ""
    confirmed_by: str = ""
    bank_reference: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Card:
    amount_vnd: int
    reference: str


Tender = Cash | VietQR | Card


@dataclass(frozen=True)
class AppliedPayment:
    method: str  # "cash", "vietqr" or "card"
    amount_vnd: int
    tendered_vnd: int | None = None
    change_vnd: int = 0
    reference: str = ""
    confirmed_by: str = ""  # a transfer's: "bank" or "clerk"
    bank_reference: str = ""
    reason: str = ""


ROUNDING_STEPS_VND = (0, 500, 1_000)


def opens_drawer(payments: Sequence) -> bool:
    """A sale's first receipt opens the cash drawer when any of it was paid in cash (a reprint
    never does: the callers say which print it is)."""
    return any(p.method == "cash" for p in payments)


def round_cash(amount_vnd: int, step_vnd: int) -> int:
    """What a customer pays in cash for ``amount_vnd`` when cash is rounded to ``step_vnd``
    (0: not rounded): the nearest multiple, a half step down, never 0 for a positive amount."""
    if step_vnd not in ROUNDING_STEPS_VND:
        raise ValueError(f"cash rounding step {step_vnd!r}")
    if not step_vnd or amount_vnd <= 0:
        return amount_vnd
    steps, rest = divmod(amount_vnd, step_vnd)
    if rest * 2 > step_vnd:
        steps += 1
    return max(steps, 1) * step_vnd


def _reference(value: str, method: str) -> str:
    """A payment's reference as head office takes it, or InvalidReference."""
    problem = text_refused(value, REFERENCE_MAX)
    if problem:
        raise InvalidReference(method=method, problem=problem, max_length=REFERENCE_MAX)
    return value


def _amount(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_AMOUNT_VND:
        raise InvalidAmount(amount_vnd=value)
    return value


def settle(
    total_vnd: int, tenders: Sequence[Tender], rounding_step_vnd: int = 0
) -> list[AppliedPayment]:
    """The payments of a sale of ``total_vnd``, or a :class:`PaymentShort`/`Overpaid` error.
    With a rounding step, the cash part is rounded (see the module's docstring)."""
    applied: list[AppliedPayment] = []
    cash_tendered = 0
    for t in tenders:
        if isinstance(t, Cash):
            cash_tendered += _amount(t.tendered_vnd)
        elif isinstance(t, VietQR):
            reference = _reference(t.reference, "vietqr")
            applied.append(
                AppliedPayment(
                    "vietqr",
                    _amount(t.amount_vnd),
                    reference=reference,
                    confirmed_by=t.confirmed_by,
                    bank_reference=t.bank_reference,
                    reason=t.reason,
                )
            )
        elif isinstance(t, Card):
            if not t.reference.strip():
                raise MissingReference(method="card")
            reference = _reference(t.reference, "card")
            applied.append(AppliedPayment("card", _amount(t.amount_vnd), reference=reference))
        else:
            raise TypeError(f"not a tender: {t!r}")
    non_cash = sum(p.amount_vnd for p in applied)
    if non_cash > total_vnd:
        raise Overpaid(total_vnd=total_vnd, non_cash_vnd=non_cash)
    owed_in_cash = total_vnd - non_cash
    if cash_tendered:
        if owed_in_cash == 0:
            raise Overpaid(total_vnd=total_vnd, non_cash_vnd=non_cash, cash_vnd=cash_tendered)
        owed_in_cash = round_cash(owed_in_cash, rounding_step_vnd)
    if cash_tendered < owed_in_cash:
        raise PaymentShort(total_vnd=total_vnd, missing_vnd=owed_in_cash - cash_tendered)
    if cash_tendered:
        applied.insert(
            0,
            AppliedPayment(
                "cash",
                owed_in_cash,
                tendered_vnd=cash_tendered,
                change_vnd=cash_tendered - owed_in_cash,
            ),
        )
    return applied

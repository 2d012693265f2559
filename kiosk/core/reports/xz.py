"""The cash reports of a till: X (a shift so far, any time) and Z (the business day, numbered).

Both are one computation over a set of shifts, made from the raw rows every time (sales,
payments, VAT, voids, refunds and cash movements of those shifts), so a reprinted Z shows what
the first print showed. Voided sales count nowhere except in their own line: their money went
back to the customer in the same shift. Refunds count in the shift that paid them out.

Expected cash = float + cash sales − cash refunds + pay-ins − pay-outs, each as the drawer saw
it (a cash payment or refund rounded to the shop's step holds the rounded amount). The rounding
line is the sales' rounding less the refunds', so net + rounding = what the methods took, net.

The receipt printer's form is :mod:`kiosk.core.reports.xz_print`, the PDF's
:mod:`kiosk.core.reports.documents`.
"""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    CashMovement,
    Payment,
    Refund,
    RefundPayment,
    RefundVat,
    Sale,
    SaleLine,
    SaleVat,
    SaleVoid,
    Shift,
    User,
)
from kiosk.i18n import N_, translations

# 500 đ notes are rare but still legal tender: a shop that does not round cash needs them to
# give change for 192.500 đ, and its count has a row for them (see ``denominations``).
DENOMINATIONS = (500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500)
METHODS = ("cash", "vietqr", "card")

LABELS = {
    "x_title": N_("X REPORT"),
    "z_title": N_("Z REPORT / END OF DAY"),
    "shift_title": N_("SHIFT CLOSE"),
    "z_no": N_("Z no."),
    "terminal": N_("Terminal"),
    "business_date": N_("Business date"),
    "shift": N_("Shift"),
    "opened": N_("Opened"),
    "closed": N_("Closed"),
    "still_open": N_("still open"),
    "printed_at": N_("Printed"),
    "sales_section": N_("Sales"),
    "sales_count": N_("Number of sales"),
    "gross": N_("Gross sales"),
    "discounts": N_("Discounts"),
    "sales_total": N_("Sales after discounts"),
    "rounding": N_("Cash rounding"),
    "voids": N_("Voided sales ({count})"),
    "refunds": N_("Refunds ({count})"),
    "net": N_("Net sales"),
    "payments_section": N_("Payments (sales − refunds)"),
    "vat_section": N_("VAT by rate (net)"),
    "vat_rate": N_("{rate}% VAT on {gross}"),
    "cash_section": N_("Cash in drawer"),
    "float": N_("Opening float"),
    "cash_sales": N_("Cash sales"),
    "cash_refunds": N_("Cash refunds"),
    "pay_ins": N_("Pay-ins"),
    "pay_outs": N_("Pay-outs"),
    "expected": N_("Expected cash"),
    "counted": N_("Counted cash"),
    "difference": N_("Difference"),
    "pay_in": N_("Pay-in"),
    "pay_out": N_("Pay-out"),
    "count_section": N_("Cash count"),
}


def denominations(rounding_step_vnd: int) -> tuple[int, ...]:
    """The notes a cash count asks for: 500 đ only when cash is not rounded to 500 đ or more."""
    return tuple(d for d in DENOMINATIONS if d >= 1_000 or not rounding_step_vnd)


def label(key: str, lang: str, **fmt: object) -> str:
    return translations(lang).gettext(LABELS[key]).format(**fmt)


@dataclass(frozen=True)
class ShiftInfo:
    """A shift as the reports and the screen see it."""

    id: uuid.UUID
    terminal_code: str
    business_date: dt.date
    opened_by: str
    opened_at: dt.datetime
    float_vnd: int
    closed_by: str | None
    closed_at: dt.datetime | None
    counted_cash_vnd: int | None
    expected_cash_vnd: int | None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class MethodTotal:
    method: str
    sales_vnd: int
    refunds_vnd: int

    @property
    def net_vnd(self) -> int:
        return self.sales_vnd - self.refunds_vnd


@dataclass(frozen=True)
class VatTotal:
    """Net VAT at one rate: what the sales contained less what the refunds gave back."""

    rate_pct: int
    gross_vnd: int
    vat_vnd: int


@dataclass(frozen=True)
class CashMovementView:
    kind: str  # "pay_in" or "pay_out"
    amount_vnd: int
    reason: str
    user: str
    at: dt.datetime


@dataclass(frozen=True)
class CashReport:
    """An X report (one shift, maybe open), a shift's close, or a Z report (``z_no`` set)."""

    kind: str  # "x", "shift" or "z"
    terminal_code: str
    business_date: dt.date
    z_no: int | None
    shifts: tuple[ShiftInfo, ...]
    made_at: dt.datetime
    sales_count: int
    gross_vnd: int
    discounts_vnd: int
    sales_vnd: int
    voids_count: int
    voids_vnd: int
    refunds_count: int
    refunds_vnd: int
    methods: tuple[MethodTotal, ...]
    vat: tuple[VatTotal, ...]
    movements: tuple[CashMovementView, ...]
    float_vnd: int
    cash_sales_vnd: int
    cash_refunds_vnd: int
    pay_ins_vnd: int
    pay_outs_vnd: int
    counted_cash_vnd: int | None
    notes: tuple[tuple[int, int], ...] = ()
    # The cash rounding: the sales' payments took this much more (or less) than the sales, less
    # what the refunds' rounded cash gave back more (or less) than the goods.
    rounding_vnd: int = 0

    @property
    def net_vnd(self) -> int:
        return self.sales_vnd - self.refunds_vnd

    @property
    def expected_cash_vnd(self) -> int:
        return (
            self.float_vnd
            + self.cash_sales_vnd
            - self.cash_refunds_vnd
            + self.pay_ins_vnd
            - self.pay_outs_vnd
        )

    @property
    def difference_vnd(self) -> int | None:
        """Counted less expected: negative when cash is missing."""
        if self.counted_cash_vnd is None:
            return None
        return self.counted_cash_vnd - self.expected_cash_vnd


def shift_infos(s: Session, shift_ids: Sequence[uuid.UUID]) -> tuple[ShiftInfo, ...]:
    opener, closer = User.__table__.alias("opener"), User.__table__.alias("closer")
    rows = s.execute(
        select(Shift, opener.c.name, closer.c.name)
        .join(opener, opener.c.id == Shift.opened_by)
        .outerjoin(closer, closer.c.id == Shift.closed_by)
        .where(Shift.id.in_(list(shift_ids)))
        .order_by(Shift.opened_at)
    ).all()
    return tuple(
        ShiftInfo(
            sh.id,
            sh.terminal_code,
            sh.business_date,
            opened_by,
            sh.opened_at,
            sh.float_vnd,
            closed_by,
            sh.closed_at,
            sh.counted_cash_vnd,
            sh.expected_cash_vnd,
        )
        for sh, opened_by, closed_by in rows
    )


def compute(
    s: Session,
    shift_ids: Sequence[uuid.UUID],
    *,
    kind: str,
    made_at: dt.datetime,
    z_no: int | None = None,
    notes: dict[str, int] | None = None,
) -> CashReport:
    """The figures of the shifts ``shift_ids`` (one for X, the day's for Z) from the raw rows."""
    ids = list(shift_ids)
    shifts = shift_infos(s, ids)
    completed = (Sale.shift_id.in_(ids), Sale.status == "completed")
    sales_count, sales_vnd, discounts, gross = _sales_totals(s, completed)
    rounding = _rounding(s, ids, completed)
    voids_count, voids_vnd, refunds_count, refunds_vnd = _voids_and_refunds(s, ids)
    paid, repaid = _by_method(s, ids, completed)
    methods = tuple(
        MethodTotal(m, paid.get(m, 0), repaid.get(m, 0))
        for m in METHODS
        if paid.get(m) or repaid.get(m)
    )
    vat = _net_vat(s, ids)
    movements = _movements(s, ids)
    counted = None
    if shifts and all(sh.counted_cash_vnd is not None for sh in shifts):
        counted = sum(sh.counted_cash_vnd for sh in shifts)
    if notes is None:  # the day's count: every shift's notes added up
        notes = _notes_added_up(s, ids)
    return CashReport(
        kind=kind,
        terminal_code=shifts[0].terminal_code if shifts else "",
        business_date=min((sh.business_date for sh in shifts), default=made_at.date()),
        z_no=z_no,
        shifts=shifts,
        made_at=made_at,
        sales_count=sales_count,
        gross_vnd=gross,
        discounts_vnd=discounts,
        sales_vnd=sales_vnd,
        voids_count=voids_count,
        voids_vnd=voids_vnd,
        refunds_count=refunds_count,
        refunds_vnd=refunds_vnd,
        methods=methods,
        vat=vat,
        movements=movements,
        float_vnd=sum(sh.float_vnd for sh in shifts),
        cash_sales_vnd=paid.get("cash", 0),
        cash_refunds_vnd=repaid.get("cash", 0),
        pay_ins_vnd=sum(m.amount_vnd for m in movements if m.kind == "pay_in"),
        pay_outs_vnd=sum(m.amount_vnd for m in movements if m.kind == "pay_out"),
        counted_cash_vnd=counted,
        notes=tuple(sorted(((int(k), v) for k, v in (notes or {}).items()), reverse=True)),
        rounding_vnd=rounding,
    )


def _sales_totals(s: Session, completed: tuple) -> tuple[int, int, int, int]:
    """Number, total, discounts (lines' and carts') and gross of the completed sales."""
    sales_count, sales_vnd, cart_discounts = s.execute(
        select(
            func.count(),
            func.coalesce(func.sum(Sale.total_vnd), 0),
            func.coalesce(func.sum(Sale.discount_vnd), 0),
        ).where(*completed)
    ).one()
    gross, line_discounts = s.execute(
        select(
            func.coalesce(func.sum(SaleLine.gross_vnd), 0),
            func.coalesce(func.sum(SaleLine.line_discount_vnd), 0),
        )
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(*completed)
    ).one()
    return sales_count, sales_vnd, line_discounts + cart_discounts, gross


def _rounding(s: Session, ids: list[uuid.UUID], completed: tuple) -> int:
    """The sales' cash rounding less the refunds' (a refund's cash rounded up gives back more)."""
    sold = s.scalar(select(func.coalesce(func.sum(Sale.rounding_vnd), 0)).where(*completed))
    back = s.scalar(
        select(func.coalesce(func.sum(Refund.rounding_vnd), 0)).where(Refund.shift_id.in_(ids))
    )
    return int(sold) - int(back)


def _voids_and_refunds(s: Session, ids: list[uuid.UUID]) -> tuple[int, int, int, int]:
    """Number and total of the sales voided in the shifts, then of the refunds they paid out."""
    voids_count, voids_vnd = s.execute(
        select(func.count(), func.coalesce(func.sum(SaleVoid.total_vnd), 0)).where(
            SaleVoid.shift_id.in_(ids)
        )
    ).one()
    refunds_count, refunds_vnd = s.execute(
        select(func.count(), func.coalesce(func.sum(Refund.total_vnd), 0)).where(
            Refund.shift_id.in_(ids)
        )
    ).one()
    return voids_count, voids_vnd, refunds_count, refunds_vnd


def _by_method(
    s: Session, ids: list[uuid.UUID], completed: tuple
) -> tuple[dict[str, int], dict[str, int]]:
    """Per payment method: what the completed sales took, and what the refunds paid back."""
    paid = dict(
        s.execute(
            select(Payment.method, func.sum(Payment.amount_vnd))
            .join(Sale, Sale.id == Payment.sale_id)
            .where(*completed)
            .group_by(Payment.method)
        ).all()
    )
    repaid = dict(
        s.execute(
            select(RefundPayment.method, func.sum(RefundPayment.amount_vnd))
            .join(Refund, Refund.id == RefundPayment.refund_id)
            .where(Refund.shift_id.in_(ids))
            .group_by(RefundPayment.method)
        ).all()
    )
    return paid, repaid


def _movements(s: Session, ids: list[uuid.UUID]) -> tuple[CashMovementView, ...]:
    """The pay-ins and pay-outs of the shifts, oldest first."""
    return tuple(
        CashMovementView(m.kind, m.amount_vnd, m.reason, name, m.created_at)
        for m, name in s.execute(
            select(CashMovement, User.name)
            .join(User, User.id == CashMovement.user_id)
            .where(CashMovement.shift_id.in_(ids))
            .order_by(CashMovement.created_at)
        ).all()
    )


def _notes_added_up(s: Session, ids: list[uuid.UUID]) -> dict[str, int]:
    """Denomination -> count of notes, over the counts of all the shifts."""
    notes: dict[str, int] = {}
    for counted_notes in s.scalars(select(Shift.counted_notes).where(Shift.id.in_(ids))):
        for d, c in (counted_notes or {}).items():
            notes[d] = notes.get(d, 0) + c
    return notes


def _net_vat(s: Session, ids: list[uuid.UUID]) -> tuple[VatTotal, ...]:
    """VAT per rate as sold (each sale rounded once per rate, as on its receipt) less the VAT
    each refund gave back (rounded the same way)."""
    sold = s.execute(
        select(SaleVat.rate_pct, func.sum(SaleVat.gross_vnd), func.sum(SaleVat.vat_vnd))
        .join(Sale, Sale.id == SaleVat.sale_id)
        .where(Sale.shift_id.in_(ids), Sale.status == "completed")
        .group_by(SaleVat.rate_pct)
    ).all()
    back = {
        rate: (gross, vat)
        for rate, gross, vat in s.execute(
            select(RefundVat.rate_pct, func.sum(RefundVat.gross_vnd), func.sum(RefundVat.vat_vnd))
            .join(Refund, Refund.id == RefundVat.refund_id)
            .where(Refund.shift_id.in_(ids))
            .group_by(RefundVat.rate_pct)
        ).all()
    }
    rates = sorted({r for r, _, _ in sold} | set(back))
    sold_by = {r: (g, v) for r, g, v in sold}
    out = []
    for rate in rates:
        g, v = sold_by.get(rate, (0, 0))
        bg, bv = back.get(rate, (0, 0))
        out.append(VatTotal(rate, g - bg, v - bv))
    return tuple(out)

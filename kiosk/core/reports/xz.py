"""The cash reports of a till: X (a shift so far, any time) and Z (the business day, numbered).

Both are one computation over a set of shifts, made from the raw rows every time (sales,
payments, VAT, voids, refunds and cash movements of those shifts), so a reprinted Z shows what
the first print showed. Voided sales count nowhere except in their own line: their money went
back to the customer in the same shift. Refunds count in the shift that paid them out.

Expected cash = float + cash sales − cash refunds + pay-ins − pay-outs.
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
from hardware.document import Align, Document, DocumentBuilder, SeparatorStyle, Size
from kiosk.core.localtime import VIETNAM
from kiosk.core.money import for_printer, format_vnd
from kiosk.core.terms import term
from kiosk.i18n import N_, translations

DENOMINATIONS = (500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000)
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
    methods = tuple(
        MethodTotal(m, paid.get(m, 0), repaid.get(m, 0))
        for m in METHODS
        if paid.get(m) or repaid.get(m)
    )
    vat = _net_vat(s, ids)
    movements = tuple(
        CashMovementView(m.kind, m.amount_vnd, m.reason, name, m.created_at)
        for m, name in s.execute(
            select(CashMovement, User.name)
            .join(User, User.id == CashMovement.user_id)
            .where(CashMovement.shift_id.in_(ids))
            .order_by(CashMovement.created_at)
        ).all()
    )
    counted = None
    if shifts and all(sh.counted_cash_vnd is not None for sh in shifts):
        counted = sum(sh.counted_cash_vnd for sh in shifts)
    if notes is None:  # the day's count: every shift's notes added up
        notes = {}
        for counted_notes in s.scalars(select(Shift.counted_notes).where(Shift.id.in_(ids))):
            for d, c in (counted_notes or {}).items():
                notes[d] = notes.get(d, 0) + c
    return CashReport(
        kind=kind,
        terminal_code=shifts[0].terminal_code if shifts else "",
        business_date=min((sh.business_date for sh in shifts), default=made_at.date()),
        z_no=z_no,
        shifts=shifts,
        made_at=made_at,
        sales_count=sales_count,
        gross_vnd=gross,
        discounts_vnd=line_discounts + cart_discounts,
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
    )


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


# -- printing -------------------------------------------------------------------------------


def document(report: CashReport, *, shop_name: str, lang: str = "vi") -> Document:
    """The report for the receipt printer (80 or 58 mm), in ``lang`` ("vi" or "en")."""

    def t(key: str, **fmt: object) -> str:
        return label(key, lang, **fmt)

    def vnd(amount: int) -> str:
        return for_printer(format_vnd(amount, lang))

    def when(moment: dt.datetime | None) -> str:
        return f"{moment.astimezone(VIETNAM):%d/%m/%Y %H:%M}" if moment else t("still_open")

    b = DocumentBuilder()
    b.title(shop_name)
    b.separator(SeparatorStyle.DOUBLE)
    title = {"x": "x_title", "z": "z_title", "shift": "shift_title"}[report.kind]
    b.text(t(title), Align.CENTER, bold=True, size=Size.DOUBLE_HEIGHT)
    if report.z_no is not None:
        b.row(t("z_no"), f"{report.terminal_code}-Z{report.z_no:04d}", bold=True)
    b.row(t("terminal"), report.terminal_code)
    b.row(t("business_date"), f"{report.business_date:%d/%m/%Y}")
    b.row(t("printed_at"), when(report.made_at))
    for sh in report.shifts:
        b.separator()
        b.row(t("shift"), sh.opened_by)
        b.row(f"  {t('opened')}", when(sh.opened_at))
        b.row(f"  {t('closed')}", when(sh.closed_at))
    b.separator()
    b.text(t("sales_section"), bold=True)
    b.row(t("sales_count"), str(report.sales_count))
    b.row(t("gross"), vnd(report.gross_vnd))
    if report.discounts_vnd:
        b.row(t("discounts"), vnd(-report.discounts_vnd))
    b.row(t("sales_total"), vnd(report.sales_vnd))
    b.row(t("refunds", count=report.refunds_count), vnd(-report.refunds_vnd))
    b.row(t("net"), vnd(report.net_vnd), bold=True, size=Size.DOUBLE_HEIGHT)
    b.row(t("voids", count=report.voids_count), vnd(report.voids_vnd))
    if report.methods:
        b.separator()
        b.text(t("payments_section"), bold=True)
        for m in report.methods:
            b.row(term(m.method, lang), vnd(m.net_vnd))
    if report.vat:
        b.separator()
        b.text(t("vat_section"), bold=True)
        for v in report.vat:
            b.row(t("vat_rate", rate=v.rate_pct, gross=vnd(v.gross_vnd)), vnd(v.vat_vnd))
    b.separator()
    b.text(t("cash_section"), bold=True)
    b.row(t("float"), vnd(report.float_vnd))
    b.row(t("cash_sales"), vnd(report.cash_sales_vnd))
    b.row(t("cash_refunds"), vnd(-report.cash_refunds_vnd))
    b.row(t("pay_ins"), vnd(report.pay_ins_vnd))
    b.row(t("pay_outs"), vnd(-report.pay_outs_vnd))
    for m in report.movements:
        sign = 1 if m.kind == "pay_in" else -1
        b.row(f"  {t(m.kind)}: {m.reason}", vnd(sign * m.amount_vnd))
    b.row(t("expected"), vnd(report.expected_cash_vnd), bold=True)
    if report.counted_cash_vnd is not None:
        b.row(t("counted"), vnd(report.counted_cash_vnd), bold=True)
        b.row(t("difference"), vnd(report.difference_vnd or 0), bold=True)
    if report.notes:
        b.separator()
        b.text(t("count_section"), bold=True)
        for denomination, count in report.notes:
            if count:
                b.row(f"  {count} x {vnd(denomination)}", vnd(count * denomination))
    b.feed(2)
    b.cut()
    return b.build()

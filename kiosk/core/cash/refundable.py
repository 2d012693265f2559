"""Stored sales as the void and refund screens see them: found by the receipt number (scanned
from the receipt's Code 128 or typed) or by search, with what is left to refund on each line.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    ForeignSale,
    Payment,
    Refund,
    RefundedElsewhere,
    RefundLine,
    Sale,
    SaleLine,
    User,
    own_sale,
)
from kiosk.core.cash.foreign_sales import refunded_elsewhere
from kiosk.core.sale.receipt import UnknownSale


@dataclass(frozen=True)
class RefundableLine:
    """A line of a sale with what is left to refund on it."""

    sale_line_id: uuid.UUID
    line_no: int
    product_id: uuid.UUID
    name_vi: str
    name_en: str
    unit: str
    quantity: int
    amount_vnd: int
    vat_rate_pct: int
    refunded_quantity: int
    refunded_vnd: int

    @property
    def left(self) -> int:
        # Never below nothing: a till offline at look-up time may have refunded what another
        # till refunded too (head office refused the second; the money had gone).
        return max(0, self.quantity - self.refunded_quantity)


@dataclass(frozen=True)
class SaleForRefund:
    """A stored sale as the refund screen shows it."""

    id: uuid.UUID
    receipt_no: str
    created_at: dt.datetime
    status: str
    total_vnd: int
    clerk: str
    shift_id: uuid.UUID | None
    lines: tuple[RefundableLine, ...]
    payments: tuple[tuple[str, int], ...]
    refunds: tuple[str, ...]  # refund numbers already made
    # The till that made it, when this is a copy of another till's sale (from head office).
    sold_at: str | None = None
    # What other tills of the shop refunded of it, as head office last said (đồng).
    refunded_elsewhere_vnd: int = 0


@dataclass(frozen=True)
class SaleSummary:
    """A sale as a line of the search results."""

    id: uuid.UUID
    receipt_no: str
    created_at: dt.datetime
    total_vnd: int
    status: str
    clerk: str


def sale_by_receipt(s: Session, receipt_no: str) -> Sale:
    """The stored sale with that receipt number; :class:`UnknownSale` if there is none."""
    sale = s.scalars(select(Sale).where(Sale.receipt_no == receipt_no.strip())).first()
    if sale is None:
        raise UnknownSale(sale_id=None, receipt_no=receipt_no)
    return sale


def search_sales(
    s: Session, text: str, *, on: dt.date | None, total_vnd: int | None, limit: int
) -> list[SaleSummary]:
    """Sales of this till whose receipt number contains ``text``, made on the business day
    ``on``, or of that total; newest first (copies of other tills' sales are found by their
    exact number only)."""
    query = select(Sale, User.name).join(User, User.id == Sale.user_id).where(own_sale(Sale.id))
    if text.strip():
        query = query.where(Sale.receipt_no.contains(text.strip(), autoescape=True))
    if on is not None:
        query = query.where(Sale.business_date == on)
    if total_vnd is not None:
        query = query.where(Sale.total_vnd == total_vnd)
    query = query.order_by(Sale.created_at.desc()).limit(limit)
    return [
        SaleSummary(sale.id, sale.receipt_no, sale.created_at, sale.total_vnd, sale.status, n)
        for sale, n in s.execute(query)
    ]


def for_refund(s: Session, sale: Sale) -> SaleForRefund:
    """``sale`` with its clerk, payments, earlier refunds and what is left of each line: its
    refunds here, and what head office last said other tills refunded."""
    refunded = _refunded(s, sale)
    lines = tuple(
        RefundableLine(
            ln.id, ln.line_no, ln.product_id, ln.name_vi, ln.name_en, ln.unit, ln.quantity,
            ln.amount_vnd, ln.vat_rate_pct, *refunded.get(ln.id, (0, 0)),
        )
        for ln in s.scalars(
            select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.line_no)
        )
    )  # fmt: skip
    payments = tuple(
        s.execute(
            select(Payment.method, Payment.amount_vnd).where(Payment.sale_id == sale.id)
        ).all()
    )
    refunds = tuple(
        s.scalars(
            select(Refund.refund_no).where(Refund.sale_id == sale.id).order_by(Refund.created_at)
        )
    )
    copy = s.get(ForeignSale, sale.id)
    _pieces, elsewhere = refunded_elsewhere(s, sale.id)
    clerk = copy.clerk if copy else s.scalar(select(User.name).where(User.id == sale.user_id))
    return SaleForRefund(
        sale.id, sale.receipt_no, sale.created_at, sale.status, sale.total_vnd, clerk or "",
        sale.shift_id, lines, tuple((m, a) for m, a in payments), refunds,
        copy.terminal_code if copy else None, elsewhere,
    )  # fmt: skip


def _refunded(s: Session, sale: Sale) -> dict[uuid.UUID, tuple[int, int]]:
    """(quantity, amount) refunded of each line: here, and at other tills as head office said."""
    refunded: dict[uuid.UUID, tuple[int, int]] = {}
    here = (
        select(RefundLine.sale_line_id, func.sum(RefundLine.quantity),
               func.sum(RefundLine.amount_vnd))
        .join(Refund, Refund.id == RefundLine.refund_id)
        .where(Refund.sale_id == sale.id)
        .group_by(RefundLine.sale_line_id)
    )  # fmt: skip
    elsewhere = (
        select(RefundedElsewhere.sale_line_id, RefundedElsewhere.quantity,
               RefundedElsewhere.amount_vnd)
        .join(SaleLine, SaleLine.id == RefundedElsewhere.sale_line_id)
        .where(SaleLine.sale_id == sale.id)
    )  # fmt: skip
    for query in (here, elsewhere):
        for line_id, qty, amount in s.execute(query):
            before = refunded.get(line_id, (0, 0))
            refunded[line_id] = (before[0] + int(qty), before[1] + int(amount))
    return refunded

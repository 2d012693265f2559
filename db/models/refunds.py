"""Voided sales and refunds: money and goods going back after a sale was completed.

A void cancels a whole sale in the shift that made it (``Sale.status`` becomes ``voided``, a
``sale_voids`` row says who and why). A refund is a document of its own, numbered like a receipt,
that gives back some or all lines of an earlier sale; refunded quantities per sale line are the
sum of its refund lines, never more than what was sold.
"""

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, id_column, utcnow

RESTOCK_TARGETS = ("shelf", "damaged")


class SaleVoid(Base):
    """Why and by whom a completed sale was voided."""

    __tablename__ = "sale_voids"

    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    shift_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shifts.id"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    authorised_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(200), default="")
    total_vnd: Mapped[int]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Refund(Base):
    """Money given back for lines of an earlier sale. Amounts are positive đồng.

    ``total_vnd`` is the goods' value (lines, VAT); ``rounding_vnd`` the cash rounding of what
    went back in cash (the shop's step, as for a sale): the payments add up to
    ``total_vnd + rounding_vnd``.
    """

    __tablename__ = "refunds"
    __table_args__ = (CheckConstraint("total_vnd >= 0", name="total_vnd"),)

    id: Mapped[uuid.UUID] = id_column()
    refund_no: Mapped[str] = mapped_column(String(40), unique=True)
    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales.id"), index=True)
    terminal_code: Mapped[str] = mapped_column(String(16))
    business_date: Mapped[dt.date] = mapped_column(index=True)
    shift_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shifts.id"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    authorised_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(200), default="")
    total_vnd: Mapped[int]
    vat_vnd: Mapped[int]
    rounding_vnd: Mapped[int] = mapped_column(default=0, server_default="0")
    receipt_lang: Mapped[str] = mapped_column(String(8), default="vi")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    lines: Mapped[list["RefundLine"]] = relationship(order_by="RefundLine.line_no")
    payments: Mapped[list["RefundPayment"]] = relationship()
    vat_lines: Mapped[list["RefundVat"]] = relationship(order_by="RefundVat.rate_pct")


class RefundLine(Base):
    """Part or all of one sale line given back; ``restock`` says where the goods went."""

    __tablename__ = "refund_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity"),
        CheckConstraint("amount_vnd >= 0", name="amount_vnd"),
        CheckConstraint(f"restock IN {RESTOCK_TARGETS!r}", name="restock"),
    )

    id: Mapped[uuid.UUID] = id_column()
    refund_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("refunds.id"), index=True)
    line_no: Mapped[int]
    sale_line_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sale_lines.id"), index=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"), index=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(10))
    quantity: Mapped[int]
    amount_vnd: Mapped[int]
    vat_rate_pct: Mapped[int]
    restock: Mapped[str] = mapped_column(String(10), default="shelf")


class RefundVat(Base):
    """VAT contained in a refund at one rate, rounded once for the rate (as for a sale)."""

    __tablename__ = "refund_vat"

    refund_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("refunds.id"), primary_key=True)
    rate_pct: Mapped[int] = mapped_column(primary_key=True)
    gross_vnd: Mapped[int]
    vat_vnd: Mapped[int]


class RefundPayment(Base):
    """Money paid back, by method (the sale's original methods, or cash)."""

    __tablename__ = "refund_payments"
    __table_args__ = (
        CheckConstraint("method IN ('cash', 'vietqr', 'card')", name="method"),
        CheckConstraint("amount_vnd > 0", name="amount_vnd"),
    )

    id: Mapped[uuid.UUID] = id_column()
    refund_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("refunds.id"), index=True)
    method: Mapped[str] = mapped_column(String(10))
    amount_vnd: Mapped[int]
    reference: Mapped[str] = mapped_column(String(80), default="")

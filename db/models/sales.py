"""Sales, their lines, VAT per rate and payments; and the per-terminal receipt counter."""

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, id_column, utcnow

SALE_STATUSES = ("completed", "voided")
PAYMENT_METHODS = ("cash", "vietqr", "card")


class ReceiptCounter(Base):
    """Last receipt sequence used by a terminal on a business day."""

    __tablename__ = "receipt_counters"

    terminal_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    business_date: Mapped[dt.date] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)


class Sale(Base):
    """A completed sale. Amounts are VAT-inclusive integer đồng.

    ``subtotal_vnd`` is the sum of lines after line discounts, ``discount_vnd`` the cart
    discount, ``total_vnd`` what the goods cost, ``vat_vnd`` the VAT it contains, and
    ``rounding_vnd`` the cash rounding: the payments add up to ``total_vnd + rounding_vnd``.
    """

    __tablename__ = "sales"
    __table_args__ = (
        CheckConstraint(f"status IN {SALE_STATUSES!r}", name="status"),
        CheckConstraint("total_vnd >= 0", name="total_vnd"),
        Index("ix_sales_business_date", "business_date"),
        # Covering: the sales of a period (a producer's statement) without reading the rows.
        Index("ix_sales_created_at", "created_at", "status", "id"),
    )

    id: Mapped[uuid.UUID] = id_column()
    receipt_no: Mapped[str] = mapped_column(String(40), unique=True)
    terminal_code: Mapped[str] = mapped_column(String(16))
    business_date: Mapped[dt.date]
    seq: Mapped[int]
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    shift_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("shifts.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="completed")
    subtotal_vnd: Mapped[int]
    discount_vnd: Mapped[int] = mapped_column(default=0)
    total_vnd: Mapped[int]
    vat_vnd: Mapped[int]
    rounding_vnd: Mapped[int] = mapped_column(default=0, server_default="0")
    discount_authorised_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    receipt_lang: Mapped[str] = mapped_column(String(8), default="vi")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    lines: Mapped[list["SaleLine"]] = relationship(order_by="SaleLine.line_no")
    payments: Mapped[list["Payment"]] = relationship()
    vat_lines: Mapped[list["SaleVat"]] = relationship(order_by="SaleVat.rate_pct")


class SaleLine(Base):
    """A line as sold: name, price, discount and VAT rate are copied at sale time."""

    __tablename__ = "sale_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity"),
        CheckConstraint("amount_vnd >= 0", name="amount_vnd"),
        # Covering: a producer's statement sums a product's lines without reading the rows.
        Index("ix_sale_lines_product_sale", "product_id", "sale_id", "quantity", "amount_vnd"),
    )

    id: Mapped[uuid.UUID] = id_column()
    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales.id"), index=True)
    line_no: Mapped[int]
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    barcode: Mapped[str] = mapped_column(String(48), default="")
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(10))
    quantity: Mapped[int]
    unit_price_vnd: Mapped[int]
    gross_vnd: Mapped[int]
    line_discount_vnd: Mapped[int] = mapped_column(default=0)
    cart_discount_vnd: Mapped[int] = mapped_column(default=0)
    amount_vnd: Mapped[int]
    vat_rate_pct: Mapped[int]


class SaleVat(Base):
    """VAT contained in a sale at one rate, rounded once for the rate."""

    __tablename__ = "sale_vat"
    # Stored in its primary key's order: no rowid, so no second copy of the key in an index.
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012

    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    rate_pct: Mapped[int] = mapped_column(primary_key=True)
    gross_vnd: Mapped[int]
    vat_vnd: Mapped[int]


class Payment(Base):
    """Money taken for a sale. ``amount_vnd`` is what counts toward the total; for cash the
    customer handed ``tendered_vnd`` and got ``change_vnd`` back."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint(f"method IN {PAYMENT_METHODS!r}", name="method"),
        CheckConstraint("amount_vnd > 0", name="amount_vnd"),
    )

    id: Mapped[uuid.UUID] = id_column()
    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales.id"), index=True)
    method: Mapped[str] = mapped_column(String(10))
    amount_vnd: Mapped[int]
    tendered_vnd: Mapped[int | None]
    change_vnd: Mapped[int] = mapped_column(default=0)
    reference: Mapped[str] = mapped_column(String(80), default="")

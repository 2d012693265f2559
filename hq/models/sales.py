"""Sales, stock movements and audit events as terminals recorded them, one copy each.

Ids are the terminal's UUIDv7s. Product and user ids are not foreign keys here: a terminal may
sell a product of its own, and users live on the terminal.

The many rows under a sale (lines, VAT, payments) and stock movements carry no foreign-key
constraint either, on purpose: PostgreSQL checks those with a trigger per row, which cost more
than half of a push's time at 15 rows a sale. They are written only by :mod:`hq.ingest`, from one
validated payload, in the same transaction as their sale and entry, and never updated or deleted;
the sync tests check that no line is left without its sale.
"""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hq.models.base import Base, utcnow


class Sale(Base):
    """A sale as the terminal recorded it; amounts VAT-inclusive integer đồng."""

    __tablename__ = "sales"
    __table_args__ = (
        Index("ix_sales_terminal_date", "terminal_id", "business_date"),
        Index("ix_sales_receipt_no", "receipt_no"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    # The entry it came from; not indexed: nothing looks sales up by it (hq migration 0011).
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entries.id"))
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminals.id"))
    terminal_code: Mapped[str] = mapped_column(String(16))
    receipt_no: Mapped[str] = mapped_column(String(40))
    business_date: Mapped[dt.date]
    seq: Mapped[int]
    user_id: Mapped[uuid.UUID]
    shift_id: Mapped[uuid.UUID | None]
    status: Mapped[str] = mapped_column(String(12))
    subtotal_vnd: Mapped[int]
    discount_vnd: Mapped[int]
    total_vnd: Mapped[int]
    vat_vnd: Mapped[int]
    rounding_vnd: Mapped[int] = mapped_column(default=0, server_default="0")
    discount_authorised_by: Mapped[uuid.UUID | None]
    receipt_lang: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime]
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SaleLine(Base):
    __tablename__ = "sale_lines"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    sale_id: Mapped[uuid.UUID] = mapped_column(index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[uuid.UUID] = mapped_column(index=True)
    barcode: Mapped[str] = mapped_column(String(48))
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(10))
    quantity: Mapped[int]
    unit_price_vnd: Mapped[int]
    gross_vnd: Mapped[int]
    line_discount_vnd: Mapped[int]
    cart_discount_vnd: Mapped[int]
    amount_vnd: Mapped[int]
    vat_rate_pct: Mapped[int] = mapped_column(Integer)


class SaleVat(Base):
    __tablename__ = "sale_vat"

    sale_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    rate_pct: Mapped[int] = mapped_column(Integer, primary_key=True)
    gross_vnd: Mapped[int]
    vat_vnd: Mapped[int]


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    sale_id: Mapped[uuid.UUID] = mapped_column(index=True)
    method: Mapped[str] = mapped_column(String(10))
    amount_vnd: Mapped[int]
    tendered_vnd: Mapped[int | None]
    change_vnd: Mapped[int]
    reference: Mapped[str] = mapped_column(String(80))


class StockMovement(Base):
    """A signed change of stock at a terminal: from a sale, or recorded on its own."""

    __tablename__ = "stock_movements"
    __table_args__ = (Index("ix_stock_movements_terminal_product", "terminal_id", "product_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    # entry_id and sale_id are not indexed: every line of every push wrote them, nothing read
    # them (hq migration 0011).
    entry_id: Mapped[uuid.UUID]
    terminal_id: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[uuid.UUID]
    kind: Mapped[str] = mapped_column(String(12))
    quantity: Mapped[int]
    unit_cost_vnd: Mapped[int | None]
    reason: Mapped[str] = mapped_column(String(200))
    sale_id: Mapped[uuid.UUID | None]
    user_id: Mapped[uuid.UUID | None]
    created_at: Mapped[dt.datetime]


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entries.id"))  # not indexed: 0011
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminals.id"))
    at: Mapped[dt.datetime]
    kind: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[uuid.UUID | None]
    authorised_by: Mapped[uuid.UUID | None]
    subject_id: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]]

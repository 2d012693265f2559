"""What terminals did besides selling, applied from their outbox entries: voids, refunds,
shifts and their cash, Z reports, settlements, goods receipts, counts, adjustments, and their
own catalogue edits. Each row keeps the entry it came from (``entry_id``) and its terminal.

As for sales (see :mod:`hq.models.sales`), rows under a head row carry no foreign key: they are
written only by :mod:`hq.ingest` from one validated payload, with their head, never updated.
"""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hq.models.base import Base


class _FromEntry:
    entry_id: Mapped[uuid.UUID] = mapped_column(index=True)
    terminal_id: Mapped[int] = mapped_column(Integer)


class SaleVoid(_FromEntry, Base):
    """A completed sale voided whole; the sale's status says ``voided`` too."""

    __tablename__ = "sale_voids"

    sale_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(40))
    shift_id: Mapped[uuid.UUID | None]
    user_id: Mapped[uuid.UUID]
    authorised_by: Mapped[uuid.UUID | None]
    reason: Mapped[str] = mapped_column(String(200))
    total_vnd: Mapped[int]
    business_date: Mapped[dt.date] = mapped_column(index=True)
    created_at: Mapped[dt.datetime]


class Refund(_FromEntry, Base):
    __tablename__ = "refunds"
    __table_args__ = (
        Index("ix_refunds_terminal_date", "terminal_id", "business_date"),
        Index("ix_refunds_business_date", "business_date"),  # the chain's reports over a period
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    refund_no: Mapped[str] = mapped_column(String(40))
    sale_id: Mapped[uuid.UUID] = mapped_column(index=True)
    terminal_code: Mapped[str] = mapped_column(String(16))
    business_date: Mapped[dt.date]
    shift_id: Mapped[uuid.UUID | None]
    user_id: Mapped[uuid.UUID]
    authorised_by: Mapped[uuid.UUID | None]
    reason: Mapped[str] = mapped_column(String(200))
    total_vnd: Mapped[int]  # the goods' value, as its lines and VAT
    vat_vnd: Mapped[int]
    # The cash part rounded to the shop's step (hq migration 0013): payments = total + rounding.
    rounding_vnd: Mapped[int] = mapped_column(default=0, server_default="0")
    receipt_lang: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime]


class RefundLine(Base):
    __tablename__ = "refund_lines"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    refund_id: Mapped[uuid.UUID] = mapped_column(index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    sale_line_id: Mapped[uuid.UUID] = mapped_column(index=True)
    product_id: Mapped[uuid.UUID]
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(10))
    quantity: Mapped[int]
    amount_vnd: Mapped[int]
    vat_rate_pct: Mapped[int] = mapped_column(Integer)
    restock: Mapped[str] = mapped_column(String(10))


class RefundVat(Base):
    __tablename__ = "refund_vat"

    refund_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    rate_pct: Mapped[int] = mapped_column(Integer, primary_key=True)
    gross_vnd: Mapped[int]
    vat_vnd: Mapped[int]


class RefundPayment(Base):
    __tablename__ = "refund_payments"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    refund_id: Mapped[uuid.UUID] = mapped_column(index=True)
    method: Mapped[str] = mapped_column(String(10))
    amount_vnd: Mapped[int]
    reference: Mapped[str] = mapped_column(String(80))


class StockAdjustment(_FromEntry, Base):
    """Goods written off (damaged, expired, lost) or found; ``quantity`` is what went out."""

    __tablename__ = "stock_adjustments"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID]
    quantity: Mapped[int]
    reason: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(String(200))
    batch_no: Mapped[str] = mapped_column(String(40))
    movement_id: Mapped[uuid.UUID | None]
    user_id: Mapped[uuid.UUID]
    created_at: Mapped[dt.datetime]


class Shift(_FromEntry, Base):
    """A shift as opened; its close is a :class:`ShiftClose` of the same id."""

    __tablename__ = "shifts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    terminal_code: Mapped[str] = mapped_column(String(16))
    business_date: Mapped[dt.date]
    opened_by: Mapped[uuid.UUID]
    opened_at: Mapped[dt.datetime]
    float_vnd: Mapped[int]
    authorised_by: Mapped[uuid.UUID | None]


class ShiftClose(_FromEntry, Base):
    """The cash counted at a shift's close, per denomination (``notes``), and the difference."""

    __tablename__ = "shift_closes"

    shift_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    closed_by: Mapped[uuid.UUID]
    closed_at: Mapped[dt.datetime]
    expected_cash_vnd: Mapped[int]
    counted_cash_vnd: Mapped[int]
    difference_vnd: Mapped[int]
    notes: Mapped[dict[str, Any]]


class CashMovement(_FromEntry, Base):
    __tablename__ = "cash_movements"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    shift_id: Mapped[uuid.UUID] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(10))
    amount_vnd: Mapped[int]
    reason: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[uuid.UUID]
    authorised_by: Mapped[uuid.UUID | None]
    created_at: Mapped[dt.datetime]


class ZReport(_FromEntry, Base):
    """A terminal's end of day as it printed it: the figures head office's own must equal."""

    __tablename__ = "z_reports"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    terminal_code: Mapped[str] = mapped_column(String(16))
    z_no: Mapped[int]
    business_date: Mapped[dt.date] = mapped_column(index=True)
    first_opened_at: Mapped[dt.datetime]
    closed_by: Mapped[uuid.UUID]
    created_at: Mapped[dt.datetime]
    sales_count: Mapped[int]
    sales_vnd: Mapped[int]
    refunds_vnd: Mapped[int]
    net_vnd: Mapped[int]
    expected_cash_vnd: Mapped[int]
    counted_cash_vnd: Mapped[int]
    shift_ids: Mapped[dict[str, Any]]


class Settlement(_FromEntry, Base):
    """A consignment statement a shop settled with a producer."""

    __tablename__ = "settlements"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    statement_no: Mapped[str] = mapped_column(String(40))
    producer_id: Mapped[uuid.UUID] = mapped_column(index=True)
    period_start: Mapped[dt.datetime]
    period_end: Mapped[dt.datetime]
    sold_vnd: Mapped[int]
    refunded_vnd: Mapped[int]
    net_vnd: Mapped[int]
    commission_vnd: Mapped[int]
    owed_vnd: Mapped[int]
    created_by: Mapped[uuid.UUID]
    created_at: Mapped[dt.datetime]


class GoodsReceipt(_FromEntry, Base):
    __tablename__ = "goods_receipts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    producer_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    delivery_note_no: Mapped[str] = mapped_column(String(60))
    reverses_id: Mapped[uuid.UUID | None]
    confirmed_by: Mapped[uuid.UUID]
    confirmed_at: Mapped[dt.datetime]


class GoodsReceiptLine(Base):
    __tablename__ = "goods_receipt_lines"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    receipt_id: Mapped[uuid.UUID] = mapped_column(index=True)
    product_id: Mapped[uuid.UUID]
    quantity: Mapped[int]
    unit_cost_vnd: Mapped[int | None]
    batch_no: Mapped[str] = mapped_column(String(40))
    expiry_date: Mapped[dt.date | None]
    consignment: Mapped[bool]
    commission_pct: Mapped[int] = mapped_column(Integer)


class StockCount(_FromEntry, Base):
    """A count applied at a terminal; its lines (expected and counted) as they came."""

    __tablename__ = "stock_counts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(20))
    scope_value: Mapped[str | None] = mapped_column(String(40))
    opened_at: Mapped[dt.datetime]
    applied_by: Mapped[uuid.UUID]
    applied_at: Mapped[dt.datetime]
    lines: Mapped[dict[str, Any]]


class CatalogueEdit(Base):
    """A terminal's own edit of a product, producer or price, for head office to look at."""

    __tablename__ = "catalogue_edits"

    entry_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    terminal_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    data: Mapped[dict[str, Any]]
    created_at: Mapped[dt.datetime]

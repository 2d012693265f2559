"""Stock work of a manager: goods receipts from producers, stock counts and adjustments.

Each of them posts signed rows to the stock ledger (``stock_movements``); a line keeps the id of
the movement it made, so a report can go from the ledger back to the paper it came from.
"""

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, id_column, utcnow

RECEIPT_STATUSES = ("draft", "confirmed")
COUNT_SCOPES = ("shelf", "group", "shop")
COUNT_STATUSES = ("open", "applied", "cancelled")
ADJUSTMENT_REASONS = ("damaged", "expired", "lost", "sample", "gift", "returned")


class GoodsReceipt(Base):
    """A delivery from a producer (phiếu nhập hàng): a draft until confirmed, then frozen.

    A confirmed receipt is corrected only by a reversing receipt (``reverses_id``) whose lines
    carry the opposite quantities; a receipt can be reversed once.
    """

    __tablename__ = "goods_receipts"
    __table_args__ = (
        CheckConstraint(f"status IN {RECEIPT_STATUSES!r}", name="status"),
        Index("ix_goods_receipts_status_created", "status", "created_at"),
    )

    id: Mapped[uuid.UUID] = id_column()
    producer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("producers.id"), index=True)
    delivery_note_no: Mapped[str] = mapped_column(String(60), default="")
    note: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(10), default="draft")
    reverses_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("goods_receipts.id"), unique=True
    )
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    confirmed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[dt.datetime | None]

    lines: Mapped[list["GoodsReceiptLine"]] = relationship(
        order_by="GoodsReceiptLine.line_no", cascade="all, delete-orphan"
    )


class GoodsReceiptLine(Base):
    """One product of a delivery: quantity (pieces or grams), unit cost in đồng, the batch and
    its expiry date, and whether it is owned stock or consignment (with the commission rate)."""

    __tablename__ = "goods_receipt_lines"
    __table_args__ = (
        CheckConstraint("quantity <> 0", name="quantity"),
        CheckConstraint("unit_cost_vnd IS NULL OR unit_cost_vnd >= 0", name="unit_cost_vnd"),
        CheckConstraint("commission_pct BETWEEN 0 AND 100", name="commission_pct"),
        UniqueConstraint("receipt_id", "line_no"),
    )

    id: Mapped[uuid.UUID] = id_column()
    receipt_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("goods_receipts.id"), index=True)
    line_no: Mapped[int]
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"), index=True)
    quantity: Mapped[int]
    unit_cost_vnd: Mapped[int | None]
    batch_no: Mapped[str] = mapped_column(String(40), default="")
    expiry_date: Mapped[dt.date | None]
    consignment: Mapped[bool] = mapped_column(default=False)
    commission_pct: Mapped[int] = mapped_column(default=0)
    movement_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("stock_movements.id"))


class StockCount(Base):
    """A stock count (kiểm kê) of a shelf, a product group or the whole shop.

    ``scope_value`` is the shelf's name or the group code. Open until applied (or cancelled);
    applied exactly once.
    """

    __tablename__ = "stock_counts"
    __table_args__ = (
        CheckConstraint(f"scope IN {COUNT_SCOPES!r}", name="scope"),
        CheckConstraint(f"status IN {COUNT_STATUSES!r}", name="status"),
    )

    id: Mapped[uuid.UUID] = id_column()
    scope: Mapped[str] = mapped_column(String(10))
    scope_value: Mapped[str] = mapped_column(String(80), default="")
    note: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(10), default="open")
    opened_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    closed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[dt.datetime | None]


class StockCountLine(Base):
    """What was counted of one product: ``counted`` so far, and ``expected``, the on-hand level
    at ``counted_at``, the moment of the product's last entry (see kiosk.core.stock.counts)."""

    __tablename__ = "stock_count_lines"
    __table_args__ = (
        CheckConstraint("counted >= 0", name="counted"),
        UniqueConstraint("count_id", "product_id"),
    )

    id: Mapped[uuid.UUID] = id_column()
    count_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stock_counts.id"))
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"), index=True)
    counted: Mapped[int] = mapped_column(default=0)
    expected: Mapped[int] = mapped_column(default=0)
    counted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    movement_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("stock_movements.id"))


class StockAdjustment(Base):
    """Stock taken off the books for a reason: damaged, expired, lost, sample, gift or returned
    to the producer. ``quantity`` is what left the shelf (positive); the movement is negative."""

    __tablename__ = "stock_adjustments"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity"),
        CheckConstraint(f"reason IN {ADJUSTMENT_REASONS!r}", name="reason"),
    )

    id: Mapped[uuid.UUID] = id_column()
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"), index=True)
    quantity: Mapped[int]
    reason: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(String(200), default="")
    batch_no: Mapped[str] = mapped_column(String(40), default="")
    movement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stock_movements.id"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

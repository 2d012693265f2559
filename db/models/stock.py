"""Stock: the append-only movement ledger and the on-hand level kept in step with it."""

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, id_column, utcnow

MOVEMENT_KINDS = ("receipt", "sale", "refund", "void", "adjustment", "count")


class StockMovement(Base):
    """One signed change of stock (pieces, or grams for weighed goods).

    Append-only: the migration installs triggers that refuse UPDATE and DELETE. A mistake is
    corrected by a new, reversing movement.
    """

    __tablename__ = "stock_movements"
    __table_args__ = (
        CheckConstraint(f"kind IN {MOVEMENT_KINDS!r}", name="kind"),
        CheckConstraint("quantity <> 0", name="quantity"),
        Index("ix_stock_movements_product_created", "product_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = id_column()
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    kind: Mapped[str] = mapped_column(String(12))
    quantity: Mapped[int]
    unit_cost_vnd: Mapped[int | None]
    reason: Mapped[str] = mapped_column(String(200), default="")
    # No index: a void finds its sale's movements by product and time (migration 0011).
    sale_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("sales.id"))
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class StockLevel(Base):
    """On-hand quantity of a product: always the sum of its movements (checked by tests)."""

    __tablename__ = "stock_levels"

    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"), primary_key=True)
    on_hand: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

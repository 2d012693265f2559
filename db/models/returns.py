"""Returns across terminals (issue 13): what a kiosk keeps of the sales of other tills of its
shop that it refunds, and what head office said other tills refunded.

A sale of another till is copied into ``sales`` (with its lines, VAT and payments, under the ids
head office has), so that a refund here references it as it references a sale of this till; its
``foreign_sales`` row marks it as a copy. A copy is none of this kiosk's sales: it has no shift,
no stock movements and no outbox entry, and the reports and statements leave it out
(:func:`kiosk.core.cash.foreign_sales.own_sales`).
"""

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ColumnElement, ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base


class ForeignSale(Base):
    """A copy of a sale made at ``terminal_code`` by ``clerk``, fetched from head office."""

    __tablename__ = "foreign_sales"

    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    terminal_code: Mapped[str] = mapped_column(String(16))
    clerk: Mapped[str] = mapped_column(String(200), default="")
    fetched_at: Mapped[dt.datetime]


class RefundedElsewhere(Base):
    """What head office last said other tills refunded of a sale line (this till's own refunds
    are in ``refund_lines``), as of ``as_of``."""

    __tablename__ = "refunded_elsewhere"
    __table_args__ = (
        CheckConstraint("quantity >= 0", name="quantity"),
        CheckConstraint("amount_vnd >= 0", name="amount_vnd"),
    )

    sale_line_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sale_lines.id"), primary_key=True)
    quantity: Mapped[int]
    amount_vnd: Mapped[int]
    as_of: Mapped[dt.datetime]


def own_sale(sale_id: ColumnElement[uuid.UUID]) -> ColumnElement[bool]:
    """The condition that the sale ``sale_id`` is this kiosk's own, not a copy of another
    till's: every count of the kiosk's sales (reports, statements, reprints) adds it."""
    return sale_id.not_in(select(ForeignSale.sale_id))

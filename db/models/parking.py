"""Parked carts, kept on disk so that a restart (or a shutdown with a cart on the till) loses
no customer's goods."""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, id_column, utcnow


class ParkedCartRow(Base):
    """A cart set aside: who parked it, when, and its lines and discounts as JSON
    (kiosk.core.sale.parked_store). Deleted when the cart is recalled."""

    __tablename__ = "parked_carts"

    id: Mapped[uuid.UUID] = id_column()
    parked_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    parked_by: Mapped[str] = mapped_column(String(80), default="")
    cart: Mapped[dict[str, Any]] = mapped_column(JSON)

"""Users of the terminal and their shifts."""

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, id_column, utcnow

ROLES = ("clerk", "manager", "admin")


class User(Base):
    """A person who signs in with a PIN (stored as an argon2 hash, never in clear)."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN {ROLES!r}", name="role"),)

    id: Mapped[uuid.UUID] = id_column()
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    pin_hash: Mapped[str] = mapped_column(String(200))
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Shift(Base):
    """A cash shift at one terminal, from the counted float to the counted close."""

    __tablename__ = "shifts"

    id: Mapped[uuid.UUID] = id_column()
    terminal_code: Mapped[str] = mapped_column(String(16))
    opened_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    float_vnd: Mapped[int] = mapped_column(default=0)
    closed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[dt.datetime | None]
    counted_cash_vnd: Mapped[int | None]

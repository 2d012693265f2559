"""Users of the terminal and their shifts."""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, text
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


class PinGuard(Base):
    """Wrong manager PINs counted for a whole terminal (``scope``), with the lock they led to.

    A user's own count is on ``users``; this one catches guessing that names no manager.
    """

    __tablename__ = "pin_guards"

    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]


class Shift(Base):
    """A cash shift at one terminal, from the counted float to the counted close.

    At most one shift per terminal is open (``closed_at`` NULL): a partial unique index says so.
    At the close the expected cash is stored beside the counted cash (and the count per
    denomination), so the difference stays what the manager saw even if rows are added later.
    ``z_report_id`` is set when the day's Z report takes the closed shift in.
    """

    __tablename__ = "shifts"
    __table_args__ = (
        CheckConstraint("float_vnd >= 0", name="float_vnd"),
        CheckConstraint("counted_cash_vnd IS NULL OR counted_cash_vnd >= 0", name="counted_cash"),
        Index(
            "ix_shifts_one_open_per_terminal",
            "terminal_code",
            unique=True,
            sqlite_where=text("closed_at IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = id_column()
    terminal_code: Mapped[str] = mapped_column(String(16))
    business_date: Mapped[dt.date]
    opened_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    float_vnd: Mapped[int] = mapped_column(default=0)
    closed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[dt.datetime | None]
    counted_cash_vnd: Mapped[int | None]
    counted_notes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    expected_cash_vnd: Mapped[int | None]
    z_report_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("z_reports.id"), index=True)

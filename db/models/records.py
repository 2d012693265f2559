"""Audit trail, the sync outbox and its state, and key/value settings."""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.ids import new_id
from db.models.base import Base, id_column, utcnow


class AuditEvent(Base):
    """Something a person did that someone may later ask about: append-only."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_kind_at", "kind", "at"),)

    id: Mapped[uuid.UUID] = id_column()
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    authorised_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    subject_id: Mapped[str] = mapped_column(String(40), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class OutboxEntry(Base):
    """A change to send to head office, written in the same transaction as the change.

    ``seq`` gives the order of pushing; ``id`` is what head office de-duplicates on.
    """

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    id: Mapped[uuid.UUID] = mapped_column(unique=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(index=True)


class SyncState(Base):
    """Cursors and markers of the sync client (catalogue version pulled, last push...)."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(400))


class Setting(Base):
    """A terminal setting as JSON (shop name, terminal code, scale-code layout...)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)

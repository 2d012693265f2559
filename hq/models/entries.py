"""What terminals pushed: every accepted entry once, and the rejected ones for an operator."""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hq.models.base import Base, Json, utcnow


class Entry(Base):
    """An outbox entry head office accepted. Its id is the idempotency key of the push.

    Kinds head office knows (sale, audit, stock_movement) are also applied into their tables;
    other well-formed kinds are kept here as they came (``payload``) until a later version
    applies them.
    """

    __tablename__ = "entries"
    __table_args__ = (Index("ix_entries_terminal_seq", "terminal_id", "seq"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminals.id"))
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(40))
    applied: Mapped[bool]
    created_at: Mapped[dt.datetime]
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    payload: Mapped[dict[str, Any] | None]


class RejectedEntry(Base):
    """An entry refused with a reason, kept as it came (``raw``) for an operator to see.

    A terminal that did not hear the answer sends the entry again: ``attempts`` counts that.
    """

    __tablename__ = "rejected_entries"
    __table_args__ = (Index("ix_rejected_entries_terminal_entry", "terminal_id", "entry_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminals.id"))
    entry_id: Mapped[uuid.UUID | None]
    seq: Mapped[int | None]
    kind: Mapped[str] = mapped_column(String(40), default="")
    reason: Mapped[str] = mapped_column(Text)
    raw: Mapped[Any] = mapped_column(Json)
    attempts: Mapped[int] = mapped_column(default=1)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

"""What the status bar reports about the terminal's data: the open shift and unsynced sales."""

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.models import OutboxEntry, Shift


@dataclass(frozen=True)
class OpenShift:
    id: uuid.UUID
    opened_at: dt.datetime


def pending_sync(session_factory: sessionmaker[Session], kind: str | None = "sale") -> int:
    """Outbox entries not yet acknowledged by head office (sales only, by default)."""
    query = select(func.count()).select_from(OutboxEntry).where(OutboxEntry.sent_at.is_(None))
    if kind is not None:
        query = query.where(OutboxEntry.kind == kind)
    with session_factory() as s:
        return int(s.scalar(query) or 0)


def open_shift(session_factory: sessionmaker[Session], terminal_code: str) -> OpenShift | None:
    """The shift open at this terminal, if any (the latest opened)."""
    with session_factory() as s:
        row = s.execute(
            select(Shift.id, Shift.opened_at)
            .where(Shift.terminal_code == terminal_code, Shift.closed_at.is_(None))
            .order_by(Shift.opened_at.desc())
            .limit(1)
        ).first()
    return OpenShift(row[0], row[1]) if row else None

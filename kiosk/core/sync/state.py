"""What the terminal keeps in ``sync_state`` for sync: its enrolment (head office's address, the
terminal code, the token), the catalogue cursor, the last successes and the rejected entries.
"""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.models import OutboxEntry, SyncState
from kiosk.core.sync.reports import SyncStatus

KEY_BASE_URL = "hq.base_url"
KEY_TERMINAL = "hq.terminal_code"
KEY_TOKEN = "hq.token"
KEY_CATALOGUE_VERSION = "catalogue.version"
KEY_CATALOGUE_CURSOR = "catalogue.cursor"  # the next page of a pull not finished yet
KEY_LAST_SUCCESS = "sync.last_success"
KEY_LAST_PUSH = "push.last_success"
KEY_REJECTED_COUNT = "push.rejected_count"
REJECTED_PREFIX = "rejected:"


@dataclass(frozen=True)
class Enrolment:
    """Where head office is, and who this terminal is there."""

    base_url: str
    terminal_code: str
    token: str


def save_enrolment(session_factory: sessionmaker[Session], enrolment: Enrolment) -> None:
    """Keep the address, terminal code and token in ``sync_state``; a new token replaces the old."""
    with session_factory.begin() as session:
        put_state(session, KEY_BASE_URL, enrolment.base_url)
        put_state(session, KEY_TERMINAL, enrolment.terminal_code)
        put_state(session, KEY_TOKEN, enrolment.token)


def load_enrolment(session_factory: sessionmaker[Session]) -> Enrolment | None:
    """The enrolment kept in ``sync_state``, None before the terminal is enrolled."""
    with session_factory() as session:
        values = {k: session.get(SyncState, k) for k in (KEY_BASE_URL, KEY_TERMINAL, KEY_TOKEN)}
    if any(v is None for v in values.values()):
        return None
    return Enrolment(
        values[KEY_BASE_URL].value, values[KEY_TERMINAL].value, values[KEY_TOKEN].value
    )


def put_state(session: Session, key: str, value: str) -> None:
    """Set ``key`` to ``value``, a new key or a new value."""
    row = session.get(SyncState, key)
    if row is None:
        session.add(SyncState(key=key, value=value))
    else:
        row.value = value


def drop_state(session: Session, key: str) -> None:
    """Forget ``key`` (nothing when it was never set)."""
    row = session.get(SyncState, key)
    if row is not None:
        session.delete(row)


def get_state(session: Session, key: str) -> str | None:
    """The value of ``key``, None when it was never set."""
    row = session.get(SyncState, key)
    return None if row is None else row.value


def iso_utc(value: dt.datetime) -> str:
    """A moment in UTC as ISO 8601 with a "Z", as ``sync_state`` and the push protocol write it."""
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def count_unsent(session: Session) -> int:
    """How many outbox entries are still unsent."""
    return session.scalar(
        select(func.count()).select_from(OutboxEntry).where(OutboxEntry.sent_at.is_(None))
    )


def stored_status(
    session_factory: sessionmaker[Session],
    *,
    online: bool | None = None,
    last_error: str | None = None,
    refused: bool = False,
) -> SyncStatus:
    """The status bar's figures kept in the database (backlog, last success, rejected), with
    what only a sync client knows (``online``: None before its first attempt)."""
    with session_factory() as session:
        backlog = count_unsent(session)
        last = get_state(session, KEY_LAST_SUCCESS)
        rejected = int(get_state(session, KEY_REJECTED_COUNT) or 0)
    return SyncStatus(
        backlog=backlog,
        last_success=dt.datetime.fromisoformat(last) if last else None,
        online=online,
        last_error=last_error,
        rejected=rejected,
        refused=refused,
    )

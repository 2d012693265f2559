"""A push's statements about its terminal: read it and lock it, find the entries it already
sent, note the push on it.

They run in the push's transaction (see :mod:`hq.ingest`), each as one plain statement on the
session's connection: no ORM object is loaded or kept in step for them, and on PostgreSQL the
terminal's row is read by the very statement that takes its advisory lock. Every push of every
terminal makes them, so their cost is paid per batch: on a batch of 500 entries the ORM's way
(``session.get`` and an ORM ``UPDATE`` that evaluated itself against the loaded terminal) cost
about 2 ms of CPU, these a fraction of it.
"""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from hq.models import Entry, Terminal

# The advisory lock's first key: pushes (the second is the terminal's id).
PUSH_LOCK = 7001


@dataclass(frozen=True)
class PushingTerminal:
    """What a push needs of its terminal."""

    id: int
    code: str
    shop_id: int


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def lock(
    session: Session, terminal_id: int, ids: Sequence[uuid.UUID] = ()
) -> tuple[PushingTerminal | None, set[uuid.UUID] | None]:
    """The terminal (None if there is none), its pushes serialised from here to the commit, and
    those of ``ids`` already recorded as entries (None: not looked up, see :func:`existing_ids`).

    On PostgreSQL by an advisory lock, taken by the statement that reads the terminal, and the
    ids are looked up by a second statement sent with it (one round trip for both); it runs
    once the lock is held, with a snapshot of its own (READ COMMITTED), so it sees what a push of
    the same terminal committed before. On SQLite by its single writer (``BEGIN IMMEDIATE``);
    the ids are left to :func:`existing_ids`. Either way the duplicate check relies on that.
    """
    if not _postgres(session):
        columns = select(Terminal.id, Terminal.code, Terminal.shop_id)
        found = session.connection().execute(columns.where(Terminal.id == terminal_id)).first()
        return (None if found is None else PushingTerminal(found[0], found[1], found[2])), None
    connection = session.connection().connection.dbapi_connection
    terminal_cursor, ids_cursor = connection.cursor(), connection.cursor()
    try:
        with connection.pipeline():
            terminal_cursor.execute(_LOCK_SQL, [PUSH_LOCK, terminal_id])
            if ids:
                ids_cursor.execute(_IDS_SQL, [list(ids)], binary=True)
        row = terminal_cursor.fetchone()
        known = {found[0] for found in ids_cursor} if ids else set()
    finally:
        terminal_cursor.close()
        ids_cursor.close()
    return (None if row is None else PushingTerminal(row[0], row[1], row[2])), known


_LOCK_SQL = "SELECT id, code, shop_id, pg_advisory_xact_lock(%s, id) FROM terminals WHERE id = %s"
_IDS_SQL = "SELECT id FROM entries WHERE id = ANY(%b)"  # one binary array, not 500 strings


def existing_ids(session: Session, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """Those of ``ids`` already recorded as entries."""
    if not ids:
        return set()
    if _postgres(session):
        cursor = session.connection().connection.dbapi_connection.cursor()
        try:
            cursor.execute(_IDS_SQL, [list(ids)], binary=True)
            return {row[0] for row in cursor}
        finally:
            cursor.close()
    found: set[uuid.UUID] = set()
    connection = session.connection()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.update(connection.execute(select(Entry.id).where(Entry.id.in_(chunk))).scalars())
    return found


def note_push(
    session: Session, terminal_id: int, now: dt.datetime, backlog: int, last_seq: int | None
) -> None:
    """Record a push on the terminal: when, its backlog, and ``last_seq`` (the highest seq it
    accepted) if that is higher than the one recorded."""
    if _postgres(session):  # one plain statement: no SQLAlchemy statement to run each push
        cursor = session.connection().connection.dbapi_connection.cursor()
        try:  # naive UTC, as UtcDateTime stores it; GREATEST passes over a NULL
            cursor.execute(
                _NOTE_SQL if last_seq is not None else _NOTE_NO_SEQ_SQL,
                [now.astimezone(dt.UTC).replace(tzinfo=None), backlog]
                + ([last_seq] if last_seq is not None else [])
                + [terminal_id],
            )
        finally:
            cursor.close()
        return
    values: dict = {"last_push_at": now, "backlog": backlog}
    if last_seq is not None:
        values["last_seq"] = func.max(func.coalesce(Terminal.last_seq, 0), last_seq)
    session.connection().execute(
        update(Terminal.__table__).where(Terminal.id == terminal_id).values(**values)
    )


_NOTE_NO_SEQ_SQL = "UPDATE terminals SET last_push_at = %s, backlog = %s WHERE id = %s"
_NOTE_SQL = (
    "UPDATE terminals SET last_push_at = %s, backlog = %s, last_seq = GREATEST(last_seq, %s)"
    " WHERE id = %s"
)

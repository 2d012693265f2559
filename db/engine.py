"""Engine and session set-up for the kiosk's SQLite file.

WAL keeps readers (the screen, reports) from blocking the writer (checkout); ``synchronous=FULL``
makes a committed sale survive a power cut; foreign keys are on; a busy timeout lets a second
process (the CLI next to the running app) wait its turn instead of failing at once.
"""

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 5000


class DatabaseError(Exception):
    """The database file cannot be used: corrupt, not a database, or unreadable."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class DatabaseLocked(DatabaseError):
    """Another process holds the database longer than the busy timeout."""


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record) -> None:
    cur = dbapi_conn.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
    finally:
        cur.close()


def _json_default(value: object) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps_json(value: object) -> str:
    """JSON for the JSON columns: ids and timestamps as ISO strings, Vietnamese kept as is."""
    return json.dumps(value, default=_json_default, ensure_ascii=False)


def make_engine(path: Path | str, *, echo: bool = False) -> Engine:
    """An engine on the SQLite file at ``path`` with the kiosk's pragmas on every connection.

    Reads begin DEFERRED, so a screen reading never holds the write lock. Sessions opened with
    :meth:`KioskSessionMaker.begin` (the writers) begin IMMEDIATE, so two writers queue on the
    busy timeout instead of one failing half-way when it upgrades a read lock to a write lock.
    """
    engine = create_engine(f"sqlite:///{path}", echo=echo, json_serializer=dumps_json)
    event.listen(engine, "connect", _connect)
    event.listen(engine, "begin", _begin)
    return engine


def _connect(dbapi_conn: sqlite3.Connection, record) -> None:
    dbapi_conn.isolation_level = None
    _set_pragmas(dbapi_conn, record)


def _begin(conn) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


class KioskSessionMaker(sessionmaker[Session]):
    """``sessionmaker`` whose ``begin()`` takes SQLite's write lock at once (BEGIN IMMEDIATE)."""

    @contextmanager
    def begin(self) -> Iterator[Session]:  # type: ignore[override]
        with self() as session:
            session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            try:
                yield session
            except BaseException:
                session.rollback()
                raise
            session.commit()


def make_session_factory(engine: Engine) -> KioskSessionMaker:
    return KioskSessionMaker(engine, expire_on_commit=False)


SQLITE_MAGIC = b"SQLite format 3\x00"


def left_unclean(path: Path | str) -> bool:
    """Whether the last program that wrote the file did not close it: SQLite deletes the WAL
    (or the rollback journal) when its last connection closes, so one left with content is
    the mark of a crash or a power cut, or of another process that has the file open now."""
    for suffix in ("-wal", "-journal"):
        left = Path(f"{path}{suffix}")
        if left.exists() and left.stat().st_size > 0:
            return True
    return False


def check_database(path: Path | str, *, thorough: bool = True) -> None:
    """Raise :class:`DatabaseError` if ``path`` exists but is not a healthy SQLite database
    (an empty file included).

    ``thorough`` runs ``PRAGMA quick_check`` over every page: seconds on a shop's file of a
    million sales. Without it only what a start needs is checked: the file is not empty, is a
    SQLite database and its schema can be read.
    """
    p = Path(path)
    if not p.exists():
        return
    if p.stat().st_size == 0:
        # SQLite would open it as a new, empty database: the sales it held would be gone
        # without a word. Refused like a damaged file; the operator restores a backup.
        raise DatabaseError(p, "the file is empty (zero length)")
    with p.open("rb") as f:
        if f.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise DatabaseError(p, "file is not a database")
    # Reading the schema reads the header and every schema page: enough to refuse a file
    # that is not a database, or whose tables cannot be found, before anything writes to it.
    check = "PRAGMA quick_check" if thorough else "SELECT 'ok' FROM sqlite_schema LIMIT 1"
    try:
        con = sqlite3.connect(f"file:{p}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            row = con.execute(check).fetchone()
            if not thorough:
                con.execute("SELECT count(*), max(length(sql)) FROM sqlite_schema").fetchone()
                row = ("ok",)  # a new file has no schema yet
        finally:
            con.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseLocked(p, str(exc)) from exc
        raise DatabaseError(p, str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(p, str(exc)) from exc
    if row is None or row[0] != "ok":
        raise DatabaseError(p, f"integrity check failed: {row[0] if row else 'no answer'}")

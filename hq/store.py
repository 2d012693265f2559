"""Head office's database: engine set-up for SQLite or PostgreSQL, and schema upgrades.

The same models and Alembic migrations (``hq:migrations``) serve both. On SQLite the engine
takes the write lock at BEGIN (``BEGIN IMMEDIATE``), so two pushes queue instead of one failing
half-way; on PostgreSQL pushes of one terminal are serialised by an advisory lock (see
:mod:`hq.ingest`).
"""

import logging
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000
# A pooled PostgreSQL connection idle this long is pinged before use (see _ping_if_idle).
PING_AFTER_IDLE_S = 5.0


def default_url() -> str:
    return f"sqlite:///{Path.cwd() / 'ocop-hq.sqlite3'}"


def make_engine(url: str) -> Engine:
    """An engine on ``url`` (``sqlite:///file`` or ``postgresql+psycopg://...``)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        return engine
    engine = create_engine(url, pool_size=10, max_overflow=10)
    event.listen(engine, "connect", _note_checkin)  # a new connection: just known to work
    event.listen(engine, "checkin", _note_checkin)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


def _note_checkin(_dbapi_conn, record) -> None:
    record.info["checked_in_at"] = time.monotonic()


def _ping_if_idle(dbapi_conn, record, _proxy) -> None:
    """Make sure a pooled connection that sat idle still works (a database restarted, a
    connection dropped by a firewall meanwhile); a broken one is replaced (SQLAlchemy retries
    the checkout on :class:`DisconnectionError`). One in use moments ago is not pinged: under
    load every push would pay a round trip for it (``pool_pre_ping``'s ``SELECT 1``). A
    connection that breaks while in steady use fails that one request, and SQLAlchemy, seeing
    a disconnect, replaces the pool's connections; the kiosk pushes again.
    """
    idle = time.monotonic() - record.info.get("checked_in_at", 0.0)
    if dbapi_conn.closed or getattr(dbapi_conn, "broken", False):
        raise exc.DisconnectionError("connection closed")
    if idle < PING_AFTER_IDLE_S:
        return
    try:
        with dbapi_conn.cursor() as cursor:
            cursor.execute("SELECT 1")
        dbapi_conn.rollback()  # the ping's transaction: the checkout finds none open
    except Exception as error:
        raise exc.DisconnectionError(f"ping failed: {error}") from error


def _sqlite_connect(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
    finally:
        cur.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "hq:migrations")
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database behind ``engine`` to the newest schema (a no-op when it is there)."""
    if current_revision(engine) == head_revision():
        return
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("head office database at revision %s", head_revision())


def open_database(url: str) -> tuple[Engine, sessionmaker[Session]]:
    """Engine and session factory on ``url``, upgraded to the newest schema."""
    engine = make_engine(url)
    upgrade(engine)
    return engine, make_session_factory(engine)

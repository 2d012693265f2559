"""Bring a database file to the newest schema, after a dated backup copy of it.

The app and the CLI call :func:`upgrade` on start. The backup is made with SQLite's online
backup API so it is consistent even with a WAL file beside it.
"""

import datetime as dt
import logging
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from db.engine import check_database, make_engine

log = logging.getLogger(__name__)

KEEP_BACKUPS = 10


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "db:migrations")
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup(path: Path, backup_dir: Path, *, now: dt.datetime | None = None) -> Path:
    """Copy the database to ``backup_dir`` as ``<stem>-YYYYmmdd-HHMMSS.sqlite3``."""
    now = now or dt.datetime.now()
    backup_dir.mkdir(parents=True, exist_ok=True)
    target = backup_dir / f"{path.stem}-{now:%Y%m%d-%H%M%S}.sqlite3"
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    old = sorted(backup_dir.glob(f"{path.stem}-*.sqlite3"))
    for stale in old[:-KEEP_BACKUPS]:
        stale.unlink()
    log.info("database backed up to %s", target)
    return target


def upgrade(path: Path | str, *, backup_dir: Path | None = None) -> Engine:
    """Upgrade the file at ``path`` to head and return an engine on it.

    A new file is created; an existing one behind head is first backed up; a corrupt one raises
    :class:`db.engine.DatabaseError` and is left untouched.
    """
    path = Path(path)
    check_database(path)
    engine = make_engine(path)
    head = head_revision()
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        current = current_revision(engine)
        if current == head:
            return engine
        backup(path, backup_dir or path.parent / "backups")
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("database %s at revision %s", path, head)
    return engine

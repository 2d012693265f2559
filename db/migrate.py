"""Bring a database file to the newest schema, after a dated backup copy of it.

The app and the CLI call :func:`upgrade` on start. The backup is made with SQLite's online
backup API so it is consistent even with a WAL file beside it.

A start must be quick (the clerk waits at a black screen): when the file is already at head,
which is almost always, Alembic is not even imported (about 0.3 s). The head is read from the
migration files' ``revision`` and ``down_revision`` lines and the file's revision with one
query; the whole-file integrity check runs only when the last run did not close the file.
"""

import datetime as dt
import functools
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

from db.backup import online_backup, prune
from db.engine import check_database, left_unclean, make_engine

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

KEEP_BACKUPS = 10


VERSIONS = Path(__file__).parent / "migrations" / "versions"
_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)


def alembic_config(engine: Engine | None = None) -> "Config":
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "db:migrations")
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@functools.cache
def scripted_head() -> str:
    """The head revision as the migration files name it, without Alembic: the one revision
    that no other revises. Raises if there is not exactly one (Alembic would refuse too)."""
    revisions, revised = set(), set()
    for script in VERSIONS.glob("*.py"):
        found = dict((k, v) for k, v in _REVISION.findall(script.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            revised.add(found.get("down_revision"))
    heads = revisions - revised
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    """The file's revision in one query (None for a file Alembic has not stamped)."""
    with engine.connect() as conn:
        has_table = conn.execute(
            text("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'alembic_version'")
        ).first()
        if has_table is None:
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def backup(path: Path, backup_dir: Path, *, now: dt.datetime | None = None) -> Path:
    """Copy the database to ``backup_dir`` as ``<stem>-YYYYmmdd-HHMMSS.sqlite3``: an online
    copy, checked before it counts and private to the kiosk's user (db.backup.online_backup)."""
    now = now or dt.datetime.now()
    target = online_backup(path, backup_dir / f"{path.stem}-{now:%Y%m%d-%H%M%S}.sqlite3")
    prune(backup_dir, f"{path.stem}-*.sqlite3", KEEP_BACKUPS)
    log.info("database backed up to %s", target)
    return target


def upgrade(path: Path | str, *, backup_dir: Path | None = None) -> Engine:
    """Upgrade the file at ``path`` to head and return an engine on it.

    A new file is created; an existing one behind head is first backed up; a corrupt one raises
    :class:`db.engine.DatabaseError` and is left untouched.
    """
    path = Path(path)
    check_database(path, thorough=left_unclean(path))
    engine = make_engine(path)
    head = scripted_head()
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        current = current_revision(engine)
        if current == head:
            return engine
        backup(path, backup_dir or path.parent / "backups")
    from alembic import command

    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("database %s at revision %s", path, head)
    return engine

"""Online backups of the kiosk's SQLite file, their check, and putting one back.

A backup is taken with SQLite's online backup API, so it is consistent while the till sells (the
WAL is read through SQLite, not copied beside the file). It is written under a temporary name,
opened and checked (``PRAGMA quick_check``), and only then renamed into place: a backup that
exists is one that opens. Files are made readable by their owner only (0600): they hold the
head-office token and every sale.
"""

import datetime as dt
import logging
import os
import sqlite3
import time
from pathlib import Path

from db.engine import DatabaseError, check_database

log = logging.getLogger(__name__)

SIDE_FILES = ("-wal", "-shm", "-journal")


def online_backup(database: Path, target: Path) -> Path:
    """Copy ``database`` to ``target`` (a new file), checked; returns ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(database)
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            # A lone file (no WAL beside it): it opens read-only, copies and moves as one.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    try:
        verify(partial)
    except DatabaseError:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return target


def verify(path: Path) -> None:
    """Raise :class:`DatabaseError` unless ``path`` is a non-empty SQLite file that passes
    ``quick_check`` and has the kiosk's tables (a backup of some other program's database is
    no backup of ours)."""
    if not path.is_file():
        raise DatabaseError(path, "no such file")
    check_database(path)
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(path, str(exc)) from exc
    if not {"alembic_version", "sales", "users"} <= tables:
        raise DatabaseError(path, "not an OCOP Kiosk database")


STALE_PARTIAL_S = 60 * 60


def remove_stale_partials(folder: Path, pattern: str, *, now: float | None = None) -> list[Path]:
    """Delete what backups matching ``pattern`` that were cut short left: ``<name>.partial``
    and its side files, once none of them has changed for an hour (one being written or
    checked changes all the time, its journal less often: they go or stay together). A kiosk
    stopped mid-backup every day would otherwise fill its disk with them. A file that cannot be
    deleted is logged and left."""
    now = time.time() if now is None else now
    groups: dict[str, list[Path]] = {}
    for path in folder.glob(f"{pattern}.partial*"):
        groups.setdefault(path.name.split(".partial", 1)[0], []).append(path)
    removed = []
    for paths in groups.values():
        try:
            newest = max(path.stat().st_mtime for path in paths)
        except FileNotFoundError:  # finished or removed meanwhile
            continue
        if now - newest < STALE_PARTIAL_S:
            continue
        for path in paths:
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                log.warning("cannot remove %s, left by a backup cut short: %s", path, exc)
                continue
            log.info("removed %s, left by a backup cut short", path)
            removed.append(path)
    return removed


def prune(folder: Path, pattern: str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` files matching ``pattern`` (names sort by time)."""
    found = sorted(folder.glob(pattern))
    stale = found[: max(0, len(found) - max(1, keep))]
    for path in stale:
        path.unlink()
    return stale


def restore(backup: Path, database: Path, *, now: dt.datetime | None = None) -> Path | None:
    """Put ``backup`` in place of ``database``, after checking it; the current file (with its
    WAL) is kept aside as ``<stem>-replaced-<time>.sqlite3`` beside it, never deleted.

    Returns where the current file went (None if there was none). Run it with the kiosk
    stopped. A damaged or empty backup raises :class:`DatabaseError` and changes nothing.
    """
    verify(backup)
    now = now or dt.datetime.now()
    aside = None
    if database.exists():
        aside = database.with_name(f"{database.stem}-replaced-{now:%Y%m%d-%H%M%S}.sqlite3")
        database.replace(aside)
        for suffix in SIDE_FILES:
            side = database.with_name(database.name + suffix)
            if side.exists():
                side.replace(aside.with_name(aside.name + suffix))
    online_backup(backup, database)
    log.warning("database restored from %s; the previous one is %s", backup, aside)
    return aside

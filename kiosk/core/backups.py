"""The kiosk's daily backups: when one is due, where it goes, how many are kept.

Each backup is an online copy of the database (:mod:`db.backup`), checked by opening it, in
``<data folder>/backups/daily`` and, when the ``backup_second_dir`` setting names one, a copy in
that folder too (a USB stick, a network share): a stolen or burnt kiosk does not take the only
copy with it. ``backup_keep`` of each are kept. A second folder that is missing or full is
logged and reported, never a reason to lose the first copy.
"""

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db.backup import online_backup, prune, remove_stale_partials
from db.engine import DatabaseError

log = logging.getLogger(__name__)

PREFIX = "kiosk-daily-"


@dataclass(frozen=True)
class BackupResult:
    """Where the backup went; ``second_error`` says why the second folder has no copy."""

    path: Path
    second_path: Path | None = None
    second_error: str | None = None


class Backups:
    """State: the database file, the backup folder, the settings and the clock."""

    def __init__(
        self,
        database: Path,
        folder: Path,
        settings: Mapping[str, Any],
        *,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ):
        self.database = Path(database)
        self.folder = Path(folder)
        self.settings = settings
        self.clock = clock

    def latest(self) -> Path | None:
        found = sorted(self.folder.glob(f"{PREFIX}*.sqlite3"))
        return found[-1] if found else None

    def due(self) -> bool:
        """Whether the newest backup is older than ``backup_interval_hours`` (or missing)."""
        latest = self.latest()
        if latest is None:
            return True
        made = dt.datetime.fromtimestamp(latest.stat().st_mtime, dt.UTC)
        return self.clock() - made >= dt.timedelta(
            hours=int(self.settings["backup_interval_hours"])
        )

    def make(self) -> BackupResult:
        """A backup now, checked, in the data folder and the second folder if set."""
        name = f"{PREFIX}{self.clock():%Y%m%d-%H%M%S}.sqlite3"
        keep = int(self.settings["backup_keep"])
        remove_stale_partials(self.folder, f"{PREFIX}*.sqlite3")
        path = online_backup(self.database, self.folder / name)
        prune(self.folder, f"{PREFIX}*.sqlite3", keep)
        log.info("database backed up to %s", path)
        second = str(self.settings["backup_second_dir"] or "").strip()
        if not second:
            return BackupResult(path)
        folder = Path(second).expanduser()
        if not folder.is_dir():
            # Not created here: an unmounted USB stick would fill the kiosk's own disk instead.
            log.error("backup folder %s is missing (not mounted?)", folder)
            return BackupResult(path, second_error=f"{folder}: no such folder")
        try:
            remove_stale_partials(folder, f"{PREFIX}*.sqlite3")
            copy = online_backup(path, folder / name)
            prune(folder, f"{PREFIX}*.sqlite3", keep)
        except (OSError, sqlite3.Error, DatabaseError) as exc:
            log.error("backup copy to %s failed: %s", second, exc)
            return BackupResult(path, second_error=str(exc))
        return BackupResult(path, copy)

    def run_if_due(self) -> BackupResult | None:
        return self.make() if self.due() else None

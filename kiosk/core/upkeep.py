"""End-of-day upkeep, after the Z report: what the file no longer needs goes, and the file
gives its free space back to the disk when much of it is free.

Printed receipts' print jobs matter for the day (the print-queue screen lists the day's jobs,
and a reprint makes a new job from the sale); after :data:`PRINTED_JOBS_KEEP_DAYS` they go.

Pruning outbox payloads (:mod:`kiosk.core.sync.pruning`) shrinks rows where they are: their
pages stay the outbox's, nearly empty (~4 KB a sale: measured by ``bench/bench_storage.py``, 96 %
of the outbox's pages unused after a month's pruning), and new rows never reuse them. Only a
VACUUM gives that space back. It is not run every day: it rewrites the whole file (seconds per
GB) and takes the write lock while it runs. The file is compacted when what it would give back,
free pages plus the payload bytes pruned since the last compaction, is at least
:data:`COMPACT_FREE_FRACTION` of the file, and the disk has room for the copy VACUUM writes. So
dead space stays under a quarter of the file; a terminal that kept months of payloads before
pruning existed is compacted at its first day end. It runs after the Z report, when no shift
is open and the till sells nothing.
"""

import datetime as dt
import logging
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from db.maintenance import compact
from db.models import PrintJob
from kiosk.core.sale.print_queue import DONE
from kiosk.core.sync.pruning import KEY_PRUNED_BYTES
from kiosk.core.sync.state import get_state, put_state

log = logging.getLogger(__name__)

PRINTED_JOBS_KEEP_DAYS = 30
COMPACT_FREE_FRACTION = 0.25


@dataclass(frozen=True)
class Upkeep:
    """What one round did: print jobs deleted, and the file's size before and after."""

    print_jobs_deleted: int
    size_before: int
    size_after: int

    @property
    def compacted(self) -> bool:
        return self.size_after < self.size_before


def prune_print_jobs(
    session_factory: sessionmaker[Session], *, now: dt.datetime, keep_days: int
) -> int:
    """Delete the jobs printed (or sent) before ``now - keep_days``; how many. Unfinished jobs
    stay whatever their age: a receipt still waiting is never dropped."""
    cutoff = now - dt.timedelta(days=keep_days)
    with session_factory.begin() as s:
        done = s.execute(
            delete(PrintJob).where(PrintJob.status.in_(DONE), PrintJob.created_at < cutoff)
        )
    return done.rowcount


def free_fraction(session_factory: sessionmaker[Session]) -> float:
    """The share of the file's pages that are free (0 for an empty file)."""
    with session_factory() as s:
        pages = s.connection().exec_driver_sql("PRAGMA page_count").scalar()
        free = s.connection().exec_driver_sql("PRAGMA freelist_count").scalar()
    return free / pages if pages else 0.0


def reclaimable(session_factory: sessionmaker[Session]) -> int:
    """Bytes a VACUUM would give back, about: free pages and payloads pruned since the last."""
    with session_factory() as s:
        page_size = s.connection().exec_driver_sql("PRAGMA page_size").scalar()
        free = s.connection().exec_driver_sql("PRAGMA freelist_count").scalar()
        pruned = int(get_state(s, KEY_PRUNED_BYTES) or 0)
    return free * page_size + pruned


def after_day_end(
    session_factory: sessionmaker[Session], *, now: dt.datetime | None = None
) -> Upkeep:
    """The upkeep that follows a Z report: old print jobs deleted, the file compacted when
    :data:`COMPACT_FREE_FRACTION` of it can be given back and the disk has room."""
    engine = session_factory.kw["bind"]
    path = Path(engine.url.database)
    deleted = prune_print_jobs(
        session_factory, now=now or dt.datetime.now(dt.UTC), keep_days=PRINTED_JOBS_KEEP_DAYS
    )
    before = path.stat().st_size
    dead = reclaimable(session_factory)
    if dead >= COMPACT_FREE_FRACTION * before:
        if shutil.disk_usage(path.parent).free > 2 * before:
            _compact(session_factory, before)
        else:
            log.warning("database: %d bytes to give back, but no disk room to compact", dead)
    return Upkeep(deleted, before, path.stat().st_size)


def _compact(session_factory: sessionmaker[Session], before: int) -> None:
    """VACUUM, and start counting pruned bytes afresh. A writer holding the lock past the busy
    timeout (a sync pruning at that moment) leaves it for the next day end: the Z report is
    made, and a compaction is never worth an error in its place."""
    engine = session_factory.kw["bind"]
    try:
        compact(engine)
    except sqlite3.OperationalError as exc:
        log.warning("database not compacted, left for the next day end: %s", exc)
        return
    with session_factory.begin() as s:
        put_state(s, KEY_PRUNED_BYTES, "0")
    log.info("database compacted: %d → %d bytes", before, Path(engine.url.database).stat().st_size)

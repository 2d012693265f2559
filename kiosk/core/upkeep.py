"""End-of-day upkeep, after the Z report: what the file no longer needs goes, and the file
gives its free space back to the disk when much of it is free.

Printed receipts' print jobs matter for the day (the print-queue screen lists the day's jobs,
and a reprint makes a new job from the sale); after :data:`PRINTED_JOBS_KEEP_DAYS` they go.

SQLite reuses freed pages for new rows, so a kiosk whose outbox payloads are pruned every day
(:mod:`kiosk.core.sync.pruning`) stops growing without any VACUUM: a VACUUM would only shrink
the file until the next month's sales filled it again. It pays once, when a large share of the
file is free: the first pruning of a terminal that kept months of payloads (8 KB a sale before
issue 18), or after a big clean-up. So the file is compacted only when at least
:data:`COMPACT_FREE_FRACTION` of it is free pages and the disk has room for the copy VACUUM
writes. That VACUUM takes the write lock for as long as it runs (seconds per GB): it runs after
the Z report, when no shift is open and the till sells nothing.
"""

import datetime as dt
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from db.maintenance import compact
from db.models import PrintJob
from kiosk.core.sale.print_queue import DONE

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


def after_day_end(
    session_factory: sessionmaker[Session], *, now: dt.datetime | None = None
) -> Upkeep:
    """The upkeep that follows a Z report: old print jobs deleted, the file compacted when
    :data:`COMPACT_FREE_FRACTION` of it is free and the disk has room."""
    engine = session_factory.kw["bind"]
    path = Path(engine.url.database)
    deleted = prune_print_jobs(
        session_factory, now=now or dt.datetime.now(dt.UTC), keep_days=PRINTED_JOBS_KEEP_DAYS
    )
    before = path.stat().st_size
    fraction = free_fraction(session_factory)
    if fraction >= COMPACT_FREE_FRACTION:
        if shutil.disk_usage(path.parent).free > 2 * before:
            compact(engine)
            log.info("database compacted: %d → %d bytes", before, path.stat().st_size)
        else:
            log.warning("database %.0f %% free pages, but no disk room to compact", fraction * 100)
    return Upkeep(deleted, before, path.stat().st_size)

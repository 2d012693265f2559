"""The print queue: receipts reach the printer after the sale is on disk, and a printer fault
(off, paper out, cable pulled) leaves the job queued with its error, to retry or reprint.

The queue never touches sales: it can neither lose nor duplicate one. Its promises:

- One job per document: asking again for a receipt (or refund slip) whose job has not printed
  yet sends that job, not a second copy.
- A drawer kick belongs to the moment of the sale: a job that did not print at its first try
  loses it (the drawer must not spring open when the printer comes back an hour later); the
  clerk has the manager-authorised "open drawer" of :mod:`kiosk.core.sale.drawer` instead.
- A failed job is tried again from ``next_attempt_at``, backing off (:func:`retry_delay`); the
  UI's timer calls :meth:`PrintQueue.process`, which only takes jobs that are due.
- A printer that cannot confirm a job leaves it ``sent``: done, but not reported as printed.

Jobs are processed one at a time by whoever calls :meth:`PrintQueue.process` (the UI's
background worker, the CLI). Listing and reprinting by number are in
:mod:`kiosk.core.sale.print_history`.
"""

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from db.models import PrintJob, Refund, Sale, own_sale
from hardware.document import Document
from hardware.errors import DeviceError
from hardware.interfaces import Delivery, ReceiptPrinter
from kiosk.core.sale.receipt import UnknownRefund, UnknownSale, receipt_for_sale, refund_receipt

log = logging.getLogger(__name__)

UNFINISHED = ("queued", "printing", "failed")
DONE = ("printed", "sent")


def retry_delay(attempts: int) -> dt.timedelta:
    """How long a job that failed ``attempts`` times waits: 5 s, 10 s, 20 s ... at most 5 min."""
    return dt.timedelta(seconds=min(300, 5 * 2 ** max(0, attempts - 1)))


@dataclass(frozen=True)
class JobView:
    id: uuid.UUID
    receipt_no: str
    status: str
    attempts: int
    last_error: str
    created_at: dt.datetime
    kind: str = "receipt"
    next_attempt_at: dt.datetime | None = None


@dataclass
class QueueRun:
    """What one :meth:`PrintQueue.run` did: jobs printed (confirmed), sent (not confirmed), and
    the printer fault that stopped it, if any."""

    printed: int = 0
    sent: int = 0
    error: str = ""

    @property
    def done(self) -> int:
        return self.printed + self.sent


class PrintQueue:
    """Jobs on disk, one printer. ``compose`` and ``clock`` are injectable for tests."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        settings: Mapping[str, Any],
        printer: ReceiptPrinter,
        *,
        compose: Callable[..., Document] | None = None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ):
        self._sf = session_factory
        self._settings = settings
        self.printer = printer
        self._compose = compose or receipt_for_sale
        self._clock = clock
        self._lock = threading.Lock()  # one job at the printer at a time
        self._recover()

    def _recover(self) -> None:
        # Whatever was not printed before the restart missed its drawer moment.
        with self._sf.begin() as s:
            s.execute(
                update(PrintJob)
                .where(PrintJob.status == "printing")
                .values(status="failed", last_error="interrupted while printing")
            )
            s.execute(
                update(PrintJob)
                .where(PrintJob.status.in_(UNFINISHED), PrintJob.open_drawer.is_(True))
                .values(open_drawer=False)
            )

    def enqueue_receipt(
        self,
        sale_id: uuid.UUID,
        *,
        lang: str | None = None,
        open_drawer: bool = False,
        reprint: bool = False,
    ) -> uuid.UUID:
        """Queue a sale's receipt (after the sale's transaction has committed), or, if a job for
        it has not printed yet, make that job due now and return it. A reprint never opens the
        drawer, not even through a waiting job."""
        with self._sf.begin() as s:
            sale_lang = s.scalar(select(Sale.receipt_lang).where(Sale.id == sale_id))
            if sale_lang is None:
                raise UnknownSale(sale_id=sale_id, receipt_no=None)
            waiting = _unfinished(s, PrintJob.sale_id == sale_id)
            if waiting is not None:
                return _wake(waiting, lang, reprint)
            job = PrintJob(
                kind="receipt",
                sale_id=sale_id,
                lang=lang or sale_lang,
                open_drawer=open_drawer and not reprint,
                reprint=reprint,
            )
            s.add(job)
            s.flush()
            return job.id

    def enqueue_refund(
        self, refund_id: uuid.UUID, *, lang: str | None = None, reprint: bool = False
    ) -> uuid.UUID:
        """Queue a refund's slip (after the refund's transaction has committed), or wake the
        job that waits for it."""
        with self._sf.begin() as s:
            refund_lang = s.scalar(select(Refund.receipt_lang).where(Refund.id == refund_id))
            if refund_lang is None:
                raise UnknownRefund(refund_id=refund_id, refund_no=None)
            waiting = _unfinished(s, PrintJob.refund_id == refund_id)
            if waiting is not None:
                return _wake(waiting, lang, reprint)
            job = PrintJob(
                kind="refund", refund_id=refund_id, lang=lang or refund_lang, reprint=reprint
            )
            s.add(job)
            s.flush()
            return job.id

    def reprint_last(self) -> uuid.UUID:
        """Queue the newest sale's receipt again (no drawer)."""
        with self._sf() as s:
            sale_id = s.scalar(
                select(Sale.id).where(own_sale(Sale.id)).order_by(Sale.created_at.desc()).limit(1)
            )
        if sale_id is None:
            raise UnknownSale(sale_id=None, receipt_no=None)
        return self.enqueue_receipt(sale_id, reprint=True)

    def pending(self) -> list[JobView]:
        """Jobs not done yet, oldest first, with their last error."""
        with self._sf() as s:
            rows = s.execute(
                _view_query().where(PrintJob.status.in_(UNFINISHED)).order_by(PrintJob.created_at)
            ).all()
        return [job_view(j, number) for j, number in rows]

    def pending_count(self) -> int:
        with self._sf() as s:
            return s.scalar(
                select(func.count()).select_from(PrintJob).where(PrintJob.status.in_(UNFINISHED))
            )

    def next_attempt_at(self) -> dt.datetime | None:
        """When the earliest waiting job is due (None: nothing waits)."""
        with self._sf() as s:
            return s.scalar(
                select(
                    func.min(func.coalesce(PrintJob.next_attempt_at, PrintJob.created_at))
                ).where(PrintJob.status.in_(("queued", "failed")))
            )

    def retry_now(self) -> int:
        """Make every failed job due now (the manager fixed the printer); returns how many."""
        with self._sf.begin() as s:
            return s.execute(
                update(PrintJob).where(PrintJob.status == "failed").values(next_attempt_at=None)
            ).rowcount

    def process(self, *, limit: int | None = None) -> int:
        """Print the jobs that are due, oldest first; returns how many were done."""
        return self.run(limit=limit).done

    def run(self, *, limit: int | None = None) -> QueueRun:
        """Print due jobs, oldest first, and stop at the first printer fault (the next jobs
        would meet the same fault; they lose their drawer kick). Once a job has printed the
        printer is back, and failed jobs still backing off go too."""
        result = QueueRun()
        with self._lock:
            everything = False
            while True:
                due = self._due(limit, everything)
                for n, job_id in enumerate(due):
                    outcome = self._print_one(job_id)
                    if isinstance(outcome, DeviceError):
                        result.error = f"{type(outcome).__name__}: {outcome}"
                        self._miss_drawer(due[n + 1 :])
                        return result
                    result.printed += outcome is Delivery.CONFIRMED
                    result.sent += outcome is Delivery.SENT
                if everything or not result.done or limit:
                    return result
                everything = True

    def _due(self, limit: int | None, everything: bool) -> list[uuid.UUID]:
        q = select(PrintJob.id).where(PrintJob.status.in_(("queued", "failed")))
        if not everything:
            q = q.where(
                or_(PrintJob.next_attempt_at.is_(None), PrintJob.next_attempt_at <= self._clock())
            )
        with self._sf() as s:
            return list(s.scalars(q.order_by(PrintJob.created_at).limit(limit)))

    def _print_one(self, job_id: uuid.UUID) -> Delivery | DeviceError | None:
        """Print one job; the printer's fault (job kept, failed), or None when there was
        nothing to do or the job cannot be composed (kept failed, the queue goes on)."""
        with self._sf.begin() as s:
            job = s.get(PrintJob, job_id)
            if job is None or job.status not in ("queued", "failed"):
                return None
            job.status = "printing"
            job.attempts += 1
            sale_id, lang, drawer = job.sale_id, job.lang, job.open_drawer
            kind, refund_id = job.kind, job.refund_id
        try:
            if kind == "refund":
                document = refund_receipt(self._sf, self._settings, refund_id=refund_id, lang=lang)
            else:
                document = self._compose(
                    self._sf, self._settings, sale_id=sale_id, lang=lang, open_drawer=drawer
                )
            delivery = self.printer.print(document)
        except DeviceError as exc:
            log.warning("print job %s failed: %s", job_id, exc)
            self._finish(job_id, "failed", f"{type(exc).__name__}: {exc}")
            return exc
        except Exception as exc:
            # A job that cannot be composed must not block the queue behind it forever.
            log.exception("print job %s could not be printed", job_id)
            self._finish(job_id, "failed", f"{type(exc).__name__}: {exc}")
            return None
        done = "printed" if delivery is Delivery.CONFIRMED else "sent"
        self._finish(job_id, done, "")
        return Delivery.CONFIRMED if done == "printed" else Delivery.SENT

    def _finish(self, job_id: uuid.UUID, status: str, error: str) -> None:
        with self._sf.begin() as s:
            job = s.get(PrintJob, job_id)
            job.status = status
            job.last_error = error
            if status == "failed":
                job.open_drawer = False  # the kick missed its moment
                job.next_attempt_at = self._clock() + retry_delay(job.attempts)
            else:
                job.printed_at = self._clock()
                job.next_attempt_at = None

    def _miss_drawer(self, job_ids: list[uuid.UUID]) -> None:
        if job_ids:
            with self._sf.begin() as s:
                s.execute(
                    update(PrintJob).where(PrintJob.id.in_(job_ids)).values(open_drawer=False)
                )


def _unfinished(s: Session, which) -> PrintJob | None:
    return s.scalars(
        select(PrintJob)
        .where(which, PrintJob.status.in_(UNFINISHED))
        .order_by(PrintJob.created_at.desc())
        .limit(1)
    ).first()


def _wake(job: PrintJob, lang: str | None, reprint: bool) -> uuid.UUID:
    """A waiting job asked for again: due now, in the language asked for, and (when the ask is
    a reprint) without its drawer kick."""
    job.next_attempt_at = None
    if lang:
        job.lang = lang
    if reprint:
        job.open_drawer = False
    return job.id


def _view_query():
    return (
        select(PrintJob, func.coalesce(Sale.receipt_no, Refund.refund_no))
        .outerjoin(Sale, Sale.id == PrintJob.sale_id)
        .outerjoin(Refund, Refund.id == PrintJob.refund_id)
    )


def job_view(j: PrintJob, number: str | None) -> JobView:
    return JobView(
        j.id,
        number or "",
        j.status,
        j.attempts,
        j.last_error,
        j.created_at,
        j.kind,
        j.next_attempt_at,
    )

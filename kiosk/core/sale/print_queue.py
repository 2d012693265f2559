"""The print queue: receipts reach the printer after the sale is on disk, and a printer fault
(off, paper out, cable pulled) leaves the job queued with its error, to retry or reprint.

The queue never touches sales: it can neither lose nor duplicate one. Jobs are processed one at
a time by whoever calls :meth:`PrintQueue.process` (the UI's background worker, the CLI).
"""

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from db.models import PrintJob, Refund, Sale
from hardware.document import Document
from hardware.errors import DeviceError
from hardware.interfaces import ReceiptPrinter
from kiosk.core.sale.receipt import UnknownRefund, UnknownSale, receipt_for_sale, refund_receipt

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobView:
    id: uuid.UUID
    receipt_no: str
    status: str
    attempts: int
    last_error: str
    created_at: dt.datetime


class PrintQueue:
    """Jobs on disk, one printer. ``compose`` is injectable for tests."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        settings: Mapping[str, Any],
        printer: ReceiptPrinter,
        *,
        compose: Callable[..., Document] | None = None,
    ):
        self._sf = session_factory
        self._settings = settings
        self.printer = printer
        self._compose = compose or receipt_for_sale
        self._lock = threading.Lock()  # one job at the printer at a time
        self._recover()

    def _recover(self) -> None:
        with self._sf.begin() as s:
            s.execute(
                update(PrintJob)
                .where(PrintJob.status == "printing")
                .values(status="failed", last_error="interrupted while printing")
            )

    def enqueue_receipt(
        self,
        sale_id: uuid.UUID,
        *,
        lang: str | None = None,
        open_drawer: bool = False,
        reprint: bool = False,
    ) -> uuid.UUID:
        """Queue a sale's receipt. Call after the sale's transaction has committed."""
        with self._sf.begin() as s:
            sale_lang = s.scalar(select(Sale.receipt_lang).where(Sale.id == sale_id))
            if sale_lang is None:
                raise UnknownSale(sale_id=sale_id, receipt_no=None)
            job = PrintJob(
                kind="receipt",
                sale_id=sale_id,
                lang=lang or sale_lang,
                open_drawer=open_drawer,
                reprint=reprint,
            )
            s.add(job)
            s.flush()
            return job.id

    def enqueue_refund(self, refund_id: uuid.UUID, *, lang: str | None = None) -> uuid.UUID:
        """Queue a refund's slip. Call after the refund's transaction has committed."""
        with self._sf.begin() as s:
            refund_lang = s.scalar(select(Refund.receipt_lang).where(Refund.id == refund_id))
            if refund_lang is None:
                raise UnknownRefund(refund_id=refund_id, refund_no=None)
            job = PrintJob(kind="refund", refund_id=refund_id, lang=lang or refund_lang)
            s.add(job)
            s.flush()
            return job.id

    def reprint_last(self) -> uuid.UUID:
        """Queue the newest sale's receipt again (no drawer)."""
        with self._sf() as s:
            sale_id = s.scalar(select(Sale.id).order_by(Sale.created_at.desc()).limit(1))
        if sale_id is None:
            raise UnknownSale(sale_id=None, receipt_no=None)
        return self.enqueue_receipt(sale_id, reprint=True)

    def pending(self) -> list[JobView]:
        """Jobs not printed yet, oldest first, with their last error."""
        with self._sf() as s:
            rows = s.execute(
                select(PrintJob, func.coalesce(Sale.receipt_no, Refund.refund_no))
                .outerjoin(Sale, Sale.id == PrintJob.sale_id)
                .outerjoin(Refund, Refund.id == PrintJob.refund_id)
                .where(PrintJob.status != "printed")
                .order_by(PrintJob.created_at)
            ).all()
        return [
            JobView(j.id, receipt_no or "", j.status, j.attempts, j.last_error, j.created_at)
            for j, receipt_no in rows
        ]

    def pending_count(self) -> int:
        with self._sf() as s:
            return s.scalar(
                select(func.count()).select_from(PrintJob).where(PrintJob.status != "printed")
            )

    def process(self, *, limit: int | None = None) -> int:
        """Print queued and failed jobs, oldest first; stop at the first printer fault (the
        next jobs would meet the same fault). Returns how many printed."""
        printed = 0
        with self._lock:
            for job_id in self._due(limit):
                if not self._print_one(job_id):
                    break
                printed += 1
        return printed

    def _due(self, limit: int | None) -> list[uuid.UUID]:
        with self._sf() as s:
            q = (
                select(PrintJob.id)
                .where(PrintJob.status.in_(("queued", "failed")))
                .order_by(PrintJob.created_at)
            )
            if limit:
                q = q.limit(limit)
            return list(s.scalars(q))

    def _print_one(self, job_id: uuid.UUID) -> bool:
        with self._sf.begin() as s:
            job = s.get(PrintJob, job_id)
            if job is None or job.status not in ("queued", "failed"):
                return True
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
            self.printer.print(document)
        except DeviceError as exc:
            log.warning("print job %s failed: %s", job_id, exc)
            self._finish(job_id, "failed", f"{type(exc).__name__}: {exc}")
            return False
        except Exception as exc:
            # A job that cannot be composed must not block the queue behind it forever.
            log.exception("print job %s could not be printed", job_id)
            self._finish(job_id, "failed", f"{type(exc).__name__}: {exc}")
            return True
        self._finish(job_id, "printed", "")
        return True

    def _finish(self, job_id: uuid.UUID, status: str, error: str) -> None:
        with self._sf.begin() as s:
            job = s.get(PrintJob, job_id)
            job.status = status
            job.last_error = error
            if status == "printed":
                job.printed_at = dt.datetime.now(dt.UTC)

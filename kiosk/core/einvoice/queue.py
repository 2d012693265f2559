"""The queue that takes pending invoices to the provider, like the sync outbox: offline first,
retried with backoff, exactly once at the provider.

Order of events per invoice, whatever breaks when:
1. count the attempt and commit (a short transaction; the till never waits on the network);
2. ask the provider to issue it under its key; on a second or later attempt the provider is
   first asked whether it already has an invoice for that key (the first attempt may have
   reached it and lost the answer), and its invoice is taken instead of making another;
3. store the number, the tax authority's code and the lookup code, and queue the new status
   for head office, in one transaction.
A crash or a lost answer between 2 and 3 leaves the invoice pending; the next round finds the
provider's copy. Unreachable: the invoice waits (backing off) and the round stops. Refused: the
invoice is ``failed`` with the provider's reason until someone retries it.
"""

import datetime as dt
import logging
import random
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.models import EInvoice
from kiosk.core.einvoice.credentials import load_credentials
from kiosk.core.einvoice.document import sale_invoice
from kiosk.core.einvoice.pending import wire_status
from kiosk.core.einvoice.provider import ProviderRejected, ProviderUnavailable
from kiosk.core.einvoice.providers import provider_for
from kiosk.core.people.permissions import Permission, require
from kiosk.core.records import enqueue

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueueReport:
    issued: int = 0
    failed: int = 0
    unavailable: bool = False
    pending: int = 0


@dataclass(frozen=True)
class InvoiceStatus:
    """For the status bar: invoices waiting, refused, and the last refusal's reason."""

    pending: int
    failed: int
    last_error: str


def backoff_s(attempts: int, rand: Callable[[], float] = random.random) -> float:
    """Seconds before the next try after ``attempts``: doubling from 5 s to 10 min, jittered."""
    ceiling = min(600.0, 5.0 * 2 ** min(max(attempts - 1, 0), 20))
    return ceiling / 2 + rand() * ceiling / 2


class InvoiceQueue:
    """State: the database and settings, the provider (made from ``einvoice_url`` and the stored
    account on first use, or injected), the clock, and a lock so one round runs at a time."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        settings: Mapping[str, Any],
        *,
        provider=None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        rand: Callable[[], float] = random.random,
    ):
        self._sf = session_factory
        self._settings = settings
        self._provider = provider
        self._provider_url: tuple | None = None
        self._clock = clock
        self._rand = rand
        self._lock = threading.Lock()
        self._wake = threading.Event()

    def provider(self):
        """The provider of the current settings: a new URL or a new login from the settings
        screen is taken at the next invoice, without a restart."""
        made_for = (self._settings["einvoice_url"], load_credentials(self._sf))
        if self._provider is None or (self._provider_url and self._provider_url != made_for):
            if self._provider is not None:
                self._provider.close()
            self._provider = provider_for(made_for[0], made_for[1])
            self._provider_url = made_for
        return self._provider

    def send_due(self, limit: int = 100) -> QueueReport:
        """One round: send the invoices that are due, oldest first, until the provider is out of
        reach."""
        issued = failed = 0
        unavailable = False
        with self._lock:
            for invoice_id in self._due(limit):
                outcome = self._send(invoice_id)
                issued += outcome == "issued"
                failed += outcome == "failed"
                if outcome == "unavailable":
                    unavailable = True
                    break
        return QueueReport(issued, failed, unavailable, self.status().pending)

    def _due(self, limit: int) -> list[uuid.UUID]:
        now = self._clock()
        with self._sf() as s:
            return list(
                s.scalars(
                    select(EInvoice.id)
                    .where(EInvoice.status == "pending")
                    .where((EInvoice.next_attempt_at.is_(None)) | (EInvoice.next_attempt_at <= now))
                    .order_by(EInvoice.created_at, EInvoice.id)
                    .limit(limit)
                )
            )

    def _send(self, invoice_id: uuid.UUID) -> str:
        with self._sf.begin() as s:
            row = s.get(EInvoice, invoice_id)
            if row is None or row.status != "pending":
                return "skipped"
            if row.original_id is not None and s.get(EInvoice, row.original_id).status != "issued":
                return "waiting"  # an adjustment goes after the invoice it adjusts
            data = sale_invoice(s, row, self._settings)
            row.attempts += 1
            retry = row.attempts > 1
        try:
            issued = self.provider().issue(data, retry=retry)
        except ProviderUnavailable as exc:
            self._record(invoice_id, "pending", reason=str(exc.data.get("reason", "")), wait=True)
            return "unavailable"
        except ProviderRejected as exc:
            reason = f"{exc.data.get('code', '')}: {exc.data.get('reason', '')}".strip(": ")
            log.warning("e-invoice %s refused: %s", data.key, reason)
            self._record(invoice_id, "failed", reason=reason)
            return "failed"
        self._record(invoice_id, "issued", issued=issued)
        return "issued"

    def _record(
        self, invoice_id, status: str, *, reason: str = "", wait=False, issued=None
    ) -> None:
        now = self._clock()
        with self._sf.begin() as s:
            row = s.get(EInvoice, invoice_id)
            row.status, row.last_error = status, reason[:400]
            if wait:
                row.next_attempt_at = now + dt.timedelta(
                    seconds=backoff_s(row.attempts, self._rand)
                )
                return
            if issued is not None:
                row.invoice_no, row.tax_authority_code = (
                    issued.invoice_no,
                    issued.tax_authority_code,
                )
                row.lookup_code, row.lookup_url = issued.lookup_code, issued.lookup_url
                row.issued_at, row.next_attempt_at = now, None
            enqueue(s, "einvoice", wire_status(row))

    def retry(self, invoice_id: uuid.UUID, *, by) -> None:
        """The back office's "Retry": a refused invoice goes again at the next round."""
        require(by, Permission.SYNC_NOW)
        with self._sf.begin() as s:
            row = s.get(EInvoice, invoice_id)
            if row is not None and row.status == "failed":
                row.status, row.next_attempt_at = "pending", None
        self._wake.set()

    def status(self) -> InvoiceStatus:
        with self._sf() as s:
            counts = dict(
                s.execute(
                    select(EInvoice.status, func.count())
                    .where(EInvoice.status.in_(("pending", "failed")))
                    .group_by(EInvoice.status)
                ).all()
            )
            last = s.scalar(
                select(EInvoice.last_error)
                .where(EInvoice.status == "failed")
                .order_by(EInvoice.created_at.desc())
                .limit(1)
            )
        return InvoiceStatus(counts.get("pending", 0), counts.get("failed", 0), last or "")

    def request_send(self) -> None:
        """Wake the worker now (after a sale, or a retry)."""
        self._wake.set()

    def run_forever(self, stop: threading.Event, interval_s: float = 20.0) -> None:
        """The worker: a round, then wait for the interval or a wake-up, until ``stop``."""
        while not stop.is_set():
            if self._settings.get("einvoice_enabled"):
                try:
                    self.send_due()
                except Exception:  # the worker must outlive a bad round; it is logged
                    log.exception("e-invoice round failed")
            self._wake.wait(interval_s)
            self._wake.clear()

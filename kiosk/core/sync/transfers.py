"""Asking head office about a VietQR transfer while its code is shown, over the terminal's
existing head-office connection (its token, its address, its TLS settings).

:class:`TransferWatch` runs on a worker thread (the GUI never waits on the network): it tells
head office which reference and amount the code carries, then holds a long poll open, so a
notification reaches the kiosk within a second or two. Each change goes to ``on_change`` as a
:class:`~kiosk.core.sale.transfers.TransferProgress`, on the worker's thread: the UI hands it to
its own thread. Head office unreachable: OFFLINE is reported, and the watch tries again.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.core.sale.transfers import TransferProgress, TransferStatus
from kiosk.core.sync.errors import SyncError, SyncUnavailable

if TYPE_CHECKING:  # an enrolled terminal's first transfer loads them; the screens need not
    from hq.bank.wire import TransferDay
    from kiosk.core.sync.client import SyncClient

log = logging.getLogger(__name__)
LONG_POLL_S = 20.0
RETRY_S = 2.0


class TransferLink:
    """Head office's transfer calls for this terminal. State: the sync client it talks through."""

    def __init__(self, client: SyncClient):
        self._client = client

    def expect(self, reference: str, amount_vnd: int) -> TransferProgress:
        from hq.bank.wire import TransferExpected

        body = TransferExpected(reference=reference, amount_vnd=amount_vnd).model_dump_json()
        response = self._client.request(
            "POST", "/transfers", content=body, headers={"Content-Type": "application/json"}
        )
        return _progress(response.content)

    def wait(self, reference: str, seen: str, wait_s: float = LONG_POLL_S) -> TransferProgress:
        """The transfer's state once it is no longer ``seen`` (or after ``wait_s``)."""
        response = self._client.request(
            "GET", f"/transfers/{reference}", params={"wait": wait_s, "seen": seen},
            timeout=wait_s + 10,
        )  # fmt: skip
        return _progress(response.content)

    def day(self, day: dt.date) -> TransferDay:
        """The day's transfers as head office knows them (this terminal's and the unclaimed)."""
        from pydantic import ValidationError

        from hq.bank.wire import TransferDay

        response = self._client.request("GET", "/transfers", params={"day": day.isoformat()})
        try:
            return TransferDay.model_validate_json(response.content)
        except ValidationError as exc:
            raise SyncUnavailable(reason="malformed transfers answer") from exc


def _progress(raw: bytes) -> TransferProgress:
    from pydantic import ValidationError

    from hq.bank.wire import TransferState

    try:
        s = TransferState.model_validate_json(raw)
    except ValidationError as exc:
        raise SyncUnavailable(reason="malformed transfer answer") from exc
    return TransferProgress(
        TransferStatus(s.status), s.reference, s.amount_vnd, s.received_vnd, s.bank_reference
    )


class TransferWatch:
    """Watches one code (``reference``, ``amount_vnd``) until :meth:`stop` or until the bank
    reported it complete. State: the thread, its stop event, the last progress reported."""

    def __init__(
        self,
        link: TransferLink,
        reference: str,
        amount_vnd: int,
        on_change: Callable[[TransferProgress], None],
        *,
        long_poll_s: float = LONG_POLL_S,
        retry_s: float = RETRY_S,
    ):
        self.link, self.reference, self.amount_vnd = link, reference, amount_vnd
        self._on_change, self._long_poll_s, self._retry_s = on_change, long_poll_s, retry_s
        self._stop = threading.Event()
        self.last: TransferProgress | None = None
        self._thread = threading.Thread(target=self._run, name=f"transfer-{reference}", daemon=True)

    def start(self) -> TransferWatch:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening; a long poll in flight ends on its own (its answer is dropped)."""
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def _run(self) -> None:
        registered = False
        while not self._stop.is_set():
            try:
                if not registered:
                    progress = self.link.expect(self.reference, self.amount_vnd)
                    registered = True
                else:
                    seen = self.last.status.value if self.last else ""
                    progress = self.link.wait(self.reference, seen, self._long_poll_s)
            except SyncError as exc:
                log.info("transfer %s: head office unreachable (%s)", self.reference, exc)
                progress = TransferProgress(TransferStatus.OFFLINE, self.reference, self.amount_vnd)
                registered = False  # head office may have lost it, or never had it
                self._report(progress)
                self._stop.wait(self._retry_s)
                continue
            self._report(progress)
            if progress.complete:
                return

    def _report(self, progress: TransferProgress) -> None:
        if self._stop.is_set() or progress == self.last:
            return
        self.last = progress
        try:
            self._on_change(progress)
        except Exception:  # the listener's bug must not end the watch silently
            log.exception("transfer listener failed")

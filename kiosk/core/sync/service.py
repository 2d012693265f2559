"""Head-office sync as the rest of the kiosk sees it: enrolled or not, the status, "sync now",
enrolment, and the background worker's life.

:mod:`kiosk.core.sync.client` does the talking to head office; this wraps one terminal's
:class:`~kiosk.core.sync.client.SyncClient` so that the window, the CLI and tests make the same calls,
and so that the client can be replaced when the terminal is enrolled again (a new token or a new
address) without the worker thread or the window knowing.
"""

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import OutboxEntry
from hq.text_limits import MAX_BATCH
from kiosk.core.cash.shifts import carry_open_shift
from kiosk.core.errors import DomainError, ReceiptElsewhereOffline
from kiosk.core.people.permissions import Permission, require
from kiosk.core.settings import Settings
from kiosk.core.sync.errors import SyncError
from kiosk.core.sync.reports import DEFAULT_INTERVAL_S, PushReport, SyncStatus
from kiosk.core.sync.state import Enrolment, load_enrolment, save_enrolment, stored_status

if TYPE_CHECKING:  # loaded by the first enrolment or sync: httpx and the wire schema (pydantic)
    from hq.protocol import KnownBuyer
    from hq.protocol_returns import SaleForReturn
    from kiosk.core.sync.client import SyncClient
    from kiosk.core.sync.pages import PullReport
    from kiosk.core.sync.transfers import TransferLink

log = logging.getLogger(__name__)

_ENROL_CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
ENROL_CODE_LENGTH = 24  # 120 random bits in base32, as `ocop-hq terminal add` prints them


def _enrol(base_url: str, code: str) -> Enrolment:
    """Enrol at head office (the client and the wire schema are loaded here, not at start)."""
    from kiosk.core.sync.client import enrol

    return enrol(base_url, code)


class InvalidHqAddress(DomainError):
    """Not an http(s) address of a server (``url``, ``reason``: "empty", "scheme", "host")."""


class InvalidEnrolCode(DomainError):
    """Not a code `ocop-hq terminal add` prints (``reason``: "empty", "length", "characters")."""


def check_hq_url(url: str) -> str:
    """``url`` cleaned (spaces and a trailing slash off), or InvalidHqAddress."""
    cleaned = url.strip().rstrip("/")
    if not cleaned:
        raise InvalidHqAddress(url=url, reason="empty")
    try:
        parts = urlsplit(cleaned)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        raise InvalidHqAddress(url=url, reason="host") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidHqAddress(url=url, reason="scheme")
    if not parts.hostname or parts.query or parts.fragment or " " in cleaned:
        raise InvalidHqAddress(url=url, reason="host")
    return cleaned


def check_enrol_code(code: str) -> str:
    """The code as head office compares it (no spaces or dashes, upper case), or InvalidEnrolCode."""
    cleaned = "".join(code.split()).replace("-", "").upper()
    if not cleaned:
        raise InvalidEnrolCode(reason="empty")
    if not set(cleaned) <= _ENROL_CODE_CHARS:
        raise InvalidEnrolCode(reason="characters")
    if len(cleaned) != ENROL_CODE_LENGTH:
        raise InvalidEnrolCode(reason="length", length=len(cleaned))
    return cleaned


class BackgroundUpdater(Protocol):
    """What the service needs of the updater (kiosk.core.updates.Updater): its worker's life,
    and what it says of itself to head office with each sync."""

    def start(self) -> None: ...
    def stop(self, timeout_s: float = ...) -> None: ...
    def state(self) -> str | None: ...


@dataclass(frozen=True)
class EnrolResult:
    """What enrolment gave: head office's address and this terminal's code there.

    ``foreign_sales`` counts unsent sales made under another terminal code before enrolment:
    head office takes them as this terminal's (their receipt numbers stay as printed), and the
    screen says so.
    """

    enrolment: Enrolment
    previous_terminal_code: str
    foreign_sales: int


@dataclass(frozen=True)
class SyncResult:
    """One "sync now": the outbox pushed, then the catalogue pulled."""

    push: PushReport
    pull: "PullReport"


class SyncService:
    """State: the session factory and settings it works on, the current client (None until it
    is needed, or when the terminal is not enrolled), and the worker thread with its stop event.

    Thread-safe where it must be: the worker thread, the GUI's background jobs and the GUI thread
    may all call it. The client serialises its own pushes and pulls.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        settings: Settings,
        *,
        interval_s: float = DEFAULT_INTERVAL_S,
        client_options: dict[str, Any] | None = None,
        enrol_fn: Callable[[str, str], Enrolment] | None = None,
        updater: BackgroundUpdater | None = None,
    ):
        self._sf = session_factory
        self.updater = updater
        self._settings = settings
        self.interval_s = interval_s
        self._client_options = dict(client_options or {})
        self._enrol = enrol_fn or _enrol
        self._client: SyncClient | None = None
        self._lock = threading.RLock()
        self._thread: threading.Thread | None = None
        self._stop: threading.Event | None = None
        self._wanted = False  # start() was called: a later enrolment starts the worker too

    # -- what the terminal is ------------------------------------------------------------------

    def enrolment(self) -> Enrolment | None:
        return load_enrolment(self._sf)

    @property
    def enrolled(self) -> bool:
        return self.enrolment() is not None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _current(self) -> "SyncClient":
        from kiosk.core.sync.client import SyncClient

        with self._lock:
            if self._client is None:
                self._client = SyncClient.from_enrolment(self._sf, **self._options())
            return self._client

    def _options(self) -> dict[str, Any]:
        options = dict(self._client_options)
        ca_file = self._settings.get("hq_ca_file")
        if ca_file and "verify" not in options:
            options["verify"] = ca_file  # head office's own certificate or its private CA
        if self.updater is not None:
            options.setdefault("update_state", self.updater.state)
        return options

    def transfer_link(self) -> "TransferLink | None":
        """Head office's transfer calls on this terminal's connection (None: not enrolled)."""
        if not self.enrolled:
            return None
        from kiosk.core.sync.transfers import TransferLink

        return TransferLink(self._current())

    def known_buyer(self, tax_code: str) -> "KnownBuyer | None":
        """Head office's company with ``tax_code``, or None when it knows none, the terminal is
        not enrolled, or head office is out of reach (then the till uses its own invoices)."""
        if not self.enrolled:
            return None
        client = self._current()
        if client.status().online is False:  # known offline: no need to wait for a timeout
            return None
        try:
            return client.known_buyer(tax_code)
        except SyncError as exc:
            log.info("head office not asked for buyer %s: %s", tax_code, exc)
            return None

    def sale_for_return(
        self,
        *,
        receipt_no: str | None = None,
        sale_id: uuid.UUID | None = None,
        quick: bool = False,
    ) -> "SaleForReturn | None":
        """The sale of this shop with ``receipt_no`` (or ``sale_id``) as head office has it, to
        refund it here; None when head office has none. Raises ReceiptElsewhereOffline when
        head office cannot be reached (at once when ``quick`` and it is known to be away)."""
        from kiosk.core.sync.returns import sale_for_return

        client = self._current()
        if quick and client.status().online is False:
            raise ReceiptElsewhereOffline(receipt_no=receipt_no)
        try:
            return sale_for_return(client, receipt_no=receipt_no, sale_id=sale_id)
        except SyncError as exc:
            log.info("head office not reached for receipt %s: %s", receipt_no or sale_id, exc)
            raise ReceiptElsewhereOffline(receipt_no=receipt_no) from exc

    def status(self) -> SyncStatus:
        """For the status bar; works enrolled or not. ``online`` is None until the sync client
        exists (made when the worker starts, once the sign-in screen is up, or by a sync): a
        status alone does not make it (httpx and the wire schema, ~0.3 s of CPU that the
        status bar's first poll made the starting kiosk wait for)."""
        with self._lock:
            client = self._client
        if client is not None:
            return client.status()
        return stored_status(self._sf)

    # -- actions -------------------------------------------------------------------------------

    def sync_once(self) -> SyncResult:
        """Push the whole outbox, then pull the catalogue, on the calling thread.

        For the command line and the worker; raises NotEnrolled, SyncUnavailable, SyncRefused.
        """
        push, pull = self._current().sync_once()
        return SyncResult(push, pull)

    def sync_now(self, *, by) -> SyncResult:
        """The "Sync now" button: a manager or admin (``by``) syncs at once."""
        require(by, Permission.SYNC_NOW)
        return self.sync_once()

    def request_sync(self) -> None:
        """Wake the worker now instead of at its next round (no-op when it does not run)."""
        with self._lock:
            if self._client is not None:
                self._client.request_sync()

    def enrol(self, url: str, code: str, *, by) -> EnrolResult:
        """Enrolment from the settings screen: an admin (``by``) enrols this terminal."""
        require(by, Permission.SETTINGS)
        return self.enrol_at_console(url, code)

    def enrol_at_console(self, url: str, code: str) -> EnrolResult:
        """Exchange the one-time ``code`` at head office ``url`` for this terminal's token.

        For ``ocop-kiosk sync enrol`` (whoever runs it holds the machine). The terminal takes
        head office's code for its sales from now on; a running worker goes on with the new
        token. Raises InvalidHqAddress, InvalidEnrolCode, SyncRefused, SyncUnavailable.
        """
        base_url = check_hq_url(url)
        enrolment = self._enrol(base_url, check_enrol_code(code))
        previous = str(self._settings["terminal_code"])
        restart = self.running
        self.stop()
        save_enrolment(self._sf, enrolment)
        self._settings.set("hq_url", enrolment.base_url)
        if previous != enrolment.terminal_code:
            self._settings.set("terminal_code", enrolment.terminal_code)
            carry_open_shift(self._sf, previous, enrolment.terminal_code)
        self._drop_client()
        if restart or self._wanted:
            self.start()
        log.info("enrolled at %s as %s", enrolment.base_url, enrolment.terminal_code)
        return EnrolResult(enrolment, previous, self._foreign_sales(enrolment.terminal_code))

    def move(self, url: str) -> bool:
        """Head office moved to ``url`` (same server, same token): use it from now on.

        True if the terminal is enrolled (and so something changed); the setting ``hq_url`` is
        the caller's to store.
        """
        current = self.enrolment()
        if current is None:
            return False
        base_url = check_hq_url(url)
        restart = self.running
        self.stop()
        save_enrolment(self._sf, Enrolment(base_url, current.terminal_code, current.token))
        self._drop_client()
        if restart:
            self.start()
        return True

    def _drop_client(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
            self._client = None

    def _foreign_sales(self, terminal_code: str) -> int:
        with self._sf() as session:
            rows = session.scalars(
                select(OutboxEntry.payload)
                .where(OutboxEntry.sent_at.is_(None), OutboxEntry.kind == "sale")
                .limit(MAX_BATCH * 100)
            ).all()
        return sum(
            1
            for payload in rows
            if isinstance(payload, dict)
            and payload.get("sale", {}).get("terminal_code") not in (None, terminal_code)
        )

    # -- the worker ----------------------------------------------------------------------------

    def start(self) -> bool:
        """Start the worker thread when the terminal is enrolled. True if it runs now.

        Not enrolled: nothing starts, but enrolment later starts it.
        """
        with self._lock:
            self._wanted = True
            if self.updater is not None:
                self.updater.start()  # its own thread: a download never holds back a push
            if self.running:
                return True
            if not self.enrolled:
                log.info("not enrolled at head office: the sync worker waits for enrolment")
                return False
            client = self._current()
            self._stop = threading.Event()
            self._thread = threading.Thread(
                target=client.run_forever,
                args=(self._stop,),
                kwargs={"interval_s": self.interval_s},
                name=f"sync-{uuid.uuid4().hex[:6]}",
                daemon=True,  # a push stuck on the network must not keep the process alive
            )
            self._thread.start()
            log.info("sync worker started (every %.0f s)", self.interval_s)
            return True

    def stop(self, timeout_s: float = 5.0) -> bool:
        """Stop the worker; True when it has ended. It ends between rounds: a request in
        flight may take up to the client's timeout, and then the thread is left to end alone
        (it is a daemon; the outbox entries it was sending stay unsent and go again)."""
        with self._lock:
            thread, stop = self._thread, self._stop
            self._thread = self._stop = None
        if thread is None or stop is None:
            return True
        stop.set()
        thread.join(timeout_s)
        if thread.is_alive():
            log.warning("sync worker still busy after %.0f s; left to end alone", timeout_s)
            return False
        return True

    def close(self) -> None:
        """Stop the worker and close the HTTP client (on exit)."""
        self._wanted = False
        if self.updater is not None:
            self.updater.stop()
        ended = self.stop()
        with self._lock:
            if self._client is not None and ended:
                self._client.close()
            self._client = None

"""The kiosk's side of head-office sync: push the outbox up, pull catalogue changes down.

Qt-free and thread-friendly: the UI runs :meth:`SyncClient.run_forever` on a worker thread and
reads :meth:`SyncClient.status`; ``ocop-kiosk sync now`` calls :meth:`SyncClient.sync_once`.

Order of events that makes a push exactly-once, whatever breaks when:
1. read a batch of unsent entries (a short transaction: the till is never kept waiting on the
   network);
2. POST it; head office applies each entry idempotently by its id and answers per entry;
3. mark the answered entries sent in one transaction.
A crash or a lost answer between 2 and 3 leaves the entries unsent; they go again and head office
answers "duplicate". Rejected entries are marked sent too (resending cannot fix them) and recorded
in ``sync_state`` as ``rejected:<entry id>`` for the operator; head office keeps them as well.

The outbox's side of the push is :mod:`kiosk.core.sync.push`, applying the pulled catalogue
:mod:`kiosk.core.sync.pull`; what is kept in ``sync_state`` is :mod:`kiosk.core.sync.state`.
"""

import datetime as dt
import logging
import random
import ssl
import threading
import time
from collections.abc import Callable

import httpx
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import SyncState, utcnow
from hq import protocol
from kiosk import __version__
from kiosk.core.sync.errors import NotEnrolled, SyncError, SyncRefused, SyncUnavailable
from kiosk.core.sync.pages import PullReport, pull_pages
from kiosk.core.sync.pruning import prune_outbox
from kiosk.core.sync.push import answered, mark_answered, push_body, unsent_batch
from kiosk.core.sync.reports import DEFAULT_INTERVAL_S, PushReport, SyncStatus
from kiosk.core.sync.state import (
    KEY_LAST_SUCCESS,
    REJECTED_PREFIX,
    Enrolment,
    count_unsent,
    iso_utc,
    load_enrolment,
    put_state,
    stored_status,
)
from kiosk.core.sync.users import UsersReport, apply_users, users_since

log = logging.getLogger(__name__)

DEFAULT_BATCH = 500
DEFAULT_TIMEOUT_S = 30.0
# A buyer's name is asked while the clerk waits at the payment screen: a short answer or none.
BUYER_TIMEOUT_S = 4.0


# --- Pure helpers -------------------------------------------------------------------------------


def backoff_delay(
    attempt: int,
    *,
    base_s: float = 1.0,
    cap_s: float = 300.0,
    rand: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait before retry number ``attempt`` (1 for the first retry).

    Exponential with "equal jitter": half of ``min(cap, base * 2**(attempt-1))`` for sure, the
    other half random, so a hundred terminals coming back after an outage do not knock together.
    """
    if attempt <= 0:
        return 0.0
    ceiling = min(cap_s, base_s * 2 ** min(attempt - 1, 60))
    return ceiling / 2 + rand() * ceiling / 2


# --- Enrolment ------------------------------------------------------------------------------------


def enrol(base_url: str, code: str, *, http: httpx.Client | None = None) -> Enrolment:
    """Exchange the one-time code printed by ``ocop-hq terminal add`` for this terminal's token."""
    client = http or httpx.Client(timeout=DEFAULT_TIMEOUT_S)
    try:
        response = client.post(
            f"{base_url.rstrip('/')}{protocol.API_PREFIX}/enrol",
            json=protocol.EnrolRequest(code=code.strip()).model_dump(),
        )
    except httpx.HTTPError as exc:
        raise SyncUnavailable(reason=str(exc) or type(exc).__name__) from exc
    finally:
        if http is None:
            client.close()
    if response.status_code in (401, 403, 422):
        raise SyncRefused(status=response.status_code)
    if response.status_code != 200:
        raise SyncUnavailable(status=response.status_code)
    try:
        answer = protocol.EnrolResponse.model_validate_json(response.content)
    except ValidationError as exc:
        raise SyncUnavailable(reason="malformed enrolment answer") from exc
    return Enrolment(base_url.rstrip("/"), answer.terminal_code, answer.token)


# --- The client ---------------------------------------------------------------------------------


class SyncClient:
    """Syncs one terminal's database with head office.

    Holds the head-office address, the terminal's code and token, an HTTP client (injectable:
    tests hand one with a transport of their own), and in memory whether the last attempt
    reached head office. Everything durable (cursor, last success, rejected entries) lives in
    ``sync_state``, so a restarted kiosk carries on where it stopped.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        base_url: str,
        token: str,
        terminal_code: str,
        *,
        http: httpx.Client | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        batch_size: int = DEFAULT_BATCH,
        verify: bool | str | ssl.SSLContext = True,
        update_state: Callable[[], str | None] | None = None,
    ):
        self.session_factory = session_factory
        self.base_url = base_url.rstrip("/")
        self.terminal_code = terminal_code
        self.batch_size = min(batch_size, protocol.MAX_BATCH)
        self._token = token
        self._update_state = update_state  # what the updater says of itself, for head office
        self._owns_http = http is None
        if isinstance(verify, str):  # a CA file: head office's own certificate or its CA
            verify = ssl.create_default_context(cafile=verify)
        self._http = http or httpx.Client(
            timeout=httpx.Timeout(timeout_s, connect=min(10.0, timeout_s)), verify=verify
        )
        self._online: bool | None = None
        self._last_error: str | None = None
        self._refused = False
        self._wake = threading.Event()
        self._lock = threading.Lock()  # one push or pull at a time (worker and "sync now")

    @classmethod
    def from_enrolment(
        cls, session_factory: sessionmaker[Session], enrolment: Enrolment | None = None, **kw
    ) -> "SyncClient":
        enrolment = enrolment or load_enrolment(session_factory)
        if enrolment is None:
            raise NotEnrolled()
        return cls(
            session_factory, enrolment.base_url, enrolment.token, enrolment.terminal_code, **kw
        )

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    # -- HTTP --------------------------------------------------------------------------------

    def _request(self, method: str, path: str, *, headers=None, **kw) -> httpx.Response:
        # Every request says which version runs here (and how its update goes): head office's
        # terminals page shows it.
        said = {"Authorization": f"Bearer {self._token}", protocol.VERSION_HEADER: __version__}
        state = self._update_state() if self._update_state else None
        if state:
            said[protocol.UPDATE_HEADER] = state
        try:
            response = self._http.request(
                method, f"{self.base_url}{protocol.API_PREFIX}{path}",
                headers={**said, **(headers or {})}, **kw,
            )  # fmt: skip
        except httpx.HTTPError as exc:
            raise self._failed(SyncUnavailable(reason=str(exc) or type(exc).__name__)) from exc
        if response.status_code in (401, 403):
            raise self._failed(SyncRefused(status=response.status_code))
        if response.status_code != 200:
            raise self._failed(SyncUnavailable(status=response.status_code))
        return response

    request = _request  # for head office's other calls (kiosk.core.sync.transfers, .returns)

    def note_reached(self) -> None:
        """Head office answered a call with a refusal that says nothing of the connection (a
        404 for a sale it does not have): it is in reach."""
        self._online, self._last_error = True, None

    def _failed(self, exc: SyncError) -> SyncError:
        self._online = not isinstance(exc, SyncUnavailable)
        self._refused = isinstance(exc, SyncRefused)
        self._last_error = str(exc)
        return exc

    def _succeeded(self, session: Session, now: dt.datetime) -> None:
        self._online = True
        self._refused = False
        self._last_error = None
        put_state(session, KEY_LAST_SUCCESS, iso_utc(now))

    # -- Push ------------------------------------------------------------------------------------

    def push_once(self, batch_size: int | None = None) -> PushReport:
        """Push the oldest unsent entries (one batch) and mark what head office answered."""
        with self._lock:
            return self._push_once(min(batch_size or self.batch_size, protocol.MAX_BATCH))

    def _push_once(self, batch_size: int) -> PushReport:
        with self.session_factory() as session:
            batch = unsent_batch(session, batch_size)
            backlog = count_unsent(session)
        if not batch:
            return PushReport(backlog=0)
        response = self._request(
            "POST",
            "/push",
            content=push_body(batch, self.terminal_code, max(0, backlog - len(batch))),
            headers={"Content-Type": "application/json"},
        )
        try:
            answer = protocol.PushResponse.model_validate_json(response.content)
        except ValidationError as exc:
            raise self._failed(SyncUnavailable(reason="malformed push answer")) from exc

        results = answered(batch, answer)
        now = utcnow()
        with self.session_factory.begin() as session:
            counts = mark_answered(session, results, now)
            self._succeeded(session, now)
            left = count_unsent(session)
        if len(results) < len(batch):
            log.warning("head office answered %d of %d entries", len(results), len(batch))
        return PushReport(
            len(results), counts["applied"], counts["duplicate"], counts["rejected"], left
        )

    def push_all(self, *, max_batches: int | None = None) -> PushReport:
        """Push batch after batch until the outbox is empty (or ``max_batches`` were sent)."""
        total = PushReport()
        n = 0
        while max_batches is None or n < max_batches:
            report = self.push_once()
            total = total + report
            n += 1
            if report.sent == 0 or report.backlog == 0:
                break
        return total

    # -- Pull --------------------------------------------------------------------------------

    def pull_once(self) -> PullReport:
        """Fetch the catalogue changes since the cursor page by page, each page applied in one
        transaction (:mod:`kiosk.core.sync.pages`), until head office has nothing newer."""
        with self._lock:
            return pull_pages(self.session_factory, self._catalogue_page, self._pulled)

    def _catalogue_page(self, params: dict[str, int | str]) -> protocol.CatalogueChanges:
        response = self._request("GET", "/catalogue", params=params)
        try:
            return protocol.CatalogueChanges.model_validate_json(response.content)
        except ValidationError as exc:
            raise self._failed(SyncUnavailable(reason="malformed catalogue answer")) from exc

    def _pulled(self, session: Session) -> None:
        self._succeeded(session, utcnow())

    def pull_users(self) -> UsersReport:
        """The shop's users changed at head office since the last pull (kiosk.core.sync.users)."""
        with self._lock:
            params = {"since": users_since(self.session_factory)}
            try:
                response = self._request("GET", "/users", params=params)
            except SyncUnavailable as exc:
                if exc.data.get("status") != 404:
                    raise
                self._online, self._last_error = True, None  # a head office without users
                return UsersReport()
            try:
                changes = protocol.KioskUsers.model_validate_json(response.content)
            except ValidationError as exc:
                raise self._failed(SyncUnavailable(reason="malformed users answer")) from exc
            return apply_users(self.session_factory, changes)

    # -- Both, and the worker ------------------------------------------------------------------

    def sync_once(self) -> tuple[PushReport, PullReport]:
        """Push the whole outbox, then pull the catalogue, the shop's users and other tills'
        refunds of sales made here: what "sync now" does."""
        push = self.push_all()
        prune_outbox(self.session_factory)  # what head office confirmed a month ago: ids only
        pull = self.pull_once()
        self.pull_users()
        self.pull_foreign_refunds()
        return push, pull

    def pull_foreign_refunds(self):
        """Other tills' refunds of sales made here: their e-invoice adjustments (after a push,
        in the same round; :mod:`kiosk.core.sync.foreign_refunds`)."""
        from kiosk.core.sync.foreign_refunds import pull_foreign_refunds

        with self._lock:
            return pull_foreign_refunds(self)

    def request_sync(self) -> None:
        """Wake :meth:`run_forever` now (the "sync now" button) instead of at the next interval."""
        self._wake.set()

    def run_forever(
        self,
        stop_event: threading.Event,
        *,
        interval_s: float = DEFAULT_INTERVAL_S,
        max_backoff_s: float = 300.0,
        rand: Callable[[], float] = random.random,
    ) -> None:
        """Sync every ``interval_s`` until ``stop_event`` is set; back off while head office is away.

        Meant for a worker thread. A refused token stops nothing: it is retried at the slowest
        pace, since an operator may re-enrol the terminal meanwhile. No exception escapes.
        """
        attempt = 0
        while not stop_event.is_set():
            try:
                self.sync_once()
            except SyncRefused as exc:
                log.error("head office refused this terminal: %s", exc)
                attempt, wait = attempt + 1, max_backoff_s
            except SyncError as exc:
                attempt += 1
                wait = backoff_delay(attempt, cap_s=max_backoff_s, rand=rand)
                log.info("sync failed (%s), retry %d in %.1f s", exc, attempt, wait)
            except Exception:  # the worker must outlive a bug in one round
                log.exception("sync round failed unexpectedly")
                attempt += 1
                wait = backoff_delay(attempt, cap_s=max_backoff_s, rand=rand)
            else:
                attempt, wait = 0, interval_s
            self._wake.clear()
            # Sleep until the deadline, a stop, or "sync now", whichever comes first.
            deadline = time.monotonic() + wait
            while not stop_event.is_set():
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._wake.wait(min(remaining, 0.25)):
                    break
        log.info("sync worker stopped")

    # -- Status ------------------------------------------------------------------------------

    def status(self) -> SyncStatus:
        return stored_status(
            self.session_factory,
            online=self._online,
            last_error=self._last_error,
            refused=self._refused,
        )

    def known_buyer(self, tax_code: str) -> protocol.KnownBuyer | None:
        """Head office's name and address for the company with ``tax_code`` (as printed), None
        when no shop invoiced it. Raises SyncUnavailable (after a few seconds at most) or
        SyncRefused; waits on the network, so never on the GUI thread."""
        response = self._request("GET", f"/einvoice-buyers/{tax_code}", timeout=BUYER_TIMEOUT_S)
        found = protocol.KnownBuyer.model_validate_json(response.content)
        return found if found.name else None

    def rejected_entries(self) -> dict[str, str]:
        """Entry id -> head office's reason, for every entry it rejected."""
        with self.session_factory() as session:
            rows = session.scalars(
                select(SyncState).where(SyncState.key.startswith(REJECTED_PREFIX))
            ).all()
        return {r.key.removeprefix(REJECTED_PREFIX): r.value for r in rows}

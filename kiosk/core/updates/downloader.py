"""The kiosk's side of updates: ask head office for a newer package now and then, download it
in the background, check it, stage it, and hand it to the installer once the day is closed.

Nothing here ever blocks the till: it runs on its own thread (started and stopped with the sync
worker by :class:`kiosk.core.sync.service.SyncService`), apart from the sync worker so that a
100 MB download over a rest stop's link never holds back the pushing of sales. A failure is
logged and tried again at the next check.

A package counts as staged only when its SHA-256 and size are the ones head office gave: it is
downloaded under a temporary name, and anything else is deleted. A version whose install was
rolled back is not downloaded again; head office's next version is.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import ssl
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Shift
from hq import versions
from kiosk import __version__
from kiosk.core.sync.errors import NotEnrolled, SyncError, SyncRefused, SyncUnavailable
from kiosk.core.sync.state import load_enrolment
from kiosk.core.updates.handoff import Staged, UpdateFolder

if TYPE_CHECKING:  # httpx and the wire schema (pydantic) load with the first check, not at start
    import httpx

    from hq import protocol

log = logging.getLogger(__name__)

CHECK_EVERY_S = 4 * 3600.0  # head office is asked this often
RETRY_S = 15 * 60.0  # after a failed check or download
POLL_S = 60.0  # how often the day is looked at (the hand-over after the Z report)
FREE_SPACE_MARGIN = 200 * 1024 * 1024  # room left for the database beside the package
_CHUNK = 1 << 16


class UpdateRefused(SyncError):
    """The download is not the package head office described (``version``, ``reason``):
    deleted, never staged."""


def day_closed(session: Session, terminal_code: str) -> bool:
    """No shift open and every closed shift taken into a Z report: the till is not selling and
    restarting it loses nobody's work."""
    pending = session.scalar(
        select(Shift.id)
        .where(Shift.terminal_code == terminal_code, Shift.z_report_id.is_(None))
        .limit(1)
    )
    return pending is None


class Updater:
    """State: the database and settings it reads, the ``updates`` folder, the version this
    process runs, when head office was last asked, and the worker thread with its stop event.

    ``http`` is injectable (tests hand a client with a transport of their own).
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        settings,
        folder: UpdateFolder,
        *,
        running: str = __version__,
        check_every_s: float = CHECK_EVERY_S,
        poll_s: float = POLL_S,
        http: httpx.Client | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._sf = session_factory
        self._settings = settings
        self.folder = folder
        self.running = running
        self.check_every_s = check_every_s
        self.poll_s = poll_s
        self._http = http
        self._clock = clock
        self._next_check = 0.0
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    # -- what it says to head office ------------------------------------------------------------

    def state(self) -> str | None:
        """For the update header: "staged V", "failed V: reason", or None."""
        staged = self.folder.staged()
        if staged is not None and versions.newer(staged.version, self.running):
            return f"staged {staged.version}"
        result = self.folder.result()
        failed = result is not None and result.outcome == "rolled-back"
        if failed and versions.newer(result.version, self.running):
            return f"failed {result.version}: {result.reason}"[:200]
        return None

    # -- asking and downloading ---------------------------------------------------------------

    def _client(self) -> tuple[httpx.Client, bool]:
        import httpx

        if self._http is not None:
            return self._http, False
        ca_file = self._settings.get("hq_ca_file")
        verify = ssl.create_default_context(cafile=ca_file) if ca_file else True
        return httpx.Client(timeout=httpx.Timeout(60.0, connect=10.0), verify=verify), True

    def check(self) -> Staged | None:
        """Ask head office; download, check and stage a newer package. The staged package (new
        or already there), or None. Raises NotEnrolled, SyncUnavailable, SyncRefused,
        UpdateRefused."""
        self._tidy()
        enrolment = load_enrolment(self._sf)
        if enrolment is None:
            raise NotEnrolled()
        from hq import protocol  # pydantic's: not for a terminal that is not enrolled

        headers = {
            "Authorization": f"Bearer {enrolment.token}",
            protocol.VERSION_HEADER: self.running,
        }
        base = f"{enrolment.base_url}{protocol.API_PREFIX}"
        http, owned = self._client()
        try:
            offer = self._offer(http, base, headers)
            if offer is None:
                return None
            staged = self.folder.staged()
            if staged is not None and staged.version == offer.version:
                return staged
            result = self.folder.result()
            if result and result.outcome == "rolled-back" and result.version == offer.version:
                log.info("update %s was rolled back here: not downloaded again", offer.version)
                return None
            return self._download(http, base + offer.download_path, headers, offer)
        finally:
            if owned:
                http.close()

    def _offer(self, http: httpx.Client, base: str, headers) -> protocol.UpdateOffer | None:
        import httpx
        from pydantic import ValidationError

        from hq import protocol

        try:
            response = http.get(f"{base}/updates/latest", headers=headers)
        except httpx.HTTPError as exc:
            raise SyncUnavailable(reason=str(exc) or type(exc).__name__) from exc
        if response.status_code == 204:
            return None
        if response.status_code in (401, 403):
            raise SyncRefused(status=response.status_code)
        if response.status_code != 200:
            raise SyncUnavailable(status=response.status_code)
        try:
            offer = protocol.UpdateOffer.model_validate_json(response.content)
        except ValidationError as exc:
            raise SyncUnavailable(reason="malformed update answer") from exc
        if not versions.newer(offer.version, self.running) or "/" in offer.version:
            return None
        return offer

    def _download(self, http, url: str, headers, offer: protocol.UpdateOffer) -> Staged:
        import httpx

        self.folder.path.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.folder.unstage()  # an older staged package is of no use any more
        free = shutil.disk_usage(self.folder.path).free
        if free < offer.size_bytes + FREE_SPACE_MARGIN:
            raise UpdateRefused(version=offer.version, reason="disk full", free_bytes=free)
        target = self.folder.package(offer.version)
        partial = target.with_name(target.name + ".partial")
        digest, size = hashlib.sha256(), 0
        try:
            with http.stream("GET", url, headers=headers) as response, open(partial, "wb") as f:
                if response.status_code != 200:
                    raise SyncUnavailable(status=response.status_code)
                for chunk in response.iter_bytes(_CHUNK):
                    size += len(chunk)
                    if size > offer.size_bytes:
                        raise UpdateRefused(version=offer.version, reason="larger than announced")
                    digest.update(chunk)
                    f.write(chunk)
        except httpx.HTTPError as exc:
            partial.unlink(missing_ok=True)
            raise SyncUnavailable(reason=str(exc) or type(exc).__name__) from exc
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        if size != offer.size_bytes or digest.hexdigest() != offer.sha256:
            partial.unlink(missing_ok=True)
            raise UpdateRefused(version=offer.version, reason="checksum or size mismatch")
        partial.replace(target)
        staged = Staged(offer.version, offer.sha256, size)
        self.folder.stage(staged)
        log.info("update %s downloaded and checked: installed after the Z report", offer.version)
        return staged

    def _tidy(self) -> None:
        """A package no newer than the running version (installed, or superseded) goes."""
        staged = self.folder.staged()
        if staged is not None and not versions.newer(staged.version, self.running):
            self.folder.unstage()

    # -- the hand-over ------------------------------------------------------------------------

    def hand_over(self) -> bool:
        """Tell the installer to go when a package is staged and the day is closed (True);
        take the word back as soon as a shift is open."""
        staged = self.folder.staged()
        with self._sf() as session:
            closed = day_closed(session, self._settings["terminal_code"])
        if staged is None or not closed or not versions.newer(staged.version, self.running):
            if self.folder.ready() is not None:
                self.folder.withdraw_ready()
            return False
        self.folder.mark_ready(staged.version)  # re-written each time: the installer's "fresh"
        return True

    # -- the worker ---------------------------------------------------------------------------

    def step(self) -> None:
        """One turn of the worker: ask head office when due, then hand over if it may. No
        exception escapes; a failed check is tried again after RETRY_S."""
        now = self._clock()
        if now >= self._next_check:
            try:
                self.check()
                self._next_check = now + self.check_every_s
            except NotEnrolled:
                self._next_check = now + self.check_every_s
            except Exception as exc:  # logged and tried again: the till never notices
                log.warning("update check failed (%s); again in %.0f s", exc, RETRY_S)
                self._next_check = now + min(RETRY_S, self.check_every_s)
        try:
            self.hand_over()
        except Exception:
            log.exception("update hand-over failed")

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop = threading.Event()

        def run(stop: threading.Event) -> None:
            while not stop.is_set():
                self.step()
                stop.wait(self.poll_s)

        self._thread = threading.Thread(target=run, args=(self._stop,), name="updates", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 2.0) -> None:
        """Stop the worker; a download in flight is left to end alone (daemon thread; its
        partial file is deleted or finished, never staged unchecked)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
        self._thread = None

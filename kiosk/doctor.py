"""``ocop-kiosk doctor``: what an installer checks on site, one line each, green or red.

Devices found and answering, disk space, the clock against head office's (a wrong clock puts
sales on the wrong business day), the database file and its schema, the newest backup and the
sync state. It reads and never writes: no upgrade, no backup, no sync; a broken database is one
red line, and the checks that need its settings say so instead of stopping the others.

It lives beside the command line, not in kiosk.core, because it opens real devices.
"""

import contextlib
import datetime as dt
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy.exc import SQLAlchemyError

from db.engine import DatabaseError, check_database, make_engine, make_session_factory
from db.migrate import current_revision, scripted_head
from hardware.errors import DeviceError
from hardware.interfaces import PrinterStatus
from hardware.urls import open_printer, open_scanner
from hq import protocol
from kiosk.config import Paths
from kiosk.core.settings import Settings
from kiosk.core.sync.client import Enrolment, SyncStatus
from kiosk.core.sync.service import SyncService

GREEN, RED, RESET = "\033[32m", "\033[31m", "\033[0m"


@dataclass(frozen=True)
class Finding:
    topic: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Limits:
    """Where green turns red."""

    min_free_bytes: int = 1_000_000_000
    max_backup_age: dt.timedelta = dt.timedelta(days=2)
    max_clock_skew: dt.timedelta = dt.timedelta(minutes=2)
    max_sync_age: dt.timedelta = dt.timedelta(days=1)
    scanner_wait_s: float = 3.0
    hq_timeout_s: float = 10.0


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def examine(
    paths: Paths,
    *,
    limits: Limits = Limits(),
    http: httpx.Client | None = None,
    now: Callable[[], dt.datetime] = _utcnow,
) -> list[Finding]:
    """Every check, in the order the installer reads them."""
    with _open_database(paths.database) as (database, settings, sync):
        return _examine(paths, database, settings, sync, limits, http, now)


def _examine(paths, database, settings, sync, limits, http, now) -> list[Finding]:
    if settings is None or sync is None:
        unusable = "settings unreadable: the database is not usable (see the database line)"
        devices = [Finding("printer", False, unusable), Finding("scanner", False, unusable)]
        clock, state = Finding("clock", False, unusable), Finding("sync", False, unusable)
    else:
        devices = [
            check_printer(settings["printer_url"], settings["printer_profile"]),
            check_scanner(settings["scanner_url"], limits.scanner_wait_s),
        ]
        enrolment = sync.enrolment()
        clock = check_clock(enrolment, settings.get("hq_ca_file"), limits, http=http, now=now)
        state = check_sync(enrolment, sync.status(), now(), limits)
    return [
        *devices,
        check_disk(paths.data_dir, limits),
        clock,
        database,
        check_backup(paths.backups, now(), limits),
        state,
    ]


@contextlib.contextmanager
def _open_database(path: Path) -> Iterator[tuple[Finding, Settings | None, SyncService | None]]:
    """The database's finding, and its settings and sync state when readable; the engine is
    disposed on the way out, so no WAL is left behind to make the next start check it all."""
    if not path.exists():
        yield Finding("database", False, f"none at {path}: run `ocop-kiosk db upgrade`"), None, None
        return
    engine = None
    try:
        try:
            check_database(path)
            engine = make_engine(path)
            current, head = current_revision(engine), scripted_head()
            sf = make_session_factory(engine)
            settings = Settings(sf)
            settings.get("terminal_code")  # reads the settings table: fails on a foreign file
        except (DatabaseError, SQLAlchemyError) as exc:
            yield Finding("database", False, f"{path}: {exc}"), None, None
            return
        if current != head:
            detail = f"schema {current}, this version needs {head}: run `ocop-kiosk db upgrade`"
            yield Finding("database", False, detail), settings, SyncService(sf, settings)
        else:
            finding = Finding("database", True, f"{path}: intact, schema {head}")
            yield finding, settings, SyncService(sf, settings)
    finally:
        if engine is not None:
            engine.dispose()


def check_printer(url: str, profile: str) -> Finding:
    if url.startswith("fake:"):
        return Finding("printer", False, f"{url}: a fake printer prints nothing; set printer_url")
    try:
        printer = open_printer(url, profile=profile)
    except DeviceError as exc:
        return Finding("printer", False, f"{url}: {exc}")
    try:
        state = printer.status()
    finally:
        printer.close()
    if state is PrinterStatus.READY:
        return Finding("printer", True, f"{url}: answers, ready")
    if state is PrinterStatus.PAPER_LOW:
        return Finding("printer", True, f"{url}: answers, paper low")
    if state is PrinterStatus.UNKNOWN:
        return Finding("printer", True, f"{url}: opened; it reports no status (print a test page)")
    if state is PrinterStatus.PAPER_OUT:
        return Finding("printer", False, f"{url}: paper out or cover open")
    return Finding("printer", False, f"{url}: not found or not answering")


def check_scanner(url: str, wait_s: float) -> Finding:
    if url.startswith("fake:"):
        return Finding("scanner", False, f"{url}: a fake scanner reads nothing; set scanner_url")
    if url.startswith("wedge:"):
        return Finding("scanner", True, f"{url}: keyboard wedge; scan at the sign-in screen")
    try:
        scanner = open_scanner(url, lambda event: None)
    except DeviceError as exc:
        return Finding("scanner", False, f"{url}: {exc}")
    scanner.start()
    try:
        deadline = time.monotonic() + wait_s
        while not scanner.connected and time.monotonic() < deadline:
            time.sleep(0.05)
        connected = scanner.connected
    finally:
        scanner.stop()
    if connected:
        return Finding("scanner", True, f"{url}: connected")
    return Finding("scanner", False, f"{url}: not found (plugged in? udev rule?)")


def check_disk(folder: Path, limits: Limits) -> Finding:
    free = shutil.disk_usage(folder).free
    detail = f"{free / 1e9:.1f} GB free in {folder}"
    if free < limits.min_free_bytes:
        return Finding("disk", False, f"{detail}, under {limits.min_free_bytes / 1e9:.1f} GB")
    return Finding("disk", True, detail)


def check_clock(
    enrolment: Enrolment | None,
    ca_file: str | None,
    limits: Limits,
    *,
    http: httpx.Client | None = None,
    now: Callable[[], dt.datetime] = _utcnow,
) -> Finding:
    """This terminal's clock against head office's, from its /health answer (mid-request)."""
    if enrolment is None:
        return Finding("clock", False, f"{now():%Y-%m-%d %H:%M} UTC, not compared: not enrolled")
    client = http or httpx.Client(timeout=limits.hq_timeout_s, verify=ca_file or True)
    try:
        before = now()
        reply = client.get(f"{enrolment.base_url}{protocol.API_PREFIX}/health")
        after = now()
        reply.raise_for_status()
        hq_time = protocol.Health.model_validate_json(reply.content).time
    except (httpx.HTTPError, ValueError) as exc:
        return Finding("clock", False, f"not compared: head office unreachable ({exc})")
    finally:
        if http is None:
            client.close()
    if hq_time.tzinfo is None:
        hq_time = hq_time.replace(tzinfo=dt.UTC)
    skew = before + (after - before) / 2 - hq_time
    seconds = round(skew.total_seconds())
    words = f"{abs(seconds)} s {'ahead of' if seconds > 0 else 'behind'} head office"
    if abs(skew) > limits.max_clock_skew:
        return Finding("clock", False, f"{words}: set the time (timedatectl, NTP)")
    return Finding("clock", True, words)


def check_backup(folder: Path, now: dt.datetime, limits: Limits) -> Finding:
    """The newest backup, daily (``backups/daily``) or made before an upgrade, and its age."""
    files = [p for p in folder.rglob("*.sqlite3") if p.is_file()] if folder.is_dir() else []
    if not files:
        return Finding("backup", False, f"none in {folder}")
    newest = max(files, key=lambda p: p.stat().st_mtime)
    made = dt.datetime.fromtimestamp(newest.stat().st_mtime, dt.UTC)
    detail = f"{newest.name}, {_age(now - made)} old"
    return Finding("backup", now - made <= limits.max_backup_age, detail)


def check_sync(
    enrolment: Enrolment | None, status: SyncStatus, now: dt.datetime, limits: Limits
) -> Finding:
    if enrolment is None:
        return Finding("sync", False, "not enrolled: run `ocop-kiosk sync enrol URL CODE`")
    where = f"terminal {enrolment.terminal_code} at {enrolment.base_url}"
    waiting = f"{status.backlog} entries waiting"
    if status.rejected:
        return Finding("sync", False, f"{where}: {status.rejected} entries rejected, {waiting}")
    if status.last_success is None:
        return Finding("sync", False, f"{where}: never synced, {waiting}")
    last = status.last_success
    if last.tzinfo is None:
        last = last.replace(tzinfo=dt.UTC)
    detail = f"{where}: last sync {_age(now - last)} ago, {waiting}"
    return Finding("sync", now - last <= limits.max_sync_age or status.backlog == 0, detail)


def _age(delta: dt.timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 120:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} days"


def render(findings: list[Finding], *, colour: bool) -> str:
    """One line per finding: a green OK or a red FAIL, the topic, what was seen."""
    lines = []
    for f in findings:
        mark = "OK  " if f.ok else "FAIL"
        if colour:
            mark = f"{GREEN if f.ok else RED}{mark}{RESET}"
        lines.append(f"{mark}  {f.topic:<8} {f.detail}")
    return "\n".join(lines)

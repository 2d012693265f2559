"""Composition root: the one place that opens the database, builds the core services and picks
real or fake devices. The window (kiosk.ui) and the CLI (kiosk.cli) get everything from here.
"""

import logging
import logging.handlers
import os
import threading

from sqlalchemy import select

import resources
from db import make_session_factory, upgrade
from db.models import User
from hardware.errors import DeviceError
from hardware.interfaces import PrinterStatus, ReceiptPrinter
from hardware.urls import open_printer
from kiosk import __version__
from kiosk.config import Paths
from kiosk.core.backups import Backups
from kiosk.core.catalogue.lookup import Catalogue
from kiosk.core.einvoice.queue import InvoiceQueue
from kiosk.core.people.users import Users
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.print_queue import PrintQueue
from kiosk.core.sale.session_end import end_session
from kiosk.core.services import Services
from kiosk.core.settings import Settings
from kiosk.core.settings_editor import SettingsEditor
from kiosk.core.sync.service import SyncService
from kiosk.core.updates import UpdateFolder, Updater

log = logging.getLogger(__name__)

# Demo users, printed in the README; a real shop replaces them (ocop-kiosk users add).
DEMO_USERS = (("Lan", "clerk", "1111"), ("Minh", "manager", "2222"), ("Hà", "admin", "9999"))


def setup_logging(paths: Paths, *, verbose: bool = False) -> None:
    handler = logging.handlers.RotatingFileHandler(
        paths.logs / "kiosk.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        # python-escpos calls logging.basicConfig() when imported (a plain StreamHandler);
        # ours from an earlier call go too. Handlers of test runners are subclasses: they stay.
        if type(old) is logging.StreamHandler or getattr(old, "ocop_kiosk", False):
            root.removeHandler(old)
            old.close()
    for new in (handler, console):
        new.ocop_kiosk = True
        root.addHandler(new)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)


FONT = ("fonts", "DejaVuSans.ttf")
BOLD_FONT = ("fonts", "DejaVuSans-Bold.ttf")


def font_paths() -> tuple[str, str]:
    """The bundled fonts that print Vietnamese on every printer (raster mode)."""
    return str(resources.path(*FONT)), str(resources.path(*BOLD_FONT))


def open_receipt_printer(url: str, profile: str) -> ReceiptPrinter:
    """The printer the settings name. A printer that cannot be opened is not fatal: the till
    keeps selling, receipts wait in the queue, and the status bar says the printer is off."""
    font, bold = font_paths()
    try:
        return open_printer(url, profile=profile, font_path=font, bold_font_path=bold)
    except DeviceError as exc:
        log.error("printer %s cannot be opened (%s); receipts wait in the queue", url, exc)
        return UnusablePrinter(url, exc)


class UnusablePrinter(ReceiptPrinter):
    """Stands where a misconfigured printer would: every job fails with the reason, so the
    queue shows it to the manager and nothing is lost until the settings are fixed."""

    def __init__(self, url: str, error: DeviceError):
        self.name = url
        self.error = error

    @property
    def width_dots(self) -> int:
        return 576

    def print(self, document) -> None:
        raise self.error

    def open_drawer(self) -> None:
        raise self.error

    def status(self) -> PrinterStatus:
        return PrinterStatus.OFFLINE


def open_services(paths: Paths) -> Services:
    """Upgrade the database (after a backup) and build the services on it."""
    # Everything the kiosk writes from here on (database, WAL, logs, backups, documents) is
    # readable by its own user only.
    os.umask(0o077)
    paths.ensure()
    engine = upgrade(paths.database, backup_dir=paths.backups)  # its files 0600: the umask
    sf = make_session_factory(engine)
    settings = Settings(sf)
    printer = open_receipt_printer(settings["printer_url"], settings["printer_profile"])
    updater = Updater(sf, settings, UpdateFolder.of(paths.data_dir))
    sync = SyncService(sf, settings, updater=updater)
    return Services(
        data_dir=paths.data_dir,
        session_factory=sf,
        settings=settings,
        users=Users(sf, settings),
        catalogue=Catalogue(sf, settings),
        checkout=Checkout(sf, settings),
        print_queue=PrintQueue(sf, settings, printer),
        sync=sync,
        settings_editor=SettingsEditor(settings, sync),
        backups=Backups(paths.database, paths.daily_backups, settings),
    )


def run_kiosk(services: Services, *, demo: bool = False) -> int:
    """The kiosk window with its devices and the sync worker; returns the exit status.

    The workers (sync, updates, e-invoices, backups) are started once the sign-in screen is up,
    off the GUI thread: their imports and first rounds beside the start made the screen wait
    (0.99 s to sign-in on a 1,000,000-sale file with them, 0.79 s without; the updater alone
    imported head office's wire schema, ~0.2 s), and an enrolled terminal's sync client
    (httpx, pydantic) would hold the GUI thread ~0.3 s. Only then is the sign-in marker
    written (the installer's proof that this version works): a worker that cannot start ends
    the session with status 1, as it did when they started before the window, so that its unit
    restarts it and a broken update is rolled back.

    The sync worker runs when the terminal is enrolled (or as soon as it is, from the settings
    screen) and is stopped before the process ends, between two rounds: an interrupted push
    is safe anyway (its entries stay unsent and go again). Closing the window and SIGTERM end
    the session alike: the cart parked, the WAL checkpointed (kiosk.core.sale.session_end).
    """
    from kiosk.ui.application import open_window, quit_on_signals

    stops: list[threading.Event] = []
    starting, closing = threading.Lock(), threading.Event()
    window = None
    updates = UpdateFolder.of(services.data_dir)

    def start_workers() -> None:
        with starting:  # not after the session began to end (the finally below)
            if closing.is_set():
                return
            if services.sync is not None:
                services.sync.start()
            stops.append(start_backups(services))
            stops.append(start_invoices(services))

    def not_started(error: BaseException) -> None:
        log.error("the kiosk's workers did not start", exc_info=error)
        app.exit(1)

    def shown() -> None:
        window.ops.run(start_workers, success=lambda _r: note_sign_in(updates), failure=not_started)

    try:
        app, window = open_window(services, demo=demo, on_shown=shown)
        attach_scanner(window, services.settings["scanner_url"])
        quit_on_signals(app)
        return app.exec()
    finally:
        with starting:
            closing.set()
        for stop in stops:
            stop.set()
        if services.sync is not None:
            services.sync.close()
        if window is not None:
            # After the workers are told to stop: nothing writes to the WAL after its checkpoint.
            paying = window.stack.currentWidget() is window.payment
            payment = window.payment.draft if paying else None
            reason = app.property("ended_by") or "window closed"
            end_session(window.till, payment=payment, reason=reason)
        close_services(services)


def note_sign_in(updates: UpdateFolder) -> None:
    """The sign-in screen of this version is up: after an update, the installer waits for this
    (and rolls back to the previous version when it does not come)."""
    try:
        updates.note_sign_in(__version__)
    except OSError as exc:
        log.error("cannot write the sign-in marker in %s: %s", updates.path, exc)


def close_services(services: Services) -> None:
    """Close the database as a clean exit should: SQLite checkpoints and deletes its WAL when
    the last connection closes, which tells the next start that no whole-file check is due
    (see db.engine.left_unclean)."""
    engine = services.session_factory.kw.get("bind")
    if engine is not None:
        engine.dispose()


def start_invoices(services: Services) -> threading.Event:
    """The e-invoice queue's worker (it sends only while the shop has e-invoices on); set the
    returned event to stop it. An invoice in flight at exit stays pending and goes again."""
    stop = threading.Event()
    queue = InvoiceQueue(services.session_factory, services.settings)
    threading.Thread(target=queue.run_forever, args=(stop,), name="einvoices", daemon=True).start()
    return stop


BACKUP_CHECK_S = 600.0
# Not at once: the copy of a large file (3 GB at 1,000,000 sales) beside the start made the
# sign-in screen of such a kiosk wait (1.3 s to sign-in with it, 0.8 s without, measured).
BACKUP_FIRST_S = 60.0


def start_backups(
    services: Services, every_s: float = BACKUP_CHECK_S, first_after_s: float = BACKUP_FIRST_S
) -> threading.Event:
    """A worker thread that makes the daily backup when one is due (checked a minute after
    start, then every ten minutes); set the returned event to stop it. A failed backup is
    logged and tried again at the next check: it never stops the till."""
    stop = threading.Event()
    backups = services.backups
    if backups is None:
        return stop

    def run() -> None:
        stop.wait(first_after_s)
        while not stop.is_set():
            try:
                backups.run_if_due()
            except Exception:  # the worker must outlive a full disk or a bug in one round
                log.exception("daily backup failed")
            stop.wait(every_s)

    threading.Thread(target=run, name="daily-backup", daemon=True).start()
    return stop


def attach_scanner(window, url: str):
    """A serial (or fake) scanner named in the settings sends its scans to the window from its
    own thread, through the window's queued signal; a keyboard-wedge scanner needs nothing more
    than the window's key filter. An unusable scanner is not fatal: the keyboard still works.
    """
    if url.startswith("wedge:"):
        return None
    from hardware.urls import open_scanner

    try:
        scanner = open_scanner(
            url,
            lambda event: window.scan_arrived.emit(event.code),
            window.scanner_state_changed.emit,
        )
        scanner.start()
    except DeviceError as exc:
        log.error("scanner %s cannot be opened (%s); the keyboard still works", url, exc)
        window.scanner_state_changed.emit(False)
        return None
    window.scanner = scanner
    window.destroyed.connect(lambda: scanner.stop())
    return scanner


def load_demo(services: Services) -> bool:
    """Demo catalogue and demo users into an empty database. True if anything was loaded."""
    from kiosk.core.catalogue.demo import load_demo as load_demo_catalogue

    loaded = bool(load_demo_catalogue(services.session_factory))
    with services.session_factory() as s:
        has_users = s.execute(select(User.id).limit(1)).first() is not None
    if not has_users:
        admin = None
        for name, role, pin in reversed(DEMO_USERS):
            created = services.users.create(name, role, pin, by=admin)
            admin = admin or created
        # The demo sells at once: its shift opens with an empty drawer (a sale needs a shift).
        if services.shifts.current() is None:
            services.shifts.open(admin, 0)
        loaded = True
    if loaded:
        log.info("demo catalogue and users loaded")
    return loaded

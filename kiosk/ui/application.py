"""The Qt application: style, language, the kiosk window, and the excepthook that keeps the
window alive whatever goes wrong."""

import contextlib
import gc
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QDir, QSocketNotifier, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication

import resources
from hardware.interfaces import ReceiptPrinter
from kiosk.core.backoffice import BackOffice
from kiosk.core.catalogue.lookup import Catalogue
from kiosk.core.catalogue.photos import ProductPhotos
from kiosk.core.sale.till import Till
from kiosk.core.services import Services
from kiosk.ui.customer.controller import CustomerDisplay
from kiosk.ui.shared import text, touch
from kiosk.ui.shared.printing import bold_font_path, font_path
from kiosk.ui.window import KioskView

log = logging.getLogger(__name__)


def style_sheet() -> str:
    return resources.path("style", "kiosk.qss").read_text(encoding="utf-8")


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("OCOP Kiosk")
    for path in (font_path(), bold_font_path()):
        QFontDatabase.addApplicationFont(path)
    app.setFont(QFont("DejaVu Sans", 13))
    QDir.setSearchPaths("style", [str(resources.path("style"))])  # the sheet's url(style:...)
    app.setStyleSheet(style_sheet())
    touch.install(app)
    return app  # type: ignore[return-value]


def install_excepthook(window: KioskView) -> None:
    """Unexpected errors are logged with their traceback and shown in the banner; the window,
    the cart and the screen the clerk was on stay as they were."""

    def hook(kind, value, tb):
        log.error("unexpected error", exc_info=(kind, value, tb))
        with contextlib.suppress(RuntimeError):  # the window is gone: the log has it
            QTimer.singleShot(0, lambda: window.show_unexpected(value))

    sys.excepthook = hook


END_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def quit_on_signals(app: QApplication) -> QSocketNotifier:
    """SIGTERM (systemd stopping the unit), SIGINT and SIGHUP end the event loop as closing the
    window does, so the session ends cleanly (kiosk.core.sale.session_end).

    A Python signal handler runs only when the interpreter next runs, which Qt's event loop in
    C++ may not let it do for a long time: the signal's number is written to a socket Qt
    watches (signal.set_wakeup_fd), and its notifier quits the loop at once."""
    receive, send = socket.socketpair()
    for end in (receive, send):
        end.setblocking(False)
    signal.set_wakeup_fd(send.fileno())
    for number in END_SIGNALS:
        signal.signal(number, lambda *_args: None)  # the wake-up byte does the work
    notifier = QSocketNotifier(receive.fileno(), QSocketNotifier.Type.Read, app)

    def woken() -> None:
        with contextlib.suppress(BlockingIOError):
            numbers = receive.recv(16)
            names = ", ".join(signal.Signals(n).name for n in numbers)
            log.info("%s received: ending the session", names)
            app.setProperty("ended_by", names)
            app.quit()

    notifier.activated.connect(woken)
    notifier.sockets = (receive, send)  # kept open as long as the notifier lives
    return notifier


def build_till(services: Services) -> Till:
    catalogue = getattr(services, "catalogue", None) or Catalogue(
        services.session_factory, services.settings
    )
    return Till(
        users=services.users,
        catalogue=catalogue,
        checkout=services.checkout,
        settings=services.settings,
        session_factory=services.session_factory,
    )


AFTER_START_MS = 1_000


def _after_start_up() -> None:
    """What the sign-in screen did not wait for, done while the clerk reads it: Babel's
    locale data loaded (~45 ms, the sale screen's first sums would wait for it), then
    start-up's objects collected and frozen out of the collector (~50 ms)."""
    text.money(0)
    gc.collect()
    gc.freeze()


def open_window(
    services: Services,
    *,
    demo: bool = False,
    printer: ReceiptPrinter | None = None,
    on_shown: Callable[[], None] | None = None,
) -> tuple[QApplication, KioskView]:
    """The application and the kiosk window on ``services``, shown, at the sign-in screen.

    ``on_shown`` is called from the event loop once it runs, the sign-in screen on screen (the
    updater's proof that a new version works).
    """
    started = time.perf_counter()
    app = make_application()
    # The composition root hands over the print queue (and its printer) when it has one; the
    # demo without one prints to a fake printer that keeps the rendered receipts.
    queue = getattr(services, "print_queue", None)
    printer = printer or (queue.printer if queue is not None else None)
    till = build_till(services)
    office = BackOffice.of(services)
    window = KioskView(
        till,
        printer,
        queue=queue,
        sync=getattr(services, "sync", None),
        editor=getattr(services, "settings_editor", None),
        office=office,
        photos=ProductPhotos(services.data_dir / "photos")
        if hasattr(services, "data_dir")
        else None,
    )
    if printer is None:
        if not demo:
            log.warning("no printer configured: receipts go to a fake printer")
        # python-escpos takes half a second to import: make the fake printer off the GUI
        # thread while the sign-in screen is already up (nobody has paid yet).
        window.ops.run(_fake_printer, success=window.printing.set_printer)
    install_excepthook(window)
    window.setWindowTitle("OCOP Kiosk")
    if os.environ.get("OCOP_KIOSK_WINDOWED"):
        window.resize(1024, 768)
        window.show()
    else:
        fill_screen(window)
    # On a second screen when the terminal has one (the setting customer_display); it lives as
    # long as the window, whose child it is.
    CustomerDisplay(window)
    # A moment after the sign-in screen is up, while the clerk reads it (nobody scans within a
    # second): Babel's locale data loaded for the first sums, and what start-up made (it lives
    # as long as the app) frozen out of the collector's way, so a collection never lands in the
    # middle of a scan.
    QTimer.singleShot(AFTER_START_MS, _after_start_up)
    log.info("sign-in screen shown after %.0f ms", (time.perf_counter() - started) * 1000)
    if on_shown is not None:
        QTimer.singleShot(0, on_shown)
    return app, window


def fill_screen(window: KioskView) -> None:
    """Full screen. A kiosk often runs with no window manager, and then nothing acts on the
    full-screen request: the window takes its screen's geometry itself (without it, it opens
    at its size hint in the corner, 991x713 on a 1024x768 screen)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        window.setGeometry(screen.geometry())
    window.showFullScreen()


def _fake_printer() -> ReceiptPrinter:
    from hardware.fakes import FakePrinter

    return FakePrinter(font_path=font_path(), bold_font_path=bold_font_path())

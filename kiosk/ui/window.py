"""The kiosk window: a header, the screens, the status bar and the banner floating over it.

It wires the screens to each other and to the devices: scans from the wedge filter or a serial
scanner go to the sale screen; a completed sale goes to the printer off the GUI thread; the
screen locks after idle time; a language switch redraws everything.
"""

import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from hardware.interfaces import ReceiptPrinter
from kiosk import i18n
from kiosk.core.backoffice import BackOffice, Visit
from kiosk.core.catalogue.photos import ProductPhotos
from kiosk.core.people.permissions import Permission
from kiosk.core.sale.checkout import CompletedSale
from kiosk.core.sale.print_queue import PrintQueue
from kiosk.core.sale.till import Till
from kiosk.core.settings_editor import SettingsEditor
from kiosk.core.sync.service import SyncResult, SyncService
from kiosk.i18n import _
from kiosk.ui.backoffice.context import BackOfficeContext
from kiosk.ui.backoffice.entry import ask_to_enter, open_shift_dialog
from kiosk.ui.backoffice.screen import BackOfficeScreen
from kiosk.ui.backoffice.settings import SettingsScreen
from kiosk.ui.backoffice.settings_hq import describe_sync
from kiosk.ui.header import Banner, HeaderBar
from kiosk.ui.idle import IdleTimer
from kiosk.ui.shared import text
from kiosk.ui.shared.background import BackgroundOps
from kiosk.ui.shared.dialogs import ReceiptPreviewDialog
from kiosk.ui.shared.messages import is_expected, message_for
from kiosk.ui.shared.notices import Notices, guarded
from kiosk.ui.shared.printing import ReceiptPrinting
from kiosk.ui.shared.scanfilter import WedgeFilter, dialog_over, scan_into
from kiosk.ui.till.payment import PaymentScreen
from kiosk.ui.till.sale import SaleScreen
from kiosk.ui.till.signin import SignInScreen
from kiosk.ui.till.statusbar import KioskStatusView

IDLE_LOCK_MS = 3 * 60 * 1000


class KioskView(QMainWindow):
    """State: the till, the printer helper, the screen shown, the receipt dialog if open."""

    scan_arrived = Signal(str)  # from a serial scanner's thread: queued to the GUI thread
    scanner_state_changed = Signal(bool)
    settings_saved = Signal(dict)  # the settings screen's changed values

    def __init__(
        self,
        till: Till,
        printer: ReceiptPrinter | None,
        *,
        queue: PrintQueue | None = None,
        idle_lock_ms: int = IDLE_LOCK_MS,
        wedge: bool = True,
        sync: SyncService | None = None,
        editor: SettingsEditor | None = None,
        office: BackOffice | None = None,
        photos: ProductPhotos | None = None,
    ):
        super().__init__()
        self.setObjectName("kiosk")
        self.till = till
        self.notices = Notices(self)
        self.ops = BackgroundOps(self)
        self.printing = ReceiptPrinting(printer, self.ops, self.notices, queue, self)
        self.dialog = None
        self.scanner = None  # a serial scanner, when the settings name one
        self.sync = sync
        self.office = office or BackOffice(
            till.session_factory,
            till.settings,
            till.users,
            documents_dir=Path(tempfile.gettempdir()) / "ocop-kiosk-documents",
        )

        self._build_header()
        self._build_screens(editor)
        self.sale.catalogue.set_photos(photos)
        self._connect_screens()
        self._build_layout()
        self.banner = Banner(self.notices, self)  # floats: no place in the layout
        self._watch_input(idle_lock_ms, wedge)

        i18n.add_language_listener(self._language_changed)
        self.destroyed.connect(lambda: i18n.remove_language_listener(self._language_changed))
        self.printing.check()
        self.show_sign_in()

    def _build_header(self) -> None:
        """The header bar; its labels and buttons stay reachable as the window's attributes."""
        self.header = header = HeaderBar()
        self.shop, self.who, self.language = header.shop, header.who, header.language
        self.backoffice_button = header.backoffice_button
        self.settings_button = header.settings_button
        self.lock_button, self.sign_out_button = header.lock_button, header.sign_out_button
        self.backoffice_button.clicked.connect(lambda: self.show_backoffice())
        self.language.clicked.connect(lambda: self.toggle_language())
        self.lock_button.clicked.connect(lambda: self.lock())
        self.sign_out_button.clicked.connect(lambda: self.sign_out())
        self.settings_button.clicked.connect(lambda: self.show_settings())

    def _build_screens(self, editor: SettingsEditor | None) -> None:
        """The screens, in the stack that shows one at a time; the settings screen (only with an
        editor) joins it when first opened."""
        till, links = self.till, self.sync and self.sync.transfer_link  # VietQR at head office
        self.signin, self.sale = SignInScreen(till, self.notices), SaleScreen(till, self.notices)
        self.payment = PaymentScreen(till, self.notices, transfers=links, hq=self.sync)
        self.backoffice = BackOfficeScreen(
            BackOfficeContext(
                office=self.office,
                visit=lambda: self.backoffice.visit,
                notices=self.notices,
                ops=self.ops,
                printing=self.printing,
                open_dialog=self._open_dialog,
                transfers=links,
            )
        )
        self.stack = QStackedWidget()
        for screen in (self.signin, self.sale, self.payment, self.backoffice):
            self.stack.addWidget(screen)
        # The settings screen (an admin's, now and then) is built when first opened: ~30 ms
        # the sign-in screen need not wait for.
        self._editor, self._settings = editor, None

    @property
    def settings(self) -> SettingsScreen | None:
        """The admin's settings screen, built on first use; None without a settings editor."""
        if self._settings is None and self._editor is not None:
            self._settings = screen = SettingsScreen(
                self._editor, self.sync, self.till, self.notices, self.ops
            )
            self.stack.addWidget(screen)
            screen.closed.connect(self.show_sale)
            screen.saved.connect(lambda _changed: self._draw_header())
            screen.saved.connect(self.settings_saved)
            screen.synced.connect(lambda _r: self.status.poll())
            screen.enrolled.connect(lambda _r: self.status.poll())
        return self._settings

    def _connect_screens(self) -> None:
        """Each screen's way out leads to the next one."""
        self.backoffice.closed.connect(lambda: self.leave_backoffice())
        self.sale.open_shift_requested.connect(lambda: self.ask_open_shift())
        self.signin.signed_in.connect(lambda: self._signed_in())
        self.sale.pay_requested.connect(self.show_payment)
        self.sale.receipt_requested.connect(lambda: self.show_receipt())
        self.payment.cancelled.connect(self.show_sale)
        self.payment.sale_completed.connect(self.sale_completed)

    def _build_layout(self) -> None:
        """Header and screens one above the other; the status bar under them."""
        central = QWidget()
        cl = QVBoxLayout(central)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addWidget(self.header)
        cl.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.status = KioskStatusView(self.till, sync=self.sync, ops=self.ops)
        self.setStatusBar(self.status)
        self.status.sync_requested.connect(self.sync_now)
        self.printing.status_changed.connect(self.status.set_printer)
        self.scanner_state_changed.connect(self.status.set_scanner)
        self.scan_arrived.connect(self.on_scan)

    def _watch_input(self, idle_lock_ms: int, wedge: bool) -> None:
        """Wedge scans and the idle lock, application-wide; the status bar's regular redraw."""
        self.wedge = WedgeFilter(self)
        self.wedge.scanned.connect(self.on_scan)
        self.sale.catalogue.follow_wedge(self.wedge)
        self.idle = IdleTimer(idle_lock_ms, self)
        self.idle.timeout.connect(self.lock)
        # One application filter for both: without a wedge scanner it only restarts the timer.
        self.wedge.activity = self.idle.touched
        self.wedge.detects = wedge
        app = QApplication.instance()
        if app is not None:
            self.wedge.install(app)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(10_000)
        self._status_timer.timeout.connect(self.status.refresh)
        self._status_timer.start()

    def closeEvent(self, event) -> None:
        i18n.remove_language_listener(self._language_changed)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.wedge)
        super().closeEvent(event)

    # -- screens -----------------------------------------------------------------------------

    def show_sign_in(self) -> None:
        self.wedge.enabled = False
        self.idle.stop()
        self.signin.refresh()
        self.stack.setCurrentWidget(self.signin)
        self._draw_header()
        self.status.refresh()
        self.signin.pin.setFocus()

    def _signed_in(self) -> None:
        self.notices.clear()  # whatever was shown belonged to the one before
        self.show_sale()

    def show_sale(self, *, after_sale: bool = False) -> None:
        """``after_sale``: the sale screen is drawn and its shift still open (not read again)."""
        if not after_sale:
            shift = self.till.open_shift()
            self.sale.set_shift_open(shift is not None)
            self.sale.refresh()
            self.status.refresh(shift)
        self.wedge.enabled = True
        self.idle.start()
        self.stack.setCurrentWidget(self.sale)
        self._draw_header()
        self.sale.catalogue.search.setFocus()
        if not self.sale.catalogue.tile_products:
            self.sale.catalogue.show_group(self.sale.catalogue.group)

    def show_settings(self) -> None:
        actor = self.till.actor if self.till.signed_in else None
        if self._editor is None or actor is None or not actor.may(Permission.SETTINGS):
            return
        self.wedge.enabled = False  # fast typing in the fields is not a scan here
        self.idle.start()
        self.settings.load()
        self.stack.setCurrentWidget(self.settings)
        self._draw_header()

    def show_payment(self) -> None:
        if self.payment.start():
            self.stack.setCurrentWidget(self.payment)
            self._draw_header()

    # -- the back office ---------------------------------------------------------------------

    @guarded
    def show_backoffice(self) -> None:
        """A manager or admin goes straight in; a clerk is asked for a manager's PIN."""
        actor = self.till.actor if self.till.signed_in else None
        if actor is None or self.dialog is not None:
            return
        ask_to_enter(self, self.office, actor, self._open_dialog, self._enter_backoffice)

    def _enter_backoffice(self, visit: Visit) -> None:
        self.wedge.enabled = True  # receipts are scanned for refunds
        self.stack.setCurrentWidget(self.backoffice)
        self.backoffice.start(visit)
        self._draw_header()

    def leave_backoffice(self) -> None:
        self.backoffice.end()
        self.show_sale()

    def ask_open_shift(self) -> None:
        """From the sale screen: count the float in; a clerk adds a manager's PIN."""
        actor = self.till.actor if self.till.signed_in else None
        if actor is None or self.dialog is not None:
            return
        self._open_dialog(open_shift_dialog(self, self.office, actor, self.notices, self.show_sale))

    def _open_dialog(self, dialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    @guarded
    def lock(self) -> None:
        if self.stack.currentWidget() is self.payment:
            self.idle.start()  # never lock in the middle of taking money
            return
        if self.till.actor is not None:
            self.wedge.flush()
            self.till.lock()
            self.backoffice.end()
            self.show_sign_in()

    def sign_out(self) -> None:
        if self.stack.currentWidget() is self.payment:
            self.notices.warning(_("Finish or cancel the payment first."))
            return
        had_cart = self.till.cart is not None and not self.till.cart.is_empty
        self.backoffice.end()
        self.till.sign_out()
        self.notices.clear()  # the last person's messages go with them
        self.show_sign_in()
        if had_cart:
            self.notices.info(_("The cart was parked; recall it after signing in."))

    # -- scans and sales ---------------------------------------------------------------------

    def on_scan(self, code: str) -> None:
        current = self.stack.currentWidget()
        modal = dialog_over(self)
        if modal is not None:
            # A dialog is open: its barcode field takes the scan, never the screen behind.
            if not scan_into(modal, code):
                self.notices.warning(_("Close the open window before scanning."))
                if current is self.sale:
                    self.sale.alert()
            return
        if current is self.backoffice:
            if self.dialog is not None:
                self.notices.warning(_("Close the open window before scanning."))
            elif not self.backoffice.scan(code):
                self.notices.warning(_("Open Voids and refunds to scan a receipt."))
            return
        if current is self.sale and (self.sale.dialog is not None or self.dialog is not None):
            self.notices.warning(_("Close the open window before scanning."))
            self.sale.alert()
        elif current is self.sale:
            self.idle.start()
            self.sale.scan(code)
        elif current is self.payment:
            self.notices.warning(_("Finish or cancel the payment before scanning more goods."))
            self.sale.alert()

    def sale_completed(self, sale: CompletedSale) -> None:
        self.sale.sale_completed(sale)
        self.show_sale(after_sale=True)
        self.status.sale_recorded()
        self._print_sale(sale)
        saved = _("Sale saved. Change: %(amount)s") if sale.change_vnd else _("Sale saved.")
        self.notices.info(saved % {"amount": text.money(sale.change_vnd)})

    @guarded
    def _print_sale(self, sale: CompletedSale, *, reprint: bool = False) -> None:
        self.printing.print_sale(self.till, sale, reprint=reprint)

    @guarded
    def show_receipt(self) -> None:
        document = self.till.receipt(reprint=True)
        png = self.printing.preview_png(document)
        sale = self.till.last_sale
        self.dialog = ReceiptPreviewDialog(self, png, lambda: self._print_sale(sale, reprint=True))
        self.dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog.open()

    # -- head office -------------------------------------------------------------------------

    def sync_now(self) -> None:
        """The status bar's button: push and pull now, off the GUI thread."""
        if self.sync is None or self.status.syncing:
            return
        sync, actor = self.sync, self.till.actor
        self.status.set_syncing(True)
        self.ops.run(
            lambda: sync.sync_now(by=actor), success=self._synced, failure=self._sync_failed
        )

    def _synced(self, result: SyncResult | None = None) -> None:
        self.status.set_syncing(False)
        self.status.poll()
        if result is not None:
            self.notices.info(describe_sync(result))

    def _sync_failed(self, error: BaseException) -> None:
        self._synced(None)
        if not is_expected(error):
            raise error
        self.notices.error(error)

    # -- language and messages ---------------------------------------------------------------

    def toggle_language(self) -> None:
        i18n.set_language("en" if i18n.get_language() == "vi" else "vi")

    def _language_changed(self, _lang: str) -> None:
        self.signin.retranslate()
        self.sale.retranslate()
        self.payment.retranslate()
        if self._settings is not None:
            self._settings.retranslate()
        self.backoffice.retranslate()
        self._draw_header()
        self.status.refresh()
        self.notices.clear()  # in the old language, and about what was done before

    def _draw_header(self) -> None:
        actor = self.till.actor if self.till.signed_in else None
        current = self.stack.currentWidget()
        self.header.draw(
            self.till.settings["shop_name"],
            actor.name if actor else "",
            signed_in=actor is not None,
            backoffice=actor is not None and current is self.sale,
            settings=self._editor is not None
            and actor is not None
            and actor.may(Permission.SETTINGS)
            and current is not self._settings,
        )

    def show_unexpected(self, error: BaseException) -> None:
        """For the excepthook: the window stays, the cart stays, the log has the details."""
        self.notices.warning(message_for(error))

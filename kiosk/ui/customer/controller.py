"""The one place that follows the till for the customer display: it listens to the clerk's
window (the cart redrawn, the VietQR code drawn or put away, the receipt language chosen, the
sale completed, the sign-in screen), builds the view the customer should see with
:mod:`kiosk.core.sale.customer_view`, and hands it to the display's window.

The window exists only when the setting ``customer_display`` and the screens the terminal has
give it a screen other than the till's: with one screen there is no window at all.
"""

import dataclasses
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication

from kiosk.core.sale import customer_view as cv
from kiosk.core.sale.checkout import CompletedSale
from kiosk.core.sale.till import VietQRRequest

if TYPE_CHECKING:
    from kiosk.ui.customer.view import CustomerDisplayView
    from kiosk.ui.window import KioskView

log = logging.getLogger(__name__)

PAID_MS = 20_000  # the thanks and the change stay up this long, or until the next scan


class CustomerDisplay(QObject):
    """State: the view the customer is shown (kept while there is no window, so a screen
    plugged in mid-sale shows the sale), and the display's window when there is a screen."""

    def __init__(
        self,
        kiosk: "KioskView",
        *,
        screens: Callable[[], Sequence[Any]] = QGuiApplication.screens,
        paid_ms: int = PAID_MS,
    ):
        super().__init__(kiosk)
        self.kiosk, self.till = kiosk, kiosk.till
        self._screens = screens
        self.window: CustomerDisplayView | None = None
        self.view: cv.CustomerView = cv.idle_view(self._shop(), self._lang())
        self._paid = QTimer(self)
        self._paid.setSingleShot(True)
        self._paid.setInterval(paid_ms)
        self._paid.timeout.connect(self._paid_over)
        self._follow()
        self.place()

    def eventFilter(self, watched, event) -> bool:
        # The display goes with the till's window: the kiosk quits when that one closes.
        if watched is self.kiosk and event.type() == QEvent.Type.Close:
            self.close()
        return False

    def close(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None

    def _follow(self) -> None:
        kiosk = self.kiosk
        kiosk.installEventFilter(self)
        kiosk.sale.model.totals_changed.connect(self._cart_changed)
        kiosk.payment.qr_changed.connect(self._qr_changed)
        kiosk.payment.transfer_changed.connect(
            lambda progress: self.set_transfer_status(cv.transfer_status(progress, self._lang()))
        )
        kiosk.payment.langs.buttonToggled.connect(lambda _b, on: on and self._lang_chosen())
        kiosk.payment.sale_completed.connect(self._sale_completed)
        kiosk.stack.currentChanged.connect(lambda _i: self._screen_changed())
        kiosk.settings_saved.connect(lambda _changed: self._settings_saved())
        app = QGuiApplication.instance()
        if app is not None:
            app.screenAdded.connect(lambda _s: self.place())
            app.screenRemoved.connect(lambda _s: QTimer.singleShot(0, self.place))

    # -- where -----------------------------------------------------------------------------------

    def place(self) -> None:
        """Open, move or close the window for the setting and the screens there are now."""
        screens = list(self._screens())
        till_screen = self.kiosk.screen()
        till_index = screens.index(till_screen) if till_screen in screens else 0
        setting = str(self.till.settings.get("customer_display", "auto"))
        index = cv.display_screen(setting, len(screens), till_index)
        if index is None:
            if self.window is not None:
                log.info("customer display closed (setting %s, %d screens)", setting, len(screens))
            self.close()
            return
        if self.window is None:
            # Imported here: with one screen (most tills) the display's window never exists.
            from kiosk.ui.customer.view import CustomerDisplayView

            self.window = CustomerDisplayView()
            log.info("customer display on screen %d of %d", index + 1, len(screens))
        self.window.place_on(screens[index])
        self.window.show_view(self.view)

    # -- what ------------------------------------------------------------------------------------

    def show(self, view: cv.CustomerView) -> None:
        self.view = view
        if self.window is not None:
            self.window.show_view(view)

    def set_transfer_status(self, status: str) -> None:
        """A line for the customer under the VietQR code (the bank's word on the transfer, once
        the till hears it); shown only while the code is."""
        if isinstance(self.view, cv.AwaitingTransfer):
            self.show(dataclasses.replace(self.view, status=status))

    def _shop(self) -> str:
        return str(self.till.settings["shop_name"])

    def _lang(self) -> str:
        """The receipt language: the one chosen on the payment screen while a payment is under
        way, the shop's default otherwise."""
        if self.kiosk.payment.draft is not None:
            return self.kiosk.payment.receipt_lang
        return cv.display_lang(self.till.settings["receipt_lang"])

    def _cart_changed(self, totals) -> None:
        new = cv.cart_view(totals, shop_name=self._shop(), lang=self._lang(), previous=self.view)
        shown = cv.after_cart_change(self.view, new)
        if shown is not self.view:
            self._paid.stop()
        self.show(shown)

    def _qr_changed(self, qr: VietQRRequest | None) -> None:
        draft = self.kiosk.payment.draft
        if qr is not None and draft is not None:
            self.show(cv.transfer_view(qr, total_vnd=draft.total_vnd, lang=self._lang()))
        elif isinstance(self.view, cv.AwaitingTransfer):
            cart = self.till.cart
            self._cart_changed(cart.totals() if cart is not None else None)

    def _lang_chosen(self) -> None:
        if not isinstance(self.view, cv.Paid):
            self.show(cv.in_language(self.view, self._lang()))

    def _sale_completed(self, sale: CompletedSale) -> None:
        self.show(cv.paid_view(sale))
        self._paid.start()

    def _paid_over(self) -> None:
        if isinstance(self.view, cv.Paid):
            self.show(cv.idle_view(self._shop(), self._lang()))

    def _screen_changed(self) -> None:
        """Signed out or locked: nobody is selling (the thanks may finish first)."""
        if self.kiosk.stack.currentWidget() is self.kiosk.signin and not isinstance(
            self.view, cv.Paid
        ):
            self.show(cv.idle_view(self._shop(), self._lang()))

    def _settings_saved(self) -> None:
        if isinstance(self.view, cv.Idle):
            self.view = cv.idle_view(self._shop(), self._lang())
        self.place()

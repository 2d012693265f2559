"""The payment screen: cash with quick tenders and the change shown large, VietQR with a large
code for the customer, card with its slip reference; split payments; cancel back to the cart.

The screen holds a core PaymentDraft; each tender button adds to it, and once the tenders
cover the total the sale completes at once (``sale_completed``)."""

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import InvalidAmount
from kiosk.core.money import format_qty, parse_vnd
from kiosk.core.sale.payments import Card, Cash, VietQR
from kiosk.core.sale.tendering import PaymentDraft, suggested_tenders
from kiosk.core.sale.till import Till
from kiosk.core.sync.transfers import TransferLink
from kiosk.core.terms import term
from kiosk.i18n import _, get_language
from kiosk.ui.shared import text
from kiosk.ui.shared.dialogs import ConfirmDialog
from kiosk.ui.shared.fit import FitLabel
from kiosk.ui.shared.notices import Notices, guarded
from kiosk.ui.till.buyer import BuyerButton
from kiosk.ui.till.payment_pages import CardPage, CashPage, VietQRPage, big_button
from kiosk.ui.till.transfer_views import TransferConfirmation, TransferWatcher

METHODS = ("cash", "vietqr", "card")
RECEIPT_LANGS = ("vi", "en", "both")


class PaymentScreen(TransferConfirmation, QWidget):
    """State: the payment draft for the cart being paid, and the method shown."""

    sale_completed = Signal(object)  # CompletedSale
    cancelled = Signal()
    # The VietQR code drawn for the customer (a VietQRRequest), or None once it is not shown.
    qr_changed = Signal(object)

    def __init__(
        self,
        till: Till,
        notices: Notices,
        parent: QWidget | None = None,
        *,
        transfers: Callable[[], TransferLink | None] | None = None,
        hq=None,  # the SyncService: head office's e-invoice buyers, by tax code
    ):
        super().__init__(parent)
        self.setObjectName("paymentScreen")
        self.till, self.notices = till, notices
        self.draft: PaymentDraft | None = None
        self.hq = hq
        self.qr = None
        self.dialog = None  # the question before cancelling, while it is open
        # The transfer shown as a code, watched at head office; its progress (transfer_changed,
        # transfer_progress) is what the customer display shows too.
        self.watcher = TransferWatcher(transfers, self)
        self.transfer_changed = self.watcher.changed
        self.watcher.changed.connect(self._transfer_changed)

        left = self._build_summary()
        right = self._build_methods()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(20)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)
        # Named now, drawn by start() (the screen is only shown after it): its amounts would
        # load Babel's locale data while the kiosk starts.
        self._name_things()

    def _build_summary(self) -> QVBoxLayout:
        """Left: what is owed, what was given, the receipt language, cancel."""
        self.total_label, self.total = QLabel(), FitLabel()
        self.total.setObjectName("dueTotal")
        self.due_label, self.due = QLabel(), FitLabel()
        self.due.setObjectName("dueValue")
        # The shop rounds cash: what the rest costs in cash, with the rounding on its own line.
        self.rounding = QLabel()
        self.rounding.setObjectName("cashRounding")
        self.rounding.setWordWrap(True)
        self.rounding.hide()  # shown by redraw when the cash is rounded
        self.tenders = QListWidget()
        self.tenders.setObjectName("tenders")
        # One line each, the amount first: a long card reference is cut, never the amount.
        self.tenders.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tenders.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.remove_tender = big_button(height=52)
        self.remove_tender.clicked.connect(lambda: self.remove_selected())
        self.buyer = BuyerButton(
            self.till.settings, self.till.session_factory, remote=self.hq and self.hq.known_buyer
        )
        self.lang_label = QLabel()
        self.langs = QButtonGroup(self)
        self.lang_buttons: dict[str, QPushButton] = {}
        lang_row = QHBoxLayout()
        for lang in RECEIPT_LANGS:
            b = big_button("langChoice", 52)
            b.setCheckable(True)
            self.langs.addButton(b)
            self.lang_buttons[lang] = b
            lang_row.addWidget(b)
        self.cancel = big_button("cancel")
        self.cancel.clicked.connect(lambda: self.cancel_payment())
        left = QVBoxLayout()
        for w in (self.total_label, self.total, self.due_label, self.due, self.rounding):
            left.addWidget(w)
        left.addWidget(self.tenders, 1)
        left.addWidget(self.remove_tender)
        left.addWidget(self.buyer)
        left.addWidget(self.lang_label)
        left.addLayout(lang_row)
        left.addWidget(self.cancel)
        return left

    def _build_methods(self) -> QVBoxLayout:
        """Right: the method buttons and one page per method."""
        self.methods = QButtonGroup(self)
        self.method_buttons: dict[str, QPushButton] = {}
        method_row = QHBoxLayout()
        for method in METHODS:
            b = big_button("method", 56)
            b.setCheckable(True)
            b.clicked.connect(lambda _checked=False, m=method: self.show_method(m))
            self.methods.addButton(b)
            self.method_buttons[method] = b
            method_row.addWidget(b)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._cash_page())
        self.pages.addWidget(self._vietqr_page())
        self.pages.addWidget(self._card_page())
        right = QVBoxLayout()
        right.addLayout(method_row)
        right.addWidget(self.pages, 1)
        return right

    # -- pages -------------------------------------------------------------------------------

    def _cash_page(self) -> CashPage:
        """The cash page, its fields kept as the screen's own; typing redraws the change."""
        page = self.cash_page = CashPage()
        self.cash, self.exact, self.quick_buttons = page.cash, page.exact, page.quick_buttons
        self.change, self.take = page.change, page.take
        self.cash.textChanged.connect(lambda _t: self._draw_change())
        self.cash.returnPressed.connect(lambda: self.take_cash())
        self.exact.clicked.connect(lambda: self.quick_tender(None))
        for amount, b in self.quick_buttons:
            b.clicked.connect(lambda _checked=False, a=amount: self.add_note(a))
        self.suggest_buttons = page.suggest_buttons
        for b in self.suggest_buttons:
            b.clicked.connect(
                lambda _checked=False, b=b: self.quick_tender(b.property("amount_vnd"))
            )
        page.pad.accepted.connect(lambda: self.take_cash())
        self.take.clicked.connect(lambda: self.take_cash())
        return page

    def _vietqr_page(self) -> VietQRPage:
        """The VietQR page, its fields kept as the screen's own; a new amount redraws the code."""
        page = self.qr_page = VietQRPage()
        self.qr_image, self.qr_amount, self.qr_bank = page.qr_image, page.qr_amount, page.qr_bank
        self.qr_entry, self.qr_received = page.qr_entry, page.qr_received
        self.qr_status = page.qr_status
        self.qr_entry.editingFinished.connect(lambda: self.draw_qr())
        self.qr_received.clicked.connect(lambda: self.take_vietqr())
        return page

    def _card_page(self) -> CardPage:
        """The card page, its fields kept as the screen's own."""
        page = self.card_page = CardPage()
        self.card_amount, self.card_ref = page.card_amount, page.card_ref
        self.card_ok = page.card_ok
        self.card_ref.returnPressed.connect(lambda: self.take_card())
        self.card_ok.clicked.connect(lambda: self.take_card())
        return page

    # -- flow --------------------------------------------------------------------------------

    @guarded
    def start(self) -> bool:
        """Begin paying the till's cart; False (and a message) if there is nothing to pay."""
        self.draft = self.till.begin_payment()
        self.buyer.reset()
        lang = self.till.settings["receipt_lang"]
        self.lang_buttons.get(lang, self.lang_buttons["vi"]).setChecked(True)
        self.show_method("cash")
        self.redraw()
        return True

    def show_method(self, method: str) -> None:
        self.method_buttons[method].setChecked(True)
        self.pages.setCurrentIndex(METHODS.index(method))
        self._fill_amounts()
        if method != "vietqr":
            self.watcher.stop()  # the code is no longer shown
        if method == "vietqr":
            self.draw_qr()
            return
        self.qr_changed.emit(None)
        if method == "card":
            self.card_ref.setFocus()
        else:
            self.cash.setFocus()

    def _fill_amounts(self) -> None:
        due = self._typed(self.draft.due_vnd) if self.draft and self.draft.due_vnd else ""
        self.cash.setText("")
        self.cash_page.suggest(suggested_tenders(self.draft.cash_due_vnd) if self.draft else [])
        self.qr_entry.setText(due)
        self.card_amount.setText(due)
        self.card_ref.clear()
        self._draw_change()

    @property
    def receipt_lang(self) -> str:
        return next((k for k, b in self.lang_buttons.items() if b.isChecked()), "vi")

    def quick_tender(self, amount: int | None) -> None:
        """Exact (None) or a suggested amount: put it in the tendered field; the change shows
        at once."""
        if self.draft is None:
            return
        self.cash.setText(self._typed(amount if amount is not None else self.draft.cash_due_vnd))

    def add_note(self, amount: int) -> None:
        """A banknote handed over: added to what the field holds (500.000 twice is 1.000.000)."""
        try:
            held = parse_vnd(self.cash.text()) if self.cash.text().strip() else 0
        except InvalidAmount:
            held = 0
        self.quick_tender(held + amount)

    @guarded
    def take_cash(self) -> None:
        tendered = self._amount(self.cash.text(), default=None)
        self.draft.add_cash(tendered)
        self._after_tender()

    @guarded
    def draw_qr(self) -> None:
        if self.draft is None or self.draft.due_vnd == 0:
            return
        amount = self._amount(self.qr_entry.text(), default=self.draft.due_vnd)
        self.qr = self.till.vietqr(amount, self.draft.reference)
        self.qr_page.show_code(self.qr, amount)
        self.watcher.watch(self.qr.purpose, amount)
        self.qr_changed.emit(self.qr)

    @guarded
    def take_card(self) -> None:
        amount = self._amount(self.card_amount.text(), default=self.draft.due_vnd)
        self.draft.add_card(amount, self.card_ref.text())
        self._after_tender()

    @guarded
    def remove_selected(self) -> None:
        row = self.tenders.currentRow()
        if self.draft is not None and 0 <= row < len(self.draft.tenders):
            self.draft.remove(row)
            self.redraw()
            self._fill_amounts()

    def _after_tender(self) -> None:
        self.notices.clear()
        if self.draft.settled:
            self.complete()
            return
        self.redraw()
        self._fill_amounts()
        if self.pages.currentIndex() == METHODS.index("vietqr"):
            self.draw_qr()

    @guarded
    def complete(self) -> None:
        self.watcher.stop()
        sale = self.till.complete(
            self.draft, receipt_lang=self.receipt_lang, buyer=self.buyer.buyer
        )
        self.draft = None
        self.sale_completed.emit(sale)

    def cancel_payment(self) -> None:
        """Back to the cart, which is exactly as it was; once money has been taken, only after
        asking (the payments taken are dropped, and cash goes back to the customer)."""
        d = self.draft
        if d is not None and d.tenders and self.dialog is None:
            question = _(
                "Payments of %(amount)s were already taken. Cancel drops them: give any cash "
                "back to the customer."
            ) % {"amount": text.money(d.cash_vnd + d.non_cash_vnd)}
            title = _("Cancel the payment?")
            self.dialog = ConfirmDialog(self, title, question, _("Cancel the payment"))
            self.dialog.accepted.connect(lambda: self._cancelled())
            self.dialog.finished.connect(lambda _r: self._dialog_closed())
            self.dialog.open()
        elif self.dialog is None:
            self._cancelled()

    def _dialog_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def _cancelled(self) -> None:
        self.watcher.stop()
        self.draft = None
        self.qr = None
        self.qr_changed.emit(None)
        self.notices.clear()
        self.cancelled.emit()

    @staticmethod
    def _typed(amount: int) -> str:
        """An amount as a clerk would type it ("375.000"), which parse_vnd reads back."""
        return format_qty(amount, get_language())

    @staticmethod
    def _amount(value: str, default: int | None) -> int:
        if not value.strip():
            if default is None:
                raise InvalidAmount(text=value)
            return default
        return parse_vnd(value)

    # -- drawing -----------------------------------------------------------------------------

    def redraw(self) -> None:
        d = self.draft
        self.total.setText(text.money(d.total_vnd if d else 0))
        self.due.setText(text.money(d.due_vnd if d else 0))
        self.tenders.clear()
        for t in d.tenders if d else []:
            if isinstance(t, Cash):
                self.tenders.addItem(_("Cash: %(amount)s") % {"amount": text.money(t.tendered_vnd)})
            elif isinstance(t, VietQR):
                self.tenders.addItem(_("VietQR: %(amount)s") % {"amount": text.money(t.amount_vnd)})
            elif isinstance(t, Card):
                self.tenders.addItem(
                    _("Card: %(amount)s (ref. %(ref)s)")
                    % {"amount": text.money(t.amount_vnd), "ref": t.reference}
                )
        self.remove_tender.setEnabled(bool(d and d.tenders))
        self._draw_rounding()
        self._draw_change()

    def _draw_rounding(self) -> None:
        d = self.draft
        rounding = d.cash_rounding_vnd if d and d.remaining_vnd else 0
        self.rounding.setVisible(bool(rounding))
        if rounding:
            self.rounding.setText(
                _("%(rounding)s: %(amount)s · in cash %(cash)s")
                % {
                    "rounding": term("rounding", get_language()),
                    "amount": text.money(rounding),
                    "cash": text.money(d.cash_owed_vnd),
                }
            )

    def _draw_change(self) -> None:
        d = self.draft
        if d is None:
            self.change.setText("")
            return
        try:
            tendered = parse_vnd(self.cash.text()) if self.cash.text().strip() else 0
        except InvalidAmount:
            tendered = 0
        change = max(0, d.cash_vnd + tendered - d.cash_owed_vnd)
        self.change.setText(text.money(change))

    def retranslate(self) -> None:
        self._name_things()
        self.redraw()
        if self.draft is not None and self.pages.currentIndex() == METHODS.index("vietqr"):
            self.draw_qr()

    def _name_things(self) -> None:
        self.total_label.setText(term("total", get_language()))
        self.due_label.setText(_("Still to pay"))
        self.remove_tender.setText(_("Remove payment"))
        self.lang_label.setText(_("Receipt language"))
        self.lang_buttons["vi"].setText("Tiếng Việt")
        self.lang_buttons["en"].setText("English")
        self.lang_buttons["both"].setText(_("Both"))
        self.cancel.setText(_("Cancel: back to the cart"))
        lang = get_language()
        self.method_buttons["cash"].setText(term("cash", lang))
        self.method_buttons["vietqr"].setText(_("VietQR"))
        self.method_buttons["card"].setText(term("card", lang))
        self.cash_page.retranslate()
        self.buyer.retranslate()
        self.qr_page.retranslate()
        self.card_page.retranslate()

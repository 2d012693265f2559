"""The payment screen's page per method: cash with quick tenders and the change shown large,
VietQR with a large code for the customer, card with its slip reference.

A page lays out its widgets and names them; the payment screen connects them to the payment.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.sale.till import VietQRRequest
from kiosk.core.terms import term
from kiosk.i18n import _, get_language
from kiosk.ui.shared import text
from kiosk.ui.shared.fit import FitLabel
from kiosk.ui.shared.pinpad import NumPadView

QUICK_TENDERS = (50_000, 100_000, 200_000, 500_000)
SUGGESTIONS = 4
QR_SIZE = 300


def big_button(name: str = "", height: int = 64) -> QPushButton:
    """A tall button for a finger, which never takes the keyboard focus from an amount field."""
    button = QPushButton()
    if name:
        button.setObjectName(name)
    button.setMinimumHeight(height)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


class CashPage(QFrame):
    """Cash: the amount received with a keypad, the exact amount, banknotes that add up, the
    amounts the customer most likely hands over, and the change, large."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("methodPage")
        self._amounts_in: str | None = None  # the language the banknotes' amounts are in
        self.cash_label = QLabel()
        self.cash = QLineEdit()
        self.cash.setObjectName("amountEntry")
        self.cash.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.pad = NumPadView(self.cash, extra="000")
        self.pad.ok.hide()  # "Take cash" is the OK here
        self.change_label = QLabel()
        self.change = FitLabel()
        self.change.setObjectName("changeBig")
        self.take = big_button("primary", 60)
        self.change.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top = QGridLayout()  # what was handed over beside the change: one row of a low screen
        top.addWidget(self.cash_label, 0, 0)
        top.addWidget(self.cash, 1, 0)
        top.addWidget(self.change_label, 0, 1, Qt.AlignmentFlag.AlignRight)
        top.addWidget(self.change, 1, 1)
        top.setColumnStretch(0, 1)
        top.setColumnStretch(1, 1)
        body = QHBoxLayout()
        body.addLayout(self._build_tenders(), 3)
        body.addWidget(self.pad, 2)
        v = QVBoxLayout(self)
        v.addLayout(top)
        v.addLayout(body)
        v.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.exact, 1)
        bottom.addWidget(self.take, 2)
        v.addLayout(bottom)

    def _build_tenders(self) -> QGridLayout:
        """The banknotes (each press adds one), then the suggested amounts; Exact, for the
        row of Take cash."""
        self.exact = big_button("quick", 60)
        quick = QGridLayout()
        self.quick_buttons = []
        for i, amount in enumerate(QUICK_TENDERS):
            b = big_button("quick", 52)
            quick.addWidget(b, i // 2, i % 2)
            self.quick_buttons.append((amount, b))
        self.suggest_buttons = []
        for i in range(SUGGESTIONS):
            b = big_button("suggested", 52)
            quick.addWidget(b, 2 + i // 2, i % 2)
            self.suggest_buttons.append(b)
        return quick

    def suggest(self, amounts: list[int]) -> None:
        """Show ``amounts`` on the suggestion buttons; the buttons left over are hidden."""
        for i, b in enumerate(self.suggest_buttons):
            b.setProperty("amount_vnd", amounts[i] if i < len(amounts) else None)
            b.setText(text.money(amounts[i]) if i < len(amounts) else "")
            b.setVisible(i < len(amounts))

    def retranslate(self) -> None:
        """The page's labels and buttons in the current language; the banknotes' amounts now
        if the page is on screen, else when it is shown."""
        self.cash_label.setText(_("Cash received"))
        self.exact.setText(_("Exact"))
        self.change_label.setText(term("change", get_language()))
        self.take.setText(_("Take cash"))
        self._amounts_in = None
        if self.isVisible():
            self._name_amounts()

    def showEvent(self, event) -> None:
        # Amounts in đồng load Babel's locale data (~45 ms): not while the kiosk starts.
        if self._amounts_in != get_language():
            self._name_amounts()
        super().showEvent(event)

    def _name_amounts(self) -> None:
        self._amounts_in = get_language()
        for amount, b in self.quick_buttons:
            b.setText("+ " + text.money(amount))
        for b in self.suggest_buttons:
            if b.property("amount_vnd"):
                b.setText(text.money(b.property("amount_vnd")))


class VietQRPage(QFrame):
    """VietQR: the code with the amount and the shop's bank beside it, the amount to transfer
    (part of what is due, for a split payment), and the button for a transfer received."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("methodPage")
        self.qr_image = QLabel()
        self.qr_image.setObjectName("qrImage")
        self.qr_image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_image.setMinimumSize(QR_SIZE, QR_SIZE)
        # the pixmap follows the label's size, never the other way round
        self.qr_image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.qr_amount = FitLabel()
        self.qr_amount.setObjectName("qrAmount")
        self.qr_amount.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_bank = QLabel()
        self.qr_bank.setObjectName("qrBank")
        self.qr_bank.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_bank.setWordWrap(True)
        self.qr_amount_label = QLabel()
        self.qr_entry = QLineEdit()
        self.qr_entry.setObjectName("amountEntry")
        self.qr_entry.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.qr_received = big_button("secondary", 56)
        # Where the transfer stands: waiting, received with the bank's reference, underpaid...
        self.qr_status = QLabel()
        self.qr_status.setObjectName("qrStatus")
        self.qr_status.setWordWrap(True)
        self.qr_amount.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.qr_bank.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.qr_heading = QLabel()
        self.qr_heading.setObjectName("qrHeading")
        details = QVBoxLayout()
        details.addStretch(1)
        details.addWidget(self.qr_heading)
        details.addWidget(self.qr_amount)
        details.addWidget(self.qr_bank)
        details.addWidget(self.qr_status)
        details.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.qr_image, 3)  # the code takes the room of a bigger screen
        top.addLayout(details, 2)
        self.shown: str | None = None  # the payload on screen, drawn again at a new size
        row = QHBoxLayout()
        row.addWidget(self.qr_amount_label)
        row.addWidget(self.qr_entry, 1)
        v = QVBoxLayout(self)
        v.addLayout(top, 1)
        v.addLayout(row)
        v.addWidget(self.qr_received)

    def show_code(self, qr: VietQRRequest, amount: int) -> None:
        """Draw ``qr``'s code as large as the page has room for, its amount and the bank."""
        self.shown = qr.payload
        self._draw_code()
        self.qr_amount.setText(text.money(amount))
        self.qr_bank.setText(
            "\n".join(
                part
                for part in (
                    qr.bank_name,
                    qr.account,
                    qr.account_name,
                    _("Reference: %(ref)s") % {"ref": qr.purpose},
                )
                if part
            )
        )

    def _draw_code(self) -> None:
        from kiosk.ui.shared.qr import qr_pixmap

        if self.shown is not None:
            room = min(self.qr_image.width(), self.qr_image.height()) - 8
            self.qr_image.setPixmap(qr_pixmap(self.shown, max(QR_SIZE, room)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._draw_code()

    def retranslate(self) -> None:
        """The page's labels and buttons in the current language."""
        self.qr_amount_label.setText(_("Amount"))
        self.qr_received.setText(_("Confirm by hand…"))
        self.qr_heading.setText(_("Scan with your banking app"))


class CardPage(QFrame):
    """Card: the amount taken on the card terminal and the reference on its slip."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("methodPage")
        self.card_amount_label = QLabel()
        self.card_amount = QLineEdit()
        self.card_amount.setObjectName("amountEntry")
        self.card_amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.card_ref_label = QLabel()
        self.card_ref = QLineEdit()
        self.card_ref.setObjectName("referenceEntry")
        self.card_ok = big_button("primary", 64)
        v = QVBoxLayout(self)
        for w in (self.card_amount_label, self.card_amount, self.card_ref_label, self.card_ref):
            v.addWidget(w)
        v.addStretch(1)
        v.addWidget(self.card_ok)

    def retranslate(self) -> None:
        """The page's labels and buttons in the current language."""
        self.card_amount_label.setText(_("Amount"))
        self.card_ref_label.setText(_("Reference on the card slip"))
        self.card_ok.setText(_("Card payment taken"))

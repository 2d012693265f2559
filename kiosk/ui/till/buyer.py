"""The buyer of an e-invoice, at the payment screen in a few taps: a button that shows who the
invoice is for, and a dialog for the tax code (checked with its check digit), the name, the
address, and a phone or ID number. A valid tax code fills the name and address: at once from
this terminal's earlier invoices, then, when head office answers (asked off the GUI thread),
from the invoices of every shop; offline the terminal's own stay. Its own module, so the payment
screen only places the button and hands its buyer to the sale."""

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from kiosk.core.einvoice.invoices import known_buyer
from kiosk.core.einvoice.rules import Buyer, check_buyer, tax_code_of
from kiosk.i18n import _
from kiosk.ui.shared.background import BackgroundOps
from kiosk.ui.shared.messages import is_expected, message_for

# A company by tax code: its name and address (a Buyer, or head office's KnownBuyer), or None.
Lookup = Callable[[str], object | None]


class BuyerDialog(QDialog):
    """State: the entries, the buyer accepted (None until OK), the lookups (this terminal's
    invoices; head office's, None without one) and what a lookup last filled in (``filled``),
    which a later answer may replace but what the clerk typed never is."""

    def __init__(self, parent, buyer: Buyer, known: Lookup, remote: Lookup | None = None):
        super().__init__(parent)
        self.setObjectName("buyerDialog")
        self.setModal(True)
        self.setWindowTitle(_("Invoice for"))
        self.known, self.remote = known, remote
        self.ops = BackgroundOps(self)
        self.buyer: Buyer | None = None
        self.filled = ("", "")
        self.tax_code, self.name, self.address, self.phone = (
            QLineEdit(buyer.tax_code),
            QLineEdit(buyer.name),
            QLineEdit(buyer.address),
            QLineEdit(buyer.phone or buyer.id_no),
        )
        for entry in (self.tax_code, self.name, self.address, self.phone):
            entry.setMinimumHeight(48)
        self.tax_code.editingFinished.connect(self.fill_known)
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.ok, self.clear, self.cancel = (
            QPushButton(_("OK")),
            QPushButton(_("No buyer")),
            QPushButton(_("Cancel")),
        )
        for b in (self.ok, self.clear, self.cancel):
            b.setMinimumHeight(56)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.ok.clicked.connect(self.submit)
        self.clear.clicked.connect(lambda: self.done_with(Buyer()))
        self.cancel.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Tax code"), self.tax_code)
        form.addRow(_("Name"), self.name)
        form.addRow(_("Address"), self.address)
        form.addRow(_("Phone or ID no."), self.phone)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        for b in (self.ok, self.clear, self.cancel):
            layout.addWidget(b)
        self.setMinimumWidth(420)

    def fill_known(self) -> None:
        """A valid tax code: the name and address from this terminal at once, and head office
        asked for its own (the answer arrives on this thread, :meth:`_answered`)."""
        code = tax_code_of(self.tax_code.text())
        if not code:
            return
        self._fill(self.known(code))
        if self.remote is not None:
            remote = self.remote
            self.ops.run(lambda: remote(code), success=lambda found: self._answered(code, found))

    def _answered(self, code: str, found) -> None:
        if found is not None and tax_code_of(self.tax_code.text()) == code:
            self._fill(found)

    def _fill(self, found) -> None:
        """``found``'s name and address, where the fields are empty or hold an earlier fill."""
        typed = (self.name.text().strip(), self.address.text().strip())
        if found is None or (any(typed) and typed != self.filled):
            return
        self.name.setText(found.name)
        self.address.setText(found.address)
        self.filled = (found.name.strip(), found.address.strip())

    def entered(self) -> Buyer:
        contact = "".join(self.phone.text().split())
        is_id = len(contact) in (9, 12) and not contact.startswith("0")
        return Buyer(
            name=self.name.text(),
            tax_code=self.tax_code.text(),
            address=self.address.text(),
            phone="" if is_id else contact,
            id_no=contact if is_id else "",
        )

    def submit(self) -> None:
        if not self.name.text().strip():  # a name this terminal knows: no waiting here
            self._fill(self.known(tax_code_of(self.tax_code.text())))
        try:
            self.done_with(check_buyer(self.entered()))
        except Exception as exc:
            if not is_expected(exc):
                raise
            self.error.setText(message_for(exc))

    def done_with(self, buyer: Buyer) -> None:
        self.buyer = buyer
        self.accept()


class BuyerButton(QPushButton):
    """A button on the payment screen, shown when the shop issues e-invoices. State: the buyer
    given for the sale being paid (empty: a consumer) and the dialog while it is open."""

    def __init__(self, settings, session_factory, parent=None, *, remote: Lookup | None = None):
        super().__init__(parent)
        self.setObjectName("invoiceBuyer")
        self.setMinimumHeight(52)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.settings = settings
        self.known: Lookup = lambda code: (
            known_buyer(session_factory, code) if session_factory is not None and code else None
        )
        self.remote = remote  # head office's buyers (None: no head office)
        self.value = Buyer()
        self.dialog: BuyerDialog | None = None
        self.clicked.connect(self.ask)
        self.reset()

    def reset(self) -> None:
        """A new payment: no buyer yet; shown only if the shop invoices."""
        self.value = Buyer()
        self.setVisible(bool(self.settings.get("einvoice_enabled")))
        self.retranslate()

    def ask(self) -> None:
        self.dialog = BuyerDialog(self.window(), self.value, self.known, self.remote)
        self.dialog.finished.connect(self._closed)
        self.dialog.open()

    def _closed(self, _result: int) -> None:
        if self.dialog is not None and self.dialog.buyer is not None:
            self.value = self.dialog.buyer
        self.dialog = None
        self.retranslate()

    @property
    def buyer(self) -> Buyer | None:
        return None if self.value.is_empty else self.value

    def retranslate(self) -> None:
        who = self.value.name or self.value.tax_code or self.value.phone or self.value.id_no
        self.setText(
            _("Invoice for: %(who)s") % {"who": who}
            if who
            else _("Invoice for a company or person…")
        )

"""What the manager's stock screens share: the services they call, the signed-in manager, a
product picker that takes a scan or a few typed letters, entry fields that check what is typed
as it is typed, and the confirmation asked before anything that cannot be undone.

The screens only wire: every button is one call of kiosk.core (Services.stock, the catalogue),
made with the signed-in manager as ``by``; what the core raises is shown by ``@guarded``.
"""

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.catalogue.lookup import Catalogue
from kiosk.core.errors import DomainError
from kiosk.core.money import parse_vnd
from kiosk.core.people.users import Actor
from kiosk.core.sale.till import NotSignedIn
from kiosk.core.services import StockServices
from kiosk.i18n import _
from kiosk.ui.shared import text
from kiosk.ui.shared.keys import enter_means_ok
from kiosk.ui.shared.messages import is_expected, message_for
from kiosk.ui.shared.notices import Notices

TOUCH = 52  # minimum height of a button or an entry a finger presses
PICKER_RESULTS = 8


@dataclass
class StockContext:
    """The services the manager's screens call, the banner they report to, and who is
    signed in (asked at each action: the manager may change while a screen is open)."""

    stock: StockServices
    catalogue: Catalogue
    notices: Notices
    actor: Callable[[], Actor | None]

    def by(self) -> Actor:
        actor = self.actor()
        if actor is None:
            raise NotSignedIn()
        return actor


def button(label: str = "", name: str = "", height: int = TOUCH) -> QPushButton:
    b = QPushButton(label)
    if name:
        b.setObjectName(name)
    b.setMinimumHeight(height)
    return b


def title_label() -> QLabel:
    label = QLabel()
    label.setObjectName("screenTitle")
    return label


def mark(widget: QWidget, valid: bool) -> None:
    """Show whether an entry holds a valid value (the style sheet paints ``invalid`` red)."""
    if widget.property("invalid") != (not valid):
        widget.setProperty("invalid", not valid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class NumberEntry(QLineEdit):
    """A whole number typed with or without thousands separators ("1.500"), checked at every
    keystroke against ``low``..``high``; empty is valid only when ``optional``."""

    def __init__(self, *, low: int = 0, high: int = 10**12, optional: bool = False):
        super().__init__()
        self.low, self.high, self.optional = low, high, optional
        self.setMinimumHeight(TOUCH)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.textChanged.connect(lambda _t: mark(self, self.valid))

    def value(self) -> int | None:
        raw = self.text().strip()
        if not raw:
            return None
        try:
            return parse_vnd(raw)
        except DomainError:
            return None

    @property
    def valid(self) -> bool:
        if not self.text().strip():
            return self.optional
        value = self.value()
        return value is not None and self.low <= value <= self.high

    def set_value(self, value: int | None) -> None:
        self.setText("" if value is None else str(value))


class DateEntry(QWidget):
    """An optional date: a check box says whether there is one."""

    changed = Signal()

    def __init__(self, label: str = ""):
        super().__init__()
        self.enabled = QCheckBox(label)
        self.enabled.setMinimumHeight(TOUCH)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setMinimumHeight(TOUCH)
        self.date.setDate(QDate.currentDate().addMonths(6))
        self.date.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.date, 1)
        self.enabled.toggled.connect(self.date.setEnabled)
        self.enabled.toggled.connect(lambda _on: self.changed.emit())
        self.date.dateChanged.connect(lambda _d: self.changed.emit())

    def value(self) -> dt.date | None:
        return self.date.date().toPython() if self.enabled.isChecked() else None

    def set_value(self, value: dt.date | None) -> None:
        self.enabled.setChecked(value is not None)
        if value is not None:
            self.date.setDate(QDate(value.year, value.month, value.day))


class ConfirmDialog(QDialog):
    """A question before an action that cannot be undone; ``action`` runs on Yes, and an
    error it raises is shown in the dialog, which stays open."""

    def __init__(self, parent: QWidget, question: str, yes: str, action: Callable[[], None]):
        super().__init__(parent)
        self.setObjectName("confirmDialog")
        self.setWindowTitle(_("Please confirm"))
        self.setModal(True)
        self._action = action
        self.question = QLabel(question)
        self.question.setWordWrap(True)
        self.question.setObjectName("prompt")
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.no = button(_("Cancel"))
        self.no.clicked.connect(self.reject)
        self.yes = button(yes, "primary")
        self.yes.clicked.connect(self.run)
        row = QHBoxLayout()
        row.addWidget(self.no)
        row.addWidget(self.yes)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self.setMinimumWidth(460)
        enter_means_ok(self, self.yes)

    def run(self) -> None:
        try:
            self._action()
        except Exception as exc:
            if not is_expected(exc):
                raise
            self.error.setText(message_for(exc))
            return
        self.accept()


class DialogHost:
    """Mixin for screens: the dialog open, if any (tests reach it there)."""

    dialog: QDialog | None = None

    def open_dialog(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        dialog.open()
        return dialog

    def confirm(self, question: str, yes: str, action: Callable[[], None]) -> ConfirmDialog:
        return self.open_dialog(ConfirmDialog(self, question, yes, action))  # type: ignore[arg-type]

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()


class ProductPickerView(QWidget):
    """A search box: a scanned or typed code (digits and Enter) is handed on as ``code_entered``;
    letters show matching products, and a touch on one emits ``picked(product_id, name)``."""

    picked = Signal(object, str)
    code_entered = Signal(str)

    def __init__(self, catalogue: Catalogue, notices: Notices):
        super().__init__()
        self.catalogue, self.notices = catalogue, notices
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setMinimumHeight(TOUCH)
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("pickerResults")
        self.results.setMaximumHeight(6 * 40)
        self.results.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        self.search.textChanged.connect(self._typed)
        self.search.returnPressed.connect(self._entered)
        self.results.itemClicked.connect(self._chosen)
        self.results.itemActivated.connect(self._chosen)
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Scan a barcode or type a product name"))

    def _typed(self, value: str) -> None:
        self.results.clear()
        value = value.strip()
        if not value or value.isdigit():
            self.results.hide()
            return
        try:
            found = self.catalogue.search(value, limit=PICKER_RESULTS)
        except DomainError:
            found = []
        for p in found:
            label = f"{text.name_of(p)} · {p.sku} · {p.producer}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, p.product_id)
            item.setData(Qt.ItemDataRole.UserRole + 1, text.name_of(p))
            self.results.addItem(item)
        self.results.setVisible(bool(found))

    def _entered(self) -> None:
        value = self.search.text().strip()
        if value.isdigit():
            self.search.clear()
            self.code_entered.emit(value)
        elif self.results.count():
            self._chosen(self.results.item(0))

    def _chosen(self, item: QListWidgetItem) -> None:
        product_id: uuid.UUID = item.data(Qt.ItemDataRole.UserRole)
        name = item.data(Qt.ItemDataRole.UserRole + 1)
        self.search.clear()
        self.picked.emit(product_id, name)

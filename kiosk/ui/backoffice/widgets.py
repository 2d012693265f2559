"""Pieces the back-office sections share: a confirmation for every destructive action, the
cash count by denomination with its keypad, the amount-and-reason dialog, a reason picker."""

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.reports.xz import DENOMINATIONS
from kiosk.core.terms import TERMS, term
from kiosk.i18n import _, get_language
from kiosk.ui.shared import text
from kiosk.ui.shared.dialogs import ConfirmDialog as ConfirmDialog  # where sections find it
from kiosk.ui.shared.dialogs import NumberDialog
from kiosk.ui.shared.keys import digits_only, enter_means_ok
from kiosk.ui.shared.messages import is_expected, message_for
from kiosk.ui.shared.pinpad import NumPadView
from kiosk.ui.shared.touch import touch_button as touch_button  # where sections find it


def method_name(method: str) -> str:
    """A payment method's name as the receipts print it (kiosk.core.terms)."""
    if method == "vietqr" or method not in TERMS:
        return "VietQR" if method == "vietqr" else method
    return term(method, get_language())


def restyle(widget: QWidget, **properties) -> None:
    for key, value in properties.items():
        widget.setProperty(key, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def reason_box(presets: tuple[str, ...]) -> QComboBox:
    """A reason picked from common ones or typed; empty until chosen."""
    box = QComboBox()
    box.setObjectName("reason")
    box.setEditable(True)
    box.setMinimumHeight(48)
    box.addItems(presets)
    box.setCurrentIndex(-1)
    box.lineEdit().setPlaceholderText(_("Reason"))
    return box


class AmountDialog(NumberDialog):
    """An amount of đồng and a reason (pay-in, pay-out), handed to ``apply(amount, reason)``."""

    def __init__(self, parent, title: str, presets: tuple[str, ...], apply):
        super().__init__(
            parent,
            title,
            _("Amount in đồng, and the reason."),
            lambda amount: apply(amount, self.reason.currentText()),
        )
        self.reason = reason_box(presets)
        self.extra.addWidget(self.reason)


class _FocusFollower(QObject):
    """Points the keypad at whichever count the finger touched last."""

    def __init__(self, pad: NumPadView, parent: QObject):
        super().__init__(parent)
        self._pad = pad

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(obj, QLineEdit):
            self._pad.target = obj
        return False


class CashCountView(QWidget):
    """Notes counted per denomination (500.000 down to 500) with their total; ``show_only``
    hides the rows a shop does not count (500 đ where cash is rounded).

    State: one entry per denomination. ``changed(total)`` after every keystroke."""

    changed = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, extra: QLineEdit | None = None):
        super().__init__(parent)
        self.setObjectName("cashCount")
        self.entries: dict[int, QLineEdit] = {}
        self.amounts: dict[int, QLabel] = {}
        self.names: dict[int, QLabel] = {}
        self.rows: dict[int, tuple[QWidget, ...]] = {}
        grid = QGridLayout()
        grid.setVerticalSpacing(2)
        validator = QIntValidator(0, 100_000, self)
        for row, denomination in enumerate(DENOMINATIONS):
            name = QLabel(text.money(denomination))
            name.setObjectName("denomination")
            entry = QLineEdit()
            entry.setObjectName("noteCount")
            entry.setValidator(validator)
            entry.setAlignment(Qt.AlignmentFlag.AlignRight)
            entry.setMinimumHeight(44)
            entry.setMaximumWidth(90)
            entry.textChanged.connect(lambda _t: self._changed())
            amount = QLabel(text.money(0))
            amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            times = QLabel("×")
            self.rows[denomination] = (name, times, entry, amount)
            for column, widget in enumerate(self.rows[denomination]):
                grid.addWidget(widget, row, column)
            self.entries[denomination], self.amounts[denomination] = entry, amount
            self.names[denomination] = name
        self.total_label = QLabel()
        self.total_label.setObjectName("countTotal")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        first = self.entries[DENOMINATIONS[0]]
        self.pad = NumPadView(first)
        self.pad.ok.hide()  # the count is confirmed by the screen's own button
        for key in self.pad.buttons.values():
            key.setMinimumSize(64, 50)
        follower = _FocusFollower(self.pad, self)
        for entry in [*self.entries.values(), *([extra] if extra else [])]:
            entry.installEventFilter(follower)
        left = QVBoxLayout()
        left.addLayout(grid)
        left.addWidget(self.total_label)
        left.addStretch(1)
        self.left = left
        self.side = QVBoxLayout()  # the keypad, and below it what the screen adds (add_below)
        self.side.addWidget(self.pad)
        self.side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 3)
        layout.addLayout(self.side, 2)
        self._changed()

    def add_below(self, widget: QWidget) -> None:
        """Under the keypad, in view while counting."""
        self.side.insertWidget(self.side.count() - 1, widget)

    def add_under_total(self, widget: QWidget) -> None:
        self.left.insertWidget(self.left.count() - 1, widget)

    def show_only(self, shown: Sequence[int]) -> None:
        """Count only the notes ``shown``; a hidden row is emptied so it counts nothing."""
        for denomination, widgets in self.rows.items():
            visible = denomination in shown
            if not visible:
                self.entries[denomination].clear()
            for widget in widgets:
                widget.setVisible(visible)

    def notes(self) -> dict[int, int]:
        out = {}
        for denomination, entry in self.entries.items():
            digits = entry.text().strip()
            out[denomination] = int(digits) if digits.isdigit() else 0
        return out

    def set_notes(self, notes: Mapping[int, int]) -> None:
        for denomination, entry in self.entries.items():
            count = notes.get(denomination, 0)
            entry.setText(str(count) if count else "")

    def total(self) -> int:
        return sum(d * c for d, c in self.notes().items())

    def clear(self) -> None:
        self.set_notes({})

    def _changed(self) -> None:
        for denomination, count in self.notes().items():
            self.amounts[denomination].setText(text.money(denomination * count))
        total = self.total()
        self.total_label.setText(_("Counted: %(amount)s") % {"amount": text.money(total)})
        self.changed.emit(total)

    def retranslate(self) -> None:
        for denomination, name in self.names.items():
            name.setText(text.money(denomination))
        self._changed()


class OpenShiftDialog(QDialog):
    """The float counted into the drawer, note by note; a clerk adds a manager's PIN.

    ``apply(notes, manager_pin)`` opens the shift; the dialog stays open with the error if the
    core refuses."""

    def __init__(
        self, parent, apply: Callable, *, needs_manager: bool, notes: Sequence[int] = DENOMINATIONS
    ):
        super().__init__(parent)
        self.setObjectName("openShiftDialog")
        self.setWindowTitle(_("Open shift"))
        self.setModal(True)
        self._apply = apply
        title = QLabel(_("Open shift"))
        title.setObjectName("dialogTitle")
        prompt = QLabel(_("Count the float into the drawer: how many of each note."))
        prompt.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setObjectName("dialogEntry")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        digits_only(self.pin)
        self.pin.setPlaceholderText(_("Manager PIN"))
        self.pin.setVisible(needs_manager)
        self.pin_label = QLabel(_("Manager PIN"))
        self.pin_label.setVisible(needs_manager)
        self.count = CashCountView(extra=self.pin)
        self.count.show_only(notes)
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.cancel = touch_button(_("Cancel"))
        self.cancel.clicked.connect(self.reject)
        self.ok = touch_button(_("Open shift"), "primary")
        self.ok.clicked.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.ok)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(prompt)
        layout.addWidget(self.count)
        layout.addWidget(self.pin_label)
        layout.addWidget(self.pin)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(640)
        enter_means_ok(self, self.ok)

    def submit(self) -> None:
        pin = self.pin.text().strip() if self.pin.isVisible() or self.pin.text() else None
        try:
            self._apply(self.count.notes(), pin or None)
        except Exception as exc:
            if not is_expected(exc):
                raise
            self.error.setText(message_for(exc))
            return
        self.accept()

"""Sign-in and lock screen: the terminal's people, a PIN pad, and what went wrong."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.sale.till import Till
from kiosk.i18n import _
from kiosk.ui.shared.keys import digits_only
from kiosk.ui.shared.notices import Notices, guarded
from kiosk.ui.shared.pinpad import NumPadView


def role_label(role: str) -> str:
    return {"clerk": _("Clerk"), "manager": _("Manager"), "admin": _("Administrator")}.get(
        role, role
    )


class SignInScreen(QWidget):
    """State: the person chosen in the list. ``signed_in`` once the till accepts a PIN."""

    signed_in = Signal()

    def __init__(self, till: Till, notices: Notices, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("signInScreen")
        self.till, self.notices = till, notices
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.people = QListWidget()
        self.people.setObjectName("people")
        self.people.itemSelectionChanged.connect(self._person_chosen)
        self.prompt = QLabel()
        self.prompt.setObjectName("prompt")
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        digits_only(self.pin)
        self.pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin.returnPressed.connect(lambda: self.submit())
        self.pad = NumPadView(self.pin)
        self.pad.accepted.connect(lambda: self.submit())
        self.message = QLabel()
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        self.message.setMinimumWidth(320)
        self.other = QPushButton()
        self.other.clicked.connect(lambda: self.sign_out_locked())

        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.people, 1)
        left.addWidget(self.other)
        right = QVBoxLayout()
        right.setSpacing(10)
        right.addStretch(1)
        right.addWidget(self.prompt)
        right.addWidget(self.pin)
        right.addWidget(self.message)
        right.addWidget(self.pad)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 16)
        layout.setSpacing(48)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)
        self.refresh()

    # -- state -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the people and show the lock or the sign-in state."""
        self.people.blockSignals(True)
        self.people.clear()
        locked = self.till.locked and self.till.actor is not None
        people = [self.till.actor] if locked else self.till.people()
        for actor in people:
            item = QListWidgetItem(f"{actor.name}\n{role_label(actor.role)}")
            item.setData(Qt.ItemDataRole.UserRole, actor.name)
            self.people.addItem(item)
        self.people.blockSignals(False)
        if locked:  # only the one who locked; otherwise nobody is chosen for the next person
            self.people.setCurrentRow(0)
        else:
            self.people.clearSelection()
            self.people.setCurrentRow(-1)
        self.other.setVisible(locked)
        self.message.clear()
        self.pin.clear()
        self.retranslate()
        self.pin.setFocus()

    def retranslate(self) -> None:
        locked = self.till.locked and self.till.actor is not None
        self.title.setText(_("Locked") if locked else _("Who is selling?"))
        self.prompt.setText(_("Enter your PIN"))
        self.other.setText(_("Sign in as someone else"))
        self.pad.retranslate()
        for row in range(self.people.count()):
            item = self.people.item(row)
            name = item.data(Qt.ItemDataRole.UserRole)
            role = next((a.role for a in self._known() if a.name == name), "")
            item.setText(f"{name}\n{role_label(role)}")

    def _known(self):
        return [self.till.actor] if self.till.actor else self.till.people()

    @property
    def chosen(self) -> str | None:
        # The selection, not the current item: a list given the focus makes its first row
        # current without anyone touching it.
        items = self.people.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def choose(self, name: str) -> None:
        for row in range(self.people.count()):
            if self.people.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.people.setCurrentRow(row)

    def _person_chosen(self) -> None:
        self.pin.clear()
        self.message.clear()
        self.pin.setFocus()

    # -- actions -----------------------------------------------------------------------------

    def submit(self) -> None:
        pin = self.pin.text()
        self.pin.clear()
        self.pin.setFocus()
        if self.chosen is None:
            self.message.setText(_("Touch your name first."))
            return
        if not pin.isdigit():  # nothing the till should count as a wrong try
            self.message.setText(_("Enter your PIN: digits only."))
            return
        if self._sign_in(self.chosen, pin) is not None:
            self.message.clear()
            self.signed_in.emit()
        else:
            self.message.setText(self.notices.text)
        self.pin.setFocus()

    @guarded
    def _sign_in(self, name: str, pin: str):
        return self.till.sign_in(name, pin)

    def sign_out_locked(self) -> None:
        self.till.sign_out()
        self.refresh()

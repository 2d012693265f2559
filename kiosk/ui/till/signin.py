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

from kiosk.core.errors import AuthorisationLocked, UserLocked
from kiosk.core.people.permissions import Permission
from kiosk.core.sale.till import Till
from kiosk.i18n import _
from kiosk.ui.shared.keys import digits_only
from kiosk.ui.shared.manager_pin import ManagerPinDialog
from kiosk.ui.shared.notices import Notices, guarded
from kiosk.ui.shared.pinpad import NumPadView


def role_label(role: str) -> str:
    return {"clerk": _("Clerk"), "manager": _("Manager"), "admin": _("Administrator")}.get(
        role, role
    )


class SignInScreen(QWidget):
    """State: the person chosen in the list, the one locked out by wrong PINs (a manager can
    unlock them here) and the manager's PIN prompt while it is open. ``signed_in`` once the
    till accepts a PIN."""

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
        # A terminal fresh from its package has nobody to sign in: say what the installer does.
        self.nobody = QLabel()
        self.nobody.setObjectName("hint")
        self.nobody.setWordWrap(True)
        self.nobody.hide()
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
        self.locked_out: str | None = None
        self.dialog: ManagerPinDialog | None = None
        self.unlock = QPushButton()
        self.unlock.setObjectName("unlockPerson")
        self.unlock.setMinimumHeight(56)
        self.unlock.clicked.connect(lambda: self.ask_unlock())
        self.unlock.hide()

        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.people, 1)
        left.addWidget(self.nobody)
        left.addWidget(self.other)
        left.addWidget(self.unlock)
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
        self.nobody.setVisible(not people)
        self._locked_out(None)
        self.message.clear()
        self.pin.clear()
        self.retranslate()
        self.pin.setFocus()

    def retranslate(self) -> None:
        locked = self.till.locked and self.till.actor is not None
        self.title.setText(_("Locked") if locked else _("Who is selling?"))
        self.prompt.setText(_("Enter your PIN"))
        self.other.setText(_("Sign in as someone else"))
        self.nobody.setText(
            _(
                "Nobody can sign in yet. The installer adds the first admin on this terminal "
                "with `ocop-kiosk users add NAME admin`, or enrols it at head office, which "
                "sends the shop's users."
            )
        )
        self._locked_out(self.locked_out)
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
        if self.chosen != self.locked_out:
            self._locked_out(None)
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
        try:
            return self.till.sign_in(name, pin)
        except UserLocked as exc:
            if not isinstance(exc, AuthorisationLocked):
                self._locked_out(name)
            raise

    def _locked_out(self, name: str | None) -> None:
        self.locked_out = name
        self.unlock.setVisible(name is not None)
        if name:
            self.unlock.setText(_("A manager unlocks %(name)s") % {"name": name})

    def ask_unlock(self) -> None:
        """A manager or admin types their own PIN to let the locked-out person try again."""
        if self.locked_out is None or self.dialog is not None:
            return
        name = self.locked_out
        managers = [a.name for a in self.till.users.authorisers(Permission.UNLOCK_USER)]
        reason = _("%(name)s is locked out after too many wrong PINs.") % {"name": name}

        def apply(pin: str, manager: str | None) -> None:
            self.till.unlock(name, manager=manager or "", pin=pin)
            self._locked_out(None)
            self.message.setText(_("%(name)s can sign in again.") % {"name": name})

        self.dialog = ManagerPinDialog(self, _("Unlock"), reason, managers, apply)
        self.dialog.finished.connect(lambda _r: self._dialog_closed())
        self.dialog.open()

    def _dialog_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def sign_out_locked(self) -> None:
        self.till.sign_out()
        self.refresh()

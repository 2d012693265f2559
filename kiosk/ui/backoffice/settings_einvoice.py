"""The settings screen's e-invoice group: the provider's login under the fields the screen lays
out (on/off, provider URL, template, symbol, days a buyer may still ask).

The login is not a setting: it is stored apart by
:meth:`kiosk.core.settings_editor.SettingsEditor.save_provider_login` with its own button, and
the password is never shown back: the box says only whether a login is saved, and for which user.
"""

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from kiosk.core.sale.till import Till
from kiosk.core.settings_editor import SettingsEditor
from kiosk.i18n import _
from kiosk.ui.shared.messages import is_expected, message_for
from kiosk.ui.shared.notices import Notices


class EInvoiceBox(QGroupBox):
    """State: none of its own beyond its inputs; what is saved is asked of the editor."""

    def __init__(
        self, editor: SettingsEditor, till: Till, notices: Notices, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.editor, self.till, self.notices = editor, till, notices
        self.username = QLineEdit()
        self.username.setObjectName("einvoiceUsername")
        self.password = QLineEdit()
        self.password.setObjectName("einvoicePassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.login_state = QLabel()
        self.login_state.setObjectName("hint")
        self.login_state.setWordWrap(True)
        self.login_error = QLabel()
        self.login_error.setObjectName("fieldError")
        self.login_error.setWordWrap(True)
        self.login_error.hide()
        self.save_login_button = QPushButton()
        self.save_login_button.setObjectName("saveEinvoiceLogin")
        self.save_login_button.setMinimumHeight(44)
        self.save_login_button.clicked.connect(self.save_login)
        for entry in (self.username, self.password):
            entry.setMinimumHeight(44)
            entry.textChanged.connect(lambda _t: self._update_button())
        self.username_label, self.password_label = QLabel(), QLabel()

    def add_rows(self) -> None:
        """The login below the fields the screen laid out in this box's form."""
        form = self.layout()
        form.addRow(self.username_label, self.username)
        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.save_login_button)
        form.addRow(self.password_label, row)
        form.addRow(self.login_state)
        form.addRow(self.login_error)

    def refresh(self) -> None:
        """Show whether a login is saved; the password field always starts empty."""
        saved_user = self.editor.provider_login()
        self.username.setText(saved_user)
        self.password.clear()
        self.login_error.hide()
        self._show_state(saved_user)
        self._update_button()

    def _show_state(self, saved_user: str) -> None:
        if saved_user:
            self.login_state.setText(
                _("Login saved for %(user)s. Type a new password to change it.")
                % {"user": saved_user}
            )
        else:
            self.login_state.setText(_("No login saved: the provider will refuse the invoices."))

    def _update_button(self) -> None:
        self.save_login_button.setEnabled(
            bool(self.username.text().strip() and self.password.text())
        )

    def save_login(self) -> None:
        self.login_error.hide()
        try:
            self.editor.save_provider_login(
                self.username.text(), self.password.text(), by=self.till.actor
            )
        except Exception as exc:
            if not is_expected(exc):
                raise
            self.login_error.setText(message_for(exc))
            self.login_error.show()
            return
        self.refresh()
        self.notices.info(_("E-invoice login saved."))

    def retranslate(self) -> None:
        self.setTitle(_("E-invoices"))
        self.username_label.setText(_("Provider user"))
        self.password_label.setText(_("Password"))
        self.save_login_button.setText(_("Save login"))
        self.password.setPlaceholderText(_("New password"))
        self._show_state(self.editor.provider_login())

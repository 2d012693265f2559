"""Keys on a kiosk: Enter in a dialog does what its OK button does, and only that; a PIN field
takes digits only.

Qt's dialogs press their "default" button on Enter, and when none is named they take the first
focusable button at the moment they are shown: often Cancel, which closed a dialog that had
just shown why a value was refused. A dialog names its OK button here instead; the other buttons
stop being candidates, so a keypad's Enter (or a scanner's) can only ever mean OK.
"""

from PySide6.QtCore import QEvent, QObject, QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton


class _EnterMeansOk(QObject):
    def __init__(self, dialog: QDialog, ok: QPushButton):
        super().__init__(dialog)
        self.ok = ok
        self.apply(dialog)
        dialog.installEventFilter(self)

    def apply(self, dialog: QDialog) -> None:
        for button in dialog.findChildren(QPushButton):
            button.setAutoDefault(False)
            if button is not self.ok:
                button.setDefault(False)
        self.ok.setDefault(True)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog):
            self.apply(watched)  # buttons added since construction are covered too
        return False


def enter_means_ok(dialog: QDialog, ok: QPushButton) -> None:
    """Enter anywhere in ``dialog`` (outside a list that takes it) clicks ``ok``: when ``ok``
    is disabled because the form is wrong, nothing happens and the form's error stays shown."""
    _EnterMeansOk(dialog, ok)


def digits_only(entry: QLineEdit, length: int = 8) -> QLineEdit:
    """A PIN field: a key that is not a digit is not typed at all, so it is never a wrong PIN
    counted against the clerk's tries."""
    entry.setValidator(QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{length}}}"), entry))
    entry.setMaxLength(length)
    return entry

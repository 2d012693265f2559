"""Letters on screen for a till with no keyboard: enough to search the catalogue by touch.

Search ignores accents (kiosk.core.textfold: "tra" finds "Trà"), so plain A-Z, the digits and a
space find every product; no Vietnamese input method is needed at the counter. The keys never
take the focus, so a scan still lands where it always does.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

from kiosk.i18n import _

ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")
KEY_PX = 44  # a key is at least a finger's width on a 1024x768 panel


class LetterPadView(QWidget):
    """State: the line edit it types into. ``closed`` when its Hide key is pressed."""

    closed = Signal()

    def __init__(self, target: QLineEdit, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("letterPad")
        # as tall as its keys and no taller: the results above get the rest
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.target = target
        grid = QGridLayout(self)
        grid.setSpacing(4)
        grid.setContentsMargins(0, 4, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for row, keys in enumerate(ROWS):
            for col, key in enumerate(keys):
                grid.addWidget(self._key(key, key.lower()), row, col)
        self.space, self.back, self.hide_button = self._key("␣", " "), self._key("⌫"), self._key("")
        self.hide_button.setObjectName("letterPadHide")
        grid.addWidget(self.back, 3, 7, 1, 3)
        grid.addWidget(self.space, 4, 0, 1, 7)
        grid.addWidget(self.hide_button, 4, 7, 1, 3)
        self.retranslate()

    def _key(self, label: str, insert: str | None = None) -> QPushButton:
        button = QPushButton(label)
        button.setObjectName("padKey")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumSize(KEY_PX, KEY_PX)
        button.clicked.connect(lambda _checked=False, k=label, t=insert: self._press(k, t))
        self.buttons[insert if insert is not None else label] = button
        return button

    def retranslate(self) -> None:
        self.hide_button.setText(_("Hide"))
        self.space.setToolTip(_("Space"))

    def _press(self, label: str, insert: str | None) -> None:
        if label == "⌫":
            self.target.backspace()
        elif insert is not None:
            self.target.insert(insert)
        else:
            self.closed.emit()
            return
        self.target.setFocus()

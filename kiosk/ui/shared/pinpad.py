"""A numeric keypad for touch screens: digits, clear, backspace and OK, typing into a line edit.

The same pad serves PINs, quantities, weights and amounts; the hardware keyboard keeps working
in the line edit it drives.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QWidget

from kiosk.i18n import _


class NumPadView(QWidget):
    """State: the line edit it types into. ``accepted`` when OK is pressed."""

    accepted = Signal()

    def __init__(self, target: QLineEdit, parent: QWidget | None = None, *, extra: str = ""):
        super().__init__(parent)
        self.target = target
        grid = QGridLayout(self)
        grid.setSpacing(8)
        grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        keys = ["7", "8", "9", "4", "5", "6", "1", "2", "3", extra or "C", "0", "⌫"]
        for i, key in enumerate(keys):
            button = QPushButton(key)
            button.setObjectName("padKey")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumSize(72, 56)
            button.clicked.connect(lambda _checked=False, k=key: self._press(k))
            grid.addWidget(button, i // 3, i % 3)
            self.buttons[key] = button
        self.ok = QPushButton()
        self.ok.setObjectName("primary")
        self.ok.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.ok.setMinimumHeight(56)
        self.ok.clicked.connect(self.accepted)
        grid.addWidget(self.ok, 4, 0, 1, 3)
        self.retranslate()

    def retranslate(self) -> None:
        self.ok.setText(_("OK"))
        if "C" in self.buttons:
            self.buttons["C"].setToolTip(_("Clear"))

    def _press(self, key: str) -> None:
        if key == "C":
            self.target.clear()
        elif key == "⌫":
            self.target.backspace()
        else:
            self.target.insert(key)
        self.target.setFocus()

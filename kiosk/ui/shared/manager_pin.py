"""The manager's PIN prompt: it names the manager whose PIN it asks for, so a wrong PIN counts
toward that manager's lock as well as the till's (kiosk.core.people.users), and a button per
manager lets another one step in."""

from collections.abc import Callable

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton

from kiosk.i18n import _
from kiosk.ui.shared.dialogs import _EntryDialog


class ManagerPinDialog(_EntryDialog):
    """State: the names offered (first chosen) and the one chosen; ``apply(pin, name)`` gets the
    PIN and the chosen name (None when nobody may authorise: the core then says so)."""

    def __init__(
        self,
        parent,
        title: str,
        reason: str,
        names: list[str],
        apply: Callable[[str, str | None], None],
    ):
        super().__init__(parent, title, reason, password=True)
        self._apply, self._reason = apply, reason
        self.manager: str | None = None
        self.buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        row = QHBoxLayout()
        for name in names:
            button = QPushButton(name)
            button.setObjectName("managerButton")
            button.setCheckable(True)
            button.setMinimumHeight(56)
            button.clicked.connect(lambda _c=False, n=name: self.choose(n))
            group.addButton(button)
            row.addWidget(button)
            self.buttons[name] = button
        self.extra.addLayout(row)
        if names:
            self.choose(names[0])

    def choose(self, name: str) -> None:
        self.manager = name
        self.buttons[name].setChecked(True)
        self.prompt.setText(self._reason + " " + _("%(name)s enters their PIN.") % {"name": name})
        self.error.clear()
        self.entry.clear()
        self.entry.setFocus()

    def apply(self, value: str) -> None:
        self._apply(value, self.manager)

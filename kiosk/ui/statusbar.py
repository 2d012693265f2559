"""The status bar: who sells, the shift, printer, scanner and network, sales waiting to sync."""

from PySide6.QtWidgets import QLabel, QStatusBar

from kiosk.core.checkout import VIETNAM
from kiosk.core.till import Till
from kiosk.i18n import _
from kiosk.ui.printing import printer_status_label


class KioskStatusView(QStatusBar):
    """State: the last printer and scanner states it was told about."""

    def __init__(self, till: Till, parent=None):
        super().__init__(parent)
        self.setObjectName("status")
        self.setSizeGripEnabled(False)
        self.till = till
        self.printer_state = "unknown"
        self.scanner_state: bool | None = None
        self.network_state = "none"
        self.labels = {
            key: QLabel() for key in ("clerk", "shift", "printer", "scanner", "network", "sync")
        }
        for key, label in self.labels.items():
            label.setObjectName(f"status_{key}")
            self.addWidget(label, 1 if key == "clerk" else 0)

    def refresh(self) -> None:
        actor = self.till.actor
        self.labels["clerk"].setText(
            _("Clerk: %(name)s") % {"name": actor.name} if actor else _("Nobody signed in")
        )
        shift = self.till.open_shift()
        self.labels["shift"].setText(
            _("Shift since %(time)s")
            % {"time": shift.opened_at.astimezone(VIETNAM).strftime("%H:%M")}
            if shift
            else _("No shift open")
        )
        self.labels["printer"].setText(
            _("Printer: %(state)s") % {"state": printer_status_label(self.printer_state)}
        )
        scanner = {
            None: _("keyboard"),
            True: _("connected"),
            False: _("disconnected"),
        }[self.scanner_state]
        self.labels["scanner"].setText(_("Scanner: %(state)s") % {"state": scanner})
        # No sync client yet: the kiosk works offline and says so.
        self.labels["network"].setText(_("Network: offline"))
        pending = self.till.pending_sync()
        self.labels["sync"].setText(_("To sync: %(n)d sales") % {"n": pending})
        self.labels["sync"].setProperty("warn", pending > 0)

    def set_printer(self, state: str) -> None:
        self.printer_state = state
        self.refresh()

    def set_scanner(self, connected: bool | None) -> None:
        self.scanner_state = connected
        self.refresh()

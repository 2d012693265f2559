"""The status bar: who sells, the shift, printer, scanner, head office, entries waiting to sync,
and a "Sync now" button for managers."""

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar

from kiosk.core.localtime import VIETNAM
from kiosk.core.people.permissions import Permission
from kiosk.core.sale.till import Till
from kiosk.core.sync.reports import SyncStatus
from kiosk.core.sync.service import SyncService
from kiosk.i18n import _
from kiosk.ui.shared.background import BackgroundOps
from kiosk.ui.shared.printing import printer_status_label
from kiosk.ui.till.einvoice_status import InvoiceStatusLabel

SYNC_POLL_MS = 5_000
_UNREAD: Any = object()  # refresh reads the open shift itself


class KioskStatusView(QStatusBar):
    """State: the last printer and scanner states it was told about, and the last sync status
    read (``sync_status``; None until the first read, or without a sync service).

    The sync status is read off the GUI thread every few seconds (it counts the outbox), and
    never twice at once.
    """

    sync_requested = Signal()

    def __init__(
        self,
        till: Till,
        parent=None,
        *,
        sync: SyncService | None = None,
        ops: BackgroundOps | None = None,
        poll_ms: int = SYNC_POLL_MS,
    ):
        super().__init__(parent)
        self.setObjectName("status")
        self.setSizeGripEnabled(False)
        self.till = till
        self.sync = sync
        self.ops = ops or BackgroundOps(self)
        self.printer_state = "unknown"
        self.scanner_state: bool | None = None
        self.enrolled = False
        self.sync_status: SyncStatus | None = None
        self.pending_sales: int | None = None  # sales among the backlog
        self.syncing = False  # a "sync now" is running
        self._polling = False
        self._sales_shown: int | None = None  # the count of sales to sync last drawn
        self.labels = {
            key: QLabel() for key in ("clerk", "shift", "printer", "scanner", "network", "sync")
        }
        for key, label in self.labels.items():
            label.setObjectName(f"status_{key}")
            self.addWidget(label, 1 if key == "clerk" else 0)
        self.invoices = InvoiceStatusLabel(till, self.ops)  # hidden while the shop does not invoice
        self.addWidget(self.invoices)
        self.sync_button = QPushButton()
        self.sync_button.setObjectName("syncNow")
        self.sync_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sync_button.setMinimumHeight(36)
        self.sync_button.clicked.connect(self.sync_requested)
        self.addPermanentWidget(self.sync_button)
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(poll_ms)
        self.poll_timer.timeout.connect(self.poll)
        if sync is not None:
            self.poll_timer.start()
            self.poll()

    # -- sync status, read in the background ---------------------------------------------------

    def poll(self) -> None:
        if self.sync is None or self._polling:
            return
        self._polling = True
        sync, till = self.sync, self.till
        self.ops.run(
            lambda: (sync.enrolled, sync.status(), till.pending_sync()),
            success=self._polled,
            failure=self._poll_failed,
        )

    def _polled(self, result: tuple[bool, SyncStatus, int]) -> None:
        self._polling = False
        self.set_sync(*result)

    def _poll_failed(self, _error: BaseException) -> None:
        self._polling = False  # logged by the helper; the next poll tries again

    def set_sync(self, enrolled: bool, status: SyncStatus, sales: int | None = None) -> None:
        self.enrolled, self.sync_status, self.pending_sales = enrolled, status, sales
        self.refresh()

    def set_syncing(self, busy: bool) -> None:
        self.syncing = busy
        self.refresh()

    # -- drawing -------------------------------------------------------------------------------

    def refresh(self, shift: Any = _UNREAD) -> None:
        """Redraw; ``shift``: the open shift (or None) when the caller has just read it."""
        actor = self.till.actor
        self.labels["clerk"].setText(
            _("Clerk: %(name)s") % {"name": actor.name} if actor else _("Nobody signed in")
        )
        if shift is _UNREAD:
            shift = self.till.open_shift()
        self.labels["shift"].setText(
            _("Shift since %(time)s")
            % {"time": shift.opened_at.astimezone(VIETNAM).strftime("%H:%M")}
            if shift
            else _("No shift open")
        )
        self._draw_devices()
        self._draw_sync()
        signed_in = actor is not None and self.till.signed_in
        self.sync_button.setText(_("Syncing…") if self.syncing else _("Sync now"))
        self.sync_button.setEnabled(not self.syncing)
        self.sync_button.setVisible(
            self.sync is not None and self.enrolled and signed_in and actor.may(Permission.SYNC_NOW)
        )

    def _draw_devices(self) -> None:
        self.labels["printer"].setText(
            _("Printer: %(state)s") % {"state": printer_status_label(self.printer_state)}
        )
        scanner = {
            None: _("keyboard"),
            True: _("connected"),
            False: _("disconnected"),
        }[self.scanner_state]
        self.labels["scanner"].setText(_("Scanner: %(state)s") % {"state": scanner})

    def _draw_sync(self, sales: int | None = None) -> None:
        """``sales``: the sales waiting, when the caller knows (else the last poll's or read)."""
        status = self.sync_status
        network = self.labels["network"]
        if status is None or not self.enrolled:
            network.setText(_("Head office: not set up"))
            state = "none"
        elif status.refused:
            network.setText(_("Head office refused this terminal"))
            state = "refused"
        elif status.online is None:
            network.setText(_("Head office: connecting…"))
            state = "unknown"
        elif status.online:
            network.setText(_("Online"))
            state = "online"
        else:
            network.setText(_("Offline"))
            state = "offline"
        if status is not None and status.last_success is not None:
            when = _last_sync(status.last_success)
            network.setToolTip(_("Last sync: %(time)s") % {"time": when})
        else:
            network.setToolTip(_("Never synced"))
        _set_style_property(network, "state", state)

        # The clerk counts sales; head office's backlog also holds audit events and movements.
        if sales is None:
            sales = (
                self.pending_sales if self.pending_sales is not None else self.till.pending_sync()
            )
        self._sales_shown = sales
        sync = self.labels["sync"]
        sync.setText(_("To sync: %(n)d sales") % {"n": sales})
        # The sales are among the backlog; a sale made since the last poll is in neither count.
        backlog = max(status.backlog, sales) if status is not None else sales
        sync.setToolTip(_("%(n)d entries waiting for head office in all") % {"n": backlog})
        _set_style_property(sync, "warn", backlog > 0)

    def sale_recorded(self) -> None:
        """One more sale waiting for head office: counted, not read again (the next poll or
        the regular redraw reads the outbox)."""
        if self.pending_sales is not None:
            self.pending_sales += 1
        shown = self._sales_shown
        self._draw_sync(None if shown is None or self.pending_sales is not None else shown + 1)

    # A printer or scanner state redraws its own label: the rest reads the database.
    def set_printer(self, state: str) -> None:
        self.printer_state = state
        self._draw_devices()

    def set_scanner(self, connected: bool | None) -> None:
        self.scanner_state = connected
        self._draw_devices()


def _last_sync(when: dt.datetime) -> str:
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(VIETNAM).strftime("%d/%m %H:%M")


def _set_style_property(widget, name: str, value) -> None:
    """Set a property the style sheet selects on, restyling the widget only if it changed: the
    bar is redrawn at every sale and restyling a label is not free."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)

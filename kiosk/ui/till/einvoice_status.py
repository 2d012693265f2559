"""The status bar's e-invoice field: invoices waiting for the provider, and refused ones with
the last reason (the back office's "E-invoices" section retries them). Read off the GUI thread
every few seconds; hidden while the shop does not invoice."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from kiosk.core.einvoice.queue import InvoiceQueue, InvoiceStatus
from kiosk.i18n import _
from kiosk.ui.shared.background import BackgroundOps

POLL_MS = 5_000


class InvoiceStatusLabel(QLabel):
    """State: the last status read (None before the first read) and whether a read runs."""

    def __init__(self, till, ops: BackgroundOps, parent=None, *, poll_ms: int = POLL_MS):
        super().__init__(parent)
        self.setObjectName("status_einvoice")
        self.till, self.ops = till, ops
        self.queue = InvoiceQueue(till.session_factory, till.settings)
        self.status: InvoiceStatus | None = None
        self._polling = False
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.poll)
        self.setVisible(False)
        if till.session_factory is not None:
            self.timer.start()
            self.poll()

    def poll(self) -> None:
        if self._polling or not self.till.settings.get("einvoice_enabled"):
            self.setVisible(False)
            return
        self._polling = True
        self.ops.run(self.queue.status, success=self.show_status, failure=self._failed)

    def _failed(self, _error: BaseException) -> None:
        self._polling = False

    def show_status(self, status: InvoiceStatus) -> None:
        self._polling = False
        self.status = status
        self.setVisible(True)
        self.setProperty("warning", bool(status.failed))
        if status.failed:
            self.setText(
                _("E-invoices refused: %(count)s (%(reason)s)")
                % {"count": status.failed, "reason": status.last_error[:60]}
            )
        elif status.pending:
            self.setText(_("E-invoices waiting: %(count)s") % {"count": status.pending})
        else:
            self.setText(_("E-invoices: all issued"))
        self.style().unpolish(self)
        self.style().polish(self)

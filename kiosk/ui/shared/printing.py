"""Receipts to the printer, always off the GUI thread: a slow or broken printer never freezes
the till, and a failed print leaves the sale safe on disk. Failed jobs are tried again on a
timer (the queue backs off), or at once when the clerk presses Reprint."""

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

import resources
from hardware.document import Document
from hardware.interfaces import PrinterStatus, ReceiptPrinter
from kiosk.core.sale.checkout import CompletedSale
from kiosk.core.sale.payments import opens_drawer
from kiosk.core.sale.print_queue import PrintQueue, QueueRun
from kiosk.core.sale.till import Till
from kiosk.i18n import _
from kiosk.ui.shared.background import BackgroundOps
from kiosk.ui.shared.notices import Notices

log = logging.getLogger(__name__)

RETRY_POLL_MS = 5_000  # how often the timer asks the queue for jobs due again
UNCONFIRMED = "unconfirmed"  # the status shown after a job a printer could not confirm


def font_path() -> str:
    return str(resources.path("fonts", "DejaVuSans.ttf"))


def bold_font_path() -> str:
    return str(resources.path("fonts", "DejaVuSans-Bold.ttf"))


class ReceiptPrinting(QObject):
    """State: the printer, the print queue if the kiosk has one, and the printer's last known
    status. ``status_changed`` after each job.

    With a queue (kiosk.core.sale.print_queue.PrintQueue) a receipt is first queued on disk and the
    queue is worked off the GUI thread, so a receipt that fails waits there to be retried;
    without one the document goes straight to the printer, off the GUI thread too.
    """

    status_changed = Signal(str)

    def __init__(
        self,
        printer: ReceiptPrinter | None,
        ops: BackgroundOps,
        notices: Notices,
        queue: PrintQueue | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.printer, self.ops, self.notices, self.queue = printer, ops, notices, queue
        self.status: str = PrinterStatus.UNKNOWN
        # Jobs may wait from before a restart: the first tick looks for them.
        self.waiting = queue is not None
        self._busy = False
        self.retry_timer = QTimer(self)
        self.retry_timer.setInterval(RETRY_POLL_MS)
        self.retry_timer.timeout.connect(self.retry_due)
        if queue is not None:
            self.retry_timer.start()

    def print_sale(self, till: Till, sale: CompletedSale, *, reprint: bool = False) -> None:
        """Print ``sale``'s receipt. Its first print is the job the checkout wrote with the
        sale (the drawer opens for cash); a reprint sends the job still waiting, if any, or a
        new one, never opening the drawer."""
        if self.queue is None:
            self.print(till.receipt(sale, reprint=reprint))
            return
        if reprint or sale.print_job_id is None:
            first = opens_drawer(sale.payments) and not reprint
            self.queue.enqueue_receipt(sale.id, open_drawer=first, reprint=reprint)
        self.run_queue()

    def print_refund(self, refund_id, compose: Callable[[], Document]) -> None:
        """A refund's slip: through the queue like a receipt (a failed slip waits there), or
        composed by ``compose`` and printed directly when the kiosk has no queue."""
        if self.queue is None:
            self.ops.run(
                lambda: self.printer.print(compose()), success=self._printed, failure=self._failed
            )
            return
        self.queue.enqueue_refund(refund_id)
        self.run_queue()

    def run_queue(self, *, quiet: bool = False) -> None:
        """Work the queue off the GUI thread; ``quiet`` (the timer's retries) shows no notice
        when a job fails again, only the printer's state."""
        if self.queue is None:
            return
        self._busy = True
        self.ops.run(
            self.queue.run,
            success=lambda result: self._processed(result, quiet=quiet),
            failure=self._queue_failed,
        )

    def retry_due(self) -> None:
        """The timer's tick: jobs that failed are tried again once the queue says they are due."""
        if self.waiting and not self._busy:
            self.run_queue(quiet=True)

    def _processed(self, result: QueueRun, *, quiet: bool = False) -> None:
        self._busy = False
        self.waiting = self.queue.pending_count() > 0 if self.queue is not None else False
        if result.error:
            if not quiet:
                self.notices.warning(
                    _(
                        "The receipt did not print and waits in the print queue. Check the printer, then press Reprint."
                    )
                )
            self.check()
        elif not result.done:
            return  # nothing was due: the printer's state is what it was
        elif result.sent and not result.printed:
            self._status(UNCONFIRMED)
        else:
            self._status(PrinterStatus.READY)

    def _queue_failed(self, error: BaseException) -> None:
        self._busy = False
        self._failed(error)

    def print(self, document: Document) -> None:
        self.ops.run(
            lambda: self.printer.print(document), success=self._printed, failure=self._failed
        )

    def preview_png(self, document: Document) -> bytes:
        # Imported on first use: Pillow's text layout and the QR/barcode libraries are not
        # needed to show the sign-in screen.
        from hardware.render_raster import render_png

        return render_png(document, self.printer.width_dots, font_path(), bold_font_path())

    def check(self) -> None:
        if self.printer is not None:
            self.ops.run(self.printer.status, success=self._status)

    def set_printer(self, printer: ReceiptPrinter) -> None:
        """For a printer made after the window is up (its driver is slow to import)."""
        self.printer = printer
        self.check()

    def _printed(self, _result) -> None:
        self._status(PrinterStatus.READY)

    def _failed(self, error: BaseException) -> None:
        log.warning("receipt not printed: %r", error)
        self.notices.error(error)
        self.check()

    def _status(self, status: str) -> None:
        self.status = status
        self.status_changed.emit(str(status))


def printer_status_label(status: str) -> str:
    return {
        "ready": _("ready"),
        "paper-low": _("paper low"),
        "paper-out": _("out of paper"),
        "offline": _("offline"),
        "unknown": _("unknown"),
        UNCONFIRMED: _("sent, not confirmed"),
    }.get(status, status)

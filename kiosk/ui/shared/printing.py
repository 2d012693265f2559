"""Receipts to the printer, always off the GUI thread: a slow or broken printer never freezes
the till, and a failed print leaves the sale safe on disk (reprint from the sale screen)."""

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

import resources
from hardware.document import Document
from hardware.interfaces import PrinterStatus, ReceiptPrinter
from kiosk.core.sale.checkout import CompletedSale
from kiosk.core.sale.print_queue import PrintQueue
from kiosk.core.sale.till import Till
from kiosk.i18n import _
from kiosk.ui.shared.background import BackgroundOps
from kiosk.ui.shared.notices import Notices

log = logging.getLogger(__name__)


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
        self.status = PrinterStatus.UNKNOWN

    def print_sale(self, till: Till, sale: CompletedSale, *, reprint: bool = False) -> None:
        """Print ``sale``'s receipt (the drawer opens for cash on the first print)."""
        if self.queue is None:
            self.print(till.receipt(sale, reprint=reprint))
            return
        cash = any(p.method == "cash" for p in sale.payments)
        self.queue.enqueue_receipt(sale.id, open_drawer=cash and not reprint, reprint=reprint)
        self.ops.run(self.queue.process, success=self._processed, failure=self._failed)

    def print_refund(self, refund_id, compose: Callable[[], Document]) -> None:
        """A refund's slip: through the queue like a receipt (a failed slip waits there), or
        composed by ``compose`` and printed directly when the kiosk has no queue."""
        if self.queue is None:
            self.ops.run(
                lambda: self.printer.print(compose()), success=self._printed, failure=self._failed
            )
            return
        self.queue.enqueue_refund(refund_id)
        self.ops.run(self.queue.process, success=self._processed, failure=self._failed)

    def _processed(self, _printed: int) -> None:
        waiting = self.queue.pending() if self.queue is not None else []
        if any(job.last_error for job in waiting):
            self.notices.warning(
                _(
                    "The receipt did not print and waits in the print queue. Check the printer, then press Reprint."
                )
            )
            self.check()
        else:
            self._status(PrinterStatus.READY)

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

    def _status(self, status: PrinterStatus) -> None:
        self.status = status
        self.status_changed.emit(str(status))


def printer_status_label(status: str) -> str:
    return {
        "ready": _("ready"),
        "paper-low": _("paper low"),
        "paper-out": _("out of paper"),
        "offline": _("offline"),
        "unknown": _("unknown"),
    }.get(status, status)

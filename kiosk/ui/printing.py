"""Receipts to the printer, always off the GUI thread: a slow or broken printer never freezes
the till, and a failed print leaves the sale safe on disk (reprint from the sale screen)."""

import logging

from PySide6.QtCore import QObject, Signal

import resources
from hardware.document import Document
from hardware.interfaces import PrinterStatus, ReceiptPrinter
from hardware.render_raster import render_png
from kiosk.i18n import _
from kiosk.ui.background import BackgroundOps
from kiosk.ui.notices import Notices

log = logging.getLogger(__name__)


def font_path() -> str:
    return str(resources.path("fonts", "DejaVuSans.ttf"))


def bold_font_path() -> str:
    return str(resources.path("fonts", "DejaVuSans-Bold.ttf"))


class ReceiptPrinting(QObject):
    """State: the printer, and its last known status. ``status_changed`` after each job."""

    status_changed = Signal(str)

    def __init__(self, printer: ReceiptPrinter, ops: BackgroundOps, notices: Notices, parent=None):
        super().__init__(parent)
        self.printer, self.ops, self.notices = printer, ops, notices
        self.status = PrinterStatus.UNKNOWN

    def print(self, document: Document) -> None:
        self.ops.run(
            lambda: self.printer.print(document), success=self._printed, failure=self._failed
        )

    def preview_png(self, document: Document) -> bytes:
        return render_png(document, self.printer.width_dots, font_path(), bold_font_path())

    def check(self) -> None:
        self.ops.run(self.printer.status, success=self._status)

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

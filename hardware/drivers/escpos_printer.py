"""The ReceiptPrinter for ESC/POS printers: render the job, check paper, ship the bytes.

A job is rendered completely before the printer is contacted and sent over a fresh connection,
so a failure is always "this whole job did not print" with a precise DeviceError that a print
queue can keep with the job. Printers that answer status queries are asked before the job (paper)
and after it (the reply confirms the printer took the job; the only way to notice a printer that
vanished while the job sat in the kernel's socket buffer). When that confirmation times out the
job may still have printed: a retry can print a duplicate, which beats a lost receipt. Status
replies are hints (several models answer wrongly): only a clear "paper end" reply stops a job.
A printer that cannot answer (its profile says so, its transport cannot read, or it stayed
silent) is never reported as having printed: the job comes back as ``Delivery.SENT``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from hardware.document import Document
from hardware.drivers.transports import Transport
from hardware.errors import DeviceError, DeviceOffline, DeviceTimeout, PaperOut
from hardware.interfaces import Delivery, PrinterStatus, ReceiptPrinter
from hardware.render_escpos import EscPosRenderer

log = logging.getLogger(__name__)

DLE_EOT = b"\x10\x04"
_PRINTER_STATUS = 1  # DLE EOT 1: bit 3 = offline
_PAPER_STATUS = 4  # DLE EOT 4: bits 5-6 = paper end, bits 2-3 = near end


def _valid(reply: int) -> bool:
    # Real-time status bytes have bits 1 and 4 set and bits 0 and 7 clear.
    return reply & 0b1001_0011 == 0b0001_0010


class EscPosPrinter(ReceiptPrinter):
    """Holds the renderer (profile, fonts, drawer settings) and how to reach the printer."""

    def __init__(
        self,
        transport: Transport | Callable[[], Transport],
        renderer: EscPosRenderer,
        *,
        name: str = "",
        check_paper: bool = True,
        status_timeout: float = 0.5,
        confirm_timeout: float = 10.0,
    ) -> None:
        # A Transport is one connection; a factory gives a fresh one per job.
        self._make_transport: Callable[[], Transport] = (
            transport if callable(transport) else lambda: transport
        )
        self.renderer = renderer
        self.name = name or self._make_transport().name
        self.check_paper = check_paper
        self.status_timeout = status_timeout
        self.confirm_timeout = confirm_timeout
        self._lock = threading.Lock()  # one job at a time on the wire

    @property
    def width_dots(self) -> int:
        return self.renderer.profile.width_dots

    def print(self, document: Document) -> Delivery:
        data = self.renderer.render(document)
        delivery = self._send(data, check_paper=self.check_paper)
        log.info("%s %d bytes on %s", delivery, len(data), self.name)
        return delivery

    def open_drawer(self) -> None:
        self._send(self.renderer.drawer_pulse(), check_paper=False)

    def status(self) -> PrinterStatus:
        try:
            with self._lock, self._make_transport() as transport:
                return self._query(transport)
        except DeviceError as exc:
            log.info("printer %s status: %s", self.name, exc)
            return PrinterStatus.OFFLINE

    def _send(self, data: bytes, *, check_paper: bool) -> Delivery:
        with self._lock, self._make_transport() as transport:
            answers = False
            if check_paper:
                state = self._query(transport)
                if state is PrinterStatus.PAPER_OUT:
                    raise PaperOut("paper roll is empty or cover open", device=self.name)
                if state is PrinterStatus.OFFLINE:
                    raise DeviceOffline("printer reports it is offline", device=self.name)
                answers = state is not PrinterStatus.UNKNOWN
            transport.write(data)
            # The kernel takes the whole job into its buffers even when the printer is gone;
            # a status reply that comes after the job is the printer's receipt for it.
            if not answers:
                return Delivery.SENT
            if self._ask(transport, _PRINTER_STATUS, self.confirm_timeout) is None:
                raise DeviceTimeout("printer did not confirm the job", device=self.name)
            return Delivery.CONFIRMED

    def _query(self, transport: Transport) -> PrinterStatus:
        if not (transport.can_read and self.renderer.profile.status_query):
            return PrinterStatus.UNKNOWN
        paper = self._ask(transport, _PAPER_STATUS)
        if paper is None:
            return PrinterStatus.UNKNOWN
        if paper & 0b0110_0000:
            return PrinterStatus.PAPER_OUT
        printer = self._ask(transport, _PRINTER_STATUS)
        if printer is not None and printer & 0b0000_1000:
            return PrinterStatus.OFFLINE
        if paper & 0b0000_1100:
            return PrinterStatus.PAPER_LOW
        return PrinterStatus.READY

    def _ask(self, transport: Transport, n: int, timeout: float | None = None) -> int | None:
        transport.write(DLE_EOT + bytes((n,)))
        reply = transport.read(1, self.status_timeout if timeout is None else timeout)
        if not reply or not _valid(reply[0]):
            return None
        return reply[0]

"""``ocop-kiosk hardware test``: check a till's printer, drawer and scanner in one go.

The kiosk's command line opens the configured devices by URL and calls
:func:`run_hardware_test`; it prints a test page (Vietnamese text, a QR code, a barcode), kicks
the drawer, then echoes every scan for a while. Problems are reported on ``out`` and in the
result, not raised: a technician wants to see the scanner work even when the printer does not.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TextIO

from hardware.document import Document, DocumentBuilder, SeparatorStyle, Size, Symbology
from hardware.errors import DeviceError
from hardware.interfaces import ReceiptPrinter, ScanEvent, Scanner

SAMPLE_TEXT = "Nước mắm Phú Quốc — Cà phê Buôn Ma Thuột ₫"
TEST_QR = "https://ocop.gov.vn/?test=Nước mắm Phú Quốc"
TEST_BARCODE = "8935049500018"


def hardware_test_page(width_dots: int) -> Document:
    """The page printed by the hardware test; shows every kind of element."""
    return (
        DocumentBuilder()
        .title("KIỂM TRA MÁY IN")
        .center("OCOP Kiosk — hardware test")
        .separator(SeparatorStyle.DOUBLE)
        .text(SAMPLE_TEXT)
        .text(SAMPLE_TEXT, bold=True)
        .text("TỔNG CỘNG 125.000\u00a0₫", size=Size.DOUBLE_HEIGHT, bold=True)
        .row("Mật ong hoa cà phê Đắk Lắk, hũ 500\u00a0g", "185.000\u00a0₫")
        .row("Trà Shan tuyết Hà Giang", "95.000\u00a0₫")
        .separator()
        .text(f"Giấy rộng {width_dots} điểm", align="center")
        .qr(TEST_QR, size=5)
        .barcode(TEST_BARCODE, Symbology.EAN13)
        .feed(2)
        .cut()
        .build()
    )


@dataclass
class HardwareTestResult:
    printed: bool = False
    drawer_opened: bool = False
    scans: list[ScanEvent] = field(default_factory=list)
    errors: list[DeviceError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.printed and self.drawer_opened and not self.errors


def run_hardware_test(
    printer: ReceiptPrinter | None,
    scanner: Scanner | None,
    out: TextIO,
    seconds: float,
) -> HardwareTestResult:
    """Print, kick the drawer, then echo scans on ``out`` for ``seconds``.

    The scanner (not started; from ``hardware.urls.open_scanner``) reports to this test while it
    runs: its callbacks are swapped for the test's and given back afterwards. Either device may
    be None to skip it.
    """
    result = HardwareTestResult()
    lock = threading.Lock()
    if printer is not None:
        out.write(f"Printer {printer.name}: status {printer.status().value}\n")
        try:
            printer.print(hardware_test_page(printer.width_dots))
            result.printed = True
            out.write("  test page sent\n")
        except DeviceError as exc:
            result.errors.append(exc)
            out.write(f"  print failed: {type(exc).__name__}: {exc}\n")
        try:
            printer.open_drawer()
            result.drawer_opened = True
            out.write("  drawer kicked\n")
        except DeviceError as exc:
            result.errors.append(exc)
            out.write(f"  drawer failed: {type(exc).__name__}: {exc}\n")

    if scanner is None:
        return result

    def scanned(event: ScanEvent) -> None:
        with lock:
            result.scans.append(event)
            symbology = f" [{event.symbology}]" if event.symbology else ""
            out.write(f"  scanned {event.code!r}{symbology}\n")

    def state_changed(connected: bool) -> None:
        with lock:
            out.write(f"  scanner {'connected' if connected else 'disconnected'}\n")

    saved = scanner.on_scan, scanner.on_state
    scanner.on_scan, scanner.on_state = scanned, state_changed
    out.write(f"Scanner {scanner.name}: scan something within {seconds:g} s\n")
    scanner.start()
    try:
        time.sleep(seconds)
    finally:
        scanner.stop()
        scanner.on_scan, scanner.on_state = saved
    with lock:
        out.write(f"  {len(result.scans)} scan(s)\n")
    return result

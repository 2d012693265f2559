"""``hardware test``: prints the test page, kicks the drawer, echoes scans; reports failures."""

from __future__ import annotations

import io
import threading

import zxingcpp

from hardware.cli import SAMPLE_TEXT, TEST_BARCODE, TEST_QR, hardware_test_page, run_hardware_test
from hardware.fakes import FakePrinter, FakeScanner
from hardware.interfaces import PrinterStatus
from tests.hardware.conftest import BOLD, FONT


class ScannedOnceStarted(FakeScanner):
    """A technician who scans a product as soon as the test says so."""

    def start(self) -> None:
        super().start()
        threading.Timer(0.05, lambda: self.feed(b"]E08934563138165\r")).start()


def test_hardware_test_prints_page_kicks_drawer_and_echoes_scans():
    printer = FakePrinter("generic-80", FONT, BOLD)
    scanner = ScannedOnceStarted(lambda event: None)
    out = io.StringIO()

    result = run_hardware_test(printer, scanner, out, seconds=0.4)

    assert result.ok
    assert [e.code for e in result.scans] == ["8934563138165"]
    assert "scanned '8934563138165' [ean13]" in out.getvalue()
    assert printer.drawer_kicks == 1
    assert any(getattr(e, "text", None) == SAMPLE_TEXT for e in printer.documents[0])
    codes = {r.format.name: r.text for r in zxingcpp.read_barcodes(printer.image(0).convert("L"))}
    assert codes == {"QRCode": TEST_QR, "EAN13": TEST_BARCODE}


def test_hardware_test_reports_paper_out_and_still_runs_the_scanner():
    printer = FakePrinter()
    printer.state = PrinterStatus.PAPER_OUT
    scanner = FakeScanner(lambda event: None)
    out = io.StringIO()
    result = run_hardware_test(printer, scanner, out, seconds=0.05)
    assert not result.ok
    assert not result.printed
    assert result.drawer_opened  # the drawer does not need paper
    assert "print failed: PaperOut" in out.getvalue()
    assert "scanner connected" in out.getvalue()


def test_hardware_test_page_fits_a_58mm_printer():
    assert len(hardware_test_page(384)) > 5
    printer = FakePrinter("generic-58", FONT)
    printer.print(hardware_test_page(384))
    assert printer.image(0).width == 384

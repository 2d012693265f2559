"""One contract for every ReceiptPrinter: the fake, and the ESC/POS driver on a loopback printer.

Each rig can print, be switched off, run out of paper and kick the drawer; the tests assert what
a clerk would notice (the receipt came out, or a precise error a print queue can keep).
"""

from __future__ import annotations

import time

import pytest
import zxingcpp
from PIL import ImageChops

from hardware.errors import DeviceOffline, PaperOut
from hardware.fakes import FakePrinter
from hardware.interfaces import PrinterStatus
from hardware.render_raster import render_image
from hardware.urls import open_printer
from tests.hardware.conftest import BOLD, FONT, PAPER_END, LoopbackPrinter
from tests.hardware.escpos_decode import decode
from tests.hardware.receipts import VIETQR, sample_receipt


class FakeRig:
    def __init__(self) -> None:
        self.printer = FakePrinter("generic-80", FONT, BOLD)

    def printed_jobs(self) -> list[bytes]:
        return list(self.printer.jobs)

    def switch_off(self) -> None:
        self.printer.state = PrinterStatus.OFFLINE

    def paper_out(self) -> None:
        self.printer.state = PrinterStatus.PAPER_OUT

    def close(self) -> None:
        pass


class TcpRig:
    def __init__(self) -> None:
        self.server = LoopbackPrinter()
        self.printer = open_printer(self.server.url, "generic-80", FONT, BOLD)

    def printed_jobs(self) -> list[bytes]:
        # Only connections that carried more than status queries are print jobs.
        return [job for job in self.server.jobs if any(k == "image" for k in decode(job).kinds())]

    def switch_off(self) -> None:
        self.server.close()

    def paper_out(self) -> None:
        self.server.replies[4] = PAPER_END

    def close(self) -> None:
        self.server.close()


@pytest.fixture(params=[FakeRig, TcpRig], ids=["fake", "escpos-tcp"])
def rig(request):
    rig = request.param()
    yield rig
    rig.close()


def wait_for(predicate, timeout: float = 3.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    return predicate()


def test_receipt_prints_as_previewed_when_printer_is_ready(rig):
    document = sample_receipt()
    rig.printer.print(document)
    jobs = wait_for(rig.printed_jobs)
    assert len(jobs) == 1
    printed = decode(jobs[0]).image()
    preview = render_image(document, rig.printer.width_dots, FONT, BOLD)
    assert ImageChops.difference(printed.convert("L"), preview.convert("L")).getbbox() is None
    qr = [r.text for r in zxingcpp.read_barcodes(printed.convert("L")) if r.format.name == "QRCode"]
    assert qr == [VIETQR]


def test_print_raises_device_offline_when_printer_is_switched_off(rig):
    rig.switch_off()
    started = time.monotonic()
    with pytest.raises(DeviceOffline) as caught:
        rig.printer.print(sample_receipt())
    assert time.monotonic() - started < 5
    assert caught.value.retryable
    assert rig.printer.status() is PrinterStatus.OFFLINE


def test_print_raises_paper_out_and_prints_nothing_when_roll_is_empty(rig):
    rig.paper_out()
    with pytest.raises(PaperOut):
        rig.printer.print(sample_receipt())
    assert rig.printer.status() is PrinterStatus.PAPER_OUT
    time.sleep(0.1)
    assert rig.printed_jobs() == []


def test_open_drawer_sends_a_kick_when_asked(rig):
    rig.printer.open_drawer()
    if isinstance(rig, FakeRig):
        assert rig.printer.drawer_kicks == 1
    else:
        jobs = wait_for(lambda: rig.server.jobs)
        assert ("drawer", 0, 50, 50) in decode(jobs[-1]).events


def test_status_is_ready_when_printer_answers_all_is_well(rig):
    assert rig.printer.status() is PrinterStatus.READY

"""What a print job's outcome says: confirmed only by a printer that answered, a serial job
that keeps moving never times out, and the fake printer's memory stays bounded."""

from __future__ import annotations

import gc
import os
import select
import threading
import time

import pytest

from hardware.document import DocumentBuilder
from hardware.drivers.escpos_printer import EscPosPrinter
from hardware.drivers.transports import SerialTransport, TcpTransport
from hardware.errors import DeviceTimeout
from hardware.fakes import FakePrinter
from hardware.interfaces import Delivery
from hardware.render_escpos import EscPosRenderer
from tests.hardware.conftest import BOLD, FONT, LoopbackPrinter
from tests.hardware.receipts import sample_receipt


def _tcp_printer(loopback: LoopbackPrinter, profile: str) -> EscPosPrinter:
    return EscPosPrinter(
        TcpTransport("127.0.0.1", loopback.port),
        EscPosRenderer(profile, FONT),
        status_timeout=0.1,
    )


def test_job_is_confirmed_when_the_printer_answers_status(loopback_printer: LoopbackPrinter):
    printer = _tcp_printer(loopback_printer, "generic-80")
    assert printer.print(DocumentBuilder().text("Xin chào").build()) is Delivery.CONFIRMED


def test_job_is_only_sent_when_the_printer_never_answers_status(
    loopback_printer: LoopbackPrinter,
):
    loopback_printer.replies.clear()
    printer = _tcp_printer(loopback_printer, "generic-80")
    assert printer.print(DocumentBuilder().text("Xin chào").build()) is Delivery.SENT


def test_job_is_only_sent_when_the_profile_has_no_status(loopback_printer: LoopbackPrinter):
    # The loopback would answer, but a POS-5890 is known not to: its answers are not asked for.
    printer = _tcp_printer(loopback_printer, "pos-5890")
    assert printer.print(DocumentBuilder().text("Xin chào").build()) is Delivery.SENT
    assert b"\x10\x04" not in loopback_printer.wait_jobs(1)[0]


def test_fake_printer_reports_sent_for_a_profile_without_status():
    assert FakePrinter("generic-58").print(DocumentBuilder().text("a").build()) is Delivery.SENT
    assert (
        FakePrinter("generic-80").print(DocumentBuilder().text("a").build()) is Delivery.CONFIRMED
    )


class SlowSerialPrinter:
    """The far end of a pty that reads ``rate`` bytes a second until ``stall_after`` bytes."""

    def __init__(self, rate: int, stall_after: int | None = None) -> None:
        self.master, slave = os.openpty()
        self.path = os.ttyname(slave)
        self._slave = slave
        self.received = 0
        self._rate, self._stall_after = rate, stall_after
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        step = 0.02
        while not self._stop.is_set():
            time.sleep(step)
            if self._stall_after is not None and self.received >= self._stall_after:
                continue
            if not select.select([self.master], [], [], 0)[0]:
                continue
            try:
                self.received += len(os.read(self.master, int(self._rate * step)))
            except OSError:
                return

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        os.close(self.master)
        os.close(self._slave)


@pytest.fixture
def slow_serial():
    made: list[SlowSerialPrinter] = []

    def make(rate: int, stall_after: int | None = None) -> SlowSerialPrinter:
        made.append(SlowSerialPrinter(rate, stall_after))
        return made[-1]

    yield make
    for p in made:
        p.close()


def test_serial_job_longer_than_the_timeout_prints_while_the_printer_takes_data(slow_serial):
    # A pty holds about 17 KB and wakes the writer only when nearly empty: at 40 KB/s that
    # is 0.4 s without progress at worst, within the 1 s timeout.
    far = slow_serial(rate=40_000)
    transport = SerialTransport(far.path, 57_600, timeout=1.0)
    data = bytes(64_000)  # 1.6 s at this printer's pace
    started = time.monotonic()
    with transport:
        transport.write(data)
    assert time.monotonic() - started > 1.0  # the job did outlast the timeout
    deadline = time.monotonic() + 2
    while far.received < len(data) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert far.received == len(data)


def test_serial_job_times_out_when_the_printer_stops_taking_data(slow_serial):
    far = slow_serial(rate=25_000, stall_after=8_000)
    transport = SerialTransport(far.path, 57_600, timeout=0.5)
    started = time.monotonic()
    with transport, pytest.raises(DeviceTimeout):
        transport.write(bytes(200_000))
    assert time.monotonic() - started < 3


def _rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_fake_printer_memory_stays_bounded_over_many_sales():
    printer = FakePrinter("generic-80", FONT, BOLD, keep=5)
    receipt = sample_receipt(lines=8)
    for _ in range(5):
        printer.print(receipt)
    gc.collect()
    before = _rss_bytes()
    for _ in range(40):
        printer.print(receipt)
    gc.collect()
    grown = _rss_bytes() - before
    assert grown < 8_000_000, grown  # keeping every raster grew about 0.74 MB a sale
    assert printer.printed == 45 and len(printer.documents) == len(printer.jobs) == 5
    assert printer.image().width == 576  # the raster is still there to look at, on demand

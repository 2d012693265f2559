"""Transport failures: every one ends in a precise DeviceError within its timeout, never a hang."""

from __future__ import annotations

import os
import socket
import threading
import time

import pytest

from hardware.document import DocumentBuilder
from hardware.drivers.escpos_printer import EscPosPrinter
from hardware.drivers.transports import FileTransport, TcpTransport
from hardware.errors import DeviceNotFound, DeviceOffline, DeviceTimeout
from hardware.render_escpos import EscPosRenderer
from hardware.urls import open_printer
from tests.hardware.conftest import FONT, LoopbackPrinter
from tests.hardware.escpos_decode import decode
from tests.hardware.receipts import sample_receipt


def long_receipt():
    return sample_receipt(lines=60)


def test_printer_vanishing_mid_job_raises_device_offline_promptly(
    loopback_printer: LoopbackPrinter,
):
    loopback_printer.vanish_after = 2000  # status queries, then a little of the job, then gone
    printer = open_printer(loopback_printer.url, "generic-80", FONT)
    started = time.monotonic()
    with pytest.raises(DeviceOffline):
        printer.print(long_receipt())
    assert time.monotonic() - started < 3
    assert len(loopback_printer.wait_jobs(1)[0]) < 50_000


def test_small_job_to_vanished_printer_is_not_reported_printed(loopback_printer: LoopbackPrinter):
    """The whole job fits in socket buffers; only the missing confirmation reveals the loss."""
    loopback_printer.vanish_after = 7  # after the two status queries
    printer = open_printer(loopback_printer.url, "generic-80", FONT)
    with pytest.raises(DeviceOffline):
        printer.print(DocumentBuilder().text("Một dòng").build())


def test_silent_printer_still_prints_when_it_never_answers_status(
    loopback_printer: LoopbackPrinter,
):
    loopback_printer.replies.clear()
    printer = EscPosPrinter(
        TcpTransport("127.0.0.1", loopback_printer.port),
        EscPosRenderer("generic-80", FONT),
        status_timeout=0.1,
    )
    printer.print(DocumentBuilder().text("Xin chào").cut().build())
    job = loopback_printer.wait_jobs(1)[0]
    assert "cut" in decode(job).kinds()


def test_connection_refused_raises_device_offline_when_nothing_listens():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # now closed: nothing listens there
    printer = open_printer(f"escpos+tcp://127.0.0.1:{port}", "generic-80", FONT)
    with pytest.raises(DeviceOffline, match="cannot connect"):
        printer.print(DocumentBuilder().text("x").build())


def test_file_printer_writes_the_job_when_device_file_exists(tmp_path):
    device = tmp_path / "lp0"
    device.touch()
    printer = open_printer(f"escpos+file://{device}", "generic-58", FONT)
    printer.print(sample_receipt())
    printer.open_drawer()
    decoded = decode(device.read_bytes())
    assert decoded.image().width == 384
    assert decoded.kinds().count("drawer") == 2  # the receipt's own, then the explicit kick


def test_file_printer_raises_device_not_found_when_device_is_unplugged(tmp_path):
    printer = open_printer(f"escpos+file://{tmp_path}/lp0", "generic-80", FONT)
    with pytest.raises(DeviceNotFound):
        printer.print(sample_receipt())
    assert not (tmp_path / "lp0").exists()  # never create a file where a device should be


def test_file_printer_raises_device_offline_when_device_fails_writes():
    printer = open_printer("escpos+file:///dev/full", "generic-80", FONT)
    with pytest.raises(DeviceOffline, match="No space"):
        printer.print(sample_receipt())


def test_file_printer_raises_timeout_when_device_stops_taking_data(tmp_path):
    fifo = tmp_path / "stuck-printer"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a printer that never reads
    try:
        transport = FileTransport(str(fifo), timeout=0.3)
        started = time.monotonic()
        with pytest.raises(DeviceTimeout), transport:
            transport.write(b"\x00" * 1_000_000)
        assert time.monotonic() - started < 2
    finally:
        os.close(reader)


def test_file_printer_raises_device_offline_when_reader_goes_away_mid_job(tmp_path):
    fifo = tmp_path / "lp-fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    transport = FileTransport(str(fifo), timeout=2)

    def unplug_soon():
        time.sleep(0.2)
        os.close(reader)

    threading.Thread(target=unplug_soon).start()
    with pytest.raises(DeviceOffline), transport:
        transport.write(b"\x00" * 1_000_000)

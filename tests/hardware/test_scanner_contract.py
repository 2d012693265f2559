"""One contract for every Scanner: the fake, and the serial driver on a pty.

The serial scanner's port is a pty behind a stable symlink, as udev gives a real scanner under
/dev/serial/by-id; unplugging closes the pty, replugging makes a new one behind the same link.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import time

import pytest

from hardware.drivers.serial_scanner import SerialScanner
from hardware.fakes import FakeScanner
from hardware.interfaces import ScanEvent

TIMEOUT = 3.0


class Recorder:
    def __init__(self) -> None:
        self.scans: queue.Queue[ScanEvent] = queue.Queue()
        self.states: queue.Queue[bool] = queue.Queue()

    def on_scan(self, event: ScanEvent) -> None:
        self.scans.put(event)

    def on_state(self, connected: bool) -> None:
        self.states.put(connected)

    def next_scan(self) -> ScanEvent:
        return self.scans.get(timeout=TIMEOUT)

    def next_state(self) -> bool:
        return self.states.get(timeout=TIMEOUT)

    def no_scan_for(self, seconds: float) -> bool:
        try:
            self.scans.get(timeout=seconds)
        except queue.Empty:
            return True
        return False


class FakeRig:
    def __init__(self, recorder: Recorder, tmp_path) -> None:
        self.scanner = FakeScanner(recorder.on_scan, recorder.on_state)

    def send(self, data: bytes) -> None:
        self.scanner.feed(data)

    def unplug(self) -> None:
        self.scanner.unplug()

    def replug(self) -> None:
        self.scanner.replug()

    def close(self) -> None:
        pass


class SerialRig:
    def __init__(self, recorder: Recorder, tmp_path) -> None:
        from tests.hardware.conftest import PtyScannerPort

        self.port = PtyScannerPort(tmp_path)
        self.scanner = SerialScanner(
            recorder.on_scan, recorder.on_state, port=self.port.path, reconnect_interval=0.05
        )

    def send(self, data: bytes) -> None:
        self.port.write(data)

    def unplug(self) -> None:
        self.port.unplug()

    def replug(self) -> None:
        self.port.replug()

    def close(self) -> None:
        self.port.close()


@pytest.fixture(params=[FakeRig, SerialRig], ids=["fake", "serial-pty"])
def rig(request, tmp_path):
    recorder = Recorder()
    rig = request.param(recorder, tmp_path)
    rig.recorder = recorder
    yield rig
    rig.scanner.stop()
    rig.close()


def started(rig) -> Recorder:
    rig.scanner.start()
    assert rig.recorder.next_state() is True  # open the port before the scanner writes
    assert rig.scanner.connected
    return rig.recorder


def test_scan_is_delivered_when_code_ends_with_suffix(rig):
    recorder = started(rig)
    rig.send(b"8934563138165\r")
    event = recorder.next_scan()
    assert event.code == "8934563138165"
    assert event.symbology is None


def test_partial_reads_are_joined_when_code_arrives_in_pieces(rig):
    recorder = started(rig)
    for piece in (b"89345", b"631", b"38165", b"\r"):
        rig.send(piece)
        time.sleep(0.02)
    assert recorder.next_scan().code == "8934563138165"


def test_noise_and_empty_lines_are_dropped_when_cable_is_plugged(rig):
    recorder = started(rig)
    rig.send(b"\x00\xff\xfe\r\r\n\n  \r\x00\x07ABC-123\r")
    assert recorder.next_scan().code == "ABC-123"
    assert recorder.no_scan_for(0.2)


def test_aim_prefix_is_reported_as_symbology_when_scanner_sends_it(rig):
    recorder = started(rig)
    rig.send(b"]E08934563138165\r]Q1https://vietqr.net/\xc4\x91\r")
    ean = recorder.next_scan()
    qr = recorder.next_scan()
    assert (ean.code, ean.symbology, ean.aim_id) == ("8934563138165", "ean13", "]E0")
    assert (qr.code, qr.symbology) == ("https://vietqr.net/đ", "qr")


def test_gs1_separators_pass_through_when_code_is_gs1_128(rig):
    recorder = started(rig)
    rig.send(b"]C10108934563138165\x1d10LOT42\x1d3103000750\r")
    event = recorder.next_scan()
    assert event.code == "0108934563138165\x1d10LOT42\x1d3103000750"
    assert event.symbology == "gs1-128"


def test_reports_disconnect_and_reconnects_when_unplugged_and_replugged(rig):
    recorder = started(rig)
    rig.unplug()
    assert recorder.next_state() is False
    assert not rig.scanner.connected
    rig.replug()
    assert recorder.next_state() is True
    rig.send(b"AFTER-REPLUG\r")
    assert recorder.next_scan().code == "AFTER-REPLUG"


def test_partial_code_is_forgotten_when_unplugged_mid_scan(rig):
    recorder = started(rig)
    rig.send(b"HALF-")
    time.sleep(0.1)
    rig.unplug()
    assert recorder.next_state() is False
    rig.replug()
    assert recorder.next_state() is True
    rig.send(b"WHOLE\r")
    assert recorder.next_scan().code == "WHOLE"


def test_stop_returns_promptly_and_delivers_nothing_after(rig):
    recorder = started(rig)
    begin = time.monotonic()
    rig.scanner.stop()
    assert time.monotonic() - begin < 1.0
    assert not rig.scanner.connected
    with contextlib.suppress(OSError):  # nobody holds the pty any more
        rig.send(b"LATE-CODE\r")
    assert recorder.no_scan_for(0.3)


def test_noise_without_line_ending_does_not_swallow_the_next_scan(rig, caplog):
    recorder = started(rig)
    with caplog.at_level(logging.WARNING, logger="hardware.scan_lines"):
        # 5,000 stray bytes with no line ending, and the scan they run into: one 5,013-byte line
        rig.send(b"\x55\xaa" * 2_500 + b"8934563138165\r")
        rig.send(b"8934563138172\r")  # the clerk scans again
        assert recorder.next_scan().code == "8934563138172"
        assert recorder.no_scan_for(0.2)
    assert "5013 bytes dropped" in caplog.text

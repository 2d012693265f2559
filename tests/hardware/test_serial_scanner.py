"""Serial-driver specifics the fake has no equivalent for: finding the port by USB ids."""

from __future__ import annotations

import os
import queue
from types import SimpleNamespace

from serial.tools import list_ports

from hardware.drivers.serial_scanner import SerialScanner, find_port

VID, PID = 0x0C2E, 0x0B61


def fake_comports(ports):
    return lambda: [
        SimpleNamespace(device=d, vid=v, pid=p, serial_number=s) for d, v, p, s in ports
    ]


def test_find_port_matches_usb_ids_and_serial_number_when_several_ports_exist(monkeypatch):
    monkeypatch.setattr(
        list_ports,
        "comports",
        fake_comports(
            [
                ("/dev/ttyS0", None, None, None),
                ("/dev/ttyACM0", VID, PID, "A1"),
                ("/dev/ttyACM1", VID, PID, "B2"),
            ]
        ),
    )
    assert find_port(VID, PID) == "/dev/ttyACM0"
    assert find_port(VID, PID, "B2") == "/dev/ttyACM1"
    assert find_port(0x05E0, None) is None


def test_reconnects_on_new_path_when_scanner_reenumerates_under_other_name(monkeypatch, pty_port):
    """Unplugged and replugged, a USB scanner often comes back as ttyACM1: found by its ids."""
    ports = [(pty_port.slave_path, VID, PID, "SN1")]
    monkeypatch.setattr(list_ports, "comports", lambda: fake_comports(ports)())
    scans: queue.Queue = queue.Queue()
    states: queue.Queue = queue.Queue()
    scanner = SerialScanner(
        scans.put, states.put, port="/dev/does-not-exist", vid=VID, pid=PID, reconnect_interval=0.05
    )
    scanner.start()
    try:
        assert states.get(timeout=3) is True
        first_path = pty_port.slave_path
        pty_port.write(b"BEFORE\r")
        assert scans.get(timeout=3).code == "BEFORE"

        pty_port.unplug()
        ports.clear()
        assert states.get(timeout=3) is False
        blocker = os.openpty()  # takes the freed pty number, so the scanner comes back elsewhere
        pty_port.replug()
        assert pty_port.slave_path != first_path
        ports.append((pty_port.slave_path, VID, PID, "SN1"))
        assert states.get(timeout=3) is True
        pty_port.write(b"AFTER\r")
        event = scans.get(timeout=3)
        assert event.code == "AFTER"
        assert event.source == "serial:///dev/does-not-exist"
    finally:
        scanner.stop()
        for fd in locals().get("blocker", ()):
            os.close(fd)


def test_stays_disconnected_without_error_when_scanner_is_absent_at_start(monkeypatch):
    monkeypatch.setattr(list_ports, "comports", lambda: [])
    states: queue.Queue = queue.Queue()
    scanner = SerialScanner(lambda e: None, states.put, vid=VID, pid=PID, reconnect_interval=0.02)
    scanner.start()
    try:
        assert states.empty()
        assert not scanner.connected
    finally:
        scanner.stop()
    assert states.empty()

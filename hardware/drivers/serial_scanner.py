"""A barcode scanner on a serial port (RS-232, or USB in CDC/virtual COM mode), read on a thread.

The thread owns the port: it opens it (by path, or by finding the USB vendor/product/serial
number among the system's ports), reads whatever arrives, hands complete codes to ``on_scan``
and, when the scanner is unplugged, reports ``on_state(False)`` and keeps looking for it until it
comes back. Callbacks run on this thread.
"""

from __future__ import annotations

import logging
import os
import threading
import time

import serial
from serial.tools import list_ports

from hardware.interfaces import ScanCallback, ScanEvent, Scanner, StateCallback
from hardware.scan_lines import ScanLineDecoder, Suffix

log = logging.getLogger(__name__)


def find_port(vid: int | None, pid: int | None, serial_number: str | None = None) -> str | None:
    """Device path of the first port whose USB ids (and serial number, if given) match."""
    for info in list_ports.comports():
        if vid is not None and info.vid != vid:
            continue
        if pid is not None and info.pid != pid:
            continue
        if serial_number is not None and info.serial_number != serial_number:
            continue
        return info.device
    return None


class SerialScanner(Scanner):
    """State: the reader thread, the open port (owned by the thread) and the connected flag."""

    def __init__(
        self,
        on_scan: ScanCallback,
        on_state: StateCallback | None = None,
        *,
        port: str | None = None,
        baudrate: int = 9600,
        suffix: Suffix | str = Suffix.CR,
        aim: bool = True,
        vid: int | None = None,
        pid: int | None = None,
        serial_number: str | None = None,
        reconnect_interval: float = 0.5,
        read_timeout: float = 0.1,
        name: str = "",
    ) -> None:
        super().__init__(on_scan, on_state)
        if port is None and vid is None and pid is None and serial_number is None:
            raise ValueError("a serial scanner needs a port path or USB ids")
        self.port = port
        self.baudrate = baudrate
        self.vid, self.pid, self.serial_number = vid, pid, serial_number
        self.reconnect_interval = reconnect_interval
        self.read_timeout = read_timeout
        self.name = name or f"serial://{port or ''}"
        self._decoder = ScanLineDecoder(suffix, aim=aim)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._serial: serial.Serial | None = None
        self._connected = False

    @property
    def connected(self) -> bool:
        return self._connected

    def start(self) -> None:
        if self._thread and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"scanner {self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            # Reads time out every read_timeout, so the thread sees the flag promptly.
            self._thread.join(timeout=max(2.0, self.read_timeout * 10))
            if self._thread.is_alive():
                log.warning("scanner thread %s did not stop", self.name)
            self._thread = None

    # -- the thread ---------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                if self._serial is None:
                    if not self._connect():
                        self._stop.wait(self.reconnect_interval)
                    continue
                self._read_once()
        finally:
            self._disconnect(report=self._connected)

    def _resolve(self) -> str | None:
        if self.vid is not None or self.pid is not None or self.serial_number is not None:
            found = find_port(self.vid, self.pid, self.serial_number)
            if found:
                return found
        if self.port and os.path.exists(self.port):
            return self.port
        return None

    def _connect(self) -> bool:
        path = self._resolve()
        if path is None:
            return False
        try:
            self._serial = serial.Serial(path, self.baudrate, timeout=self.read_timeout)
        except (serial.SerialException, OSError, ValueError) as exc:
            log.debug("scanner %s: cannot open %s: %s", self.name, path, exc)
            return False
        self._open_path = path
        self._last_check = time.monotonic()
        self._decoder.reset()
        self._connected = True
        log.info("scanner %s connected on %s", self.name, path)
        self._notify_state(True)
        return True

    def _read_once(self) -> None:
        port = self._serial
        assert port is not None
        try:
            data = port.read(max(1, port.in_waiting))
        except (serial.SerialException, OSError, TypeError) as exc:
            # TypeError: pyserial's read on a port closed under it by another thread.
            log.info("scanner %s unplugged: %s", self.name, exc)
            self._disconnect(report=True)
            return
        if not data:
            # Some drivers just time out after the device vanished: look for the path itself.
            now = time.monotonic()
            if now - self._last_check > 1.0:
                self._last_check = now
                if not os.path.exists(self._open_path):
                    log.info("scanner %s unplugged: %s vanished", self.name, self._open_path)
                    self._disconnect(report=True)
            return
        for code, symbology, aim_id in self._decoder.feed(data):
            try:
                self.on_scan(ScanEvent(code, symbology, self.name, aim_id))
            except Exception:
                log.exception("scan handler failed for %r", code)

    def _disconnect(self, *, report: bool) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            try:
                port.close()
            except (serial.SerialException, OSError):
                log.debug("closing vanished port", exc_info=True)
        self._decoder.reset()
        if self._connected:
            self._connected = False
            if report:
                self._notify_state(False)

    def _notify_state(self, connected: bool) -> None:
        try:
            self.on_state(connected)
        except Exception:
            log.exception("scanner state handler failed")

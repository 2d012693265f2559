"""Byte pipes to a printer: TCP (port 9100), a device file, a serial port, USB.

Each transport opens, writes, optionally reads, and closes, and turns its library's exceptions
into ``hardware.errors`` at this boundary. Every blocking step has a timeout: a printer that stops
taking data must surface as ``DeviceTimeout``, never as a frozen till.
"""

from __future__ import annotations

import contextlib
import errno
import os
import select
import socket
import time
from abc import ABC, abstractmethod
from types import TracebackType

import serial

from hardware.errors import DeviceBusy, DeviceError, DeviceNotFound, DeviceOffline, DeviceTimeout

_CHUNK = 4096
_GONE = {errno.EPIPE, errno.EIO, errno.ENODEV, errno.ENXIO, errno.ECONNRESET, errno.ENOSPC}


class Transport(ABC):
    """An open-write-close pipe. ``can_read`` says whether status queries can be answered."""

    name: str = ""
    can_read: bool = False

    @abstractmethod
    def open(self) -> None: ...

    @abstractmethod
    def write(self, data: bytes) -> None: ...

    def read(self, size: int, timeout: float) -> bytes:
        """Up to ``size`` bytes, or b"" if nothing came within ``timeout`` seconds."""
        return b""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Transport:
        self.open()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class TcpTransport(Transport):
    """A network printer's raw port. ``timeout`` bounds each step with no progress."""

    can_read = True

    def __init__(
        self, host: str, port: int = 9100, *, timeout: float = 10.0, connect_timeout: float = 3.0
    ) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.name = f"tcp://{host}:{port}"
        self._sock: socket.socket | None = None

    def open(self) -> None:
        try:
            self._sock = socket.create_connection(
                (self.host, self.port), timeout=self.connect_timeout
            )
        except socket.gaierror as exc:
            raise DeviceNotFound(f"unknown printer host {self.host}", device=self.name) from exc
        except TimeoutError as exc:
            raise DeviceTimeout(
                f"no answer within {self.connect_timeout} s", device=self.name
            ) from exc
        except OSError as exc:  # refused, unreachable: the printer is off or unplugged
            raise DeviceOffline(f"cannot connect: {exc.strerror or exc}", device=self.name) from exc
        self._sock.settimeout(self.timeout)

    def write(self, data: bytes) -> None:
        sock = self._require()
        view = memoryview(data)
        try:
            # In chunks, so the timeout means "no progress for that long", not "whole job".
            for start in range(0, len(view), _CHUNK):
                sock.sendall(view[start : start + _CHUNK])
        except TimeoutError as exc:
            raise DeviceTimeout(
                f"printer took no data for {self.timeout} s", device=self.name
            ) from exc
        except OSError as exc:  # reset, broken pipe: the printer went away mid-job
            raise DeviceOffline(
                f"connection lost: {exc.strerror or exc}", device=self.name
            ) from exc

    def read(self, size: int, timeout: float) -> bytes:
        sock = self._require()
        try:
            ready, _, _ = select.select([sock], [], [], timeout)
            if not ready:
                return b""
            data = sock.recv(size)
        except OSError as exc:
            raise DeviceOffline(
                f"connection lost: {exc.strerror or exc}", device=self.name
            ) from exc
        if not data:
            raise DeviceOffline("printer closed the connection", device=self.name)
        return data

    def close(self) -> None:
        if self._sock is None:
            return
        sock, self._sock = self._sock, None
        with contextlib.suppress(OSError):  # already reset by the other side
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    def _require(self) -> socket.socket:
        if self._sock is None:
            raise DeviceOffline("not connected", device=self.name)
        return self._sock


class FileTransport(Transport):
    """A device file such as ``/dev/usb/lp0`` (or, with ``create``, a plain spool file).

    Non-blocking writes with ``select``: the kernel's printer driver blocks forever when the
    printer is out of paper or off, and a till must not.
    """

    def __init__(self, path: str, *, timeout: float = 10.0, create: bool = False) -> None:
        self.path = path
        self.timeout = timeout
        self.create = create
        self.name = f"file://{path}"
        self._fd: int | None = None

    def open(self) -> None:
        flags = os.O_WRONLY | os.O_NONBLOCK | os.O_APPEND | (os.O_CREAT if self.create else 0)
        try:
            self._fd = os.open(self.path, flags, 0o644)
        except FileNotFoundError as exc:
            raise DeviceNotFound("no such device file", device=self.name) from exc
        except PermissionError as exc:
            raise DeviceNotFound(
                "permission denied (is the user in the lp group?)", device=self.name
            ) from exc
        except OSError as exc:
            if exc.errno == errno.EBUSY:
                raise DeviceBusy("device in use by another program", device=self.name) from exc
            raise DeviceNotFound(f"cannot open: {exc.strerror or exc}", device=self.name) from exc

    def write(self, data: bytes) -> None:
        if self._fd is None:
            raise DeviceOffline("not open", device=self.name)
        view = memoryview(data)
        deadline = time.monotonic() + self.timeout
        while view:
            try:
                written = os.write(self._fd, view[:_CHUNK])
            except BlockingIOError:
                written = 0
            except OSError as exc:
                if exc.errno in _GONE:
                    raise DeviceOffline(f"write failed: {exc.strerror}", device=self.name) from exc
                raise DeviceError(f"write failed: {exc.strerror or exc}", device=self.name) from exc
            if written:
                view = view[written:]
                deadline = time.monotonic() + self.timeout
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DeviceTimeout(f"device took no data for {self.timeout} s", device=self.name)
            select.select([], [self._fd], [], min(remaining, 0.5))

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


class SerialTransport(Transport):
    """A printer on an RS-232 or USB-serial port."""

    can_read = True

    def __init__(
        self,
        port: str,
        baudrate: int = 9600,
        *,
        timeout: float = 10.0,
        rtscts: bool = False,
        xonxoff: bool = False,
    ) -> None:
        self.port = port
        self.baudrate = baudrate
        self.timeout = timeout
        self.rtscts = rtscts
        self.xonxoff = xonxoff
        self.name = f"serial://{port}"
        self._serial: serial.Serial | None = None
        self._stuck = False  # a write failed with output still queued

    def open(self) -> None:
        try:
            self._serial = serial.Serial(
                self.port,
                self.baudrate,
                timeout=0,
                write_timeout=self.timeout,
                rtscts=self.rtscts,
                xonxoff=self.xonxoff,
            )
        except serial.SerialException as exc:
            code = getattr(exc, "errno", None)
            if code == errno.EBUSY:
                raise DeviceBusy("port in use by another program", device=self.name) from exc
            raise DeviceNotFound(f"cannot open port: {exc}", device=self.name) from exc
        except ValueError as exc:
            raise DeviceNotFound(f"bad port settings: {exc}", device=self.name) from exc

    def write(self, data: bytes) -> None:
        """Send ``data``; fail only after ``timeout`` seconds in which the port took nothing.

        pyserial's ``write_timeout`` bounds a whole ``write()`` call, so the job goes in chunks
        that the line can carry in a quarter of the timeout: a 107 KB raster at 19,200 baud
        takes a minute and is fine, a printer that holds the line for ``timeout`` is not.
        """
        port = self._require()
        view = memoryview(data)
        chunk = self._chunk_size()
        self._stuck = True
        try:
            for start in range(0, len(view), chunk):
                port.write(view[start : start + chunk])
            self._drain(port)
            self._stuck = False
        except serial.SerialTimeoutException as exc:
            raise DeviceTimeout(
                f"printer took no data for {self.timeout} s", device=self.name
            ) from exc
        except (serial.SerialException, OSError) as exc:
            raise DeviceOffline(f"port failed: {exc}", device=self.name) from exc

    def _chunk_size(self) -> int:
        bytes_per_second = self.baudrate / 10  # 8 data bits, start and stop
        return int(min(_CHUNK, max(64, bytes_per_second * self.timeout / 4)))

    def _drain(self, port: serial.Serial) -> None:
        """Wait for the port's output queue to empty while it keeps shrinking (``flush()``
        would wait forever on a printer that holds the line with flow control)."""
        deadline = time.monotonic() + self.timeout
        waiting = port.out_waiting
        while waiting:
            time.sleep(0.01)
            now_waiting = port.out_waiting
            if now_waiting < waiting:
                deadline = time.monotonic() + self.timeout
            elif time.monotonic() >= deadline:
                raise serial.SerialTimeoutException("output queue did not drain")
            waiting = now_waiting

    def read(self, size: int, timeout: float) -> bytes:
        port = self._require()
        deadline = time.monotonic() + timeout
        try:
            while True:
                data = port.read(size)
                if data or time.monotonic() >= deadline:
                    return data
                time.sleep(0.01)
        except (serial.SerialException, OSError) as exc:
            raise DeviceOffline(f"port failed: {exc}", device=self.name) from exc

    def close(self) -> None:
        if self._serial is not None:
            port, self._serial = self._serial, None
            with contextlib.suppress(serial.SerialException, OSError):  # vanished already
                if self._stuck:
                    # Closing a tty waits (30 s, or for ever on some drivers) for output
                    # that a stalled printer will not take: drop it first.
                    port.reset_output_buffer()
                port.close()

    def _require(self) -> serial.Serial:
        if self._serial is None:
            raise DeviceOffline("not open", device=self.name)
        return self._serial


class UsbTransport(Transport):
    """A USB printer class device, through python-escpos's ``Usb`` (needs pyusb and libusb)."""

    can_read = True

    def __init__(
        self,
        vendor_id: int,
        product_id: int,
        *,
        timeout: float = 10.0,
        interface: int = 0,
        in_ep: int = 0x82,
        out_ep: int = 0x01,
    ) -> None:
        self.vendor_id = vendor_id
        self.product_id = product_id
        self.timeout = timeout
        self.interface = interface
        self.in_ep = in_ep
        self.out_ep = out_ep
        self.name = f"usb://{vendor_id:04x}:{product_id:04x}"
        self._printer = None

    def open(self) -> None:
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Usb

        if not Usb.is_usable():
            raise DeviceNotFound(
                "USB printing needs pyusb and libusb-1.0 (pip install 'python-escpos[usb]')",
                device=self.name,
            )
        printer = Usb(
            self.vendor_id,
            self.product_id,
            timeout=int(self.timeout * 1000),
            in_ep=self.in_ep,
            out_ep=self.out_ep,
            usb_args={},
        )
        printer.interface = self.interface
        try:
            printer.open(raise_not_found=True)
        except DeviceNotFoundError as exc:
            raise DeviceNotFound("no such USB printer", device=self.name) from exc
        except Exception as exc:  # pyusb's USBError: access denied, busy; NoBackendError
            if type(exc).__name__ == "NoBackendError":
                raise DeviceNotFound(
                    "USB printing needs the libusb-1.0-0 system package", device=self.name
                ) from exc
            raise DeviceBusy(f"cannot claim USB printer: {exc}", device=self.name) from exc
        self._printer = printer

    def write(self, data: bytes) -> None:
        printer = self._require()
        try:
            printer._raw(data)
        except Exception as exc:  # pyusb raises USBError/USBTimeoutError, imported lazily
            if (
                "timeout" in type(exc).__name__.lower()
                or getattr(exc, "errno", None) == errno.ETIMEDOUT
            ):
                raise DeviceTimeout("printer took no data", device=self.name) from exc
            raise DeviceOffline(f"USB write failed: {exc}", device=self.name) from exc

    def read(self, size: int, timeout: float) -> bytes:
        printer = self._require()
        try:
            return bytes(printer._read())[:size]
        except Exception:  # no answer: status stays unknown
            return b""

    def close(self) -> None:
        if self._printer is not None:
            printer, self._printer = self._printer, None
            with contextlib.suppress(Exception):  # the device vanished already
                printer.close()

    def _require(self):
        if self._printer is None:
            raise DeviceOffline("not open", device=self.name)
        return self._printer

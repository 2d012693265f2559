"""Devices chosen by URL, so the kiosk's settings hold one string per device.

Printers::

    escpos+usb://04b8:0202               USB vendor:product (hex); ?interface=0&in_ep=0x82&out_ep=0x01
    escpos+serial:///dev/ttyUSB0?baud=19200&flow=rtscts
    escpos+tcp://192.168.1.50:9100       port 9100 by default
    escpos+file:///dev/usb/lp0           ?create=1 to spool into a plain file
    fake://                              ?state=paper-out|offline

    every escpos URL also takes text=raster|codepage, drawer_pin=2|5, drawer_on_ms, drawer_off_ms,
    timeout (seconds), check_paper=0|1

Scanners::

    serial:///dev/ttyACM0?baud=9600&suffix=CR     suffix CR, LF, CRLF or TAB; aim=0 to keep ]xx
    serial:///dev/ttyACM0?vid=0c2e&pid=0b61       found again by USB ids (and &serial=...) after
    serial://?vid=0c2e&pid=0b61                   re-enumeration; the path is the fallback
    wedge://?gap_ms=30&min_length=4
    fake://

A URL that cannot be understood raises InvalidDeviceUrl naming what is wrong; this happens when
the device is opened, so a typo in the settings shows up at start-up and not at the first sale.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

from hardware.errors import ConfigurationError, InvalidDeviceUrl
from hardware.fakes import FakePrinter, FakeScanner
from hardware.interfaces import PrinterStatus, ReceiptPrinter, ScanCallback, Scanner, StateCallback
from hardware.profiles import PrinterProfile, TextMode, get_profile
from hardware.scan_lines import parse_suffix
from hardware.wedge import WedgeScanner

if TYPE_CHECKING:
    from hardware.drivers.transports import Transport
    from hardware.render_escpos import EscPosRenderer

_ESCPOS_OPTIONS = {"text", "drawer_pin", "drawer_on_ms", "drawer_off_ms", "timeout", "check_paper"}


class _Options:
    """The query string of one URL; every option must be consumed by its scheme."""

    def __init__(self, url: str, query: str) -> None:
        self.url = url
        try:
            parsed = parse_qs(query, keep_blank_values=True, strict_parsing=bool(query))
        except ValueError as exc:
            raise InvalidDeviceUrl(f"malformed query string: {exc}", device=url) from exc
        self._values = {k: v[-1] for k, v in parsed.items()}

    def check_known(self, allowed: set[str]) -> None:
        unknown = sorted(set(self._values) - allowed)
        if unknown:
            raise InvalidDeviceUrl(
                f"unknown option(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed)) or 'none'}",
                device=self.url,
            )

    def text(self, key: str, default: str | None = None) -> str | None:
        return self._values.get(key, default)

    def number(self, key: str, default: float | None, kind: Callable[[str], float] = float):
        raw = self._values.get(key)
        if raw is None:
            return default
        try:
            return kind(raw)
        except ValueError:
            raise InvalidDeviceUrl(
                f"option {key}={raw!r} is not a number", device=self.url
            ) from None

    def hex_id(self, key: str) -> int | None:
        raw = self._values.get(key)
        if raw is None:
            return None
        return _hex16(raw, key, self.url)

    def flag(self, key: str, default: bool) -> bool:
        raw = self._values.get(key)
        if raw is None:
            return default
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise InvalidDeviceUrl(f"option {key}={raw!r} is not 0 or 1", device=self.url)


def _hex16(raw: str, what: str, url: str) -> int:
    try:
        value = int(raw, 16)
    except ValueError:
        raise InvalidDeviceUrl(f"{what} {raw!r} is not a hexadecimal USB id", device=url) from None
    if not 0 <= value <= 0xFFFF:
        raise InvalidDeviceUrl(f"{what} {raw!r} is out of range", device=url)
    return value


def _path(url: str, parts: SplitResult, *, required: bool = True) -> str | None:
    if parts.netloc:
        raise InvalidDeviceUrl(
            f"{parts.netloc!r} is read as a host: write the path after three slashes "
            f"({parts.scheme}:///dev/...)",
            device=url,
        )
    path = unquote(parts.path)
    if not path and required:
        raise InvalidDeviceUrl("missing device path", device=url)
    return path or None


def open_printer(
    url: str,
    profile: PrinterProfile | str = "generic-80",
    font_path: str | Path | None = None,
    bold_font_path: str | Path | None = None,
) -> ReceiptPrinter:
    """The printer at ``url``; it connects per job, so this does not touch the device yet."""
    parts = urlsplit(url)
    options = _Options(url, parts.query)
    scheme = parts.scheme.lower()
    try:
        chosen = get_profile(profile)
    except ConfigurationError as exc:
        raise InvalidDeviceUrl(str(exc), device=url) from exc

    if scheme == "fake":
        return _fake_printer(url, options, chosen, font_path, bold_font_path)

    timeout = options.number("timeout", 10.0)
    opener = _TRANSPORTS.get(scheme)
    if opener is None:
        raise InvalidDeviceUrl(
            f"unknown printer scheme {parts.scheme!r}: use escpos+usb, escpos+serial, escpos+tcp, "
            "escpos+file or fake",
            device=url,
        )
    from hardware.drivers.escpos_printer import EscPosPrinter  # fake:// needs none of it

    transport = opener(url, parts, options, timeout)
    renderer = _renderer(url, options, chosen, font_path, bold_font_path)
    return EscPosPrinter(
        transport, renderer, name=url, check_paper=options.flag("check_paper", True)
    )


def _fake_printer(
    url: str,
    options: _Options,
    profile: PrinterProfile,
    font_path: str | Path | None,
    bold_font_path: str | Path | None,
) -> FakePrinter:
    """``fake://``: a printer in memory, in the state the URL asks for."""
    options.check_known({"state"})
    printer = FakePrinter(profile, font_path, bold_font_path, name=url)
    state = options.text("state", "ready")
    try:
        printer.state = PrinterStatus(state)
    except ValueError:
        raise InvalidDeviceUrl(f"unknown fake printer state {state!r}", device=url) from None
    return printer


def _tcp_transport(url: str, parts: SplitResult, options: _Options, timeout: float) -> Transport:
    """``escpos+tcp://host[:port]``: a network printer, port 9100 by default."""
    from hardware.drivers.transports import TcpTransport

    options.check_known(_ESCPOS_OPTIONS)
    if not parts.hostname:
        raise InvalidDeviceUrl("missing printer host", device=url)
    try:
        port = parts.port or 9100
    except ValueError:
        raise InvalidDeviceUrl("port is not a number", device=url) from None
    return TcpTransport(parts.hostname, port, timeout=timeout)


def _file_transport(url: str, parts: SplitResult, options: _Options, timeout: float) -> Transport:
    """``escpos+file:///path``: a device file (or, with create=1, a plain file to spool into)."""
    from hardware.drivers.transports import FileTransport

    options.check_known(_ESCPOS_OPTIONS | {"create"})
    return FileTransport(_path(url, parts), timeout=timeout, create=options.flag("create", False))


def _serial_transport(url: str, parts: SplitResult, options: _Options, timeout: float) -> Transport:
    """``escpos+serial:///dev/...``: a serial port, its baud rate and flow control."""
    from hardware.drivers.transports import SerialTransport

    options.check_known(_ESCPOS_OPTIONS | {"baud", "flow"})
    flow = (options.text("flow", "none") or "none").lower()
    if flow not in ("none", "rtscts", "xonxoff"):
        raise InvalidDeviceUrl(f"flow={flow!r} is not none, rtscts or xonxoff", device=url)
    return SerialTransport(
        _path(url, parts),
        options.number("baud", 9600, int),
        timeout=timeout,
        rtscts=flow == "rtscts",
        xonxoff=flow == "xonxoff",
    )


def _usb_transport(url: str, parts: SplitResult, options: _Options, timeout: float) -> Transport:
    """``escpos+usb://vendor:product``: a USB printer by its ids, interface and endpoints."""
    from hardware.drivers.transports import UsbTransport

    options.check_known(_ESCPOS_OPTIONS | {"interface", "in_ep", "out_ep"})
    ids = parts.netloc.split(":")
    if len(ids) != 2:
        raise InvalidDeviceUrl("USB printer URL needs vendor:product, e.g. 04b8:0202", device=url)
    return UsbTransport(
        _hex16(ids[0], "vendor id", url),
        _hex16(ids[1], "product id", url),
        timeout=timeout,
        interface=options.number("interface", 0, int),
        in_ep=options.number("in_ep", 0x82, lambda s: int(s, 0)),
        out_ep=options.number("out_ep", 0x01, lambda s: int(s, 0)),
    )


# The byte pipe of each escpos scheme, opened from (url, its parts, options, timeout).
_TRANSPORTS: dict[str, Callable[[str, SplitResult, _Options, float], Transport]] = {
    "escpos+tcp": _tcp_transport,
    "escpos+file": _file_transport,
    "escpos+serial": _serial_transport,
    "escpos+usb": _usb_transport,
}


def _renderer(
    url: str,
    options: _Options,
    profile: PrinterProfile,
    font_path: str | Path | None,
    bold_font_path: str | Path | None,
) -> EscPosRenderer:
    """The ESC/POS renderer with the URL's text mode and cash drawer settings."""
    from hardware.render_escpos import DrawerSettings, EscPosRenderer

    try:
        text_mode = TextMode(options.text("text", "raster"))
        drawer = DrawerSettings(
            pin=options.number("drawer_pin", 2, int),
            on_ms=options.number("drawer_on_ms", 100, int),
            off_ms=options.number("drawer_off_ms", 100, int),
        )
        return EscPosRenderer(
            profile, font_path, bold_font_path, text_mode=text_mode, drawer=drawer
        )
    except ValueError as exc:
        raise InvalidDeviceUrl(f"bad option: {exc}", device=url) from exc
    except ConfigurationError as exc:
        raise InvalidDeviceUrl(exc.message, device=url) from exc


def open_scanner(
    url: str,
    on_scan: ScanCallback,
    on_state: StateCallback | None = None,
) -> Scanner:
    """The scanner at ``url``, not started yet. Callbacks: see ``hardware.interfaces.Scanner``."""
    parts = urlsplit(url)
    options = _Options(url, parts.query)
    scheme = parts.scheme.lower()
    try:
        if scheme == "fake":
            options.check_known({"suffix"})
            return FakeScanner(
                on_scan, on_state, suffix=parse_suffix(options.text("suffix", "CR")), name=url
            )
        if scheme == "wedge":
            options.check_known({"gap_ms", "min_length", "aim"})
            return WedgeScanner(
                on_scan,
                on_state,
                max_gap_ms=options.number("gap_ms", 30.0),
                min_length=options.number("min_length", 4, int),
                aim=options.flag("aim", True),
                name=url,
            )
        if scheme == "serial":
            from hardware.drivers.serial_scanner import SerialScanner

            options.check_known({"baud", "suffix", "aim", "vid", "pid", "serial", "reconnect"})
            path = _path(url, parts, required=False)
            vid, pid, serial_number = (
                options.hex_id("vid"),
                options.hex_id("pid"),
                options.text("serial"),
            )
            if path is None and vid is None and pid is None and serial_number is None:
                raise InvalidDeviceUrl("serial scanner needs a path or vid/pid", device=url)
            return SerialScanner(
                on_scan,
                on_state,
                port=path,
                baudrate=options.number("baud", 9600, int),
                suffix=parse_suffix(options.text("suffix", "CR")),
                aim=options.flag("aim", True),
                vid=vid,
                pid=pid,
                serial_number=serial_number,
                reconnect_interval=options.number("reconnect", 0.5),
                name=url,
            )
    except ConfigurationError as exc:
        if isinstance(exc, InvalidDeviceUrl):
            raise
        raise InvalidDeviceUrl(exc.message, device=url) from exc
    raise InvalidDeviceUrl(
        f"unknown scanner scheme {parts.scheme!r}: use serial, wedge or fake", device=url
    )

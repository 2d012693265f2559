"""Devices by URL: the right driver with the right settings, or an error naming the problem."""

from __future__ import annotations

import pytest

from hardware.drivers.escpos_printer import EscPosPrinter
from hardware.drivers.serial_scanner import SerialScanner
from hardware.drivers.transports import FileTransport, SerialTransport, TcpTransport, UsbTransport
from hardware.errors import InvalidDeviceUrl
from hardware.fakes import FakePrinter, FakeScanner
from hardware.interfaces import PrinterStatus
from hardware.profiles import TextMode
from hardware.scan_lines import Suffix
from hardware.urls import open_printer, open_scanner
from hardware.wedge import WedgeScanner
from tests.hardware.conftest import FONT


def transport_of(printer: EscPosPrinter):
    return printer._make_transport()


def test_tcp_url_gives_escpos_printer_on_port_9100_by_default():
    printer = open_printer("escpos+tcp://192.168.1.50", "generic-80", FONT)
    transport = transport_of(printer)
    assert isinstance(transport, TcpTransport)
    assert (transport.host, transport.port) == ("192.168.1.50", 9100)


def test_serial_printer_url_carries_baud_and_flow_control():
    printer = open_printer(
        "escpos+serial:///dev/ttyUSB0?baud=19200&flow=rtscts", "generic-80", FONT
    )
    transport = transport_of(printer)
    assert isinstance(transport, SerialTransport)
    assert (transport.port, transport.baudrate, transport.rtscts) == ("/dev/ttyUSB0", 19200, True)


def test_usb_url_reads_hex_ids_and_file_url_reads_path():
    usb = transport_of(open_printer("escpos+usb://04b8:0202", "generic-80", FONT))
    assert isinstance(usb, UsbTransport)
    assert (usb.vendor_id, usb.product_id) == (0x04B8, 0x0202)
    lp = transport_of(open_printer("escpos+file:///dev/usb/lp0", "generic-80", FONT))
    assert isinstance(lp, FileTransport)
    assert lp.path == "/dev/usb/lp0"


def test_escpos_options_reach_the_renderer():
    printer = open_printer(
        "escpos+tcp://10.0.0.9:9101?text=codepage&drawer_pin=5&drawer_on_ms=60",
        "epson-tm-t88v",
        FONT,
    )
    assert printer.renderer.text_mode is TextMode.CODEPAGE
    assert printer.renderer.drawer.pin == 5
    assert printer.renderer.drawer.on_ms == 60
    assert printer.width_dots == 512


def test_fake_printer_url_can_start_out_of_paper():
    printer = open_printer("fake://?state=paper-out")
    assert isinstance(printer, FakePrinter)
    assert printer.status() is PrinterStatus.PAPER_OUT


def test_scanner_urls_give_the_right_scanner():
    def noop(event):
        return None

    serial = open_scanner("serial:///dev/ttyACM0?baud=115200&suffix=crlf", noop)
    assert isinstance(serial, SerialScanner)
    assert (serial.port, serial.baudrate, serial._decoder.suffix) == (
        "/dev/ttyACM0",
        115200,
        Suffix.CRLF,
    )
    by_ids = open_scanner("serial:///dev/ttyACM0?vid=0c2e&pid=0b61", noop)
    assert (by_ids.vid, by_ids.pid) == (0x0C2E, 0x0B61)
    assert isinstance(open_scanner("wedge://?gap_ms=25&min_length=6", noop), WedgeScanner)
    assert isinstance(open_scanner("fake://", noop), FakeScanner)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("lpt://1", "unknown printer scheme"),
        ("escpos+tcp://", "missing printer host"),
        ("escpos+tcp://printer:abc", "port"),
        ("escpos+usb://04b8", "vendor:product"),
        ("escpos+usb://zz:0202", "hexadecimal"),
        ("escpos+file://dev/usb/lp0", "three slashes"),
        ("escpos+serial:///dev/ttyS0?baud=fast", "not a number"),
        ("escpos+tcp://10.0.0.1?bogus=1", "unknown option"),
        ("escpos+tcp://10.0.0.1?drawer_pin=3", "pin"),
        ("escpos+tcp://10.0.0.1?text=codepage", "code page"),
        ("fake://?state=melting", "state"),
    ],
)
def test_bad_printer_url_raises_invalid_device_url_naming_the_problem(url, message):
    with pytest.raises(InvalidDeviceUrl, match=message) as caught:
        open_printer(url, "generic-80", FONT)
    assert caught.value.device == url
    assert not caught.value.retryable


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("usb://scanner", "unknown scanner scheme"),
        ("serial://", "path or vid/pid"),
        ("serial:///dev/ttyACM0?suffix=ETX", "suffix"),
        ("serial:///dev/ttyACM0?vid=xyz", "hexadecimal"),
        ("wedge://?gap=30", "unknown option"),
    ],
)
def test_bad_scanner_url_raises_invalid_device_url_naming_the_problem(url, message):
    with pytest.raises(InvalidDeviceUrl, match=message):
        open_scanner(url, lambda event: None)


def test_unknown_profile_is_an_invalid_url_error():
    with pytest.raises(InvalidDeviceUrl, match="unknown printer profile"):
        open_printer("fake://", "hp-laserjet")

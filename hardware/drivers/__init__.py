"""Real device drivers. Only the composition root (kiosk.app, via hardware.urls) imports these."""

from hardware.drivers.escpos_printer import EscPosPrinter
from hardware.drivers.serial_scanner import SerialScanner
from hardware.drivers.transports import (
    FileTransport,
    SerialTransport,
    TcpTransport,
    Transport,
    UsbTransport,
)

__all__ = [
    "EscPosPrinter",
    "FileTransport",
    "SerialScanner",
    "SerialTransport",
    "TcpTransport",
    "Transport",
    "UsbTransport",
]

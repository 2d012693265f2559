"""Devices and the printable-document language they accept. Imports nothing of ours, and no Qt.

kiosk.core composes receipts from the document types named here; only the composition root opens
devices (``hardware.urls.open_printer`` / ``open_scanner``), and only it reaches ``hardware.drivers``.
"""

from hardware.document import (
    QR,
    Align,
    Barcode,
    Columns,
    Cut,
    Document,
    DocumentBuilder,
    DrawerPulse,
    Element,
    Feed,
    Image,
    Separator,
    SeparatorStyle,
    Size,
    Symbology,
    Text,
)
from hardware.errors import (
    ConfigurationError,
    DeviceBusy,
    DeviceError,
    DeviceNotFound,
    DeviceOffline,
    DeviceTimeout,
    DocumentError,
    InvalidDeviceUrl,
    PaperOut,
)
from hardware.interfaces import PrinterStatus, ReceiptPrinter, ScanEvent, Scanner

__all__ = [
    "QR",
    "Align",
    "Barcode",
    "Columns",
    "ConfigurationError",
    "Cut",
    "DeviceBusy",
    "DeviceError",
    "DeviceNotFound",
    "DeviceOffline",
    "DeviceTimeout",
    "Document",
    "DocumentBuilder",
    "DocumentError",
    "DrawerPulse",
    "Element",
    "Feed",
    "Image",
    "InvalidDeviceUrl",
    "PaperOut",
    "PrinterStatus",
    "ReceiptPrinter",
    "ScanEvent",
    "Scanner",
    "Separator",
    "SeparatorStyle",
    "Size",
    "Symbology",
    "Text",
]

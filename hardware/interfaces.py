"""The two roles the kiosk talks to: a receipt printer and a barcode scanner.

The app picks an implementation (real driver or fake) by URL in ``hardware.urls``; everything else
sees only these interfaces. Scanner callbacks run on the scanner's own thread (serial) or on the
caller's (wedge, fake): a Qt layer must hand them to the GUI thread itself (a queued signal).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from hardware.document import Document


class PrinterStatus(StrEnum):
    """What the printer last said about itself. A hint: many models answer wrongly or not at all."""

    READY = "ready"
    PAPER_LOW = "paper-low"
    PAPER_OUT = "paper-out"
    OFFLINE = "offline"
    UNKNOWN = "unknown"


class Delivery(StrEnum):
    """How far a job is known to have got. Only a printer that answers status queries can
    confirm a job; for one that cannot (its profile says so, or it stayed silent) the bytes
    left us and nothing more is known."""

    CONFIRMED = "confirmed"  # the printer answered after the job: it took it
    SENT = "sent"  # sent, not confirmed


class ReceiptPrinter(ABC):
    """A printer that takes documents. Methods raise ``hardware.errors.DeviceError`` subclasses."""

    #: Where the printer is, for logs and error messages (its URL without secrets).
    name: str = ""

    @property
    @abstractmethod
    def width_dots(self) -> int:
        """Printable width, for previews and layout that must match the paper."""

    @abstractmethod
    def print(self, document: Document) -> Delivery:
        """Print the whole document or raise; a failed job may be retried whole. Returns
        whether the printer confirmed the job or it was only sent."""

    @abstractmethod
    def open_drawer(self) -> None:
        """Kick the cash drawer connected to the printer."""

    @abstractmethod
    def status(self) -> PrinterStatus:
        """Ask the printer how it is. Never raises; UNKNOWN when it cannot tell."""

    def close(self) -> None:  # noqa: B027 - optional for implementations that hold nothing
        """Release the device."""


@dataclass(frozen=True)
class ScanEvent:
    """One decoded scan. ``symbology`` comes from the AIM identifier when the scanner sends one."""

    code: str
    symbology: str | None = None
    source: str = ""
    aim_id: str | None = None


ScanCallback = Callable[[ScanEvent], None]
StateCallback = Callable[[bool], None]


class Scanner(ABC):
    """A barcode scanner that calls ``on_scan(ScanEvent)`` per scan and ``on_state(connected)``
    whenever it is plugged in or out."""

    name: str = ""

    def __init__(self, on_scan: ScanCallback, on_state: StateCallback | None = None) -> None:
        self.on_scan = on_scan
        self.on_state = on_state or (lambda connected: None)

    @abstractmethod
    def start(self) -> None:
        """Begin delivering scans."""

    @abstractmethod
    def stop(self) -> None:
        """Stop delivering scans and release the device; returns promptly."""

    @property
    @abstractmethod
    def connected(self) -> bool:
        """Whether the device is there right now."""

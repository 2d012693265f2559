"""Fake devices for tests and the demo: they behave like the real drivers, minus the hardware.

FakePrinter keeps the last documents it was given (and, when it has a font, their ESC/POS
bytes), and can be told to fail the way real printers do. It keeps no images and a bounded
number of jobs: ``fake://`` is the demo's default printer and runs for days. FakeScanner lets a test
or the demo inject codes, raw bytes, unplugs and replugs.
"""

from __future__ import annotations

import threading
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING

from hardware.document import Document
from hardware.errors import DeviceError, DeviceOffline, PaperOut
from hardware.interfaces import (
    Delivery,
    PrinterStatus,
    ReceiptPrinter,
    ScanCallback,
    ScanEvent,
    Scanner,
    StateCallback,
)
from hardware.profiles import PrinterProfile, get_profile
from hardware.scan_lines import ScanLineDecoder, Suffix

if TYPE_CHECKING:
    from PIL import Image as PILImage

    from hardware.render_escpos import EscPosRenderer


class FakePrinter(ReceiptPrinter):
    """State: the last ``keep`` ``documents`` printed and ``jobs`` (their ESC/POS bytes, when a
    font was given), ``printed`` (how many in all), ``drawer_kicks``, and ``state``, which
    decides how the next job ends. A profile without status queries makes every job
    ``Delivery.SENT``, as the real driver reports it."""

    def __init__(
        self,
        profile: PrinterProfile | str = "generic-80",
        font_path: str | Path | None = None,
        bold_font_path: str | Path | None = None,
        *,
        name: str = "fake://",
        keep: int = 20,
    ) -> None:
        self.profile = get_profile(profile)
        self.name = name
        # Made at the first job: python-escpos and qrcode load then, not at the kiosk's start.
        self._fonts = (font_path, bold_font_path)
        self._made: EscPosRenderer | None = None
        self.documents: deque[Document] = deque(maxlen=keep)
        self.jobs: deque[bytes] = deque(maxlen=keep)
        self.printed = 0
        self.drawer_kicks = 0
        self.state = PrinterStatus.READY
        self._fail_next: list[DeviceError] = []
        self._lock = threading.Lock()

    @property
    def _renderer(self) -> EscPosRenderer | None:
        """The renderer of jobs like a real printer's, when fonts were given (else None)."""
        font_path, bold_font_path = self._fonts
        if self._made is None and font_path:
            from hardware.render_escpos import EscPosRenderer

            self._made = EscPosRenderer(self.profile, font_path, bold_font_path)
        return self._made

    @property
    def width_dots(self) -> int:
        return self.profile.width_dots

    def fail_next(self, error: DeviceError) -> None:
        """Make the next print or drawer kick raise ``error`` (once)."""
        self._fail_next.append(error)

    def print(self, document: Document) -> Delivery:
        with self._lock:
            self._check()
            if self._renderer is not None:
                self.jobs.append(self._renderer.render(document))
            self.documents.append(document)
            self.printed += 1
            if document.opens_drawer:
                self.drawer_kicks += 1
        return Delivery.CONFIRMED if self.profile.status_query else Delivery.SENT

    def image(self, index: int = -1) -> PILImage.Image:
        """The raster of a kept document as the printer would put it on paper, drawn on demand
        (needs a font)."""
        if self._renderer is None:
            raise ValueError("a FakePrinter without a font draws no images")
        return self._renderer.raster.render(self.documents[index])

    def open_drawer(self) -> None:
        with self._lock:
            self._check(paper_matters=False)
            self.drawer_kicks += 1

    def status(self) -> PrinterStatus:
        return self.state

    def _check(self, *, paper_matters: bool = True) -> None:
        if self._fail_next:
            raise self._fail_next.pop(0)
        if self.state is PrinterStatus.OFFLINE:
            raise DeviceOffline("fake printer is offline", device=self.name)
        if self.state is PrinterStatus.PAPER_OUT and paper_matters:
            raise PaperOut("fake printer is out of paper", device=self.name)


class FakeScanner(Scanner):
    """State: running, plugged in, and a line decoder for raw bytes fed as a serial scanner would."""

    def __init__(
        self,
        on_scan: ScanCallback,
        on_state: StateCallback | None = None,
        *,
        suffix: Suffix | str = Suffix.CR,
        name: str = "fake://",
    ) -> None:
        super().__init__(on_scan, on_state)
        self.name = name
        self._decoder = ScanLineDecoder(suffix)
        self._running = False
        self._plugged = True

    @property
    def connected(self) -> bool:
        return self._running and self._plugged

    def start(self) -> None:
        if not self._running:
            self._running = True
            if self._plugged:
                self.on_state(True)

    def stop(self) -> None:
        if self._running:
            was_connected = self.connected
            self._running = False
            if was_connected:
                self.on_state(False)

    def inject(self, code: str, symbology: str | None = None) -> None:
        """A scan of ``code``; dropped, like a real one, while stopped or unplugged."""
        if self.connected:
            self.on_scan(ScanEvent(code, symbology, self.name))

    def feed(self, data: bytes) -> None:
        """Raw bytes as a serial scanner sends them (suffix, AIM prefix, noise and all)."""
        if not self.connected:
            return
        for code, symbology, aim_id in self._decoder.feed(data):
            self.on_scan(ScanEvent(code, symbology, self.name, aim_id))

    def unplug(self) -> None:
        if self._plugged:
            was_connected = self.connected
            self._plugged = False
            self._decoder.reset()
            if was_connected:
                self.on_state(False)

    def replug(self) -> None:
        if not self._plugged:
            self._plugged = True
            if self._running:
                self.on_state(True)

"""Turn a document into the bytes an ESC/POS printer understands, through python-escpos.

Default (raster) mode: consecutive printable elements are rendered by RasterRenderer into one
bitmap and sent with ``GS v 0`` in bands of ``profile.fragment_height`` rows, so Vietnamese text,
QR codes and barcodes print identically on every printer. Code-page mode (for profiles with a
Vietnamese code page) sends Text and Columns as Windows-1258 characters with the printer's own
font and keeps everything else raster. No character is lost on the way (hardware.codepage): each
one encodes, or has a stated replacement ("★" prints as "*"), or the whole job goes raster.

The bytes are collected by python-escpos's ``Dummy`` printer; transports only ship them. Building
the whole job first means a printer that vanishes mid-job never leaves half a document in our
state: the job can be retried whole.
"""

from __future__ import annotations

import copy
import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# python-escpos writes a capabilities cache when imported and fails if the folder named by this
# variable does not exist yet (a fresh data folder, a fresh clone's .pytest_cache).
if os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR"):
    os.makedirs(os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"], exist_ok=True)

from escpos.capabilities import BaseProfile, get_profile_class
from escpos.printer import Dummy
from PIL import ImageChops

from hardware.codepage import encode_codepage, printable, unprintable
from hardware.document import Align, Columns, Cut, Document, DrawerPulse, Element, Size, Text
from hardware.errors import ConfigurationError, DocumentError
from hardware.profiles import PrinterProfile, TextMode, get_profile
from hardware.render_raster import RasterRenderer

ESC = b"\x1b"
GS = b"\x1d"
INIT = ESC + b"@"
__all__ = ["DrawerSettings", "EscPosRenderer", "encode_codepage", "render_escpos"]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DrawerSettings:
    """Cash drawer kick: connector pin (2 or 5) and pulse on/off times in milliseconds."""

    pin: int = 2
    on_ms: int = 100
    off_ms: int = 100

    def __post_init__(self) -> None:
        if self.pin not in (2, 5):
            raise ConfigurationError(f"drawer pin must be 2 or 5, not {self.pin}")
        for ms in (self.on_ms, self.off_ms):
            if not 2 <= ms <= 510:
                raise ConfigurationError(f"drawer pulse time {ms} ms is outside 2..510")

    def command(self) -> list[int]:
        """``ESC p m t1 t2`` as the decimal sequence python-escpos's ``cashdraw`` takes."""
        return [27, 112, 0 if self.pin == 2 else 1, self.on_ms // 2, self.off_ms // 2]


@lru_cache(maxsize=16)
def _escpos_profile_class(base: str, width: int) -> type[BaseProfile]:
    # python-escpos refuses images wider than the profile's media width, and prints a warning on
    # stdout when the width is unknown: give it a private profile that knows our paper width.
    data = copy.deepcopy(get_profile_class(base).profile_data)
    data.setdefault("media", {}).setdefault("width", {})["pixels"] = width
    return type(f"Ocop{width}Profile", (BaseProfile,), {"profile_data": data})


class EscPosRenderer:
    """Renders documents for one printer profile. Holds configuration and the raster renderer."""

    def __init__(
        self,
        profile: PrinterProfile | str,
        font_path: str | Path | None = None,
        bold_font_path: str | Path | None = None,
        *,
        text_mode: TextMode | str = TextMode.RASTER,
        drawer: DrawerSettings | None = None,
    ) -> None:
        self.profile = get_profile(profile)
        self.text_mode = TextMode(text_mode)
        if self.text_mode is TextMode.CODEPAGE and not self.profile.supports_codepage:
            raise ConfigurationError(
                f"printer profile {self.profile.name} has no Vietnamese code page; use raster text"
            )
        self.drawer = drawer or DrawerSettings()
        self.raster = RasterRenderer(self.profile.width_dots, font_path, bold_font_path)

    def render(self, document: Document) -> bytes:
        printer = self._printer()
        printer._raw(INIT)
        codepage = self.text_mode is TextMode.CODEPAGE and self._codepage_can_print(document)
        band: list[Element] = []
        for element in document:
            if isinstance(element, Cut):
                self._flush(printer, band)
                self._cut(printer, element)
            elif isinstance(element, DrawerPulse):
                self._flush(printer, band)
                printer.cashdraw(self.drawer.command())
            elif codepage and isinstance(element, Text | Columns):
                self._flush(printer, band)
                self._codepage_text(printer, element)
            else:
                band.append(element)
        self._flush(printer, band)
        return printer.output

    def drawer_pulse(self) -> bytes:
        printer = self._printer()
        printer.cashdraw(self.drawer.command())
        return printer.output

    # -- internals ----------------------------------------------------------------------------

    @property
    def _codec(self) -> str:
        return self.profile.codepage or "cp1258"

    def _codepage_can_print(self, document: Document) -> bool:
        """False (and a warning) when some text has a character with no stated replacement:
        the job then prints as raster, never with a "?" in place of the character."""
        texts = [
            text
            for element in document
            if isinstance(element, Text | Columns)
            for text in (
                (element.text,) if isinstance(element, Text) else (element.left, element.right)
            )
        ]
        missing = unprintable(texts, self._codec)
        if missing:
            log.warning(
                "characters %r have no %s replacement: printing this job as raster",
                "".join(sorted(missing)),
                self._codec,
            )
        return not missing

    def _printer(self) -> Dummy:
        printer = Dummy()
        printer.profile = _escpos_profile_class(
            self.profile.escpos_profile, self.profile.width_dots
        )()
        return printer

    def _flush(self, printer: Dummy, band: list[Element]) -> None:
        if not band:
            return
        bitmap = self.raster.render_elements(band)
        band.clear()
        if bitmap.height <= 1 and bitmap.getbbox() is None:
            return
        step = self.profile.fragment_height
        if self.profile.image_impl != "bitImageRaster":
            # Split into bands here rather than in python-escpos, which converts the whole
            # bitmap once more before splitting it.
            for top in range(0, bitmap.height, step):
                band_image = bitmap.crop((0, top, bitmap.width, min(top + step, bitmap.height)))
                printer.image(
                    band_image, impl=self.profile.image_impl, fragment_height=step, center=False
                )
            return
        # GS v 0 packed here from the 1-bit bitmap: python-escpos would take each band through
        # RGBA, RGB, L, an inversion and a dithering pass first (~40 % of a receipt's time),
        # for the same bytes (tests/hardware compare them).
        ink = ImageChops.invert(bitmap.convert("1"))  # a printer's 1 is a black dot
        width_bytes = ((ink.width + 7) // 8).to_bytes(2, "little")
        for top in range(0, ink.height, step):
            band_image = ink.crop((0, top, ink.width, min(top + step, ink.height)))
            height = band_image.height.to_bytes(2, "little")
            printer._raw(GS + b"v0\x00" + width_bytes + height + band_image.tobytes())

    def _cut(self, printer: Dummy, cut: Cut) -> None:
        if not self.profile.cut:
            printer.print_and_feed(4)  # past the tear bar
            return
        printer.print_and_feed(4)
        partial = cut.partial and self.profile.partial_cut
        printer._raw(GS + b"V" + (b"\x01" if partial else b"\x00"))

    def _codepage_text(self, printer: Dummy, element: Text | Columns) -> None:
        size = element.size
        columns = self.profile.chars_per_line // (2 if size is Size.LARGE else 1)
        printer.set(
            align=element.align.value if isinstance(element, Text) else Align.LEFT.value,
            bold=element.bold,
            double_height=size is not Size.NORMAL,
            double_width=size is Size.LARGE,
        )
        printer._raw(ESC + b"t" + bytes((self.profile.codepage_number or 0,)))
        codec = self._codec
        if isinstance(element, Text):
            text = printable(element.text, codec)
            lines = [ln for para in text.split("\n") for ln in _wrap_chars(para, columns)]
        else:
            left, right = printable(element.left, codec), printable(element.right, codec)
            lines = _columns_chars(left, right, columns)
        for line in lines:
            printer._raw(encode_codepage(line, codec) + b"\n")
        printer.set_with_default()


def render_escpos(
    document: Document,
    profile: PrinterProfile | str,
    font_path: str | Path | None = None,
    bold_font_path: str | Path | None = None,
    *,
    text_mode: TextMode | str = TextMode.RASTER,
    drawer: DrawerSettings | None = None,
) -> bytes:
    """ESC/POS bytes of ``document`` for ``profile`` (see :class:`EscPosRenderer`)."""
    renderer = EscPosRenderer(
        profile, font_path, bold_font_path, text_mode=text_mode, drawer=drawer
    )
    return renderer.render(document)


def _wrap_chars(text: str, columns: int) -> list[str]:
    words = text.split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        while len(word) > columns:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:columns])
            word = word[columns:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= columns:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


def _columns_chars(left: str, right: str, columns: int) -> list[str]:
    if len(right) + 2 >= columns:
        raise DocumentError(f"amount {right!r} does not fit {columns} columns")
    lefts = _wrap_chars(left, columns - len(right) - 1)
    first = lefts[0].ljust(columns - len(right)) + right
    return [first, *lefts[1:]]

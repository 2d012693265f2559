"""What we know about each receipt printer model: paper width, cutter, Vietnamese code page.

A profile is chosen in the kiosk settings; ``generic-80`` and ``generic-58`` fit most unbranded
printers. ``codepage`` is set only where the model is known to print Windows-1258 Vietnamese; the
default text mode stays raster everywhere because it works on every printer. Code page numbers
come from python-escpos's capability database (``escpos/capabilities.json``), not from our own
tests on the devices.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hardware.errors import ConfigurationError


class TextMode(StrEnum):
    RASTER = "raster"  # text drawn with our font and sent as an image: works everywhere
    CODEPAGE = "codepage"  # text sent as characters in the printer's Vietnamese code page


@dataclass(frozen=True)
class PrinterProfile:
    """One printer model. Widths are in dots; ``chars_per_line`` is font A's column count."""

    name: str
    width_dots: int
    chars_per_line: int
    cut: bool = True
    partial_cut: bool = True
    #: Python codec and ``ESC t n`` number of a Vietnamese code page, if the model has one.
    codepage: str | None = None
    codepage_number: int | None = None
    #: The printer answers DLE EOT status queries (over TCP or serial).
    status_query: bool = True
    #: python-escpos image command: ``bitImageRaster`` (GS v 0), ``graphics``, ``bitImageColumn``.
    image_impl: str = "bitImageRaster"
    #: Images are sent in bands of at most this many rows: small buffers overflow on tall images.
    fragment_height: int = 256
    #: python-escpos capability profile whose features (cutter) we rely on.
    escpos_profile: str = "default"

    @property
    def supports_codepage(self) -> bool:
        return self.codepage is not None and self.codepage_number is not None


PROFILES: dict[str, PrinterProfile] = {
    p.name: p
    for p in (
        PrinterProfile("generic-80", 576, 48),
        PrinterProfile("generic-58", 384, 32, cut=False, partial_cut=False, status_query=False),
        PrinterProfile(
            "epson-tm-t88v",
            512,
            42,
            codepage="cp1258",
            codepage_number=52,
            escpos_profile="TM-T88V",
        ),
        PrinterProfile(
            "epson-tm-t20ii",
            576,
            48,
            codepage="cp1258",
            codepage_number=52,
            escpos_profile="TM-T20II",
        ),
        PrinterProfile(
            "pos-5890",
            384,
            32,
            cut=False,
            partial_cut=False,
            codepage="cp1258",
            codepage_number=27,
            status_query=False,
            escpos_profile="POS-5890",
        ),
    )
}


def get_profile(name: str | PrinterProfile) -> PrinterProfile:
    if isinstance(name, PrinterProfile):
        return name
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise ConfigurationError(f"unknown printer profile {name!r} (known: {known})") from None

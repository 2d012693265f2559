"""A device-neutral printable document: what a receipt is before any printer sees it.

kiosk.core composes receipts, reports and test pages out of these elements; the renderers turn
the same document into a 1-bit bitmap (on-screen preview, raster printing) or ESC/POS bytes. The
elements say *what* to print (a bold centred title, an item and its amount, a QR payload), never
how a given printer does it, so a 58 mm and an 80 mm printer get the same document.

Elements are frozen dataclasses and validate themselves on construction, so a bad barcode is
caught where the receipt is composed, not in the middle of printing it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is imported when a picture is printed, not when the kiosk starts
    from PIL import Image as PILImage


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class Size(StrEnum):
    """Text size, named after what thermal printers offer natively."""

    NORMAL = "normal"
    DOUBLE_HEIGHT = "double-height"  # same width, twice as tall: totals on narrow paper
    LARGE = "large"  # twice as wide and tall: shop name, "TOTAL"


class Symbology(StrEnum):
    CODE128 = "code128"
    EAN13 = "ean13"


class SeparatorStyle(StrEnum):
    SOLID = "solid"
    DASHED = "dashed"
    DOUBLE = "double"
    BLANK = "blank"


@dataclass(frozen=True)
class Text:
    """A paragraph; wrapped at word boundaries to the paper width. ``\\n`` starts a new line."""

    text: str
    align: Align = Align.LEFT
    bold: bool = False
    size: Size = Size.NORMAL

    def __post_init__(self) -> None:
        object.__setattr__(self, "align", Align(self.align))
        object.__setattr__(self, "size", Size(self.size))


@dataclass(frozen=True)
class Columns:
    """A two-column row: ``left`` (item name) wraps, ``right`` (amount) stays on its first line."""

    left: str
    right: str
    bold: bool = False
    size: Size = Size.NORMAL

    def __post_init__(self) -> None:
        object.__setattr__(self, "size", Size(self.size))


@dataclass(frozen=True)
class Separator:
    style: SeparatorStyle = SeparatorStyle.DASHED

    def __post_init__(self) -> None:
        object.__setattr__(self, "style", SeparatorStyle(self.style))


@dataclass(frozen=True, eq=False)
class Image:
    """A picture (shop logo, producer stamp), scaled down to the paper width if wider."""

    image: PILImage.Image
    align: Align = Align.CENTER

    def __post_init__(self) -> None:
        from PIL import Image as PILImage

        if not isinstance(self.image, PILImage.Image):
            raise TypeError("Image.image must be a PIL image")
        object.__setattr__(self, "align", Align(self.align))


@dataclass(frozen=True)
class QR:
    """A QR code; ``size`` is the width of one module in printer dots (3 to 12)."""

    data: str
    size: int = 6
    align: Align = Align.CENTER
    error_correction: str = "M"

    def __post_init__(self) -> None:
        if not self.data:
            raise ValueError("QR data is empty")
        if not 1 <= self.size <= 16:
            raise ValueError(f"QR module size {self.size} is outside 1..16 dots")
        if self.error_correction not in ("L", "M", "Q", "H"):
            raise ValueError(f"QR error correction {self.error_correction!r} is not L, M, Q or H")
        object.__setattr__(self, "align", Align(self.align))


@dataclass(frozen=True)
class Barcode:
    """A linear barcode. EAN-13 takes 12 digits (check digit added) or 13 (check digit verified).

    ``module`` is the width of the narrowest bar in dots (reduced if the code would not fit the
    paper); ``height`` is the bar height in dots.
    """

    data: str
    symbology: Symbology = Symbology.CODE128
    height: int = 80
    module: int = 2
    show_text: bool = True
    align: Align = Align.CENTER

    def __post_init__(self) -> None:
        symbology = Symbology(self.symbology)
        object.__setattr__(self, "symbology", symbology)
        object.__setattr__(self, "align", Align(self.align))
        if not self.data:
            raise ValueError("barcode data is empty")
        if self.height < 8 or self.module < 1:
            raise ValueError("barcode height must be >= 8 dots and module >= 1 dot")
        if symbology is Symbology.EAN13:
            if not self.data.isascii() or not self.data.isdigit() or len(self.data) not in (12, 13):
                raise ValueError(f"EAN-13 needs 12 or 13 digits, got {self.data!r}")
            if len(self.data) == 12:
                object.__setattr__(self, "data", self.data + str(ean_check_digit(self.data)))
            elif int(self.data[12]) != ean_check_digit(self.data[:12]):
                raise ValueError(f"EAN-13 {self.data} has a wrong check digit")
        elif not all(32 <= ord(c) < 127 for c in self.data):
            raise ValueError(f"Code 128 data must be printable ASCII, got {self.data!r}")


@dataclass(frozen=True)
class Feed:
    """Blank paper: ``lines`` lines of normal text height."""

    lines: int = 1

    def __post_init__(self) -> None:
        if self.lines < 0:
            raise ValueError("feed lines must be >= 0")


@dataclass(frozen=True)
class Cut:
    """Cut the paper here (after feeding it past the cutter). Ignored by printers without one."""

    partial: bool = True


@dataclass(frozen=True)
class DrawerPulse:
    """Kick the cash drawer connected to the printer when the document reaches this point."""


Element = Text | Columns | Separator | Image | QR | Barcode | Feed | Cut | DrawerPulse


@dataclass(frozen=True)
class Document:
    """An ordered, immutable list of elements."""

    elements: tuple[Element, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        object.__setattr__(self, "elements", tuple(self.elements))

    def __iter__(self) -> Iterator[Element]:
        return iter(self.elements)

    def __len__(self) -> int:
        return len(self.elements)

    def __add__(self, other: Document) -> Document:
        return Document(self.elements + other.elements)

    @property
    def opens_drawer(self) -> bool:
        return any(isinstance(e, DrawerPulse) for e in self.elements)


class DocumentBuilder:
    """Fluent helper: ``DocumentBuilder().title("Shop").row("Item", "10.000 ₫").cut().build()``."""

    def __init__(self, elements: Iterable[Element] = ()) -> None:
        self._elements: list[Element] = list(elements)

    def add(self, *elements: Element) -> DocumentBuilder:
        self._elements.extend(elements)
        return self

    def text(
        self,
        text: str,
        align: Align | str = Align.LEFT,
        *,
        bold: bool = False,
        size: Size | str = Size.NORMAL,
    ) -> DocumentBuilder:
        return self.add(Text(text, Align(align), bold, Size(size)))

    def title(self, text: str, size: Size | str = Size.LARGE) -> DocumentBuilder:
        return self.add(Text(text, Align.CENTER, True, Size(size)))

    def center(self, text: str, *, bold: bool = False) -> DocumentBuilder:
        return self.add(Text(text, Align.CENTER, bold))

    def row(
        self, left: str, right: str, *, bold: bool = False, size: Size | str = Size.NORMAL
    ) -> DocumentBuilder:
        return self.add(Columns(left, right, bold, Size(size)))

    def separator(self, style: SeparatorStyle | str = SeparatorStyle.DASHED) -> DocumentBuilder:
        return self.add(Separator(SeparatorStyle(style)))

    def image(self, image: PILImage.Image, align: Align | str = Align.CENTER) -> DocumentBuilder:
        return self.add(Image(image, Align(align)))

    def qr(self, data: str, size: int = 6, align: Align | str = Align.CENTER) -> DocumentBuilder:
        return self.add(QR(data, size, Align(align)))

    def barcode(
        self,
        data: str,
        symbology: Symbology | str = Symbology.CODE128,
        *,
        height: int = 80,
        module: int = 2,
        show_text: bool = True,
    ) -> DocumentBuilder:
        return self.add(Barcode(data, Symbology(symbology), height, module, show_text))

    def feed(self, lines: int = 1) -> DocumentBuilder:
        return self.add(Feed(lines))

    def cut(self, *, partial: bool = True) -> DocumentBuilder:
        return self.add(Cut(partial))

    def drawer(self) -> DocumentBuilder:
        return self.add(DrawerPulse())

    def build(self) -> Document:
        return Document(tuple(self._elements))


def ean_check_digit(digits: str) -> int:
    """GS1 check digit of a digit string that lacks it (EAN-8, UPC-A, EAN-13, GTIN-14)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10

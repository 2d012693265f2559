"""Render a document to a 1-bit bitmap exactly as wide as the paper, in printer dots.

This is how Vietnamese gets onto paper on any printer: the text is drawn with a bundled TTF font
(every diacritic and ₫ included) and the printer only ever sees pixels. The same bitmap is the
on-screen preview, so what the clerk sees is what prints. Fonts come in by path: this package must
not know where the app keeps its resources.

Layout units are printer dots (203 dpi: 8 dots per mm). A normal line is ``font_size`` dots high
(24 by default, the height of a thermal printer's own 12x24 font).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import qrcode
import qrcode.constants
import qrcode.exceptions
from barcode.codex import Code128
from barcode.ean import EuropeanArticleNumber13
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from hardware.document import (
    QR,
    Align,
    Barcode,
    Columns,
    Cut,
    Document,
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
from hardware.errors import DocumentError

log = logging.getLogger(__name__)

# Paper widths in dots of the common printers: 58 mm rolls, and 80 mm rolls on 180/203 dpi heads.
WIDTH_58MM = 384
WIDTH_80MM = 576
WIDTH_80MM_180DPI = 512

# Used only when the caller passes no font; the app always passes its bundled one.
_SYSTEM_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "C:/Windows/Fonts/arial.ttf",
)

_THRESHOLD = [0] * 128 + [255] * 128  # grey -> black/white: ink where the glyph is at least half
_QR_LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}
_NO_BREAK_SPACES = ("\u00a0", "\u202f", "\u2007")


def default_font_path() -> Path:
    for candidate in _SYSTEM_FONTS:
        if Path(candidate).is_file():
            return Path(candidate)
    raise DocumentError("no font given and no system font found for receipt text")


@dataclass(frozen=True)
class _Face:
    font: ImageFont.FreeTypeFont
    stroke: int  # fake bold (stroke width) when no bold font file was given
    space_for_nbsp: bool  # the font has no glyph for U+00A0: draw a plain space instead
    top: int  # room above the ascender for stacked capital diacritics (Ỗ, Ẫ)
    line_height: int
    _words: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def width(self, text: str) -> int:
        return round(self.font.getlength(self.printable(text))) + self.stroke

    def word_width(self, word: str) -> float:
        """Advance width of one word, cached: product names repeat the same words all day."""
        cached = self._words.get(word)
        if cached is None:
            if len(self._words) > 20_000:
                self._words.clear()
            cached = self._words[word] = self.font.getlength(self.printable(word))
        return cached

    def printable(self, text: str) -> str:
        if self.space_for_nbsp:
            for nbsp in _NO_BREAK_SPACES:
                text = text.replace(nbsp, " ")
        return text


@lru_cache(maxsize=32)
def _face(path: str, size: int, stroke: int) -> _Face:
    try:
        font = ImageFont.truetype(path, size)
    except OSError as exc:
        raise DocumentError(f"cannot load font {path}: {exc}") from exc
    # A missing glyph is drawn as the .notdef box, a present no-break space as nothing.
    space_for_nbsp = font.getmask("\u00a0").getbbox() is not None
    ascent, descent = font.getmetrics()
    top = max(0, -font.getbbox("ỖẪỄ", anchor="la")[1]) + stroke
    return _Face(font, stroke, space_for_nbsp, top, top + ascent + descent + max(2, size // 8))


# A laid-out block: its height in dots, and how to paint it at a given y on the page canvas.
# Layout first, paint second: the page is one canvas, drawn on directly, with no strip copies.
_Paint = Callable[[PILImage.Image, ImageDraw.ImageDraw, int], None]
_Block = tuple[int, _Paint]


class RasterRenderer:
    """Lays out documents on a paper ``width`` dots wide with the given fonts.

    Holds only configuration and cached fonts; rendering is re-entrant.
    """

    def __init__(
        self,
        width: int,
        font_path: str | Path | None = None,
        bold_font_path: str | Path | None = None,
        *,
        font_size: int = 24,
    ) -> None:
        if width < 64 or width % 8:
            raise DocumentError(f"paper width {width} dots must be a multiple of 8, >= 64")
        self.width = width
        self.font_path = str(font_path or default_font_path())
        self.bold_font_path = str(bold_font_path) if bold_font_path else None
        self.font_size = font_size
        self.line_height = self._face(False, Size.NORMAL).line_height

    # -- public -------------------------------------------------------------------------------

    def render(self, document: Document | Iterable[Element]) -> PILImage.Image:
        """The whole document as one mode "1" image (black ink = 0), ``width`` dots wide."""
        return self.render_elements(list(document))

    def render_elements(self, elements: Iterable[Element]) -> PILImage.Image:
        blocks: list[_Block] = []
        for element in elements:
            blocks.extend(self._layout(element))
        canvas = PILImage.new("L", (self.width, max(1, sum(h for h, _ in blocks))), 255)
        draw = ImageDraw.Draw(canvas)
        y = 0
        for height, paint in blocks:
            paint(canvas, draw, y)
            y += height
        return canvas.point(_THRESHOLD, mode="1")

    def wrap(
        self, text: str, bold: bool = False, size: Size = Size.NORMAL, width: int = 0
    ) -> list[str]:
        """Lines of ``text`` that each fit ``width`` dots (the paper width by default)."""
        face = self._face(bold, size)
        limit = width or self.width
        lines: list[str] = []
        for paragraph in text.split("\n"):
            lines.extend(_wrap_paragraph(paragraph, face, limit))
        return lines

    # -- layout -------------------------------------------------------------------------------

    def _layout(self, element: Element) -> list[_Block]:
        match element:
            case Text():
                return [
                    self._text_line(line, element.align, element.bold, element.size)
                    for line in self.wrap(element.text, element.bold, element.size)
                ]
            case Columns():
                return self._columns(element)
            case Separator():
                return [self._separator(element.style)]
            case Image():
                return [self._placed(self._picture(element), element.align)]
            case QR():
                return [self._placed(self._qr(element), element.align)]
            case Barcode():
                return self._barcode(element)
            case Feed():
                return [(self.line_height * element.lines, _nothing)]
            case Cut() | DrawerPulse():
                return []  # printer actions: no ink
        raise DocumentError(f"unknown document element {element!r}")

    def _face(self, bold: bool, size: Size) -> _Face:
        points = self.font_size * 2 if size is Size.LARGE else self.font_size
        if bold and self.bold_font_path:
            return _face(self.bold_font_path, points, 0)
        return _face(self.font_path, points, 1 if bold else 0)

    def _line(self, face: _Face, size: Size, items: list[tuple[int, str]]) -> _Block:
        texts = [(x, face.printable(text)) for x, text in items]
        if size is Size.DOUBLE_HEIGHT:
            # Printers double the height of their own glyphs; stretch ours the same way.
            strip = PILImage.new("L", (self.width, face.line_height), 255)
            _draw_texts(ImageDraw.Draw(strip), face, texts, 0)
            tall = strip.resize((self.width, face.line_height * 2), PILImage.Resampling.BILINEAR)
            return tall.height, lambda canvas, draw, y: canvas.paste(tall, (0, y))
        return face.line_height, lambda canvas, draw, y: _draw_texts(draw, face, texts, y)

    def _text_line(self, line: str, align: Align, bold: bool, size: Size) -> _Block:
        face = self._face(bold, size)
        return self._line(face, size, [(_x(align, face.width(line), self.width), line)])

    def _columns(self, row: Columns) -> list[_Block]:
        face = self._face(row.bold, row.size)
        right_width = face.width(row.right)
        gap = face.width("  ")
        left_limit = max(self.width - right_width - gap, self.width // 3)
        lefts = self.wrap(row.left, row.bold, row.size, left_limit) or [""]
        blocks = []
        for i, left in enumerate(lefts):
            items = [(0, left)]
            if i == 0 and row.right:
                items.append((self.width - right_width, row.right))
            blocks.append(self._line(face, row.size, items))
        return blocks

    def _separator(self, style: SeparatorStyle) -> _Block:
        height = self.line_height // 2 + 2
        mid = height // 2
        right = self.width - 1

        def paint(canvas: PILImage.Image, draw: ImageDraw.ImageDraw, y: int) -> None:
            m = y + mid
            if style is SeparatorStyle.SOLID:
                draw.rectangle((0, m - 1, right, m), fill=0)
            elif style is SeparatorStyle.DOUBLE:
                draw.rectangle((0, m - 3, right, m - 2), fill=0)
                draw.rectangle((0, m + 1, right, m + 2), fill=0)
            elif style is SeparatorStyle.DASHED:
                for x in range(0, self.width, 12):
                    draw.rectangle((x, m - 1, min(x + 7, right), m), fill=0)

        return height, paint

    def _picture(self, element: Image) -> PILImage.Image:
        picture = element.image
        if picture.mode in ("RGBA", "LA", "P"):
            white = PILImage.new("RGBA", picture.size, (255, 255, 255, 255))
            picture = PILImage.alpha_composite(white, picture.convert("RGBA"))
        picture = picture.convert("L")
        if picture.width > self.width:
            height = max(1, round(picture.height * self.width / picture.width))
            picture = picture.resize((self.width, height), PILImage.Resampling.LANCZOS)
        # Dither photos here; the final threshold then leaves the dots as they are.
        return picture.convert("1").convert("L")

    def _qr(self, element: QR) -> PILImage.Image:
        matrix = _qr_matrix(element.data, element.error_correction)
        modules = len(matrix)
        scale = min(element.size, self.width // modules)
        if scale < 1:
            raise DocumentError(f"QR of {modules} modules does not fit {self.width} dots")
        small = PILImage.new("L", (modules, modules))
        small.putdata([0 if dark else 255 for row in matrix for dark in row])
        return small.resize((modules * scale, modules * scale), PILImage.Resampling.NEAREST)

    def _barcode(self, element: Barcode) -> list[_Block]:
        if element.symbology is Symbology.EAN13:
            bars = EuropeanArticleNumber13(element.data[:12]).build()[0]
        else:
            bars = Code128(element.data).build()[0]
        quiet = 10
        total = len(bars) + 2 * quiet
        module = min(element.module, self.width // total)
        if module < 1:
            raise DocumentError(
                f"barcode {element.data!r} needs {total} dots, paper has {self.width}"
            )
        row = PILImage.new("L", (total, 1), 255)
        row.putdata([255] * quiet + [0 if b == "1" else 255 for b in bars] + [255] * quiet)
        image = row.resize((total * module, element.height), PILImage.Resampling.NEAREST)
        blocks = [self._placed(image, element.align)]
        if element.show_text:
            blocks.append(self._text_line(element.data, element.align, False, Size.NORMAL))
        return blocks

    def _placed(self, picture: PILImage.Image, align: Align) -> _Block:
        x = _x(align, picture.width, self.width)
        return picture.height, lambda canvas, draw, y: canvas.paste(picture, (x, y))


QR_MASK = 0  # (row + column) mod 2: a checkerboard over the data


@lru_cache(maxsize=64)
def _qr_matrix(data: str, error_correction: str) -> tuple[tuple[bool, ...], ...]:
    """Module matrix with the quiet zone. Cached: a receipt is rendered for the preview and
    again for the printer.

    The mask is fixed (``QR_MASK``): qrcode would otherwise build the symbol eight times to
    score each mask (~10 ms of pure Python, half a receipt's time). Every mask gives a valid
    symbol that every reader decodes (ISO/IEC 18004 7.8); the score only avoids patterns that
    could confuse a poor scanner, and a receipt's QR is printed at 4 dots a module on white."""
    code = qrcode.QRCode(
        error_correction=_QR_LEVELS[error_correction],
        box_size=1,
        border=4,
        mask_pattern=QR_MASK,
    )
    try:
        code.add_data(data)
        code.make(fit=True)
    except (ValueError, qrcode.exceptions.DataOverflowError) as exc:
        raise DocumentError(f"QR data cannot be encoded: {exc}") from exc
    return tuple(tuple(row) for row in code.get_matrix())


def _nothing(canvas: PILImage.Image, draw: ImageDraw.ImageDraw, y: int) -> None:
    return None


def _draw_texts(
    draw: ImageDraw.ImageDraw, face: _Face, texts: list[tuple[int, str]], y: int
) -> None:
    for x, text in texts:
        draw.text(
            (x, y + face.top), text, font=face.font, fill=0, stroke_width=face.stroke, stroke_fill=0
        )


def _x(align: Align, content: int, width: int) -> int:
    if align is Align.CENTER:
        return max(0, (width - content) // 2)
    if align is Align.RIGHT:
        return max(0, width - content)
    return 0


def _wrap_paragraph(paragraph: str, face: _Face, limit: int) -> list[str]:
    """Greedy word wrap; a word longer than a line is cut by characters. No-break spaces hold.

    Line widths are sums of cached word widths (kerning across a space is nil in practice).
    """
    if not paragraph:
        return [""]
    space = face.word_width(" ")
    lines: list[str] = []
    current: list[str] = []
    current_width = 0.0
    for word in paragraph.split(" "):
        width = face.word_width(word)
        needed = current_width + space + width if current else width
        if needed + face.stroke <= limit:
            current.append(word)
            current_width = needed
            continue
        if current:
            lines.append(" ".join(current))
        while face.width(word) > limit and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and face.width(word[:cut]) > limit:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current, current_width = [word], face.word_width(word)
    lines.append(" ".join(current))
    return lines


def render_image(
    document: Document,
    width: int,
    font_path: str | Path | None = None,
    bold_font_path: str | Path | None = None,
) -> PILImage.Image:
    """``document`` as a mode "1" image ``width`` dots wide."""
    return RasterRenderer(width, font_path, bold_font_path).render(document)


def render_png(
    document: Document,
    width: int,
    font_path: str | Path | None = None,
    bold_font_path: str | Path | None = None,
) -> bytes:
    """PNG bytes of the rendered document: the on-screen receipt preview."""
    buffer = io.BytesIO()
    render_image(document, width, font_path, bold_font_path).save(buffer, format="PNG")
    return buffer.getvalue()

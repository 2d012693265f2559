"""Shelf labels and barcode stickers as a PDF: A4 sheets of common layouts, or one label a page
for a label printer.

A label carries the product's name, its price in force, its OCOP stars, its origin and a
scannable barcode: EAN-13 for GS1 and in-store codes, EAN-8, Code 128 for anything else. Weighed
goods get a price per kilogram and no barcode (their labels come from the scale).

Text is set in DejaVu Sans, shipped in resources/fonts: reportlab's built-in Helvetica prints
Vietnamese letters as black boxes without a word of warning.
"""

import datetime as dt
import io
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import resources
from db.models import Barcode, Price, Product, utcnow
from kiosk.core import errors
from kiosk.core.catalogue.barcode import gs1_check_digit, is_valid_gtin
from kiosk.core.money import format_vnd
from kiosk.i18n import N_, check_language, translations

# The rest of reportlab (pdfmetrics: its font tables, ~10 ms) is imported when labels are
# printed, not when the kiosk starts.
if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
TEXT = {
    "origin": N_("Origin: {place}"),
    "per_kg": N_("{price} / kg"),
}
# Preferred code to print when a product has several.
_CODE_ORDER = {"ean13": 0, "upca": 1, "instore": 2, "ean8": 3, "code128": 4}


@dataclass(frozen=True)
class Layout:
    """Labels on a page: ``cols`` x ``rows`` labels of ``label_w`` x ``label_h`` mm from the
    top-left margin, with gaps between them."""

    name: str
    page_w: float
    page_h: float
    cols: int
    rows: int
    label_w: float
    label_h: float
    left: float = 0.0
    top: float = 0.0
    gap_x: float = 0.0
    gap_y: float = 0.0

    @property
    def per_page(self) -> int:
        return self.cols * self.rows


LAYOUTS = {
    # 24 labels of 70 x 37 mm (Avery 3474, Tanex 24): shelf labels.
    "a4-3x8": Layout("a4-3x8", 210, 297, 3, 8, 70, 37, left=0, top=0.5),
    # 40 labels of 48.5 x 25.4 mm (Avery L7654-like): barcode stickers.
    "a4-4x10": Layout("a4-4x10", 210, 297, 4, 10, 48.5, 25.4, left=8, top=21.5),
    # One 50 x 30 mm label a page, for a thermal label printer.
    "label-50x30": Layout("label-50x30", 50, 30, 1, 1, 50, 30),
}
STYLES = ("shelf", "sticker")


@dataclass(frozen=True)
class LabelItem:
    """What one label shows. ``code`` is None when there is nothing to scan (weighed goods,
    or a product with no barcode yet: give it one with Products.allocate_code)."""

    name: str
    price_vnd: int | None
    unit: str
    ocop_stars: int | None
    origin: str
    code: str | None
    code_kind: str | None
    sku: str


def register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) with reportlab, once."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(resources.path("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(resources.path("fonts", "DejaVuSans-Bold.ttf"))))


def render_labels(
    items: Sequence[LabelItem],
    layout: str | Layout = "a4-3x8",
    *,
    style: str = "shelf",
    lang: str = "vi",
    copies: int = 1,
    skip: int = 0,
) -> bytes:
    """The PDF of ``copies`` labels of each item, filling pages left to right, top to bottom.
    ``skip`` leaves that many labels of the first sheet blank (a sheet used before)."""
    layout = LAYOUTS[layout] if isinstance(layout, str) else layout
    check_language(lang)
    if style not in STYLES:
        raise ValueError(f"label style {style!r}")
    if not 1 <= copies <= 1000 or not 0 <= skip < layout.per_page:
        raise errors.InvalidQuantity(quantity=copies, reason="labels")
    register_fonts()
    tr = translations(lang)
    buffer = io.BytesIO()
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(buffer, pagesize=(layout.page_w * mm, layout.page_h * mm))
    canvas.setTitle("OCOP labels")
    slot = skip
    for item in items:
        for _ in range(copies):
            if slot == layout.per_page:
                canvas.showPage()
                slot = 0
            row, col = divmod(slot, layout.cols)
            x = (layout.left + col * (layout.label_w + layout.gap_x)) * mm
            y = (layout.page_h - layout.top - (row + 1) * layout.label_h - row * layout.gap_y) * mm
            draw = _draw_shelf if style == "shelf" else _draw_sticker
            draw(canvas, x, y, layout.label_w * mm, layout.label_h * mm, item, lang, tr)
            slot += 1
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# -- drawing -----------------------------------------------------------------------------------


# A shelf price smaller than this beside the barcode goes on a line of its own above it.
_PRICE_BESIDE_MIN = 9.0


def _draw_shelf(c: "Canvas", x, y, w, h, item: LabelItem, lang, tr) -> None:
    """Name on top, stars and origin, then barcode (left) and a large price (right). Where the
    price would be small beside the barcode (4x10, 50x30) it takes a line of its own above the
    barcode and the name keeps one line. The price is never cut: its font shrinks to fit."""
    pad = 2.5 * mm
    inner = w - 2 * pad
    price = _price(item, lang, tr)
    bw = (
        _barcode(c, 0, 0, item, max_w=inner * 0.55, max_h=h, measure_only=True)[0]
        if item.code
        else 0
    )
    beside_w = inner - bw - 1 * mm if item.code else inner
    stacked = bool(item.code and price) and _fit_size(price, BOLD, 18, beside_w) < _PRICE_BESIDE_MIN
    top = _shelf_heading(c, x + pad, y + h - pad, inner, item, tr, name_lines=1 if stacked else 2)
    if stacked:
        psize = _fit_size(price, BOLD, 14, inner)
        top -= psize
        c.setFont(BOLD, psize)
        c.drawRightString(x + pad + inner, top, price)
        top -= 0.3 * psize  # the descent of the price (₫, comma)
    if item.code:
        _barcode(
            c, x + pad - 1 * mm, y + pad, item, max_w=inner * 0.55, max_h=top - y - pad - 1.5 * mm
        )
    else:
        c.setFont(FONT, 6)
        c.drawString(x + pad, y + pad, item.sku)
    if not stacked and price:
        c.setFont(BOLD, _fit_size(price, BOLD, 18, beside_w))
        c.drawRightString(x + pad + inner, y + pad + 1 * mm, price)


def _shelf_heading(c: "Canvas", x, top, width, item: LabelItem, tr, *, name_lines: int) -> float:
    """The name (wrapped, elided at its smallest size) and the stars and origin line below it,
    drawn down from ``top``; returns the height reached, below the info line's descent."""
    size, lines = _fit(item.name, BOLD, 10, 6.5, width, name_lines)
    top -= size
    c.setFont(BOLD, size)
    for i, line in enumerate(lines):
        c.drawString(x, top - i * size * 1.15, line)
    top -= len(lines) * size * 1.15
    small = 6.5
    c.setFont(FONT, small)
    info = " · ".join(t for t in (_stars(item), _origin(item, tr)) if t)
    top -= 0.5 * mm
    c.drawString(x, top, _clip(info, FONT, small, width))
    return top - 0.3 * small  # the descent of the line, below its baseline


def _draw_sticker(c: "Canvas", x, y, w, h, item: LabelItem, lang, tr) -> None:
    """Name and price on top, the barcode below taking the most room. The stars follow the
    price where both fit at 6 pt or more; otherwise they give way, and the price never."""
    pad = 1.8 * mm
    inner = w - 2 * pad
    size, lines = _fit(item.name, FONT, 7.5, 5.5, inner, 2)
    top = y + h - pad - size
    c.setFont(FONT, size)
    for i, line in enumerate(lines):
        c.drawCentredString(x + w / 2, top - i * size * 1.15, line)
    top -= (len(lines) - 1) * size * 1.15 + 1.2 * mm
    price = " ".join(t for t in (_price(item, lang, tr), _stars(item)) if t)
    psize = _fit_size(price, BOLD, 9, inner)
    if psize < 6 and _stars(item):
        price = _price(item, lang, tr)
        psize = _fit_size(price, BOLD, 9, inner)
    c.setFont(BOLD, psize)
    top -= psize
    c.drawCentredString(x + w / 2, top, price)
    if item.code:
        room = top - 0.3 * psize - 1 * mm - y - pad  # clear of the price's descent (₫)
        bw, _ = _barcode(c, x, y + pad, item, max_w=w, max_h=room, measure_only=True)
        _barcode(c, x + (w - bw) / 2, y + pad, item, max_w=w, max_h=room)


def _barcode(c, x, y, item: LabelItem, *, max_w, max_h, measure_only=False):
    """Draw the item's barcode with its bottom-left at (x, y) within max_w x max_h; returns
    the size drawn. EAN modules are kept at 80 % of nominal size (0.264 mm) or larger, the
    GS1 minimum; the bars shrink in height before they shrink in width."""
    symbology, value = _symbology(item)
    nominal = 0.33 * mm
    for scale in (1.0, 0.9, 0.8):
        bar_w = nominal * scale if symbology != "Code128" else 0.25 * mm * scale
        # An EAN drawing's height includes its digits; Code 128 puts its text below.
        text_h = 2.2 * mm if symbology == "Code128" else 0
        drawing = _drawing(symbology, value, bar_w, max(max_h - text_h, 8 * mm))
        if drawing.width <= max_w:
            break
    if not measure_only:
        from reportlab.graphics import renderPDF

        renderPDF.draw(drawing, c, x, y)
    return drawing.width, drawing.height


def _drawing(symbology: str, value: str, bar_w: float, bar_h: float):
    from reportlab.graphics.barcode import createBarcodeDrawing

    return createBarcodeDrawing(
        symbology,
        value=value,
        barWidth=bar_w,
        barHeight=bar_h,
        humanReadable=True,
        fontName=FONT,
        fontSize=7 if symbology != "Code128" else 6,
        quiet=True,
    )


def _symbology(item: LabelItem) -> tuple[str, str]:
    code = item.code or ""
    if code.isdigit() and len(code) in (8, 13) and not is_valid_gtin(code):
        # reportlab would print its own check digit: a label that scans as another code.
        raise errors.BadCheckDigit(code=code, expected=gs1_check_digit(code[:-1]))
    if code.isdigit() and len(code) == 13:
        return "EAN13", code[:12]  # reportlab computes the check digit itself
    if code.isdigit() and len(code) == 8:
        return "EAN8", code[:7]
    return "Code128", code


def _stars(item: LabelItem) -> str:
    return f"{'★' * item.ocop_stars} OCOP" if item.ocop_stars else ""


def _origin(item: LabelItem, tr) -> str:
    return tr.gettext(TEXT["origin"]).format(place=item.origin) if item.origin else ""


def _price(item: LabelItem, lang: str, tr) -> str:
    if item.price_vnd is None:
        return ""
    price = format_vnd(item.price_vnd, lang)
    return tr.gettext(TEXT["per_kg"]).format(price=price) if item.unit == "gram" else price


def _fit(text: str, font: str, largest: float, smallest: float, width: float, max_lines: int):
    """The largest size from ``largest`` down to ``smallest`` at which ``text`` wraps into
    ``max_lines`` lines of ``width``; at the smallest size the last line is cut with "…"."""
    size = largest
    while True:
        lines = _wrap(text, font, size, width)
        if len(lines) <= max_lines or size <= smallest:
            break
        size = max(smallest, size - 0.5)
    if len(lines) > max_lines:
        lines = [
            *lines[: max_lines - 1],
            _clip(" ".join(lines[max_lines - 1 :]), font, size, width),
        ]
    return size, lines or [""]


def _fit_size(text: str, font: str, largest: float, width: float) -> float:
    """The largest size up to ``largest`` at which ``text`` fits ``width`` on one line: for a
    price, which is never cut, however small it must get."""
    from reportlab.pdfbase import pdfmetrics

    natural = pdfmetrics.stringWidth(text, font, largest)
    return largest if natural <= width else largest * width / natural * 0.999


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.pdfbase import pdfmetrics

    lines: list[str] = []
    for word in text.split():
        if lines and pdfmetrics.stringWidth(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _clip(text: str, font: str, size: float, width: float) -> str:
    from reportlab.pdfbase import pdfmetrics

    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


# -- from the database -------------------------------------------------------------------------


def _short_province(name: str) -> str:
    for lead in ("Thành phố ", "Tỉnh "):
        if name.startswith(lead):
            return name[len(lead) :]
    return name


class Labels:
    """Labels of products as they are now in the catalogue."""

    def __init__(
        self, session_factory: sessionmaker[Session], *, clock: Callable[[], dt.datetime] = utcnow
    ):
        self._sf = session_factory
        self._clock = clock

    def items(self, product_ids: Sequence[uuid.UUID], lang: str = "vi") -> list[LabelItem]:
        """One label item per id, in the order given (English names where asked and known)."""
        with self._sf() as s:
            return [self._item(s, pid, lang) for pid in product_ids]

    def pdf(
        self,
        product_ids: Sequence[uuid.UUID],
        layout: str = "a4-3x8",
        *,
        style: str = "shelf",
        lang: str = "vi",
        copies: int = 1,
        skip: int = 0,
    ) -> bytes:
        return render_labels(
            self.items(product_ids, lang), layout, style=style, lang=lang, copies=copies, skip=skip
        )

    def _item(self, s: Session, product_id: uuid.UUID, lang: str) -> LabelItem:
        product = s.get(Product, product_id)
        if product is None:
            raise errors.UnknownProduct(product_id=product_id)
        price = s.scalar(
            select(Price.price_vnd)
            .where(Price.product_id == product_id, Price.valid_from <= self._clock())
            .order_by(Price.valid_from.desc(), Price.created_at.desc())
            .limit(1)
        )
        codes = s.execute(
            select(Barcode.code, Barcode.kind).where(Barcode.product_id == product_id)
        ).all()
        # Scale item codes (short in-store codes) are not for shelf labels: the scale prints.
        printable = [(c, k) for c, k in codes if not (k == "instore" and len(c) != 13)]
        printable.sort(key=lambda ck: (_CODE_ORDER.get(ck[1], 9), ck[0]))
        code, kind = printable[0] if printable and product.unit == "piece" else (None, None)
        origin = _short_province(product.province.name) if product.province else ""
        name = product.name_en if lang == "en" and product.name_en else product.name_vi
        return LabelItem(
            name=name,
            price_vnd=price,
            unit=product.unit,
            ocop_stars=product.ocop_stars,
            origin=origin or product.former_province,
            code=code,
            code_kind=kind,
            sku=product.sku,
        )

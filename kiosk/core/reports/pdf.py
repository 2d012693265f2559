"""Report documents as A4 PDF (reportlab), with the bundled DejaVu fonts.

reportlab's built-in Helvetica prints Vietnamese as black boxes without a warning, so every
style here names DejaVu Sans, registered from resources/fonts. A document is a list of blocks:
tables (:class:`kiosk.core.reports.table.ReportTable`), label/value lists, paragraphs and a signature
row; amounts, quantities and dates are formatted for the document's language.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

import resources
from kiosk.core.money import format_qty, format_vnd
from kiosk.core.reports.table import ReportTable, tr
from kiosk.i18n import N_

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
_LOCALES = {"vi": "vi_VN", "en": "en_US"}
_NUMERIC = ("int", "qty", "vnd", "pct")


@dataclass(frozen=True)
class Fields:
    """Label/value pairs under an optional title (a report's summary, a producer's details).
    ``bold`` holds the labels to set in bold (totals)."""

    title: str
    rows: tuple[tuple[str, str], ...]
    bold: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Text:
    text: str
    small: bool = False


@dataclass(frozen=True)
class Signatures:
    """A row of signature boxes: the role above, "(signature, full name)" below."""

    roles: tuple[str, ...]
    hint: str


Block = ReportTable | Fields | Text | Signatures


@cache
def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(resources.path("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(resources.path("fonts", "DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def _styles():
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=11.5)
    return {
        "base": base,
        "small": ParagraphStyle("small", base, fontSize=8, leading=10, textColor=colors.grey),
        "note": ParagraphStyle(
            "note",
            base,
            fontSize=8,
            leading=10,
            textColor=colors.grey,
            keepWithNext=1,
            spaceAfter=1.5 * mm,
        ),
        "title": ParagraphStyle(
            "title",
            base,
            fontName=BOLD,
            fontSize=15,
            leading=19,
            alignment=TA_CENTER,
            spaceAfter=2 * mm,
        ),
        "sub": ParagraphStyle("sub", base, alignment=TA_CENTER),
        "h2": ParagraphStyle(
            "h2",
            base,
            fontName=BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=3 * mm,
            spaceAfter=1 * mm,
            keepWithNext=1,
        ),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=10.5),
        "num": ParagraphStyle("num", base, fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", base, fontName=BOLD, fontSize=8.5, leading=10.5),
        "headnum": ParagraphStyle(
            "headnum", base, fontName=BOLD, fontSize=8.5, leading=10.5, alignment=TA_RIGHT
        ),
        "sign": ParagraphStyle("sign", base, fontName=BOLD, alignment=TA_CENTER),
        "signhint": ParagraphStyle(
            "signhint", base, fontSize=8, alignment=TA_CENTER, textColor=colors.grey
        ),
    }


def fmt(value: Any, kind: str, lang: str) -> str:
    """A cell's text: đồng, quantities and per-mille shares in the language's way."""
    if value is None:
        return ""
    if kind == "vnd":
        return format_vnd(value, lang)
    if kind == "qty":
        return format_qty(value, lang)
    if kind == "pct":
        return f"{format_decimal(value / 10, format='0.0', locale=_LOCALES[lang])} %"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(
    path: Path | str,
    *,
    title: str,
    subtitle: Sequence[str],
    blocks: Sequence[Block],
    lang: str = "vi",
    footer: str = "",
) -> Path:
    """Write the PDF at ``path`` and return the path."""
    register_fonts()
    st = _styles()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    width = A4[0] - 30 * mm
    story: list[Any] = [Paragraph(_esc(title), st["title"])]
    story += [Paragraph(_esc(line), st["sub"]) for line in subtitle]
    story.append(Spacer(0, 3 * mm))
    last: list[Any] = []  # the flowables of the previous block
    for block in blocks:
        if isinstance(block, ReportTable):
            last = _table(block, st, width, lang)
        elif isinstance(block, Fields):
            last = _fields(block, st, width)
        elif isinstance(block, Text):
            last = [Paragraph(_esc(block.text), st["small" if block.small else "base"])]
        elif isinstance(block, Signatures):
            # Never alone on a page: the previous block (a table with its heading) goes too.
            del story[len(story) - len(last) :]
            last = [KeepTogether([*last, Spacer(0, 6 * mm), _signatures(block, st, width)])]
        else:
            raise TypeError(f"not a PDF block: {block!r}")
        story += last

    def page(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(15 * mm, 10 * mm, footer)
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, f"{doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=title,
        author="OCOP Kiosk",
    )
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return path


def _table(t: ReportTable, st, width: float, lang: str) -> list[Any]:
    # Numbers are plain strings (never wrapped: "1.746.500 ₫" on two lines misleads); text
    # cells are paragraphs that wrap. Wide tables get a smaller font.
    size = 8.5 if len(t.columns) <= 7 else 7.5
    cell = ParagraphStyle("c", st["cell"], fontSize=size, leading=size + 2)
    headst = ParagraphStyle("h", st["head"], fontSize=size, leading=size + 2)
    headnum = ParagraphStyle("hn", st["headnum"], fontSize=size, leading=size + 2)
    numeric = [c.kind in _NUMERIC for c in t.columns]
    head_texts = [tr(c.heading, lang) for c in t.columns]
    rows = [[fmt(v, c.kind, lang) for v, c in zip(row, t.columns, strict=True)] for row in t.rows]
    totals = None
    if t.totals is not None and t.rows:
        totals = [fmt(v, c.kind, lang) for v, c in zip(t.totals, t.columns, strict=True)]
        totals[0] = tr(N_("Total"), lang)
    widths = _widths(head_texts, rows, totals, numeric, t.columns, width, size)
    head = [
        Paragraph(_esc(h), headnum if n else headst)
        for h, n in zip(head_texts, numeric, strict=True)
    ]
    body = [
        [v if n else Paragraph(_esc(v), cell) for v, n in zip(r, numeric, strict=True)]
        for r in rows
    ]
    if not body:
        body = [
            [Paragraph(_esc(tr(N_("No data for this period."), lang)), cell)]
            + [""] * (len(t.columns) - 1)
        ]
    data = [head, *body]
    if totals is not None:
        data.append(
            [v if n and i else Paragraph(f"<b>{_esc(v)}</b>", cell)
             for i, (v, n) in enumerate(zip(totals, numeric, strict=True))]
        )  # fmt: skip
    table = Table(data, colWidths=widths, repeatRows=1)
    style = [
        ("FONT", (0, 1), (-1, -1), FONT, size),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    style += [("ALIGN", (i, 1), (i, -1), "RIGHT") for i, n in enumerate(numeric) if n]
    if totals is not None:
        style.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black))
        style.append(("FONT", (1, -1), (-1, -1), BOLD, size))
    table.setStyle(TableStyle(style))
    out: list[Any] = [Paragraph(_esc(tr(t.title, lang)), st["h2"])]
    if t.note:
        out.append(Paragraph(_esc(tr(t.note, lang)), st["note"]))
    out.append(table)
    return out


def _widths(heads, rows, totals, numeric, columns, width: float, size: float) -> list[float]:
    """Numbers as wide as their widest cell (a heading may wrap at its words); short text
    columns (SKU, unit) likewise; the name column, or failing one every text column, shares
    what is left."""
    pad = 10  # 4 points of cell padding a side, and a little air

    def natural(i: int) -> float:
        # A number's heading wraps at its words; a short text column keeps its heading whole.
        words = heads[i].split() if numeric[i] else [heads[i]]
        head = max((stringWidth(w_, BOLD, size) for w_ in words), default=0)
        cells = max((stringWidth(r[i], FONT, size) for r in rows), default=0)
        if totals is not None:
            cells = max(cells, stringWidth(totals[i], BOLD, size))
        return max(head, cells, 12 * mm if numeric[i] else 0) + pad

    flexible = [i for i, c in enumerate(columns) if c.key in ("name", "product", "reason")]
    if not flexible:
        flexible = [i for i, n in enumerate(numeric) if not n]
    if not flexible:  # numbers only: spread them over the page
        return [width / len(columns)] * len(columns)
    widths = [0.0 if i in flexible else natural(i) for i in range(len(columns))]
    rest = max(width - sum(widths), 30 * mm)
    for i in flexible:
        widths[i] = rest / len(flexible)
    return widths


def _fields(f: Fields, st, width: float) -> list[Any]:
    rows = []
    for label, value in f.rows:
        b = label in f.bold
        lab = f"<b>{_esc(label)}</b>" if b else _esc(label)
        val = f"<b>{_esc(value)}</b>" if b else _esc(value)
        rows.append([Paragraph(lab, st["cell"]), Paragraph(val, st["num"])])
    table = Table(rows, colWidths=[width * 0.62, width * 0.38])
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    head = [Paragraph(_esc(f.title), st["h2"])] if f.title else []
    return [KeepTogether([*head, table])]


def _signatures(sig: Signatures, st, width: float) -> Table:
    n = len(sig.roles)
    row1 = [Paragraph(_esc(r), st["sign"]) for r in sig.roles]
    row2 = [Paragraph(_esc(sig.hint), st["signhint"]) for _ in sig.roles]
    table = Table(
        [row1, row2, [""] * n], colWidths=[width / n] * n, rowHeights=[None, None, 20 * mm]
    )
    return table

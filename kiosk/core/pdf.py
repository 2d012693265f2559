"""Report documents as A4 PDF (reportlab), with the bundled DejaVu fonts.

reportlab's built-in Helvetica prints Vietnamese as black boxes without a warning, so every
style here names DejaVu Sans, registered from resources/fonts. A document is a list of blocks:
tables (:class:`kiosk.core.reports.ReportTable`), label/value lists, paragraphs and a signature
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
from kiosk.core.reports import ReportTable, tr
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
            spaceBefore=4 * mm,
            spaceAfter=1.5 * mm,
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
    for block in blocks:
        if isinstance(block, ReportTable):
            story += _table(block, st, width, lang)
        elif isinstance(block, Fields):
            story += _fields(block, st, width)
        elif isinstance(block, Text):
            story.append(Paragraph(_esc(block.text), st["small" if block.small else "base"]))
        elif isinstance(block, Signatures):
            story.append(Spacer(0, 8 * mm))
            story.append(_signatures(block, st, width))
        else:
            raise TypeError(f"not a PDF block: {block!r}")

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
    head = [
        Paragraph(_esc(tr(c.heading, lang)), st["headnum" if c.kind in _NUMERIC else "head"])
        for c in t.columns
    ]
    body = [
        [
            Paragraph(_esc(fmt(v, c.kind, lang)), st["num" if c.kind in _NUMERIC else "cell"])
            for v, c in zip(row, t.columns, strict=True)
        ]
        for row in t.rows
    ]
    if not body:
        body = [
            [Paragraph(_esc(tr(N_("No data for this period."), lang)), st["cell"])]
            + [""] * (len(t.columns) - 1)
        ]
    data = [head, *body]
    if t.totals is not None and t.rows:
        total = [
            Paragraph(f"<b>{_esc(fmt(v, c.kind, lang))}</b>", st["num"])
            for v, c in zip(t.totals, t.columns, strict=True)
        ]
        word = tr(N_("Total"), lang)
        total[0] = Paragraph(f"<b>{_esc(word)}</b>", st["cell"])
        data.append(total)
    # Text columns share what the numbers leave; numbers get a fixed width each.
    n_num = sum(c.kind in _NUMERIC for c in t.columns)
    n_text = len(t.columns) - n_num
    num_w = min(30 * mm, width / max(1, len(t.columns)) * 1.1) if n_text else width / n_num
    text_w = (width - n_num * num_w) / n_text if n_text else 0
    widths = [num_w if c.kind in _NUMERIC else text_w for c in t.columns]
    if n_text > 1:  # the product or name column takes the most room
        names = [i for i, c in enumerate(t.columns) if c.key in ("name", "product")]
        small = [i for i, c in enumerate(t.columns) if c.kind not in _NUMERIC and i not in names]
        if names:
            for i in small:
                widths[i] = 18 * mm
            rest = width - n_num * num_w - 18 * mm * len(small)
            for i in names:
                widths[i] = rest / len(names)
    table = Table(data, colWidths=widths, repeatRows=1)
    style = [
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if t.totals is not None and t.rows:
        style.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black))
    table.setStyle(TableStyle(style))
    out: list[Any] = [Paragraph(_esc(tr(t.title, lang)), st["h2"])]
    if t.note:
        out.append(Paragraph(_esc(tr(t.note, lang)), st["small"]))
        out.append(Spacer(0, 1.5 * mm))
    out.append(table)
    return out


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
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
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
        [row1, row2, [""] * n], colWidths=[width / n] * n, rowHeights=[None, None, 28 * mm]
    )
    return table

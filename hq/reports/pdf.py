"""A report as an A4 PDF (reportlab), set in DejaVu Sans from resources/fonts.

reportlab's built-in Helvetica prints Vietnamese as black boxes without a warning, so every
style here names DejaVu Sans. The page is landscape: the sales tables have eight columns.
"""

import io
from functools import cache

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

import resources
from hq.reports.table import NUMERIC, Report, cell

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"


@cache
def _fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(resources.path("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(resources.path("fonts", "DejaVuSans-Bold.ttf"))))


def _table(report: Report) -> Table:
    cols = report.columns
    data = [[c.title for c in cols]]
    data += [[cell(v, c.kind) for v, c in zip(row, cols, strict=True)] for row in report.rows]
    if not report.rows:
        data.append(["—"] + [""] * (len(cols) - 1))
    if report.totals:
        data.append([cell(v, c.kind) for v, c in zip(report.totals, cols, strict=True)])
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("FONT", (0, 0), (-1, 0), BOLD, 8),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    style += [("ALIGN", (i, 1), (i, -1), "RIGHT") for i, c in enumerate(cols) if c.kind in NUMERIC]
    if report.totals:
        style.append(("FONT", (0, -1), (-1, -1), BOLD, 8))
    return Table(data, repeatRows=1, style=TableStyle(style))


def report_pdf(report: Report, subtitle: str) -> bytes:
    """The report with its title and ``subtitle`` (the period, when it was made) as PDF bytes."""
    _fonts()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
        topMargin=12 * mm, bottomMargin=12 * mm, title=report.title, author="OCOP HQ",
    )  # fmt: skip
    title = ParagraphStyle("title", fontName=BOLD, fontSize=14, leading=18)
    small = ParagraphStyle("small", fontName=FONT, fontSize=9, leading=12)
    story = [Paragraph(_escape(report.title), title), Paragraph(_escape(subtitle), small)]
    if report.note:
        story.append(Paragraph(_escape(report.note), small))
    story += [Spacer(1, 4 * mm), _table(report)]
    doc.build(story)
    return out.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""A bar chart drawn with QPainter: labelled bars over a value axis with a few round gridlines.

The back office draws one chart (sales by day or by hour). QtCharts would do it, but it lives in
PySide6-Addons, 439 MB on every kiosk for this one picture; painting it ourselves is a page of code.
Values may be negative (a day with more refunds than sales): bars then hang below the zero line.
"""

import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

BAR_COLOR = QColor("#1f7a4d")
GRID_COLOR = QColor("#d0d0d0")
TEXT_COLOR = QColor("#333333")
MARGIN = 6


def nice_step(span: float, ticks: int = 5) -> float:
    """A round gridline step (1, 2 or 5 times a power of ten) giving about ``ticks`` lines."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


class BarChartView(QWidget):
    """State: the bars (label, value), the title above them and how axis values are written."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bars: list[tuple[str, float]] = []
        self.title = ""
        self.format_value: Callable[[float], str] = lambda v: f"{v:,.0f}"
        self.setMinimumHeight(200)

    def set_bars(self, bars: Sequence[tuple[str, float]], title: str = "") -> None:
        self.bars = list(bars)
        self.title = title
        self.update()

    def value_range(self) -> tuple[float, float, float]:
        """(bottom, top, step) of the value axis: zero always shown, ends on gridlines."""
        values = [v for _label, v in self.bars] or [0.0]
        low, high = min(0.0, *values), max(0.0, *values)
        step = nice_step(high - low)
        return math.floor(low / step) * step, max(math.ceil(high / step) * step, step), step

    def plot_area(self) -> QRectF:
        """Where the bars go: the widget less the title, the axis labels and the margins."""
        fm = QFontMetrics(self.font())
        bottom, top, _step = self.value_range()
        label_w = max(fm.horizontalAdvance(self.format_value(v)) for v in (bottom, top))
        title_h = fm.height() + MARGIN if self.title else 0
        left = MARGIN + label_w + MARGIN
        return QRectF(
            left,
            MARGIN + title_h,
            max(1.0, self.width() - left - MARGIN),
            max(1.0, self.height() - 2 * MARGIN - title_h - fm.height() - MARGIN),
        )

    def bar_rects(self) -> list[QRectF]:
        """One rectangle per bar, in widget coordinates, from the zero line to its value."""
        area = self.plot_area()
        bottom, top, _step = self.value_range()
        scale = area.height() / (top - bottom)
        zero_y = area.bottom() - (0 - bottom) * scale
        slot = area.width() / max(1, len(self.bars))
        rects = []
        for i, (_label, value) in enumerate(self.bars):
            x = area.left() + i * slot + slot * 0.15
            y = zero_y - max(value, 0) * scale
            rects.append(QRectF(x, y, slot * 0.7, abs(value) * scale))
        return rects

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), Qt.GlobalColor.white)
        fm = QFontMetrics(self.font())
        area = self.plot_area()
        if self.title:
            p.setPen(TEXT_COLOR)
            p.drawText(QRectF(0, MARGIN, self.width(), fm.height()), Qt.AlignmentFlag.AlignHCenter,
                       self.title)  # fmt: skip
        self._paint_grid(p, area, fm)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(BAR_COLOR)
        rects = self.bar_rects()
        for rect in rects:
            p.drawRect(rect)
        self._paint_labels(p, area, fm, rects)
        p.end()

    def _paint_grid(self, p: QPainter, area: QRectF, fm: QFontMetrics) -> None:
        bottom, top, step = self.value_range()
        scale = area.height() / (top - bottom)
        value = bottom
        while value <= top + step / 2:
            y = area.bottom() - (value - bottom) * scale
            p.setPen(QPen(TEXT_COLOR if value == 0 else GRID_COLOR, 1))
            p.drawLine(int(area.left()), int(y), int(area.right()), int(y))
            p.setPen(TEXT_COLOR)
            box = QRectF(0, y - fm.height() / 2, area.left() - MARGIN, fm.height())
            p.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       self.format_value(value))  # fmt: skip
            value += step

    def _paint_labels(
        self, p: QPainter, area: QRectF, fm: QFontMetrics, rects: list[QRectF]
    ) -> None:
        """Bar labels under the axis; every n-th one when they would overlap."""
        if not rects:
            return
        widest = max(fm.horizontalAdvance(label) for label, _v in self.bars) + MARGIN
        slot = area.width() / len(rects)
        every = max(1, math.ceil(widest / slot))
        p.setPen(TEXT_COLOR)
        y = area.bottom() + MARGIN / 2
        for i in range(0, len(rects), every):
            centre = rects[i].center().x()
            box = QRectF(centre - widest / 2, y, widest, fm.height())
            p.drawText(box, Qt.AlignmentFlag.AlignHCenter, self.bars[i][0])

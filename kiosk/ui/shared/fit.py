"""An amount that never overflows its place: drawn smaller when it would not fit, never cut.

A big total in the style sheet's 40 px font is wider than the column a 1024x768 screen gives
it; a plain label would then either clip the digits or push the window wider than the screen.
"""

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QLabel

SMALLEST_PX = 10


class FitLabel(QLabel):
    """A one-line label whose text shrinks to its width; asks for no width of its own."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), 4 * SMALLEST_PX), hint.height())

    def drawn_font(self) -> QFont:
        """The font the text is drawn in: the label's own, or smaller so that it fits."""
        font = QFont(self.font())
        room = self.contentsRect().width() - 2 * self.margin()
        width = QFontMetricsF(font).horizontalAdvance(self.text())
        if width <= room or width <= 0:
            return font
        size = font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * 4 / 3
        while size > SMALLEST_PX:
            size = max(SMALLEST_PX, int(size * room / width))
            font.setPixelSize(size)
            width = QFontMetricsF(font).horizontalAdvance(self.text())
            if width <= room:
                break
            size -= 1
        return font

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setFont(self.drawn_font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = self.contentsRect().adjusted(self.margin(), 0, -self.margin(), 0)
        painter.drawText(rect, int(self.alignment()), self.text())

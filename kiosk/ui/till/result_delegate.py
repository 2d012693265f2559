"""Draws one search result on two lines, so every column of ProductModel fits a narrow panel:
name and price on top, producer, province, OCOP stars and stock below; and a cart cell, the
product's name on at most two lines, the second elided.

Both are painted at every scan and keystroke, in Python: each row's strings are read from its
model's formatted texts (no ``data()`` round trips through Qt), and what a row draws (the
elided strings, laid out as QStaticText) is kept by its texts and width, so a repaint of the
same rows shapes no text and measures nothing again.
"""

from PySide6.QtCore import QModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QStaticText
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from kiosk.i18n import _
from kiosk.ui.till.models import CartModel, ProductModel

ROW_HEIGHT = 58
CELL_MARGIN = 6
CACHED_ROWS = 2_000  # laid-out rows kept; a screen shows a few dozen, a day's search a few hundred
_GREEN, _GREY, _GOLD = QColor("#1f6b45"), QColor("#5b6b62"), QColor("#b8860b")
_INK, _RULE, _SELECTED = QColor("#1d2a24"), QColor("#edf1ee"), QColor("#cfe9da")
_CART_INK, _WHITE = QColor("#10261a"), QColor("white")
_SELECTED_STATE = QStyle.StateFlag.State_Selected.value


def two_lines(text: str, metrics: QFontMetrics, width: int) -> tuple[str, bool]:
    """``text`` wrapped on at most two lines of ``width`` px, the second elided if it must be:
    (the lines joined by a newline, whether anything was left out)."""
    words = text.split()
    first = ""
    while words and metrics.horizontalAdvance(f"{first} {words[0]}".strip()) <= width:
        first = f"{first} {words.pop(0)}".strip()
    if not first and words:  # one word wider than the line
        first = metrics.elidedText(words.pop(0), Qt.TextElideMode.ElideRight, width)
    rest = " ".join(words)
    if not rest:
        return first, first != text.strip()
    second = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return f"{first}\n{second}", second != rest


def _static(text: str, font: QFont) -> QStaticText:
    """``text`` laid out once in ``font``, drawn again without shaping."""
    laid = QStaticText(text)
    laid.setTextFormat(Qt.TextFormat.PlainText)
    laid.prepare(font=font)
    return laid


def _row_texts(index: QModelIndex) -> tuple[str, ...] | None:
    model = index.model()
    return model.row_texts(index.row()) if hasattr(model, "row_texts") else None


class _Layouts(dict):
    """Laid-out rows by their texts, width and font; emptied when it grows past its limit."""

    def keep(self, key, value):
        if len(self) >= CACHED_ROWS:
            self.clear()
        self[key] = value
        return value


class ProductResultView(QStyledItemDelegate):
    """A delegate (Qt calls it a view of one item): paints; keeps each row's laid-out texts,
    placed (where each is drawn in the row), and the fonts of the view's font."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._layouts = _Layouts()
        self._fonts: dict[str, tuple[QFont, QFont]] = {}
        # The view's font and its key: QFont.key() builds a string, a few µs, at every row.
        self._font, self._font_key = QFont(), ""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(option.rect.width(), ROW_HEIGHT)

    def _key_of(self, font: QFont) -> str:
        if not self._font_key or font != self._font:
            self._font, self._font_key = QFont(font), font.key()
        return self._font_key

    def _fonts_of(self, font: QFont) -> tuple[QFont, QFont]:
        """The bold 17-px font of the top line and the 13-px one of the bottom line."""
        key = self._key_of(font)
        if key not in self._fonts:
            bold, small = QFont(font), QFont(font)
            bold.setBold(True)
            bold.setPixelSize(17)
            small.setPixelSize(13)
            self._fonts[key] = (bold, small)
        return self._fonts[key]

    def _layout(self, texts: tuple[str, ...], size: QSize, font: QFont) -> tuple:
        """The row's four texts as drawn in a row of ``size``: for each of its two lines, the
        font and the (place in the row, static text, pen) of its right and left texts."""
        bold, small = self._fonts_of(font)
        big, little = QFontMetrics(bold), QFontMetrics(small)
        rect = QRect(0, 0, size.width(), size.height()).adjusted(10, 4, -10, -4)
        width = rect.width()
        price = texts[ProductModel.PRICE]
        name = big.elidedText(
            texts[ProductModel.NAME],
            Qt.TextElideMode.ElideRight,
            width - (big.horizontalAdvance(price) + 12),
        )
        stock = _("Stock %(qty)s") % {"qty": texts[ProductModel.STOCK]}
        stars = texts[ProductModel.STARS]
        right = f"{stars}  {stock}" if stars else stock
        origin = " · ".join(
            p for p in (texts[ProductModel.PRODUCER], texts[ProductModel.PROVINCE]) if p
        )
        origin = little.elidedText(
            origin, Qt.TextElideMode.ElideRight, width - (little.horizontalAdvance(right) + 12)
        )
        top = QRect(rect.left(), rect.top(), width, rect.height() // 2)
        bottom = QRect(rect.left(), top.bottom(), width, rect.height() - top.height())
        return (
            (
                bold,
                _placed(top, bold, big, price, _GREEN),
                _placed(top, bold, big, name, _INK, left=True),
            ),
            (
                small,
                _placed(bottom, small, little, right, _GOLD if stars else _GREY),
                _placed(bottom, small, little, origin, _GREY, left=True),
            ),
        )

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        texts = _row_texts(index)
        if texts is None:
            return super().paint(painter, option, index)
        area = option.rect
        font = option.font
        key = (texts, area.width(), area.height(), self._key_of(font))
        lines = self._layouts.get(key) or self._layouts.keep(
            key, self._layout(texts, area.size(), font)
        )
        painter.save()
        selected = option.state.value & _SELECTED_STATE  # an int: PySide's flag enums are slow
        painter.fillRect(area, _SELECTED if selected else _WHITE)
        painter.setPen(_RULE)
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.translate(area.topLeft())
        for line_font, *texts_placed in lines:
            painter.setFont(line_font)
            for place, laid, pen in texts_placed:
                painter.setPen(pen)
                painter.drawStaticText(place, laid)
        painter.restore()


def _placed(
    rect: QRect, font: QFont, metrics: QFontMetrics, text: str, pen: QColor, left=False
) -> tuple[QPointF, QStaticText, QColor]:
    """``text`` laid out in ``font``, where it is drawn: centred vertically in ``rect``, at
    its right edge (or left)."""
    laid = _static(text, font)
    width = metrics.horizontalAdvance(text)
    x = rect.left() if left else rect.left() + rect.width() - width
    return QPointF(x, rect.top() + (rect.height() - laid.size().height()) / 2), laid, pen


class CartCellView(QStyledItemDelegate):
    """Paints a cart cell straight with QPainter. The style sheet's item painting costs a few
    milliseconds per repaint, and a scan must reach the screen within one frame. State: each
    cell's laid-out text, by its text, width and font."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._layouts = _Layouts()

    def _layout(self, text: str, column: int, width: int, font: QFont) -> tuple:
        """The cell's lines, each laid out with its width (a static text draws one line)."""
        metrics = QFontMetrics(font)
        if column == CartModel.NAME:  # the whole name, or two lines and "…"
            text = two_lines(text, metrics, width)[0]
        return tuple((_static(s, font), metrics.horizontalAdvance(s)) for s in text.split("\n"))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        texts = _row_texts(index)
        if texts is None:
            return super().paint(painter, option, index)
        column = index.column()
        area = option.rect
        rect = area.adjusted(CELL_MARGIN, 2, -CELL_MARGIN, -2)
        font = option.font
        key = (texts[column], column == CartModel.NAME, rect.width(), font.key())
        layout = self._layouts.get(key) or self._layouts.keep(
            key, self._layout(texts[column], column, rect.width(), font)
        )
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(area, _SELECTED)
        painter.setPen(_RULE)
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.setPen(_CART_INK)
        painter.setFont(font)
        height = sum(laid.size().height() for laid, _width in layout)
        top = rect.top() + (rect.height() - height) / 2
        for laid, width in layout:  # centred as a block, each line at the left or right
            x = rect.left() if column == CartModel.NAME else rect.left() + rect.width() - width
            painter.drawStaticText(QPointF(x, top), laid)
            top += laid.size().height()
        painter.restore()

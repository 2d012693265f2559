"""Draws one search result on two lines, so every column of ProductModel fits a narrow panel:
name and price on top, producer, province, OCOP stars and stock below; and a cart cell, the
product's name on at most two lines, the second elided."""

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from kiosk.i18n import _
from kiosk.ui.till.models import CartModel, ProductModel

ROW_HEIGHT = 58
CELL_MARGIN = 6
_GREEN, _GREY, _GOLD = QColor("#1f6b45"), QColor("#5b6b62"), QColor("#b8860b")


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


class ProductResultView(QStyledItemDelegate):
    """A delegate (Qt calls it a view of one item): paints, holds nothing."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(option.rect.width(), ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        def cell(column: int) -> str:
            return index.siblingAtColumn(column).data() or ""

        painter.save()
        rect = option.rect.adjusted(10, 4, -10, -4)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.fillRect(option.rect, QColor("#cfe9da") if selected else QColor("white"))
        painter.setPen(QColor("#edf1ee"))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        top = QRect(rect.left(), rect.top(), rect.width(), rect.height() // 2)
        bottom = QRect(rect.left(), top.bottom(), rect.width(), rect.height() - top.height())

        bold = QFont(option.font)
        bold.setBold(True)
        bold.setPixelSize(17)
        painter.setFont(bold)
        price = cell(ProductModel.PRICE)
        price_width = painter.fontMetrics().horizontalAdvance(price) + 12
        painter.setPen(_GREEN)
        painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, price)
        painter.setPen(QColor("#1d2a24"))
        name = painter.fontMetrics().elidedText(
            cell(ProductModel.NAME), Qt.TextElideMode.ElideRight, top.width() - price_width
        )
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)

        small = QFont(option.font)
        small.setPixelSize(13)
        painter.setFont(small)
        stock = _("Stock %(qty)s") % {"qty": cell(ProductModel.STOCK)}
        stars = cell(ProductModel.STARS)
        right = f"{stars}  {stock}" if stars else stock
        right_width = painter.fontMetrics().horizontalAdvance(right) + 12
        painter.setPen(_GOLD if stars else _GREY)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, right)
        origin = " · ".join(
            p for p in (cell(ProductModel.PRODUCER), cell(ProductModel.PROVINCE)) if p
        )
        painter.setPen(_GREY)
        origin = painter.fontMetrics().elidedText(
            origin, Qt.TextElideMode.ElideRight, bottom.width() - right_width
        )
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, origin)
        painter.restore()


class CartCellView(QStyledItemDelegate):
    """Paints a cart cell straight with QPainter. The style sheet's item painting costs a few
    milliseconds per repaint, and a scan must reach the screen within one frame."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._selected = QColor("#cfe9da")
        self._text = QColor("#10261a")
        self._rule = QColor("#edf1ee")

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, self._selected)
        painter.setPen(self._rule)
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        painter.setPen(self._text)
        painter.setFont(option.font)
        align = index.data(Qt.ItemDataRole.TextAlignmentRole)
        flags = (
            Qt.AlignmentFlag(align)
            if align
            else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        rect = option.rect.adjusted(CELL_MARGIN, 2, -CELL_MARGIN, -2)
        if index.column() == CartModel.NAME:  # the whole name, or two lines and "…"
            shown, _cut = two_lines(index.data() or "", painter.fontMetrics(), rect.width())
            painter.drawText(rect, flags, shown)
        else:
            painter.drawText(rect, flags | Qt.TextFlag.TextWordWrap, index.data() or "")
        painter.restore()

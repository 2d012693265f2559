"""The till's product tiles: as many as the room allows, each a product's photo (when it has
one), its name on two lines and its price, drawn to the tile's width.

A 1024x768 terminal shows at least twelve; a bigger screen gets more columns, not bigger tiles
of the same text. A photo is decoded and scaled once to the tile's size and kept: a tile
redraw, a group change or a language switch never reads the file again.
"""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImageReader, QPainter, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)

from kiosk.ui.shared import text
from kiosk.ui.till.result_delegate import two_lines

TILE_MIN_WIDTH = 120  # three columns in the narrowest tile area (1024x768)
TILE_WIDTH = 140  # a wider area gets another column when each would still be this wide
TILE_HEIGHT = 68
TILE_SPACING = 6
MIN_COLUMNS = 3
PADDING = 6
_TEXT, _PRICE = QColor("#1d2a24"), QColor("#1f6b45")


class TilePhotos:
    """State: each photo file already scaled, by (path, its modification time, side in px);
    ``path_for(sku)`` finds a product's file (kiosk.core.catalogue.photos)."""

    def __init__(self, path_for: Callable[[str], Path | None]):
        self.path_for = path_for
        self.cache: dict[tuple[str, int, int], QPixmap] = {}
        self.decoded = 0  # how many times a file was read and scaled (tests look)

    def photo(self, sku: str, side: int) -> QPixmap | None:
        path = self.path_for(sku)
        if path is None:
            return None
        try:
            key = (str(path), path.stat().st_mtime_ns, side)
        except OSError:
            return None
        if key not in self.cache:
            self.cache[key] = self._scaled(path, side)
            self.decoded += 1
        pixmap = self.cache[key]
        return None if pixmap.isNull() else pixmap

    @staticmethod
    def _scaled(path: Path, side: int) -> QPixmap:
        # Scaled while decoding: a 12-megapixel photo is never held whole in memory.
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid() and not size.isEmpty():
            reader.setScaledSize(size.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        return QPixmap.fromImage(image) if not image.isNull() else QPixmap()


class ProductTile(QPushButton):
    """A button for one product; state: the product and its scaled photo (or None)."""

    def __init__(self, product, photos: TilePhotos | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tile")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumWidth(TILE_MIN_WIDTH)
        self.setFixedHeight(TILE_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.product = product
        self.setProperty("product_sku", product.sku)
        side = TILE_HEIGHT - 2 * PADDING
        self.photo = photos.photo(product.sku, side) if photos is not None else None
        self.retranslate()

    def sizeHint(self) -> QSize:
        return QSize(TILE_WIDTH, TILE_HEIGHT)

    def event(self, event) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Polish:
            # The style sheet's min-height for every button would let the grid squash a tile.
            self.setFixedHeight(TILE_HEIGHT)
        return handled

    def minimumSizeHint(self) -> QSize:
        return QSize(TILE_MIN_WIDTH, TILE_HEIGHT)

    def retranslate(self) -> None:
        self.name = text.name_of(self.product)
        self.price = text.unit_price(self.product.unit, self.product.price_vnd)
        self.setAccessibleName(f"{self.name}, {self.price}")
        self.update()

    def name_lines(self) -> tuple[str, bool]:
        """The name as drawn at the tile's width: (its lines, whether any of it was cut)."""
        return two_lines(self.name, self.fontMetrics(), self._text_rect().width())

    def _text_rect(self) -> QRect:
        inner = self.rect().adjusted(PADDING, PADDING - 2, -PADDING, -PADDING + 2)
        if self.photo is not None:
            inner.setLeft(inner.left() + TILE_HEIGHT - 2 * PADDING + PADDING)
        return inner

    def paintEvent(self, _event) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        if self.photo is not None:
            side = TILE_HEIGHT - 2 * PADDING
            place = QRect(PADDING, (self.height() - side) // 2, side, side)
            shown = self.photo.size().scaled(place.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, shown.width(), shown.height())
            target.moveCenter(place.center())
            painter.drawPixmap(target, self.photo)
        area = self._text_rect()
        lines, _cut = self.name_lines()
        painter.setPen(_TEXT)
        painter.drawText(area, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, lines)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(_PRICE)
        painter.drawText(
            area, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, self.price
        )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)


class TileGridView(QWidget):
    """The tiles of the group shown, in as many columns as the width allows (at least three);
    state: the tiles, in order."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tiles")
        self.grid = QGridLayout(self)
        self.grid.setSpacing(TILE_SPACING)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.items: list[QWidget] = []
        self.columns = MIN_COLUMNS

    def set_items(self, items: list[QWidget]) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.items = items
        self._place()

    def columns_for(self, width: int) -> int:
        inner = width - 8
        return max(MIN_COLUMNS, (inner + TILE_SPACING) // (TILE_WIDTH + TILE_SPACING))

    def _place(self) -> None:
        for i, item in enumerate(self.items):
            self.grid.addWidget(item, i // self.columns, i % self.columns)
        for c in range(self.grid.columnCount()):
            self.grid.setColumnStretch(c, 1 if c < self.columns else 0)

    def resizeEvent(self, event) -> None:
        # The scroll area's viewport, not this widget, says the room: this widget is never
        # narrower than its columns need, so its own width could never let one go.
        room = self.parentWidget().width() if self.parentWidget() else event.size().width()
        columns = self.columns_for(room)
        if columns != self.columns:
            self.columns = columns
            for item in self.items:
                self.grid.removeWidget(item)
            self._place()
        super().resizeEvent(event)

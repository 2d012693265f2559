"""Qt item models over core objects: the cart's priced lines and catalogue products.

They hold plain values handed to them (a Totals, a list of ProductInfo) and never call the
core themselves; ``data()`` answers None for anything it does not know instead of raising.
"""

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from kiosk.core.cart import PricedLine, Totals
from kiosk.core.terms import term
from kiosk.i18n import _, get_language
from kiosk.ui import text

_Index = QModelIndex | QPersistentModelIndex
LINE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class _TableModel(QAbstractTableModel):
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows())

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers())

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers()):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self._numeric():
            return _RIGHT
        return None

    def retranslate(self) -> None:
        """Redraw headers and cells in the new UI language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    def _cell(self, index: _Index) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        rows = self._rows()
        if not (0 <= index.row() < len(rows) and 0 <= index.column() < len(self._headers())):
            return None
        return rows[index.row()]

    def _rows(self) -> Sequence[Any]:
        raise NotImplementedError

    def _headers(self) -> list[str]:
        raise NotImplementedError

    def _numeric(self) -> set[int]:
        return set()


class CartModel(_TableModel):
    """The cart's lines as priced by the core: product, quantity, unit price, discount, amount."""

    NAME, QTY, PRICE, DISCOUNT, AMOUNT = range(5)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._lines: tuple[PricedLine, ...] = ()

    def set_totals(self, totals: Totals | None) -> None:
        self.beginResetModel()
        self._lines = totals.lines if totals else ()
        self.endResetModel()

    def row_of(self, line_id: int) -> int:
        for row, priced in enumerate(self._lines):
            if priced.line.id == line_id:
                return row
        return -1

    def line_id(self, row: int) -> int | None:
        return self._lines[row].line.id if 0 <= row < len(self._lines) else None

    def _rows(self):
        return self._lines

    def _headers(self):
        return [_("Product"), _("Qty"), _("Price"), term("discount", get_language()), _("Amount")]

    def _numeric(self):
        return {self.QTY, self.PRICE, self.DISCOUNT, self.AMOUNT}

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        priced: PricedLine | None = self._cell(index)
        if priced is None:
            return None
        line, col = priced.line, index.column()
        if role == LINE_ID_ROLE:
            return line.id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col in self._numeric() else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if col == self.NAME:
            return text.name_of(line.item)
        if col == self.QTY:
            if line.fixed_amount_vnd is not None and line.item.unit == "piece":
                return "1"
            return text.quantity(line.item.unit, line.quantity)
        if col == self.PRICE:
            if line.fixed_amount_vnd is not None:
                return text.money(line.fixed_amount_vnd)
            return text.unit_price(line.item.unit, line.item.unit_price_vnd)
        if col == self.DISCOUNT:
            off = priced.line_discount_vnd + priced.cart_discount_vnd
            return "−" + text.money(off) if off else ""
        return text.money(priced.amount_vnd)


class ProductModel(_TableModel):
    """Products found by a search: name, producer, province, OCOP stars, price, stock."""

    NAME, PRODUCER, PROVINCE, STARS, PRICE, STOCK = range(6)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._products: list[Any] = []

    def set_products(self, products: Sequence[Any]) -> None:
        self.beginResetModel()
        self._products = list(products)
        self.endResetModel()

    def product(self, row: int) -> Any:
        return self._products[row] if 0 <= row < len(self._products) else None

    def _rows(self):
        return self._products

    def _headers(self):
        return [_("Product"), _("Producer"), _("Province"), _("OCOP"), _("Price"), _("Stock")]

    def _numeric(self):
        return {self.PRICE, self.STOCK}

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        p = self._cell(index)
        if p is None:
            return None
        col = index.column()
        if role == OBJECT_ROLE:
            return p
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col in self._numeric() else None
        if role == Qt.ItemDataRole.ToolTipRole and col == self.STARS and p.ocop_stars:
            return _("%(n)d-star OCOP product") % {"n": p.ocop_stars}
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if col == self.NAME:
            return text.name_of(p)
        if col == self.PRODUCER:
            return p.producer
        if col == self.PROVINCE:
            return p.province
        if col == self.STARS:
            return text.stars(p.ocop_stars)
        if col == self.PRICE:
            return text.unit_price(p.unit, p.price_vnd)
        return text.stock(p.unit, p.on_hand)

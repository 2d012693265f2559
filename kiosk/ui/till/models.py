"""Qt item models over core objects: the cart's priced lines and catalogue products.

They hold plain values handed to them (a Totals, a list of ProductInfo) and never call the
core themselves; ``data()`` answers None for anything it does not know instead of raising.
"""

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from kiosk.core.sale.cart import PricedLine, Totals
from kiosk.core.terms import term
from kiosk.i18n import _, get_language
from kiosk.ui.shared import text

_Index = QModelIndex | QPersistentModelIndex
LINE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class _TableModel(QAbstractTableModel):
    """Rows of objects and, made once per change, their cells' text: a view asks data() for
    every cell at every repaint, and formatting money with Babel is not cheap."""

    COLUMNS = 0

    def __init__(self, parent=None):
        super().__init__(parent)
        self._texts: list[tuple[str, ...]] = []
        # The header's titles in the language they were made in: a header view asks for them
        # dozens of times a repaint, each a handful of gettext calls.
        self._titles: tuple[str, list[str]] = ("", [])

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows())

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def _reset(self) -> None:
        self.beginResetModel()
        self._texts = [self._row_texts(r) for r in self._rows()]
        self.endResetModel()

    def _text(self, index: _Index) -> str | None:
        if self._cell(index) is None:
            return None
        return self._texts[index.row()][index.column()]

    def _row_texts(self, obj: Any) -> tuple[str, ...]:
        raise NotImplementedError

    def row_texts(self, row: int) -> tuple[str, ...] | None:
        """What ``row`` shows, column by column (for delegates: no ``data()`` per cell)."""
        return self._texts[row] if 0 <= row < len(self._texts) else None

    def column_texts(self, column: int) -> list[str]:
        """What ``column`` shows, row by row (formatted already: nothing is formatted again)."""
        return [row[column] for row in self._texts]

    def _header_titles(self) -> list[str]:
        language = get_language()
        if self._titles[0] != language:
            self._titles = (language, self._headers())
        return self._titles[1]

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        titles = self._header_titles()
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(titles):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return titles[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self._numeric():
            return _RIGHT
        return None

    def retranslate(self) -> None:
        """Redraw headers and cells in the new UI language."""
        self._titles = ("", [])
        self._texts = [self._row_texts(r) for r in self._rows()]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    def _cell(self, index: _Index) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        rows = self._rows()
        if not (0 <= index.row() < len(rows) and 0 <= index.column() < self.COLUMNS):
            return None
        return rows[index.row()]

    def _rows(self) -> Sequence[Any]:
        raise NotImplementedError

    def _headers(self) -> list[str]:
        raise NotImplementedError

    def _numeric(self) -> set[int]:
        return set()


class CartModel(_TableModel):
    """The cart's lines as priced by the core: product, quantity, unit price, discount, amount.

    ``totals_changed`` after each new Totals (None: no cart), for whoever follows the cart
    (the customer display)."""

    NAME, QTY, PRICE, DISCOUNT, AMOUNT = range(5)
    COLUMNS = 5
    totals_changed = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._lines: tuple[PricedLine, ...] = ()
        # Each line's texts by what they are made of: a scan changes one line, and Babel
        # formatting every line's money again at every scan costs more than the rest of it.
        self._made: dict[tuple, tuple[str, ...]] = {}

    def set_totals(self, totals: Totals | None) -> None:
        self._show(totals.lines if totals else ())
        self.totals_changed.emit(totals)

    def _show(self, lines: tuple[PricedLine, ...]) -> None:
        """A scan changes one row or adds one at the end: say only that, so the view keeps its
        selection and scroll and repaints what changed."""
        old, new = [p.line.id for p in self._lines], [p.line.id for p in lines]
        if not old or new[: len(old)] != old:
            self._lines = lines
            self._reset()
            return
        texts = [self._row_texts(p) for p in lines]
        changed = [r for r in range(len(old)) if texts[r] != self._texts[r]]
        self._lines = lines[: len(old)]
        self._texts = texts[: len(old)]
        if changed:
            self.dataChanged.emit(
                self.index(changed[0], 0), self.index(changed[-1], self.COLUMNS - 1)
            )
        if len(new) > len(old):
            self.beginInsertRows(QModelIndex(), len(old), len(new) - 1)
            self._lines, self._texts = lines, texts
            self.endInsertRows()
        self._lines = lines  # same lines, new objects: keep the latest

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
        if role == LINE_ID_ROLE:
            return priced.line.id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if index.column() in self._numeric() else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(index)
        return None

    def _row_texts(self, priced: PricedLine) -> tuple[str, ...]:
        line = priced.line
        off = priced.line_discount_vnd + priced.cart_discount_vnd
        key = (get_language(), line.item, line.quantity, line.fixed_amount_vnd, off)
        key += (priced.amount_vnd,)
        made = self._made.get(key)
        if made is None:
            if len(self._made) > 500:
                self._made.clear()
            made = self._made[key] = self._make_texts(priced)
        return made

    def _make_texts(self, priced: PricedLine) -> tuple[str, ...]:
        line = priced.line
        if line.fixed_amount_vnd is not None:
            qty = "1" if line.item.unit == "piece" else text.quantity("gram", line.quantity)
            price = text.money(line.fixed_amount_vnd)
        else:
            qty = text.quantity(line.item.unit, line.quantity)
            price = text.unit_price(line.item.unit, line.item.unit_price_vnd)
        off = priced.line_discount_vnd + priced.cart_discount_vnd
        return (
            text.name_of(line.item),
            qty,
            price,
            "−" + text.money(off) if off else "",
            text.money(priced.amount_vnd),
        )


class ProductModel(_TableModel):
    """Products found by a search: name, producer, province, OCOP stars, price, stock."""

    NAME, PRODUCER, PROVINCE, STARS, PRICE, STOCK = range(6)
    COLUMNS = 6

    def __init__(self, parent=None):
        super().__init__(parent)
        self._products: list[Any] = []

    def set_products(self, products: Sequence[Any]) -> None:
        self._products = list(products)
        self._reset()

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
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(index)
        return None

    def _row_texts(self, p: Any) -> tuple[str, ...]:
        return (
            text.name_of(p),
            p.producer,
            p.province,
            text.stars(p.ocop_stars),
            text.unit_price(p.unit, p.price_vnd),
            text.stock(p.unit, p.on_hand),
        )

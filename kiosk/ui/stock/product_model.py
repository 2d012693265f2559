"""The manager's product table as a Qt model that fetches a page at a time.

At 100,000 products the view must never ask for every row: the model holds the pages fetched
so far, says ``canFetchMore`` while the last page was full, and fetches the next page from the
core (kiosk.core.catalogue.product_table) when the view scrolls near the end. Sorting and filtering start
again from the first page, in SQL.
"""

import logging
from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from kiosk.core.catalogue.product_table import PAGE, ProductQuery, ProductRow
from kiosk.i18n import N_, _
from kiosk.ui.shared import text
from kiosk.ui.shared.text import group_label
from kiosk.ui.till.models import OBJECT_ROLE

log = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LOW = QBrush(QColor("#b3261e"))
_INACTIVE = QBrush(QColor("#8a8a8a"))
Pages = Callable[[ProductQuery, int, int], list[ProductRow]]


class ProductTableModel(QAbstractTableModel):
    """State: the query shown, the rows fetched so far (and their cells' text), and whether
    the last page came back short (then there is no more)."""

    SKU, NAME, PRODUCER, GROUP, STARS, PRICE, STOCK, REORDER = range(8)
    HEADERS = (
        N_("Code"),
        N_("Product"),
        N_("Producer"),
        N_("Group"),
        N_("OCOP"),
        N_("Price"),
        N_("Stock"),
        N_("Reorder at"),
    )
    SORT_KEYS: ClassVar[dict[int, str]] = {
        SKU: "sku",
        NAME: "name",
        PRODUCER: "producer",
        STOCK: "stock",
        REORDER: "reorder",
    }
    NUMERIC = frozenset({PRICE, STOCK, REORDER})

    def __init__(self, pages: Pages, parent=None, *, page_size: int = PAGE):
        super().__init__(parent)
        self._pages, self._page_size = pages, page_size
        self.query = ProductQuery()
        self._rows: list[ProductRow] = []
        self._texts: list[tuple[str, ...]] = []
        self._complete = True

    # -- what the screen calls ---------------------------------------------------------------

    def set_query(self, query: ProductQuery) -> None:
        """Show the table ``query`` describes, from its first page (raises what the core
        raises for a filter it cannot search, before anything changes)."""
        first = self._pages(query, 0, self._page_size)
        self.beginResetModel()
        self.query = query
        self._rows = list(first)
        self._texts = [self._row_texts(r) for r in self._rows]
        self._complete = len(first) < self._page_size
        self.endResetModel()

    def reload(self) -> None:
        self.set_query(self.query)

    def product(self, row: int) -> ProductRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def retranslate(self) -> None:
        self._texts = [self._row_texts(r) for r in self._rows]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 7))

    # -- Qt ----------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._complete

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._complete:
            return
        try:
            more = self._pages(self.query, len(self._rows), self._page_size)
        except Exception:  # never out of a view's paint: the rows shown stay, none are added
            log.exception("fetching more products failed")
            self._complete = True
            return
        self._complete = len(more) < self._page_size
        if more:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._rows.extend(more)
            self._texts.extend(self._row_texts(r) for r in more)
            self.endInsertRows()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        key = self.SORT_KEYS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.query.sort, self.query.descending):
            return  # the view sorts again when sorting is switched on: nothing changed
        try:
            self.set_query(self.query.sorted_by(key, descending))
        except Exception:
            log.exception("sorting products failed")

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.NUMERIC:
            return _RIGHT
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.parent().isValid():
            return None
        row, col = index.row(), index.column()
        if not (0 <= row < len(self._rows) and 0 <= col < len(self.HEADERS)):
            return None
        p = self._rows[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._texts[row][col]
        if role == OBJECT_ROLE:
            return p
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col in self.NUMERIC else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if not p.active:
                return _INACTIVE
            if col == self.STOCK and (p.low or p.on_hand < 0):
                return _LOW
        if role == Qt.ItemDataRole.ToolTipRole and col == self.STOCK and p.low:
            return _("Below the reorder level")
        return None

    @staticmethod
    def _row_texts(p: ProductRow) -> tuple[str, ...]:
        return (
            p.sku,
            text.name_of(p) if p.active else f"{text.name_of(p)} ({_('not on sale')})",
            p.producer,
            group_label(p.group),
            f"{p.ocop_stars} ★" if p.ocop_stars else "",  # narrow: the table has 8 columns
            text.unit_price(p.unit, p.price_vnd),
            text.stock(p.unit, p.on_hand),
            text.quantity(p.unit, p.reorder_level) if p.reorder_level else "",
        )

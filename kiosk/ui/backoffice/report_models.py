"""A Qt table model over any report table of kiosk.core.reports.period, and the back office's lists.

The model is lazy twice over: rows reach the view in pages (``fetchMore``), and a cell is
formatted only when the view paints it. An empty table shows one placeholder row rather than a
blank grid, and ``data()`` never raises.
"""

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHeaderView, QTableView

from kiosk.core.money import format_qty
from kiosk.core.reports.table import ReportTable
from kiosk.i18n import _, get_language
from kiosk.ui.shared import text

_Index = QModelIndex | QPersistentModelIndex
PAGE = 200
_NUMERIC = ("int", "qty", "vnd", "pct")


def cell_text(value: Any, kind: str) -> str:
    """A report cell in the UI language: đồng, quantities, per-mille shares, dd/mm/yyyy."""
    if value is None:
        return ""
    if kind == "vnd":
        return text.money(value)
    if kind == "qty":
        return format_qty(value, get_language())
    if kind == "pct":
        whole, tenth = divmod(abs(value), 10)
        sep = "," if get_language() == "vi" else "."
        return f"{'-' if value < 0 else ''}{whole}{sep}{tenth} %"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def fit_columns(view: QTableView) -> None:
    """Columns as wide as their first rows need, but the widest text column (the name) takes
    what is left and shrinks first: the numbers stay in view on a 1024x768 screen, and a long
    name is elided there (its whole text is in the tooltip)."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.resizeColumnsToContents()
    if not header.count():
        return
    table = getattr(view.model(), "table", None)
    texts = [i for i, c in enumerate(table.columns) if c.kind == "text"] if table else []
    name = max(texts, key=header.sectionSize) if texts else 0
    header.setSectionResizeMode(name, QHeaderView.ResizeMode.Stretch)


class ReportTableModel(QAbstractTableModel):
    """State: the table shown (or None while it loads), how many of its rows the view has
    fetched, and the placeholder text for no table or no rows."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.table: ReportTable | None = None
        self.loaded = 0
        self.placeholder = ""

    def set_table(self, table: ReportTable | None, placeholder: str = "") -> None:
        self.beginResetModel()
        self.table = table
        self.placeholder = placeholder
        self.loaded = min(PAGE, len(table.rows)) if table is not None else 0
        self.endResetModel()

    # -- shape ------------------------------------------------------------------------------

    def _has_rows(self) -> bool:
        return self.table is not None and bool(self.table.rows)

    def _totals_row(self) -> bool:
        return (
            self._has_rows()
            and self.table.totals is not None  # type: ignore[union-attr]
            and self.loaded == len(self.table.rows)  # type: ignore[union-attr]
        )

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt\'s signature
        if parent.isValid():
            return 0
        if not self._has_rows():
            return 1  # the placeholder
        return self.loaded + (1 if self._totals_row() else 0)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt\'s signature
        if parent.isValid():
            return 0
        return len(self.table.columns) if self.table is not None else 1

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt\'s signature
        return (
            not parent.isValid() and self.table is not None and self.loaded < len(self.table.rows)
        )

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt\'s signature
        if not self.canFetchMore(parent):
            return
        assert self.table is not None
        more = min(PAGE, len(self.table.rows) - self.loaded)
        last = self.loaded + more == len(self.table.rows) and self.table.totals is not None
        self.beginInsertRows(QModelIndex(), self.loaded, self.loaded + more - 1 + int(last))
        self.loaded += more
        self.endInsertRows()

    # -- cells ------------------------------------------------------------------------------

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if self.table is None or not 0 <= section < len(self.table.columns):
            return ""
        return _(self.table.columns[section].heading)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if not self._has_rows():
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return self.placeholder or _("Nothing in this period.")
            return None
        assert self.table is not None
        totals = index.row() >= self.loaded
        row = self.table.totals if totals else self.table.rows[index.row()]
        if row is None or not 0 <= index.column() < len(self.table.columns):
            return None
        kind = self.table.columns[index.column()].kind
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if totals and index.column() == 0 and row[0] is None:
                return _("Total")
            return cell_text(row[index.column()], kind)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if kind in _NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and totals:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return row[index.column()]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class RefundLinesModel(QAbstractTableModel):
    """The lines of a sale being refunded, with the quantity chosen to refund on each.

    State: the sale's refundable lines and ``chosen`` ({line number: quantity})."""

    NO, NAME, SOLD, LEFT, REFUND, AMOUNT = range(6)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lines: tuple = ()
        self.chosen: dict[int, int] = {}

    def set_lines(self, lines) -> None:
        self.beginResetModel()
        self.lines = tuple(lines)
        self.chosen = {}
        self.endResetModel()

    def line(self, row: int):
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def set_quantity(self, row: int, quantity: int) -> None:
        line = self.line(row)
        if line is None:
            return
        self.chosen[line.line_no] = max(0, min(quantity, line.left))
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.AMOUNT))

    def choose_all(self) -> None:
        for row, line in enumerate(self.lines):
            self.set_quantity(row, line.left)

    def estimate_vnd(self) -> int:
        """What the chosen quantities give back, in proportion to each line's amount (the core
        computes the exact figure when the refund is made)."""
        return sum(self._amount(line) for line in self.lines)

    def _amount(self, line) -> int:
        q = self.chosen.get(line.line_no, 0)
        return line.amount_vnd * q // line.quantity if line.quantity else 0

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt\'s signature
        return 0 if parent.isValid() else max(1, len(self.lines))

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt\'s signature
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        heads = ("#", _("Product"), _("Sold"), _("Left"), _("Refund"), _("Amount"))
        return heads[section] if 0 <= section < len(heads) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line = self.line(index.row())
        if line is None:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == self.NAME:
                return _("Scan a receipt or pick a sale.")
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if index.column() == self.NAME:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        c = index.column()
        if c == self.NO:
            return str(line.line_no)
        if c == self.NAME:
            return text.name_of(line)
        if c == self.SOLD:
            return text.quantity(line.unit, line.quantity)
        if c == self.LEFT:
            return text.quantity(line.unit, line.left)
        if c == self.REFUND:
            return text.quantity(line.unit, self.chosen.get(line.line_no, 0))
        return text.money(self._amount(line))

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

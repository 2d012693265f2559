"""Qt item models over the manager's stock views: goods receipt lines and receipts, a count
sheet, adjustments, the low-stock list and producers.

Like kiosk.ui.till.models they hold plain frozen values handed to them by a screen (ReceiptView,
CountSheet, ...), never call the core, and answer None from ``data()`` for what they do not
know. These lists are short (a delivery, a shelf, the latest adjustments); the product table,
which is not, fetches lazily (kiosk.ui.stock.product_model).
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from kiosk.core.localtime import VIETNAM
from kiosk.i18n import N_, _
from kiosk.ui.shared import text
from kiosk.ui.till.models import OBJECT_ROLE, _TableModel

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LOSS = QBrush(QColor("#b3261e"))
_GAIN = QBrush(QColor("#1b6e3a"))


def date_text(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def time_text(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(VIETNAM).strftime("%d/%m %H:%M")


def signed(unit: str, value: int) -> str:
    if value > 0:
        return "+" + text.quantity(unit, value)
    return text.stock(unit, value)


def reason_label(reason: str) -> str:
    labels = {
        "damaged": _("Damaged"),
        "expired": _("Expired"),
        "lost": _("Lost"),
        "sample": _("Sample"),
        "gift": _("Gift"),
        "returned": _("Returned to producer"),
    }
    return labels.get(reason, reason)


def status_label(status: str) -> str:
    labels = {
        "draft": _("Draft"),
        "confirmed": _("Confirmed"),
        "open": _("Open"),
        "applied": _("Applied"),
        "cancelled": _("Cancelled"),
    }
    return labels.get(status, status)


class _RowsModel(_TableModel):
    """Rows given whole by ``set_rows``; subclasses name the columns and make each row's text."""

    HEADERS: tuple[str, ...] = ()
    NUMERIC: frozenset[int] = frozenset()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[Any] = []

    @property
    def COLUMNS(self) -> int:
        return len(self.HEADERS)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self._items = list(rows)
        self._reset()

    def item(self, row: int) -> Any:
        return self._items[row] if 0 <= row < len(self._items) else None

    def _rows(self):
        return self._items

    def _headers(self):
        return [_(h) for h in self.HEADERS]

    def _numeric(self):
        return set(self.NUMERIC)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        obj = self._cell(index)
        if obj is None:
            return None
        if role == OBJECT_ROLE:
            return obj
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if index.column() in self.NUMERIC else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(index)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(obj, index.column())
        return None

    def _colour(self, obj: Any, column: int) -> QBrush | None:
        return None


class ReceiptLinesModel(_RowsModel):
    """A goods receipt's lines (ReceiptLineView)."""

    NAME, QTY, COST, AMOUNT, BATCH, EXPIRY, TERMS = range(7)
    HEADERS = (
        N_("Product"),
        N_("Qty"),
        N_("Unit cost"),
        N_("Cost"),
        N_("Batch"),
        N_("Expiry"),
        N_("Terms"),
    )
    NUMERIC = frozenset({QTY, COST, AMOUNT})

    def _row_texts(self, ln: Any) -> tuple[str, ...]:
        terms = (
            _("Consignment %(pct)d%%") % {"pct": ln.commission_pct}
            if ln.consignment
            else _("Owned")
        )
        cost = text.unit_price(ln.unit, ln.unit_cost_vnd) if ln.unit_cost_vnd is not None else "?"
        return (
            ln.name_vi,
            signed(ln.unit, ln.quantity)
            if ln.quantity < 0
            else text.quantity(ln.unit, ln.quantity),
            cost,
            text.money(ln.cost_vnd),
            ln.batch_no,
            date_text(ln.expiry_date),
            terms,
        )


class ReceiptListModel(_RowsModel):
    """Goods receipts, newest first (ReceiptSummary)."""

    WHEN, PRODUCER, NOTE_NO, STATUS, LINES, COST = range(6)
    HEADERS = (
        N_("Date"),
        N_("Producer"),
        N_("Delivery note"),
        N_("Status"),
        N_("Lines"),
        N_("Cost"),
    )
    NUMERIC = frozenset({LINES, COST})

    def _row_texts(self, r: Any) -> tuple[str, ...]:
        status = status_label(r.status)
        if r.reverses_id is not None:
            status = _("Reversal")
        return (
            time_text(r.confirmed_at or r.created_at),
            r.producer,
            r.delivery_note_no,
            status,
            str(r.lines),
            text.money(r.cost_vnd),
        )


class CountSheetModel(_RowsModel):
    """A count sheet's lines (CountLineView): expected, counted, variance and its value."""

    NAME, EXPECTED, COUNTED, VARIANCE, VALUE = range(5)
    HEADERS = (N_("Product"), N_("Expected"), N_("Counted"), N_("Variance"), N_("Value"))
    NUMERIC = frozenset({EXPECTED, COUNTED, VARIANCE, VALUE})

    def _row_texts(self, ln: Any) -> tuple[str, ...]:
        counted = "" if ln.counted is None else text.quantity(ln.unit, ln.counted)
        return (
            ln.name_vi,
            text.stock(ln.unit, ln.expected),
            counted,
            signed(ln.unit, ln.variance)
            if ln.variance
            else ("0" if ln.counted is not None else ""),
            text.money(ln.variance_value_vnd) if ln.variance else "",
        )

    def _colour(self, ln: Any, column: int) -> QBrush | None:
        if column in (self.VARIANCE, self.VALUE) and ln.variance:
            return _LOSS if ln.variance < 0 else _GAIN
        return None


class AdjustmentsModel(_RowsModel):
    """Stock adjustments, newest first (AdjustmentView)."""

    WHEN, NAME, QTY, REASON, NOTE, AFTER = range(6)
    HEADERS = (N_("Date"), N_("Product"), N_("Qty"), N_("Reason"), N_("Note"), N_("Stock now"))
    NUMERIC = frozenset({QTY, AFTER})

    def _row_texts(self, a: Any) -> tuple[str, ...]:
        return (
            time_text(a.created_at),
            a.name_vi,
            "−" + str(a.quantity),
            reason_label(a.reason),
            a.note,
            text.stock("piece", a.on_hand_after),
        )


class LowStockModel(_RowsModel):
    """Products below their reorder level, by producer (LowStockItem)."""

    PRODUCER, NAME, ON_HAND, LEVEL, SHORTFALL = range(5)
    HEADERS = (N_("Producer"), N_("Product"), N_("Stock"), N_("Reorder at"), N_("To order"))
    NUMERIC = frozenset({ON_HAND, LEVEL, SHORTFALL})

    def _row_texts(self, i: Any) -> tuple[str, ...]:
        return (
            i.producer or _("(no producer)"),
            i.name_vi,
            text.stock(i.unit, i.on_hand),
            text.quantity(i.unit, i.reorder_level),
            text.quantity(i.unit, i.shortfall),
        )


class ProducersModel(_RowsModel):
    """Producers by name (ProducerInfo)."""

    NAME, KIND, PROVINCE, PHONE, ACCOUNT = range(5)
    HEADERS = (N_("Producer"), N_("Kind"), N_("Province"), N_("Phone"), N_("Bank account"))

    def _row_texts(self, p: Any) -> tuple[str, ...]:
        return (
            p.name,
            producer_kind_label(p.kind),
            p.province,
            p.phone,
            f"{p.bank_bin} {p.bank_account}".strip(),
        )


def producer_kind_label(kind: str) -> str:
    labels = {
        "enterprise": _("Enterprise"),
        "cooperative": _("Cooperative (HTX)"),
        "coop_group": _("Cooperative group"),
        "household": _("Household"),
    }
    return labels.get(kind, kind)

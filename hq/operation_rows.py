"""The rows that an operation (anything but a sale or an audit event) becomes, as tuples per
table in the column orders of :data:`COLUMNS`; :class:`hq.entry_rows.Rows` writes them with the
sales' rows. A void also turns its sale ``voided`` (:attr:`voided`), the one update of a push.
"""

import datetime as dt
import uuid
import zoneinfo
from operator import attrgetter
from typing import Any

from hq import operations as ops

SHOP_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

MOVEMENT_FIELDS = ("id", "product_id", "kind", "quantity", "created_at")

_FIELDS: dict[str, tuple[str, ...]] = {
    "sale_voids": ("sale_id", "receipt_no", "shift_id", "user_id", "authorised_by", "reason",
                   "total_vnd", "created_at"),
    "refunds": ("id", "refund_no", "sale_id", "terminal_code", "business_date", "shift_id",
                "user_id", "authorised_by", "reason", "total_vnd", "vat_vnd", "rounding_vnd",
                "receipt_lang", "created_at"),
    "refund_lines": ("id", "line_no", "sale_line_id", "product_id", "name_vi", "name_en", "unit",
                     "quantity", "amount_vnd", "vat_rate_pct", "restock"),
    "refund_vat": ("rate_pct", "gross_vnd", "vat_vnd"),
    "refund_payments": ("id", "method", "amount_vnd", "reference"),
    "stock_adjustments": ("id", "product_id", "quantity", "reason", "note", "batch_no",
                          "movement_id", "user_id", "created_at"),
    "shifts": ("id", "terminal_code", "business_date", "opened_by", "opened_at", "float_vnd",
               "authorised_by"),
    "shift_closes": ("closed_by", "closed_at", "expected_cash_vnd", "counted_cash_vnd",
                     "difference_vnd", "notes"),
    "cash_movements": ("id", "shift_id", "kind", "amount_vnd", "reason", "user_id",
                       "authorised_by", "created_at"),
    "z_reports": ("id", "terminal_code", "z_no", "business_date", "first_opened_at", "closed_by",
                  "created_at", "sales_count", "sales_vnd", "refunds_vnd", "net_vnd",
                  "expected_cash_vnd", "counted_cash_vnd"),
    "settlements": ("id", "statement_no", "producer_id", "period_start", "period_end", "sold_vnd",
                    "refunded_vnd", "net_vnd", "commission_vnd", "owed_vnd", "created_by",
                    "created_at"),
    "goods_receipts": ("id", "producer_id", "delivery_note_no", "reverses_id", "confirmed_by",
                       "confirmed_at"),
    "goods_receipt_lines": ("id", "product_id", "quantity", "unit_cost_vnd", "batch_no",
                            "expiry_date", "consignment", "commission_pct"),
    "stock_counts": ("id", "scope", "scope_value", "opened_at", "applied_by", "applied_at"),
}  # fmt: skip
_FROM_ENTRY = ("entry_id", "terminal_id")
# What each table adds after its payload's fields.
_EXTRA: dict[str, tuple[str, ...]] = {
    "sale_voids": ("business_date", *_FROM_ENTRY),
    "refunds": _FROM_ENTRY,
    "refund_lines": ("refund_id",),
    "refund_vat": ("refund_id",),
    "refund_payments": ("refund_id",),
    "stock_adjustments": _FROM_ENTRY,
    "shifts": _FROM_ENTRY,
    "shift_closes": ("shift_id", *_FROM_ENTRY),
    "cash_movements": _FROM_ENTRY,
    "z_reports": ("shift_ids", *_FROM_ENTRY),
    "settlements": _FROM_ENTRY,
    "goods_receipts": _FROM_ENTRY,
    "goods_receipt_lines": ("receipt_id",),
    "stock_counts": ("lines", *_FROM_ENTRY),
    "catalogue_edits": ("entry_id", "terminal_id", "kind", "subject_id", "data", "created_at"),
}
COLUMNS: dict[str, tuple[str, ...]] = {
    name: (*_FIELDS.get(name, ()), *extra) for name, extra in _EXTRA.items()
}
_get = {name: attrgetter(*fields) for name, fields in _FIELDS.items()}
_movement = attrgetter(*MOVEMENT_FIELDS)


def business_date(moment: dt.datetime) -> dt.date:
    """The shop's day of ``moment`` (Vietnam time), as the kiosk dates its records."""
    return moment.astimezone(SHOP_TZ).date()


class OperationRows:
    """Rows of operations, per table; ``movements`` go to stock_movements, ``voided`` are the
    sales a void takes back."""

    def __init__(self, rows: dict[str, list[tuple]]):
        self.rows = rows
        self.voided: list[uuid.UUID] = []

    def add(self, entry: Any, payload: Any, terminal_id: int, now: dt.datetime) -> None:
        """Add the rows of one operation ``entry`` (of a kind of ``ops.OPERATION_MODELS``)."""
        kind, entry_id = entry.kind, entry.id
        ids = (entry_id, terminal_id)
        payload = _as_terminal(payload, entry.terminal_code)
        if isinstance(payload, ops.CatalogueEditPayload):
            self._row("catalogue_edits", (entry_id, terminal_id, kind, payload.subject_id,
                                          _jsonable(payload.data), now))  # fmt: skip
            return
        adder = getattr(self, f"_{kind}")
        adder(payload, ids)

    def _row(self, table: str, row: tuple) -> None:
        self.rows[table].append(row)

    def _head(self, table: str, record: Any, *extra: Any) -> None:
        self.rows[table].append((*_get[table](record), *extra))

    def _movements(self, movements: list[ops.MovementRecord], user_id, ids, sale_id=None):
        self.rows["stock_movements"].extend(
            [(*_movement(m), m.unit_cost_vnd, m.reason, user_id, *ids, sale_id) for m in movements]
        )

    def _void(self, p: ops.VoidPayload, ids: tuple) -> None:
        self._head("sale_voids", p, business_date(p.created_at), *ids)
        self._movements(p.movements, p.user_id, ids, p.sale_id)
        self.voided.append(p.sale_id)

    def _refund(self, p: ops.RefundPayload, ids: tuple) -> None:
        r = p.refund
        self._head("refunds", r, *ids)
        for table, records in (("refund_lines", p.lines), ("refund_vat", p.vat),
                               ("refund_payments", p.payments)):  # fmt: skip
            self.rows[table].extend([(*_get[table](x), r.id) for x in records])
        self.rows["stock_adjustments"].extend(
            [(*_get["stock_adjustments"](a), *ids) for a in p.adjustments]
        )
        self._movements(p.movements, r.user_id, ids, r.sale_id)

    def _shift_open(self, p: ops.ShiftOpenPayload, ids: tuple) -> None:
        self._head("shifts", p, *ids)

    def _shift_close(self, p: ops.ShiftClosePayload, ids: tuple) -> None:
        self._head("shift_closes", p, p.id, *ids)

    def _cash_movement(self, p: ops.CashMovementPayload, ids: tuple) -> None:
        self._head("cash_movements", p, *ids)

    def _z_report(self, p: ops.ZReportPayload, ids: tuple) -> None:
        self._head("z_reports", p, {"ids": [str(i) for i in p.shift_ids]}, *ids)

    def _settlement(self, p: ops.SettlementPayload, ids: tuple) -> None:
        self._head("settlements", p, *ids)

    def _goods_receipt(self, p: ops.GoodsReceiptPayload, ids: tuple) -> None:
        self._head("goods_receipts", p, *ids)
        self.rows["goods_receipt_lines"].extend(
            [(*_get["goods_receipt_lines"](x), p.id) for x in p.lines]
        )
        self._movements(p.movements, p.confirmed_by, ids)

    def _stock_count(self, p: ops.StockCountPayload, ids: tuple) -> None:
        lines = {"lines": [x.model_dump(mode="json") for x in p.lines]}
        self._head("stock_counts", p, lines, *ids)
        self._movements(p.movements, p.applied_by, ids)

    def _adjustment(self, p: ops.AdjustmentPayload, ids: tuple) -> None:
        self._head("stock_adjustments", p.model_copy(update={"movement_id": p.movement.id}), *ids)
        self._movements([p.movement], p.user_id, ids)


def _as_terminal(payload: Any, code: str) -> Any:
    """``payload`` under terminal ``code``: a record made before enrolment carries the code the
    terminal had then, and is this terminal's all the same."""
    if isinstance(payload, ops.RefundPayload) and payload.refund.terminal_code != code:
        refund = payload.refund.model_copy(update={"terminal_code": code})
        return payload.model_copy(update={"refund": refund})
    if getattr(payload, "terminal_code", code) != code:
        return payload.model_copy(update={"terminal_code": code})
    return payload


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` as JSON can hold it (it came from JSON: nothing to convert but to be sure)."""
    return {str(k): v for k, v in data.items()}

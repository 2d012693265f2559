"""The rows one refund writes (its lines, VAT, payments, stock movements and the write-offs of
goods that came back damaged) and writing them, with its audit event and outbox entry, in the
caller's transaction. What to refund and how it is paid back is decided in
:mod:`kiosk.core.cash.refunds`.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from db.ids import new_id
from db.models import Refund, RefundLine, RefundPayment, RefundVat, StockAdjustment
from kiosk.core.cash.refundable import RefundableLine
from kiosk.core.cash.voids import movement_row, write_stock
from kiosk.core.pricing import VatLine
from kiosk.core.records import audit, enqueue

# A refund line as priced: the sale line, where the goods go, how many, and the amount back.
PricedLine = tuple[RefundableLine, str, int, int]


@dataclass(frozen=True)
class RefundRows:
    """The rows one refund writes, as they go to the database and to head office."""

    refund: dict[str, Any]
    lines: list[dict[str, Any]]
    vat: list[dict[str, Any]]
    payments: list[dict[str, Any]]
    movements: list[dict[str, Any]]
    adjustments: list[dict[str, Any]]


def refund_rows(
    row: dict[str, Any],
    lines: list[PricedLine],
    vat: list[VatLine],
    payback: list[tuple[str, int]],
) -> RefundRows:
    """The refund's lines, VAT, payments and stock rows around its own ``row``."""
    refund_id = row["id"]
    line_rows = [
        {
            "id": new_id(),
            "refund_id": refund_id,
            "line_no": no,
            "sale_line_id": line.sale_line_id,
            "product_id": line.product_id,
            "name_vi": line.name_vi,
            "name_en": line.name_en,
            "unit": line.unit,
            "quantity": qty,
            "amount_vnd": amount,
            "vat_rate_pct": line.vat_rate_pct,
            "restock": restock,
        }
        for no, (line, restock, qty, amount) in enumerate(lines, start=1)
    ]
    vat_rows = [
        {"refund_id": refund_id, "rate_pct": v.rate_pct, "gross_vnd": v.gross_vnd,
         "vat_vnd": v.vat_vnd}
        for v in vat
    ]  # fmt: skip
    pay_rows = [
        {"id": new_id(), "refund_id": refund_id, "method": m, "amount_vnd": a,
         "reference": ""}
        for m, a in payback
    ]  # fmt: skip
    movements, adjustments = _stock_back(row, line_rows)
    return RefundRows(row, line_rows, vat_rows, pay_rows, movements, adjustments)


def _stock_back(row: dict[str, Any], line_rows: list[dict[str, Any]]) -> tuple[list, list]:
    """The refund's stock movements, and the adjustments that write off what came back damaged."""
    refund_no, sale_id, user_id, now = (
        row["refund_no"], row["sale_id"], row["user_id"], row["created_at"]
    )  # fmt: skip
    movements, adjustments = [], []
    for r in line_rows:
        movements.append(
            movement_row(r["product_id"], "refund", r["quantity"], refund_no, sale_id, user_id,
                         now)
        )  # fmt: skip
        if r["restock"] == "damaged":
            # Written off as the stock screens write it off: an adjustment (reason
            # "damaged") with its movement, so the manager's list of adjustments has it.
            out = movement_row(r["product_id"], "adjustment", -r["quantity"],
                               f"damaged: {refund_no}", sale_id, user_id, now)  # fmt: skip
            movements.append(out)
            adjustments.append(
                {"id": new_id(), "product_id": r["product_id"], "quantity": r["quantity"],
                 "reason": "damaged", "note": refund_no, "batch_no": "",
                 "movement_id": out["id"], "user_id": user_id, "created_at": now}
            )  # fmt: skip
    return movements, adjustments


def write_refund(s: Session, rows: RefundRows, sale_receipt_no: str) -> None:
    """Insert the refund's rows, move the stock with it, audit it and queue it with all its rows
    for head office, in the caller's transaction."""
    conn = s.connection()
    conn.execute(Refund.__table__.insert(), [rows.refund])
    conn.execute(RefundLine.__table__.insert(), rows.lines)
    if rows.vat:
        conn.execute(RefundVat.__table__.insert(), rows.vat)
    if rows.payments:
        conn.execute(RefundPayment.__table__.insert(), rows.payments)
    write_stock(conn, rows.movements, rows.refund["created_at"])
    if rows.adjustments:
        conn.execute(StockAdjustment.__table__.insert(), rows.adjustments)
    row = rows.refund
    audit(
        s,
        "refund",
        user_id=row["user_id"],
        authorised_by=row["authorised_by"],
        subject_id=str(row["id"]),
        at=row["created_at"],
        refund_no=row["refund_no"],
        receipt_no=sale_receipt_no,
        total_vnd=row["total_vnd"],
        reason=row["reason"],
    )
    enqueue(
        s,
        "refund",
        {
            "refund": row,
            "lines": rows.lines,
            "vat": rows.vat,
            "payments": rows.payments,
            "movements": rows.movements,
            "adjustments": rows.adjustments,
        },
    )

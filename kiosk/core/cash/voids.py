"""Voids of completed sales, the audit of cart lines voided before payment, and the stock
movements that bring goods back (refunds write theirs with the same helpers).

Before payment, voiding a line or the whole cart is the cart's job (``Cart.remove``/``clear``):
nothing was written, so nothing is reversed; :func:`record_cart_void` leaves the audit event.
After payment, a **void** (``Refunds.void_sale`` in :mod:`kiosk.core.cash.refunds`) takes back
a whole sale, only in the shift that made it (the money is still in the drawer), with a
manager's authorisation. The sale is marked ``voided`` and a ``sale_voids`` row says who and
why; its stock comes back by ``void`` movements. Reports leave voided sales out of every figure
and show them on their own line.
"""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from db.ids import new_id
from db.models import Refund, Sale, SaleVoid, StockMovement
from kiosk.core.cash.foreign_sales import refunded_elsewhere
from kiosk.core.errors import SaleHasRefunds, VoidOutsideShift
from kiosk.core.records import audit, enqueue
from kiosk.core.stock.ledger import LEVEL_UPSERT


@dataclass(frozen=True)
class VoidedSale:
    """A sale just voided, and the cash to hand back for it."""

    sale_id: uuid.UUID
    receipt_no: str
    total_vnd: int
    cash_vnd: int  # to hand back from the drawer
    voided_at: dt.datetime


def void(
    s: Session,
    sale: Sale,
    open_shift_id: uuid.UUID | None,
    *,
    actor,
    approver: uuid.UUID | None,
    reason: str,
    now: dt.datetime,
) -> VoidedSale:
    """Void the completed ``sale`` in the caller's transaction if it is of the open shift and
    has no refunds: mark it, put its stock back, audit it and queue it for head office."""
    if sale.shift_id is None or sale.shift_id != open_shift_id:
        raise VoidOutsideShift(
            receipt_no=sale.receipt_no, sale_shift_id=sale.shift_id, open_shift_id=open_shift_id
        )
    # Refunded here, or at another till as head office last said: a void would pay those goods
    # back a second time.
    if s.scalar(select(func.count()).where(Refund.sale_id == sale.id)) or any(
        refunded_elsewhere(s, sale.id)
    ):
        raise SaleHasRefunds(receipt_no=sale.receipt_no)
    s.execute(
        update(Sale).where(Sale.id == sale.id, Sale.status == "completed").values(status="voided")
    )
    void_row = {
        "sale_id": sale.id,
        "shift_id": open_shift_id,
        "user_id": actor.id,
        "authorised_by": approver,
        "reason": reason,
        "total_vnd": sale.total_vnd,
        "created_at": now,
    }
    conn = s.connection()
    conn.execute(SaleVoid.__table__.insert(), [void_row])
    movements = _stock_back(s, sale, actor, now)
    write_stock(conn, movements, now)
    cash = sum(p.amount_vnd for p in sale.payments if p.method == "cash")
    audit(
        s,
        "void",
        user_id=actor.id,
        authorised_by=approver,
        subject_id=str(sale.id),
        at=now,
        receipt_no=sale.receipt_no,
        total_vnd=sale.total_vnd,
        reason=reason,
    )
    enqueue(s, "void", {**void_row, "receipt_no": sale.receipt_no, "movements": movements})
    return VoidedSale(sale.id, sale.receipt_no, sale.total_vnd, cash, now)


def _stock_back(s: Session, sale: Sale, actor, now: dt.datetime) -> list[dict]:
    """The ``void`` movements that put the sale's goods back on the shelf."""
    # Found through the (product, time) index with the sale's products and moment: the ledger
    # keeps no index on sale_id for this rare look-up (~130 bytes a sale, migration 0013).
    sold = s.execute(
        select(StockMovement.product_id, func.sum(StockMovement.quantity))
        .where(
            StockMovement.product_id.in_({line.product_id for line in sale.lines}),
            StockMovement.created_at == sale.created_at,
            StockMovement.sale_id == sale.id,
            StockMovement.kind == "sale",
        )
        .group_by(StockMovement.product_id)
    ).all()
    movements = [
        movement_row(pid, "void", -qty, sale.receipt_no, sale.id, actor.id, now)
        for pid, qty in sold
    ]
    return movements


def record_cart_void(
    session_factory: sessionmaker[Session], actor, lines: Sequence[Any], *, whole_cart: bool
) -> None:
    """Audit lines voided from a cart before payment (``Cart.remove``/``clear`` write
    nothing): which goods, how many, for how much, by whom. ``lines`` are cart lines."""
    if not lines:
        return
    voided = [
        {
            "product_id": str(line.item.product_id),
            "name_vi": line.item.name_vi,
            "quantity": line.quantity,
            "gross_vnd": line.gross_vnd,
        }
        for line in lines
    ]
    with session_factory.begin() as s:
        audit(
            s,
            "cart_void" if whole_cart else "line_void",
            user_id=actor.id,
            lines=voided,
            total_vnd=sum(v["gross_vnd"] for v in voided),
        )


def movement_row(product_id, kind, quantity, reason, sale_id, user_id, now) -> dict[str, Any]:
    """A stock movement's row for goods that a void or a refund of ``sale_id`` moves."""
    return {
        "id": new_id(),
        "product_id": product_id,
        "kind": kind,
        "quantity": quantity,
        "unit_cost_vnd": None,
        "reason": reason,
        "sale_id": sale_id,
        "user_id": user_id,
        "created_at": now,
    }


def write_stock(conn, movements: list[dict[str, Any]], now: dt.datetime) -> None:
    """Append the movements and move the levels with them, in the caller's transaction."""
    if not movements:
        return
    conn.execute(StockMovement.__table__.insert(), movements)
    deltas: dict[uuid.UUID, int] = {}
    for m in movements:
        deltas[m["product_id"]] = deltas.get(m["product_id"], 0) + m["quantity"]
    levels = [{"product_id": p, "delta": d, "updated_at": now} for p, d in deltas.items() if d]
    if levels:
        conn.execute(LEVEL_UPSERT, levels)

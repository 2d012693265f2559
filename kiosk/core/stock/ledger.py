"""Posting to the stock ledger: movements appended and on-hand levels moved with them.

The one helper every stock writer uses; the checkout and refunds, which write their movements
with their sale, share its on-hand upsert (:data:`LEVEL_UPSERT_SQL`). All of it runs inside the
caller's transaction, so the ledger and the levels are always committed together:
``stock_levels.on_hand`` equals the sum of the product's movements at every commit.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from db.ids import new_id
from db.models import StockLevel, StockMovement

_MOVEMENTS, _LEVELS = StockMovement.__table__, StockLevel.__table__
# The on-hand upsert, shared by every writer of the ledger. Checkout runs the same text through
# the DB-API connection (db.raw) with the product id as hex and the time as stored.
LEVEL_UPSERT_SQL = (
    "INSERT INTO stock_levels (product_id, on_hand, updated_at) "
    "VALUES (:product_id, :delta, :updated_at) "
    "ON CONFLICT (product_id) DO UPDATE SET on_hand = on_hand + excluded.on_hand, "
    "updated_at = excluded.updated_at"
)
LEVEL_UPSERT = text(LEVEL_UPSERT_SQL).bindparams(
    bindparam("product_id", type_=_LEVELS.c.product_id.type),
    bindparam("delta", type_=_LEVELS.c.on_hand.type),
    bindparam("updated_at", type_=_LEVELS.c.updated_at.type),
)


@dataclass(frozen=True)
class Movement:
    """A movement to post: signed ``quantity`` (pieces or grams) of ``kind``."""

    product_id: uuid.UUID
    kind: str
    quantity: int
    reason: str = ""
    unit_cost_vnd: int | None = None


def post(
    session: Session, movements: list[Movement], *, user_id: uuid.UUID, at: dt.datetime
) -> list[dict]:
    """Append ``movements`` (zero quantities are skipped) and move the levels; returns the rows
    written, with their ids, in the order given."""
    rows = [
        {
            "id": new_id(),
            "product_id": m.product_id,
            "kind": m.kind,
            "quantity": m.quantity,
            "unit_cost_vnd": m.unit_cost_vnd,
            "reason": m.reason[:200],
            "sale_id": None,
            "user_id": user_id,
            "created_at": at,
        }
        for m in movements
        if m.quantity
    ]
    if not rows:
        return []
    conn = session.connection()
    conn.execute(_MOVEMENTS.insert(), rows)
    deltas: dict[uuid.UUID, int] = {}
    for row in rows:
        deltas[row["product_id"]] = deltas.get(row["product_id"], 0) + row["quantity"]
    conn.execute(
        LEVEL_UPSERT,
        [{"product_id": p, "delta": d, "updated_at": at} for p, d in deltas.items()],
    )
    return rows


def levels(session: Session, product_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """On-hand levels of ``product_ids`` (0 for a product never moved)."""
    found = dict(
        session.execute(
            select(StockLevel.product_id, StockLevel.on_hand).where(
                StockLevel.product_id.in_(product_ids)
            )
        ).all()
    )
    return {pid: found.get(pid, 0) for pid in product_ids}


def movement_payload(row: dict) -> dict:
    """What head office gets of a movement."""
    keys = ("id", "product_id", "kind", "quantity", "unit_cost_vnd", "reason", "created_at")
    return {k: row[k] for k in keys}

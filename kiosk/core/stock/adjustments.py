"""Stock adjustments: goods that leave the shelf other than by a sale.

Damaged, expired, lost, given as a sample or a gift, or returned to the producer: a quantity
and a reason (required, one of :data:`db.models.ADJUSTMENT_REASONS`), with an optional note and
batch. One transaction writes the adjustment, its negative ``adjustment`` movement, the stock
level, the audit event and an ``adjustment`` outbox entry.
"""

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import ADJUSTMENT_REASONS, Product, StockAdjustment, utcnow
from kiosk.core import errors
from kiosk.core.people.permissions import Permission, require
from kiosk.core.records import audit, enqueue
from kiosk.core.stock import ledger
from kiosk.core.stock.receipt_rules import check_quantity


@dataclass(frozen=True)
class AdjustmentView:
    id: uuid.UUID
    product_id: uuid.UUID
    name_vi: str
    quantity: int
    reason: str
    note: str
    batch_no: str
    user_id: uuid.UUID
    created_at: dt.datetime
    on_hand_after: int


class Adjustments:
    """Stock adjustments through ``session_factory``."""

    def __init__(
        self, session_factory: sessionmaker[Session], *, clock: Callable[[], dt.datetime] = utcnow
    ):
        self._sf = session_factory
        self._clock = clock

    def record(
        self,
        product_id: uuid.UUID,
        quantity: int,
        reason: str,
        *,
        by: Any,
        note: str = "",
        batch_no: str = "",
    ) -> AdjustmentView:
        """Take ``quantity`` (pieces, or grams) of the product off the stock for ``reason``.
        Stock may go below zero (the shelf is truth); the view says where it stands."""
        require(by, Permission.MANAGE_STOCK)
        if reason not in ADJUSTMENT_REASONS:
            raise errors.InvalidAdjustment(reason=reason)
        note, batch_no = (note or "").strip(), (batch_no or "").strip()
        if len(note) > 200 or len(batch_no) > 40:
            raise errors.InvalidAdjustment(reason=reason, field="note", problem="too_long")
        now = self._clock()
        with self._sf.begin() as s:
            product = s.get(Product, product_id)
            if product is None:
                raise errors.UnknownProduct(product_id=product_id)
            check_quantity(quantity, product.unit)
            text = f"{reason}: {note}" if note else reason
            (row,) = ledger.post(
                s,
                [ledger.Movement(product_id, "adjustment", -quantity, text)],
                user_id=by.id,
                at=now,
            )
            adjustment = StockAdjustment(
                product_id=product_id,
                quantity=quantity,
                reason=reason,
                note=note,
                batch_no=batch_no,
                movement_id=row["id"],
                user_id=by.id,
                created_at=now,
            )
            s.add(adjustment)
            s.flush()
            after = ledger.levels(s, [product_id])[product_id]
            _audit_and_enqueue(s, adjustment, row)
            return _view(adjustment, product, after)

    def list(
        self, *, product_id: uuid.UUID | None = None, reason: str | None = None, limit: int = 100
    ) -> list[AdjustmentView]:
        """Adjustments, newest first."""
        query = (
            select(StockAdjustment, Product)
            .join(Product, Product.id == StockAdjustment.product_id)
            .order_by(StockAdjustment.created_at.desc())
            .limit(limit)
        )
        if product_id is not None:
            query = query.where(StockAdjustment.product_id == product_id)
        if reason is not None:
            query = query.where(StockAdjustment.reason == reason)
        with self._sf() as s:
            rows = s.execute(query).all()
            levels = ledger.levels(s, list({a.product_id for a, _ in rows}))
            return [_view(a, p, levels[a.product_id]) for a, p in rows]


def _audit_and_enqueue(s: Session, adjustment: StockAdjustment, movement: dict) -> None:
    """Write the audit event and the ``adjustment`` outbox entry of a new adjustment."""
    audit(
        s,
        "stock_adjustment",
        user_id=adjustment.user_id,
        at=adjustment.created_at,
        subject_id=str(adjustment.product_id),
        quantity=adjustment.quantity,
        reason=adjustment.reason,
        note=adjustment.note,
    )
    enqueue(
        s,
        "adjustment",
        {
            "id": adjustment.id,
            "product_id": adjustment.product_id,
            "quantity": adjustment.quantity,
            "reason": adjustment.reason,
            "note": adjustment.note,
            "batch_no": adjustment.batch_no,
            "user_id": adjustment.user_id,
            "created_at": adjustment.created_at,
            "movement": ledger.movement_payload(movement),
        },
    )


def _view(a: StockAdjustment, product: Product, on_hand: int) -> AdjustmentView:
    return AdjustmentView(
        id=a.id,
        product_id=a.product_id,
        name_vi=product.name_vi,
        quantity=a.quantity,
        reason=a.reason,
        note=a.note,
        batch_no=a.batch_no,
        user_id=a.user_id,
        created_at=a.created_at,
        on_hand_after=on_hand,
    )

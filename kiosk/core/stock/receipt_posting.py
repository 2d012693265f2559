"""Posting a goods receipt to stock: the status change, one ``receipt`` movement per line, the
audit event and the ``goods_receipt`` outbox entry, in the caller's transaction.

Used by :meth:`kiosk.core.stock.goods_receipts.GoodsReceipts.confirm` and ``reverse``.
"""

import datetime as dt
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from db.models import GoodsReceipt
from kiosk.core import errors
from kiosk.core.records import audit, enqueue
from kiosk.core.stock import ledger
from kiosk.core.stock.receipt_rules import ConfirmedReceipt, receipt_view


def post_receipt(
    s: Session, receipt: GoodsReceipt, by: Any, now: dt.datetime, today: dt.date, event: str
) -> ConfirmedReceipt:
    """Confirm the draft ``receipt`` and post its lines to stock; ``event`` names the audit event."""
    _mark_confirmed(s, receipt, by, now)
    rows = _post_lines(s, receipt, by, now)
    s.flush()
    s.refresh(receipt)
    view = receipt_view(s, receipt, today)
    audit(
        s,
        event,
        user_id=by.id,
        at=now,
        subject_id=str(receipt.id),
        reverses=receipt.reverses_id,
        lines=len(rows),
        cost_vnd=view.cost_vnd,
    )
    enqueue(s, "goods_receipt", _payload(receipt, rows, by, now))
    return ConfirmedReceipt(view, view.warnings)


def _mark_confirmed(s: Session, receipt: GoodsReceipt, by: Any, now: dt.datetime) -> None:
    """Set the receipt confirmed, only if it is still a draft; else raise ReceiptNotDraft."""
    done = s.execute(
        update(GoodsReceipt)
        .where(GoodsReceipt.id == receipt.id, GoodsReceipt.status == "draft")
        .values(status="confirmed", confirmed_by=by.id, confirmed_at=now)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        raise errors.ReceiptNotDraft(receipt_id=receipt.id, confirmed_by=None)


def _post_lines(s: Session, receipt: GoodsReceipt, by: Any, now: dt.datetime) -> list[dict]:
    """One ``receipt`` movement per line, each linked to its line; returns the movement rows."""
    reason = f"{receipt.delivery_note_no}".strip() or str(receipt.id)
    rows = ledger.post(
        s,
        [
            ledger.Movement(line.product_id, "receipt", line.quantity, reason, line.unit_cost_vnd)
            for line in receipt.lines
        ],
        user_id=by.id,
        at=now,
    )
    for line, row in zip(receipt.lines, rows, strict=True):
        line.movement_id = row["id"]
    return rows


def _payload(receipt: GoodsReceipt, rows: list[dict], by: Any, now: dt.datetime) -> dict:
    """The outbox entry of a confirmed receipt: its lines and the movements posted."""
    return {
        "id": receipt.id,
        "producer_id": receipt.producer_id,
        "delivery_note_no": receipt.delivery_note_no,
        "reverses_id": receipt.reverses_id,
        "confirmed_by": by.id,
        "confirmed_at": now,
        "lines": [
            {
                "id": ln.id,
                "product_id": ln.product_id,
                "quantity": ln.quantity,
                "unit_cost_vnd": ln.unit_cost_vnd,
                "batch_no": ln.batch_no,
                "expiry_date": ln.expiry_date,
                "consignment": ln.consignment,
                "commission_pct": ln.commission_pct,
            }
            for ln in receipt.lines
        ],
        "movements": [ledger.movement_payload(r) for r in rows],
    }

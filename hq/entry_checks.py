"""Checks on entries that need more than the entry: head office's clock, and what is recorded.

Run by :mod:`hq.ingest` on each batch before anything is written; an entry that fails is
rejected on its own with its reason, and the rest of the batch goes on.

- Times must be plausible: not before 2020 (no OCOP till sold earlier), not more than a day
  ahead of head office's clock, and a record's business day within a day of when it was made.
- A void needs its sale, completed, at the same terminal; a refund needs its sale at head
  office. Both may come earlier in the same batch (entries are in outbox order).
"""

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hq import operations as ops
from hq import protocol
from hq.models import Sale
from hq.operation_rows import business_date

EARLIEST = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
AHEAD = dt.timedelta(days=1)


def _moments(entry: Any, payload: Any) -> Iterable[tuple[str, Any, dt.date | None]]:
    """(name, when, the business day it claims) of the times an entry carries."""
    yield "created_at", entry.created_at, None
    if isinstance(payload, protocol.SalePayload):
        yield "sale.created_at", payload.sale.created_at, payload.sale.business_date
    elif isinstance(payload, ops.RefundPayload):
        yield "refund.created_at", payload.refund.created_at, payload.refund.business_date
    elif isinstance(payload, ops.ShiftOpenPayload):
        yield "opened_at", payload.opened_at, payload.business_date
    elif payload is not None and isinstance(getattr(payload, "created_at", None), dt.datetime):
        yield "payload.created_at", payload.created_at, None


def time_problem(entry: Any, payload: Any, now: dt.datetime) -> str | None:
    """Why the entry's times are implausible, or None."""
    for name, when, day in _moments(entry, payload):
        if when < EARLIEST:
            return f"{name}: {when.isoformat()} is before {EARLIEST.date().isoformat()}"
        if when > now + AHEAD:
            return f"{name}: {when.isoformat()} is more than a day ahead of head office's clock"
        if day is not None and abs((day - business_date(when)).days) > 1:
            return f"business_date {day.isoformat()} is not the day of {name}"
    return None


def reference_problems(session: Session, terminal_id: int, judged: list[Any]) -> dict[int, str]:
    """Voids and refunds whose sale is not recorded (or not voidable): {index: reason}.

    ``judged`` are the entries still to apply, in batch order, each with ``index``, ``entry``
    and ``payload``.
    """
    wanted = {
        j.payload.sale_id if isinstance(j.payload, ops.VoidPayload) else j.payload.refund.sale_id
        for j in judged
        if isinstance(j.payload, (ops.VoidPayload, ops.RefundPayload))
    }
    if not wanted:
        return {}
    known: dict[uuid.UUID, tuple[int, str]] = {
        sale_id: (tid, status)
        for sale_id, tid, status in session.execute(
            select(Sale.id, Sale.terminal_id, Sale.status).where(Sale.id.in_(list(wanted)))
        )
    }
    refunded: set[uuid.UUID] = set()
    problems: dict[int, str] = {}
    for j in judged:
        p = j.payload
        if isinstance(p, protocol.SalePayload):
            known[p.sale.id] = (terminal_id, p.sale.status)
        elif isinstance(p, ops.VoidPayload):
            tid, status = known.get(p.sale_id, (None, None))
            if tid != terminal_id:
                problems[j.index] = f"void of sale {p.sale_id}, not recorded for this terminal"
            elif status != "completed" or p.sale_id in refunded:
                problems[j.index] = f"sale {p.sale_id} is {status} or refunded: not voidable"
            else:
                known[p.sale_id] = (tid, "voided")
        elif isinstance(p, ops.RefundPayload):
            sale_id = p.refund.sale_id
            if sale_id not in known:
                problems[j.index] = f"refund of sale {sale_id}, not recorded at head office"
            else:
                refunded.add(sale_id)
    return problems

"""Checks on entries that need more than the entry: head office's clock, and what is recorded.

Run by :mod:`hq.ingest` on each batch before anything is written; an entry that fails is
rejected on its own with its reason, and the rest of the batch goes on.

- Times must be plausible: not before 2020 (no OCOP till sold earlier), not more than a day
  ahead of head office's clock, and a record's business day within a day of when it was made.
- A void needs its sale, completed, at the same terminal; a refund needs its sale at head
  office, completed, in the refunding terminal's shop (any of its tills), and never takes back
  more of a line than was sold, counting every till's refunds. Sales may come earlier in the
  same batch (entries are in outbox order).
"""

import datetime as dt
import functools
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hq import operations as ops
from hq import protocol
from hq.models import Refund, Sale
from hq.operation_rows import business_date
from hq.returns import RefundCheck

EARLIEST = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
AHEAD = dt.timedelta(days=1)


@functools.cache
def _has_created_at(model: type) -> bool:
    """Whether payloads of ``model`` carry a ``created_at`` (asked of the class: asking a pydantic
    model instance for a field it lacks raises and catches an error, slow on every entry)."""
    return "created_at" in getattr(model, "model_fields", {})


def _moments(entry: Any, payload: Any) -> list[tuple[str, Any, dt.date | None]]:
    """(name, when, the business day it claims) of the times an entry carries."""
    moments: list[tuple[str, Any, dt.date | None]] = [("created_at", entry.created_at, None)]
    if isinstance(payload, protocol.SalePayload):
        moments.append(("sale.created_at", payload.sale.created_at, payload.sale.business_date))
    elif isinstance(payload, ops.RefundPayload):
        moments.append(
            ("refund.created_at", payload.refund.created_at, payload.refund.business_date)
        )
    elif isinstance(payload, ops.ShiftOpenPayload):
        moments.append(("opened_at", payload.opened_at, payload.business_date))
    elif (
        payload is not None
        and _has_created_at(type(payload))
        and isinstance(payload.created_at, dt.datetime)
    ):
        moments.append(("payload.created_at", payload.created_at, None))
    return moments


def time_problem(entry: Any, payload: Any, now: dt.datetime) -> str | None:
    """Why the entry's times are implausible, or None."""
    latest = now + AHEAD
    for name, when, day in _moments(entry, payload):
        if when < EARLIEST:
            return f"{name}: {when.isoformat()} is before {EARLIEST.date().isoformat()}"
        if when > latest:
            return f"{name}: {when.isoformat()} is more than a day ahead of head office's clock"
        if day is not None and abs((day - business_date(when)).days) > 1:
            return f"business_date {day.isoformat()} is not the day of {name}"
    return None


def time_problems(entries: list[tuple[int, Any, Any]], now: dt.datetime) -> dict[int, str]:
    """{index: why its times are implausible} of ``entries`` (index, entry, payload), as
    :func:`time_problem` says of each. Sales and audit events, the bulk of a push, are checked
    together: their times' earliest and latest against the bounds, in C, and the sales' business
    days; only if one fails is each looked at again for its reason (other kinds always are)."""
    problems: dict[int, str] = {}
    batch: list[tuple[int, Any, Any]] = []
    whens: list[dt.datetime] = []
    sales: list[tuple[dt.date, dt.datetime]] = []
    for index, entry, payload in entries:
        if isinstance(payload, protocol.SalePayload):
            sale = payload.sale
            whens += (entry.created_at, sale.created_at)
            sales.append((sale.business_date, sale.created_at))
        elif isinstance(payload, protocol.AuditPayload):  # no time of its own checked
            whens.append(entry.created_at)
        else:
            problem = time_problem(entry, payload, now)
            if problem:
                problems[index] = problem
            continue
        batch.append((index, entry, payload))
    plausible = not whens or (min(whens) >= EARLIEST and max(whens) <= now + AHEAD)
    if plausible and all(abs((day - business_date(when)).days) <= 1 for day, when in sales):
        return problems
    for index, entry, payload in batch:
        problem = time_problem(entry, payload, now)
        if problem:
            problems[index] = problem
    return problems


def _lock_sales(session: Session, judged: list[Any]) -> None:
    """Lock the rows of the sales the batch voids or refunds (PostgreSQL; in id order, so two
    pushes never wait on each other crosswise): two tills of a shop pushing refunds of the same
    receipt at once are judged one after the other, the second seeing the first's refunds."""
    ids = sorted(
        {j.payload.sale_id for j in judged if isinstance(j.payload, ops.VoidPayload)}
        | {j.payload.refund.sale_id for j in judged if isinstance(j.payload, ops.RefundPayload)}
    )
    if ids and session.get_bind().dialect.name == "postgresql":
        session.execute(select(Sale.id).where(Sale.id.in_(ids)).order_by(Sale.id).with_for_update())


def reference_problems(session: Session, terminal_id: int, judged: list[Any]) -> dict[int, str]:
    """Voids and refunds whose sale is not recorded (or not voidable), and refunds that take
    back more than was sold or a sale of another shop (:class:`hq.returns.RefundCheck`):
    {index: reason}.

    ``judged`` are the entries still to apply, in batch order, each with ``index``, ``entry``
    and ``payload``.
    """
    voids = {j.payload.sale_id for j in judged if isinstance(j.payload, ops.VoidPayload)}
    if not voids and not any(isinstance(j.payload, ops.RefundPayload) for j in judged):
        return {}
    _lock_sales(session, judged)
    refunds = RefundCheck(session, terminal_id, (j.payload for j in judged))
    known: dict[uuid.UUID, tuple[int, str]] = {
        sale_id: (tid, status)
        for sale_id, tid, status in session.execute(
            select(Sale.id, Sale.terminal_id, Sale.status).where(Sale.id.in_(list(voids)))
        )
    }
    # A sale refunded already, at this till or another of the shop, is not voidable: the void
    # would pay those goods back a second time.
    refunded: set[uuid.UUID] = set(
        session.scalars(select(Refund.sale_id).where(Refund.sale_id.in_(list(voids))).distinct())
        if voids
        else ()
    )
    problems: dict[int, str] = {}
    for j in judged:
        p = j.payload
        if isinstance(p, protocol.SalePayload):
            known[p.sale.id] = (terminal_id, p.sale.status)
            refunds.sold(p)
        elif isinstance(p, ops.VoidPayload):
            tid, status = known.get(p.sale_id, (None, None))
            if tid != terminal_id:
                problems[j.index] = f"void of sale {p.sale_id}, not recorded for this terminal"
            elif status != "completed" or p.sale_id in refunded:
                problems[j.index] = f"sale {p.sale_id} is {status} or refunded: not voidable"
            else:
                known[p.sale_id] = (tid, "voided")
                refunds.voided(p.sale_id)
        elif isinstance(p, ops.RefundPayload):
            problem = refunds.problem(p)
            if problem:
                problems[j.index] = problem
            else:
                refunded.add(p.refund.sale_id)
    return problems

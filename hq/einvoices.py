"""The shops' e-invoices as head office sees them: each terminal queues an ``einvoice`` entry
when an invoice is written (pending, with its sale) and at each change (issued with its number
and the tax authority's code, refused with the provider's reason, cancelled). Head office keeps
those entries as they came; this folds them into each invoice's latest state and lists the ones
a shop still has to deal with."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hq.models import Entry, Terminal

OPEN_STATES = ("pending", "failed")


@dataclass(frozen=True)
class InvoiceState:
    terminal_code: str
    key: str
    kind: str
    status: str
    symbol: str
    invoice_no: str
    reason: str
    since: dt.datetime


def open_invoices(session: Session, *, days: int = 30) -> list[InvoiceState]:
    """The invoices of the last ``days`` whose latest state is pending or refused, by shop."""
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    rows = session.execute(
        select(Terminal.code, Entry.payload, Entry.created_at)
        .join(Terminal, Terminal.id == Entry.terminal_id)
        .where(Entry.kind == "einvoice", Entry.created_at >= since)
        .order_by(Entry.terminal_id, Entry.seq)
    ).all()
    latest: dict[tuple[str, str], InvoiceState] = {}
    for code, payload, at in rows:
        if not isinstance(payload, dict) or not payload.get("key"):
            continue
        latest[(code, str(payload["key"]))] = InvoiceState(
            code,
            str(payload["key"]),
            str(payload.get("kind") or ""),
            str(payload.get("status") or ""),
            str(payload.get("symbol") or ""),
            str(payload.get("invoice_no") or ""),
            str(payload.get("reason") or ""),
            at,
        )
    return sorted(
        (s for s in latest.values() if s.status in OPEN_STATES),
        key=lambda s: (s.terminal_code, s.status != "failed", s.since),
    )

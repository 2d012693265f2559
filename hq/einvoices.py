"""The shops' e-invoices as head office sees them: each terminal queues an ``einvoice`` entry
when an invoice is written (pending, with its sale, whose payload carries the same state) and at
each change (issued with its number and the tax authority's code, refused with the provider's
reason, cancelled). The entries are kept as they came; :func:`record` folds them, in the push's
transaction, into each invoice's latest state (table ``einvoices``) and the company buyers they
name (``einvoice_buyers``), which the dashboard lists and the tills ask for.

A malformed invoice state is logged and skipped, never a reason to refuse its sale: the sale is
the shop's money, the invoice state only news about it, and the next entry brings it again.
"""

import datetime as dt
import functools
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from hq.models import EInvoice, EInvoiceBuyer, Terminal

log = logging.getLogger(__name__)

OPEN_STATES = ("pending", "failed")


class InvoiceWire(BaseModel):
    """An invoice's state as the kiosk sends it (kiosk.core.einvoice.pending.wire_status)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    key: str = Field(min_length=1, max_length=64)
    kind: str = Field(default="sale", max_length=10)
    sale_id: uuid.UUID | None = None
    status: str = Field(min_length=1, max_length=10)
    symbol: str = Field(default="", max_length=8)
    invoice_no: str = Field(default="", max_length=20)
    tax_authority_code: str = Field(default="", max_length=40)
    buyer_tax_code: str = Field(default="", max_length=14)
    buyer_name: str = Field(default="", max_length=200)
    buyer_address: str = Field(default="", max_length=300)
    reason: str = Field(default="", max_length=200)


@dataclass(frozen=True)
class Told:
    """One invoice state a terminal sent: in the entry ``seq`` made at ``at``."""

    seq: int
    at: dt.datetime
    wire: dict[str, Any]


def told_by(kind: str, entry_payload: Any, applied_payload: Any) -> dict[str, Any] | None:
    """The invoice state an entry carries, if any: an ``einvoice`` entry's payload, or a sale's
    ``einvoice`` field."""
    if kind == "einvoice":
        return entry_payload if isinstance(entry_payload, dict) else None
    if not _carries_invoice(type(applied_payload)):
        return None
    found = applied_payload.einvoice
    return found if isinstance(found, dict) else None


@functools.cache
def _carries_invoice(model: type) -> bool:
    """Whether payloads of ``model`` have an ``einvoice`` field (asked of the class: asking a
    pydantic model instance for a field it lacks raises and catches an error, slow per entry)."""
    return "einvoice" in getattr(model, "model_fields", {})


def record(session: Session, terminal_id: int, told: Iterable[Told]) -> int:
    """Fold the states ``told`` by terminal ``terminal_id`` into its invoices (an older state
    never overwrites a newer one) and remember the company buyers. Returns the invoices changed."""
    latest: dict[str, tuple[Told, InvoiceWire]] = {}
    buyers: dict[str, tuple[dt.datetime, InvoiceWire]] = {}
    for one in told:
        try:
            wire = InvoiceWire.model_validate(one.wire)
        except ValidationError as exc:
            log.warning("terminal %s: e-invoice state skipped: %s", terminal_id, exc.errors()[:1])
            continue
        if wire.key not in latest or one.seq >= latest[wire.key][0].seq:
            latest[wire.key] = (one, wire)
        named = buyers.get(wire.buyer_tax_code)
        if wire.buyer_tax_code and wire.buyer_name and (named is None or one.at >= named[0]):
            buyers[wire.buyer_tax_code] = (one.at, wire)
    for at, wire in buyers.values():
        _remember_buyer(session, wire, at)
    if not latest:
        return 0
    rows = {
        row.key: row
        for row in session.scalars(
            select(EInvoice).where(
                EInvoice.terminal_id == terminal_id, EInvoice.key.in_(list(latest))
            )
        )
    }
    changed = 0
    for key, (one, wire) in latest.items():
        row = rows.get(key)
        if row is None:
            row = EInvoice(terminal_id=terminal_id, key=key)
            session.add(row)
        elif row.seq > one.seq:
            continue
        row.kind, row.sale_id, row.status, row.symbol = (
            wire.kind,
            wire.sale_id,
            wire.status,
            wire.symbol,
        )
        row.invoice_no, row.tax_authority_code = wire.invoice_no, wire.tax_authority_code
        row.buyer_tax_code, row.reason = wire.buyer_tax_code, wire.reason
        row.seq, row.updated_at = one.seq, one.at
        changed += 1
    session.flush()
    return changed


def _remember_buyer(session: Session, wire: InvoiceWire, at: dt.datetime) -> None:
    buyer = session.get(EInvoiceBuyer, wire.buyer_tax_code)
    if buyer is None:
        session.add(
            EInvoiceBuyer(
                tax_code=wire.buyer_tax_code,
                name=wire.buyer_name,
                address=wire.buyer_address,
                updated_at=at,
            )
        )
    elif buyer.updated_at <= at:
        buyer.name, buyer.address, buyer.updated_at = wire.buyer_name, wire.buyer_address, at


def known_buyer(session: Session, tax_code: str) -> EInvoiceBuyer | None:
    """The company with ``tax_code`` as the latest invoice to it named it, if any shop has."""
    return session.get(EInvoiceBuyer, tax_code)


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
    """The invoices changed in the last ``days`` that are pending or refused, by shop, refused
    first."""
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    rows = session.execute(
        select(Terminal.code, EInvoice)
        .join(Terminal, Terminal.id == EInvoice.terminal_id)
        .where(EInvoice.status.in_(OPEN_STATES), EInvoice.updated_at >= since)
    ).all()
    states = [
        InvoiceState(code, i.key, i.kind, i.status, i.symbol, i.invoice_no, i.reason, i.updated_at)
        for code, i in rows
    ]
    return sorted(states, key=lambda s: (s.terminal_code, s.status != "failed", s.since))

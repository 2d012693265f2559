"""Invoices written as pending, always in the caller's transaction: the sale's own with the
sale (checkout), a decrease with a refund or with the void of an issued invoice, a replacement
when the buyer's details come after the invoice was issued (Decree 70/2025 art. 1, amending
Decree 123/2020 art. 19: an issued invoice with a code is never cancelled; it is adjusted or
replaced, and the new invoice names the one it changes).
"""

import datetime as dt
import logging
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.ids import new_id
from db.models import EInvoice, Sale
from kiosk.core.einvoice.rules import Buyer, check_buyer, check_template, symbol_for_year
from kiosk.core.errors import DomainError
from kiosk.core.localtime import VIETNAM
from kiosk.core.records import enqueue

log = logging.getLogger(__name__)


class InvoiceInFlight(DomainError):
    """The sale's invoice was sent and not yet answered: its buyer cannot change until it is."""


class BuyerTooLate(DomainError):
    """The sale is older than the days a buyer may still ask for an invoice (``days``)."""


class NoInvoicing(DomainError):
    """E-invoices are off at this shop."""


def enabled(settings: Mapping[str, Any]) -> bool:
    return bool(settings.get("einvoice_enabled"))


def sale_row(
    sale_id: uuid.UUID, created_at: dt.datetime, settings: Mapping[str, Any], buyer: Buyer | None
) -> dict[str, Any]:
    """The sale's invoice row, pending; keyed by the sale's id."""
    b = check_buyer(buyer or Buyer())
    year = created_at.astimezone(VIETNAM).year
    return {
        "id": new_id(),
        "key": str(sale_id),
        "kind": "sale",
        "sale_id": sale_id,
        "refund_id": None,
        "original_id": None,
        "foreign_refund": None,
        "status": "pending",
        "template": check_template(settings["einvoice_template"]),
        "symbol": symbol_for_year(settings["einvoice_symbol"], year),
        "buyer_name": b.name,
        "buyer_tax_code": b.tax_code,
        "buyer_id_no": b.id_no,
        "buyer_phone": b.phone,
        "buyer_address": b.address,
        "invoice_no": "",
        "tax_authority_code": "",
        "lookup_code": "",
        "lookup_url": "",
        "attempts": 0,
        "last_error": "",
        "created_at": created_at,
        "next_attempt_at": None,
        "issued_at": None,
    }


def wire_status(row: Mapping[str, Any] | EInvoice) -> dict[str, Any]:
    """What head office learns of an invoice (with the sale, then at each change). A company's
    name and address go with its tax code (head office keeps them for every till to fill in);
    a person's name, ID or phone never leave the terminal."""
    get = row.get if isinstance(row, Mapping) else lambda k: getattr(row, k)
    company = bool(get("buyer_tax_code"))
    return {
        "key": get("key"),
        "kind": get("kind"),
        "sale_id": str(get("sale_id")),
        "status": get("status"),
        "symbol": get("symbol"),
        "invoice_no": get("invoice_no"),
        "tax_authority_code": get("tax_authority_code"),
        "buyer_tax_code": get("buyer_tax_code"),
        "buyer_name": get("buyer_name") if company else "",
        "buyer_address": (get("buyer_address") or "") if company else "",
        "reason": (get("last_error") or "")[:200],
    }


def sale_invoice_row(s: Session, sale_id: uuid.UUID) -> EInvoice | None:
    return s.scalar(select(EInvoice).where(EInvoice.sale_id == sale_id, EInvoice.kind == "sale"))


def _derived(
    s: Session, first: EInvoice, kind: str, key: str, now: dt.datetime, **fields
) -> EInvoice:
    row = EInvoice(
        id=new_id(),
        key=key,
        kind=kind,
        sale_id=first.sale_id,
        original_id=first.id,
        status="pending",
        template=first.template,
        symbol=symbol_for_year(first.symbol, now.astimezone(VIETNAM).year),
        buyer_name=first.buyer_name,
        buyer_tax_code=first.buyer_tax_code,
        buyer_id_no=first.buyer_id_no,
        buyer_phone=first.buyer_phone,
        buyer_address=first.buyer_address,
        created_at=now,
        **fields,
    )
    s.add(row)
    s.flush()
    enqueue(s, "einvoice", wire_status(row))
    return row


def for_refund(
    s: Session, sale_id: uuid.UUID, refund_id: uuid.UUID, now: dt.datetime
) -> EInvoice | None:
    """The decrease a refund calls for, if the sale has an invoice (sent later, after it)."""
    first = sale_invoice_row(s, sale_id)
    if first is None or first.status == "cancelled":
        return None
    return _derived(s, first, "adjust", str(refund_id), now, refund_id=refund_id)


def for_foreign_refund(s: Session, refund: Mapping[str, Any], now: dt.datetime) -> EInvoice | None:
    """The decrease for a refund given at another till of the shop of a sale made here, as
    head office told it (``refund``: its id, refund_no, sale_id, created_at, total_vnd, lines
    and vat as JSON), if the sale has an invoice and the refund none yet (its id is the key)."""
    key = str(refund["id"])
    if s.scalar(select(EInvoice.id).where(EInvoice.key == key)) is not None:
        return None
    sale_id = uuid.UUID(str(refund["sale_id"]))
    first = sale_invoice_row(s, sale_id)
    if first is None or first.status == "cancelled":
        return None
    if s.scalar(select(Sale.status).where(Sale.id == sale_id)) == "voided":
        # Voided here after the other till refunded it (head office refuses that void): the
        # void's own adjustment took the whole invoice down already; a second would go below 0.
        log.warning("refund %s at another till of voided sale %s: no adjustment", key, sale_id)
        return None
    return _derived(s, first, "adjust", key, now, foreign_refund=dict(refund))


def for_void(s: Session, sale_id: uuid.UUID, now: dt.datetime) -> EInvoice | None:
    """A void: an invoice never sent is cancelled (it never existed); one that was sent is
    decreased to nothing by an adjustment."""
    first = sale_invoice_row(s, sale_id)
    if first is None or first.status == "cancelled":
        return None
    if first.status == "pending" and first.attempts == 0:
        first.status = "cancelled"
        enqueue(s, "einvoice", wire_status(first))
        return first
    return _derived(s, first, "adjust", f"{sale_id}:void", now)


def set_buyer(
    s: Session, sale: Sale, buyer: Buyer, settings: Mapping[str, Any], now: dt.datetime
) -> EInvoice:
    """The buyer's details for ``sale`` after the fact: on its invoice while it is not yet sent,
    otherwise on a replacement invoice."""
    if not enabled(settings):
        raise NoInvoicing()
    days = int(settings.get("einvoice_buyer_days", 7))
    if now - sale.created_at > dt.timedelta(days=days):
        raise BuyerTooLate(days=days, receipt_no=sale.receipt_no)
    clean = check_buyer(buyer)
    first = sale_invoice_row(s, sale.id)
    if first is None:
        row = EInvoice(**sale_row(sale.id, sale.created_at, settings, clean))
        s.add(row)
        s.flush()
        enqueue(s, "einvoice", wire_status(row))
        return row
    if first.status == "failed" or (first.status == "pending" and first.attempts == 0):
        _put_buyer(first, clean)
        return first
    if first.status != "issued":
        raise InvoiceInFlight(receipt_no=sale.receipt_no)
    n = s.scalar(
        select(func.count()).where(EInvoice.sale_id == sale.id, EInvoice.kind == "replace")
    )
    row = _derived(s, first, "replace", f"{sale.id}:r{n + 1}", now)
    _put_buyer(row, clean)
    return row


def _put_buyer(row: EInvoice, b: Buyer) -> None:
    row.buyer_name, row.buyer_tax_code, row.buyer_id_no = b.name, b.tax_code, b.id_no
    row.buyer_phone, row.buyer_address = b.phone, b.address

"""The back office's view of the shop's e-invoices: the recent ones with their state and the
provider's reason when refused, buyer details added to a recent sale, and the status the
status bar shows. Retrying and sending are :class:`~kiosk.core.einvoice.queue.InvoiceQueue`'s.
"""

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import EInvoice, Sale, own_sale
from kiosk.core.einvoice import pending
from kiosk.core.einvoice.rules import Buyer, tax_code_of
from kiosk.core.errors import DomainError
from kiosk.core.people.permissions import Permission, require


class UnknownReceipt(DomainError):
    """No sale with that receipt number (``receipt_no``)."""


@dataclass(frozen=True)
class InvoiceSummary:
    """One invoice as the back office lists it."""

    id: uuid.UUID
    sale_id: uuid.UUID
    receipt_no: str
    kind: str
    status: str
    symbol: str
    invoice_no: str
    tax_authority_code: str
    buyer: str
    total_vnd: int
    created_at: dt.datetime
    attempts: int
    last_error: str


class Invoices:
    """The shop's e-invoices on this terminal. ``clock`` is injectable for tests."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        settings: Mapping[str, Any],
        *,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ):
        self._sf = session_factory
        self._settings = settings
        self._clock = clock

    @property
    def enabled(self) -> bool:
        return pending.enabled(self._settings)

    def recent(self, *, days: int = 7, problems_only: bool = False) -> list[InvoiceSummary]:
        """The invoices of the last ``days``, newest first; only failed and pending ones when
        ``problems_only``."""
        since = self._clock() - dt.timedelta(days=days)
        query = (
            select(EInvoice, Sale.receipt_no, Sale.total_vnd)
            .join(Sale, Sale.id == EInvoice.sale_id)
            .where(EInvoice.created_at >= since)
            .order_by(EInvoice.created_at.desc())
            .limit(500)
        )
        if problems_only:
            query = query.where(EInvoice.status.in_(("pending", "failed")))
        with self._sf() as s:
            return [_summary(row, no, total) for row, no, total in s.execute(query)]

    def set_buyer(self, by, receipt_no: str, buyer: Buyer) -> InvoiceSummary:
        """A buyer asks for the invoice of a recent sale: their details go on its invoice, or on
        a replacement if it was already issued. Raises InvalidBuyer, BuyerTooLate,
        InvoiceInFlight, NoInvoicing, UnknownReceipt."""
        require(by, Permission.SELL)
        with self._sf.begin() as s:
            # Another till's sale (a copy kept for a refund) is invoiced by that till, once.
            sale = s.scalar(
                select(Sale).where(Sale.receipt_no == receipt_no.strip(), own_sale(Sale.id))
            )
            if sale is None:
                raise UnknownReceipt(receipt_no=receipt_no)
            row = pending.set_buyer(s, sale, buyer, self._settings, self._clock())
            s.flush()
            return _summary(row, sale.receipt_no, sale.total_vnd)


def _summary(row: EInvoice, receipt_no: str, total_vnd: int) -> InvoiceSummary:
    return InvoiceSummary(
        row.id,
        row.sale_id,
        receipt_no,
        row.kind,
        row.status,
        row.symbol,
        row.invoice_no,
        row.tax_authority_code,
        " · ".join(x for x in (row.buyer_name, row.buyer_tax_code) if x),
        total_vnd,
        row.created_at,
        row.attempts,
        row.last_error,
    )


def known_buyer_name(session_factory: sessionmaker[Session], tax_code: str) -> str:
    """The name an earlier invoice of this terminal gave the buyer with ``tax_code`` ("" if
    none): the clerk types the tax code and the company's name comes back."""
    found = known_buyer(session_factory, tax_code)
    return found.name if found else ""


def known_buyer(session_factory: sessionmaker[Session], tax_code: str) -> Buyer | None:
    """The company with ``tax_code`` as this terminal's latest invoice to it named it (name,
    tax code and address), None if none did: the till's own cache, offline."""
    printed = tax_code_of(tax_code)
    if not printed:
        return None
    with session_factory() as s:
        row = s.execute(
            select(EInvoice.buyer_name, EInvoice.buyer_address)
            .where(EInvoice.buyer_tax_code == printed, EInvoice.buyer_name != "")
            .order_by(EInvoice.created_at.desc())
            .limit(1)
        ).first()
    return Buyer(name=row[0], tax_code=printed, address=row[1]) if row else None

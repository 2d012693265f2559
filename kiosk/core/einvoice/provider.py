"""The interface every e-invoice provider is used through, and what it answers.

Providers are chosen by URL like the devices (``einvoice_url``, :mod:`kiosk.core.einvoice.providers`):
- ``local://``: the in-process provider of :mod:`kiosk.core.einvoice.book`, for the demo and
  tests (no network; its invoices live as long as the process);
- ``viettel://api-vinvoice.viettel.vn``: Viettel SInvoice over HTTPS
  (:mod:`kiosk.core.einvoice.viettel`);
- ``viettel+http://127.0.0.1:8765``: the same client over plain HTTP, for the local provider
  server (:mod:`kiosk.core.einvoice.server`) that speaks Viettel's API.
"""

from dataclasses import dataclass
from typing import Protocol

from kiosk.core.einvoice.document import InvoiceData
from kiosk.core.errors import DomainError


@dataclass(frozen=True)
class Issued:
    """What the provider gave back for an invoice: its number, the tax authority's code, and
    how a buyer looks it up (the lookup code and the page)."""

    invoice_no: str
    tax_authority_code: str
    lookup_code: str
    lookup_url: str


@dataclass(frozen=True)
class Credentials:
    """The shop's account at the provider (kept in sync_state like the head-office token)."""

    username: str = ""
    password: str = ""

    def __repr__(self) -> str:  # never in a log or a traceback
        return f"Credentials(username={self.username!r}, password='***')"


class ProviderUnavailable(DomainError):
    """The provider could not be reached or did not answer (``reason``): send again later."""


class ProviderRejected(DomainError):
    """The provider refused the invoice (``code``, ``reason``): sending it again as it is will
    not help; the back office shows the reason and can retry after fixing it."""


class InvoiceProvider(Protocol):
    def issue(self, invoice: InvoiceData, *, retry: bool) -> Issued:
        """Issue ``invoice`` once under its key. ``retry``: it may have been sent before without
        an answer, so the provider's copy is taken if it has one. Raises ProviderUnavailable or
        ProviderRejected."""
        ...

    def close(self) -> None: ...

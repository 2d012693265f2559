"""Which provider ``einvoice_url`` names (the schemes are listed in
:mod:`kiosk.core.einvoice.provider`). Local books are kept per name for the process's life, so
the demo's invoices survive the queue being rebuilt."""

import threading
from urllib.parse import urlsplit

from kiosk.core.einvoice.book import LocalProvider, ProviderBook
from kiosk.core.einvoice.provider import Credentials
from kiosk.core.einvoice.rules import InvalidInvoiceSetup
from kiosk.core.einvoice.viettel import ViettelClient

_LOCAL_LOCK = threading.Lock()
_LOCAL_BOOKS: dict[str, object] = {}


def provider_for(url: str, credentials: Credentials, *, timeout_s: float = 15.0):
    """The provider ``url`` names, or InvalidInvoiceSetup."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "local":
        with _LOCAL_LOCK:
            book = _LOCAL_BOOKS.setdefault(parts.netloc or "default", ProviderBook())
        return LocalProvider(book)
    if scheme in ("viettel", "viettel+http", "viettel+https") and parts.netloc:
        http = "http" if scheme == "viettel+http" else "https"
        return ViettelClient(
            f"{http}://{parts.netloc}{parts.path}", credentials, timeout_s=timeout_s
        )
    raise InvalidInvoiceSetup(field="einvoice_url", value=url)

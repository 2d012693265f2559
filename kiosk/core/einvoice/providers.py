"""Which provider ``einvoice_url`` names (the schemes are listed in
:mod:`kiosk.core.einvoice.provider`). Local books are kept per name for the process's life, so
the demo's invoices survive the queue being rebuilt."""

import threading
from urllib.parse import urlsplit

from kiosk.core.einvoice.book import LocalProvider, ProviderBook
from kiosk.core.einvoice.provider import Credentials
from kiosk.core.einvoice.rules import InvalidInvoiceSetup
from kiosk.core.einvoice.viettel import ViettelClient

# The schemes einvoice_url may start with (the settings screen checks a typed URL with these).
SCHEMES = ("local", "viettel", "viettel+http", "viettel+https")

_LOCAL_LOCK = threading.Lock()
_LOCAL_BOOKS: dict[str, object] = {}


def check_url(url: str) -> str:
    """``url`` stripped if it names a provider (local://, or a Viettel scheme with a host),
    or InvalidInvoiceSetup."""
    cleaned = url.strip()
    try:
        parts = urlsplit(cleaned)
    except ValueError as exc:
        raise InvalidInvoiceSetup(field="einvoice_url", value=url) from exc
    scheme = parts.scheme.lower()
    if "://" not in cleaned or " " in cleaned or scheme not in SCHEMES:
        raise InvalidInvoiceSetup(field="einvoice_url", value=url)
    if scheme != "local" and not parts.netloc:
        raise InvalidInvoiceSetup(field="einvoice_url", value=url)
    return cleaned


def provider_for(url: str, credentials: Credentials, *, timeout_s: float = 15.0):
    """The provider ``url`` names, or InvalidInvoiceSetup."""
    parts = urlsplit(check_url(url))
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

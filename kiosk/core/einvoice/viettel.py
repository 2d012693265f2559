"""Viettel SInvoice, written from its published API (v2, "SInvoice technical documentation for
integration", see docs/einvoice.md): log in for a bearer token, ``createInvoice`` with the
shop's transaction uuid (our idempotency key), ``searchInvoiceByTransactionUuid`` to learn
whether an invoice sent without an answer was made.

Exactly once: a retry first searches by the uuid and takes the provider's invoice if there is
one; a duplicate refusal is answered the same way. Network errors, timeouts and HTTP 5xx are
"unavailable" (send later); an answer with an ``errorCode`` is a refusal with its reason.
The password goes in the login body only and is never logged.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from kiosk.core.einvoice.book import DUPLICATE, issued_of
from kiosk.core.einvoice.document import InvoiceData
from kiosk.core.einvoice.provider import Credentials, Issued, ProviderRejected, ProviderUnavailable
from kiosk.core.einvoice.viettel_body import create_body

if TYPE_CHECKING:  # httpx loads when a shop's invoices are first sent, not at every start
    import httpx

log = logging.getLogger(__name__)

LOGIN = "/auth/login"
API = "/services/einvoiceapplication/api/InvoiceAPI/InvoiceWS"
DUPLICATE_CODES = {DUPLICATE, "TRANSACTION_UUID_EXISTED"}


class ViettelClient:
    """State: the API's base URL, the shop's credentials, an HTTP client (injectable) and the
    current bearer token (fetched on first use and again when refused)."""

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        *,
        timeout_s: float = 15.0,
        http: httpx.Client | None = None,
    ):
        import httpx

        self.base_url = base_url.rstrip("/")
        self._credentials = credentials
        self._http = http or httpx.Client(timeout=httpx.Timeout(timeout_s, connect=5.0))
        self._token: str | None = None

    def issue(self, invoice: InvoiceData, *, retry: bool) -> Issued:
        if retry and (found := self._search(invoice)) is not None:
            return found
        answer = self._post(
            f"{API}/createInvoice/{invoice.seller.tax_code}", json=create_body(invoice)
        )
        code = answer.get("errorCode")
        if code in DUPLICATE_CODES:
            found = self._search(invoice)
            if found is not None:
                return found
        if code or not answer.get("result"):
            raise ProviderRejected(
                code=str(code or "NO_RESULT"), reason=str(answer.get("description") or "")
            )
        return _issued(answer["result"])

    def _search(self, invoice: InvoiceData) -> Issued | None:
        answer = self._post(
            f"{API}/searchInvoiceByTransactionUuid",
            data={"supplierTaxCode": invoice.seller.tax_code, "transactionUuid": invoice.key},
        )
        results = answer.get("result") or []
        return _issued(results[0]) if results else None

    def _post(self, path: str, **body: Any) -> dict[str, Any]:
        for attempt in (1, 2):
            response = self._send(
                path, headers={"Authorization": f"Bearer {self._login()}"}, **body
            )
            if response.status_code in (401, 403) and attempt == 1:
                self._token = None  # expired: log in again once
                continue
            return _answer(response)
        raise ProviderRejected(code="AUTH", reason="the provider refused the shop's account")

    def _login(self) -> str:
        if self._token is None:
            response = self._send(
                LOGIN,
                json={
                    "username": self._credentials.username,
                    "password": self._credentials.password,
                },
            )
            if response.status_code in (400, 401, 403):
                raise ProviderRejected(
                    code="AUTH", reason="the provider refused the shop's account"
                )
            self._token = str(_answer(response).get("access_token") or "")
        return self._token

    def _send(self, path: str, **kw: Any) -> httpx.Response:
        import httpx

        try:
            return self._http.post(f"{self.base_url}{path}", **kw)
        except httpx.HTTPError as exc:
            raise ProviderUnavailable(reason=type(exc).__name__) from exc

    def close(self) -> None:
        self._http.close()


def _answer(response: httpx.Response) -> dict[str, Any]:
    if response.status_code >= 500 or response.status_code == 429:
        raise ProviderUnavailable(reason=f"HTTP {response.status_code}")
    if response.status_code >= 400:
        raise ProviderRejected(code=f"HTTP_{response.status_code}", reason=response.text[:200])
    try:
        answer = response.json()
    except ValueError as exc:
        raise ProviderUnavailable(reason="malformed answer") from exc
    if not isinstance(answer, dict):
        raise ProviderUnavailable(reason="malformed answer")
    return answer


def _issued(result: dict[str, Any]) -> Issued:
    if not result.get("invoiceNo"):
        raise ProviderUnavailable(reason="answer without an invoice number")
    return issued_of(result)

"""A provider's ledger, as a local provider for the demo (``local://``) and behind the local
provider server: it takes Viettel-shaped bodies, checks them the way a provider does, numbers
the invoices per template and symbol, gives each the tax authority's code, and keeps exactly one
invoice per ``transactionUuid`` (a second submission is refused as a duplicate; searching by the
uuid finds the first).

The code of an invoice from a cash register is made like the tax authority's format for it:
"M", the form digit, the year, five characters and an eleven-digit number
(M1-25-ABCDE-00000000001).
"""

import hashlib
import secrets
import threading
from typing import Any

from stdnum.vn import mst

from kiosk.core.einvoice.document import InvoiceData
from kiosk.core.einvoice.provider import Issued, ProviderRejected
from kiosk.core.einvoice.viettel_body import create_body

DUPLICATE = "DUPLICATE_TRANSACTION_UUID"


class ProviderBook:
    """State: the invoices by transaction uuid, the last number per (template, symbol), and
    the series the shop registered (None: any M series)."""

    def __init__(self, *, lookup_base: str = "https://tracuu.local/", series=None):
        self.lookup_base = lookup_base
        self.series = series
        self.invoices: dict[str, dict[str, Any]] = {}
        self._numbers: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()
        self._office = secrets.token_hex(3).upper()[:5]

    def create(self, body: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None, str]:
        """(result, None, "") for a new invoice, or (None, error code, description)."""
        problem = _problem(body, self.series)
        if problem:
            return None, *problem
        general = body["generalInvoiceInfo"]
        uid = general["transactionUuid"]
        with self._lock:
            if uid in self.invoices:
                return None, DUPLICATE, f"transactionUuid {uid} already has an invoice"
            key = (general["templateCode"], general["invoiceSeries"])
            number = self._numbers[key] = self._numbers.get(key, 0) + 1
            year = general["invoiceSeries"][1:3]
            code = f"M{general['invoiceType']}-{year}-{self._office}-{len(self.invoices) + 1:011d}"
            reservation = hashlib.sha256(f"{uid}{code}".encode()).hexdigest()[:10].upper()
            result = {
                "invoiceNo": f"{general['invoiceSeries']}{number}",
                "transactionID": uid,
                "reservationCode": reservation,
                "codeOfTax": code,
                "lookupUrl": f"{self.lookup_base}?code={reservation}",
                "body": body,
            }
            self.invoices[uid] = result
            return result, None, ""

    def find(self, uid: str) -> dict[str, Any] | None:
        with self._lock:
            return self.invoices.get(uid)


def _problem(body: dict[str, Any], series) -> tuple[str, str] | None:
    general, buyer = body.get("generalInvoiceInfo") or {}, body.get("buyerInfo") or {}
    symbol = str(general.get("invoiceSeries", ""))
    if not general.get("transactionUuid"):
        return "MISSING_TRANSACTION_UUID", "transactionUuid is required"
    if len(symbol) != 6 or symbol[3] != "M" or (series is not None and symbol[-2:] not in series):
        return "INVALID_INVOICE_SERIES", f"series {symbol} is not registered for cash registers"
    if buyer.get("buyerTaxCode") and not mst.is_valid(buyer["buyerTaxCode"]):
        return "INVALID_BUYER_TAX_CODE", f"buyer tax code {buyer['buyerTaxCode']} is not valid"
    items, summary = body.get("itemInfo") or [], body.get("summarizeInfo") or {}
    if not items:
        return "MISSING_ITEMS", "an invoice needs at least one item"
    if sum(i["taxAmount"] for i in items) != summary.get("totalTaxAmount") or sum(
        i["itemTotalAmountWithTax"] for i in items
    ) != summary.get("totalAmountWithTax"):
        return "INVALID_AMOUNT", "item amounts do not add up to the totals"
    return None


def issued_of(result: dict[str, Any]) -> Issued:
    return Issued(
        result["invoiceNo"],
        result.get("codeOfTax") or "",
        result.get("reservationCode") or "",
        result.get("lookupUrl") or "",
    )


class LocalProvider:
    """``local://``: the book in this process, through the same body Viettel's client sends."""

    def __init__(self, book: ProviderBook):
        self.book = book

    def issue(self, invoice: InvoiceData, *, retry: bool) -> Issued:
        if retry and (found := self.book.find(invoice.key)) is not None:
            return issued_of(found)
        result, code, reason = self.book.create(create_body(invoice))
        if code == DUPLICATE:
            return issued_of(self.book.find(invoice.key))
        if result is None:
            raise ProviderRejected(code=code, reason=reason)
        return issued_of(result)

    def close(self) -> None:
        pass

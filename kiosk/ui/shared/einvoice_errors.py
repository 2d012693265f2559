"""The e-invoice errors the UI has messages for, gathered from kiosk.core.einvoice."""

from kiosk.core.einvoice.invoices import UnknownReceipt as UnknownSaleReceipt
from kiosk.core.einvoice.pending import BuyerTooLate, InvoiceInFlight, NoInvoicing
from kiosk.core.einvoice.provider import ProviderRejected, ProviderUnavailable
from kiosk.core.einvoice.rules import InvalidBuyer, InvalidInvoiceSetup

__all__ = [
    "BuyerTooLate",
    "InvalidBuyer",
    "InvalidInvoiceSetup",
    "InvoiceInFlight",
    "NoInvoicing",
    "ProviderRejected",
    "ProviderUnavailable",
    "UnknownSaleReceipt",
]

"""Mapped classes of head office's store."""

from hq.models.base import Base, utcnow
from hq.models.catalogue import Barcode, CatalogueCounter, Price, Producer, Product
from hq.models.entries import Entry, RejectedEntry
from hq.models.sales import AuditEvent, Payment, Sale, SaleLine, SaleVat, StockMovement
from hq.models.terminals import Operator, OperatorSession, Terminal

__all__ = [
    "AuditEvent",
    "Barcode",
    "Base",
    "CatalogueCounter",
    "Entry",
    "Operator",
    "OperatorSession",
    "Payment",
    "Price",
    "Producer",
    "Product",
    "RejectedEntry",
    "Sale",
    "SaleLine",
    "SaleVat",
    "StockMovement",
    "Terminal",
    "utcnow",
]

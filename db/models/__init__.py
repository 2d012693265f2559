"""Mapped classes of the kiosk database."""

from db.models.base import Base, utcnow
from db.models.catalogue import (
    BARCODE_KINDS,
    PRICE_SOURCES,
    PRODUCER_KINDS,
    PRODUCT_GROUPS,
    UNITS,
    Barcode,
    Price,
    Producer,
    Product,
    Province,
)
from db.models.people import ROLES, Shift, User
from db.models.printing import PRINT_JOB_STATUSES, PrintJob
from db.models.records import AuditEvent, OutboxEntry, Setting, SyncState
from db.models.sales import PAYMENT_METHODS, Payment, ReceiptCounter, Sale, SaleLine, SaleVat
from db.models.stock import MOVEMENT_KINDS, StockLevel, StockMovement

__all__ = [
    "BARCODE_KINDS",
    "MOVEMENT_KINDS",
    "PAYMENT_METHODS",
    "PRICE_SOURCES",
    "PRINT_JOB_STATUSES",
    "PRODUCER_KINDS",
    "PRODUCT_GROUPS",
    "ROLES",
    "UNITS",
    "AuditEvent",
    "Barcode",
    "Base",
    "OutboxEntry",
    "Payment",
    "Price",
    "PrintJob",
    "Producer",
    "Product",
    "Province",
    "ReceiptCounter",
    "Sale",
    "SaleLine",
    "SaleVat",
    "Setting",
    "Shift",
    "StockLevel",
    "StockMovement",
    "SyncState",
    "User",
    "utcnow",
]

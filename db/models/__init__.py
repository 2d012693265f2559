"""Mapped classes of the kiosk database."""

from db.models.base import Base, utcnow
from db.models.cash import CASH_MOVEMENT_KINDS, CashMovement, ZReport
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
from db.models.einvoices import EINVOICE_KINDS, EINVOICE_STATUSES, EInvoice
from db.models.inventory import (
    ADJUSTMENT_REASONS,
    COUNT_SCOPES,
    COUNT_STATUSES,
    RECEIPT_STATUSES,
    GoodsReceipt,
    GoodsReceiptLine,
    StockAdjustment,
    StockCount,
    StockCountLine,
)
from db.models.parking import ParkedCartRow
from db.models.people import ROLES, PinGuard, Shift, User
from db.models.printing import PRINT_JOB_STATUSES, PrintJob
from db.models.records import AuditEvent, OutboxEntry, Setting, SyncState
from db.models.refunds import (
    RESTOCK_TARGETS,
    Refund,
    RefundLine,
    RefundPayment,
    RefundVat,
    SaleVoid,
)
from db.models.returns import ForeignSale, RefundedElsewhere, own_sale
from db.models.sales import PAYMENT_METHODS, Payment, ReceiptCounter, Sale, SaleLine, SaleVat
from db.models.settlement import Settlement
from db.models.stock import MOVEMENT_KINDS, StockLevel, StockMovement

__all__ = [
    "ADJUSTMENT_REASONS",
    "BARCODE_KINDS",
    "CASH_MOVEMENT_KINDS",
    "COUNT_SCOPES",
    "COUNT_STATUSES",
    "EINVOICE_KINDS",
    "EINVOICE_STATUSES",
    "MOVEMENT_KINDS",
    "PAYMENT_METHODS",
    "PRICE_SOURCES",
    "PRINT_JOB_STATUSES",
    "PRODUCER_KINDS",
    "PRODUCT_GROUPS",
    "RECEIPT_STATUSES",
    "RESTOCK_TARGETS",
    "ROLES",
    "UNITS",
    "AuditEvent",
    "Barcode",
    "Base",
    "CashMovement",
    "EInvoice",
    "ForeignSale",
    "GoodsReceipt",
    "GoodsReceiptLine",
    "OutboxEntry",
    "ParkedCartRow",
    "Payment",
    "PinGuard",
    "Price",
    "PrintJob",
    "Producer",
    "Product",
    "Province",
    "ReceiptCounter",
    "Refund",
    "RefundLine",
    "RefundPayment",
    "RefundVat",
    "RefundedElsewhere",
    "Sale",
    "SaleLine",
    "SaleVat",
    "SaleVoid",
    "Setting",
    "Settlement",
    "Shift",
    "StockAdjustment",
    "StockCount",
    "StockCountLine",
    "StockLevel",
    "StockMovement",
    "SyncState",
    "User",
    "ZReport",
    "own_sale",
    "utcnow",
]

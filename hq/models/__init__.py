"""Mapped classes of head office's store."""

from hq.models.bank import BankNotification, ExpectedTransfer
from hq.models.base import Base, utcnow
from hq.models.catalogue import Barcode, CatalogueCounter, Price, Producer, Product
from hq.models.einvoices import EInvoice, EInvoiceBuyer
from hq.models.entries import Entry, RejectedEntry
from hq.models.kiosk_users import KioskUser
from hq.models.operations import (
    CashMovement,
    CatalogueEdit,
    GoodsReceipt,
    GoodsReceiptLine,
    Refund,
    RefundLine,
    RefundPayment,
    RefundVat,
    SaleVoid,
    Settlement,
    Shift,
    ShiftClose,
    StockAdjustment,
    StockCount,
    ZReport,
)
from hq.models.packages import KioskPackage
from hq.models.reports import DailyPayments, DailyProductSales, DailyTerminalSales, StockOnHand
from hq.models.sales import AuditEvent, Payment, Sale, SaleLine, SaleVat, StockMovement
from hq.models.terminals import (
    Operator,
    OperatorSession,
    Shop,
    SignInFailure,
    SignInLockout,
    Terminal,
)

__all__ = [
    "AuditEvent",
    "BankNotification",
    "Barcode",
    "Base",
    "CashMovement",
    "CatalogueCounter",
    "CatalogueEdit",
    "DailyPayments",
    "DailyProductSales",
    "DailyTerminalSales",
    "EInvoice",
    "EInvoiceBuyer",
    "Entry",
    "ExpectedTransfer",
    "GoodsReceipt",
    "GoodsReceiptLine",
    "KioskPackage",
    "KioskUser",
    "Operator",
    "OperatorSession",
    "Payment",
    "Price",
    "Producer",
    "Product",
    "Refund",
    "RefundLine",
    "RefundPayment",
    "RefundVat",
    "RejectedEntry",
    "Sale",
    "SaleLine",
    "SaleVat",
    "SaleVoid",
    "Settlement",
    "Shift",
    "ShiftClose",
    "Shop",
    "SignInFailure",
    "SignInLockout",
    "StockAdjustment",
    "StockCount",
    "StockMovement",
    "StockOnHand",
    "Terminal",
    "ZReport",
    "utcnow",
]

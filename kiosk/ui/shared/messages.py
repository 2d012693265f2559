"""The one place where an error becomes words for the clerk.

Core, sync and hardware errors carry data, never text; each type maps here to one translated message
(filled in with its data). A type without an entry uses its nearest mapped base class, so a new
error is never shown raw. tests/ui/test_messages.py checks that every DomainError has an entry.
"""

import datetime as dt
from collections.abc import Callable, Mapping

from hardware import errors as hw
from kiosk.core import errors as core
from kiosk.core.localtime import VIETNAM
from kiosk.core.money import format_vnd
from kiosk.core.people.users import DuplicateUser, InvalidPin, InvalidUserName
from kiosk.core.sale.parking import NoSuchParkedCart
from kiosk.core.sale.receipt import UnknownRefund, UnknownSale
from kiosk.core.sale.till import NoSaleYet, NotSignedIn
from kiosk.core.settings_editor import InvalidSetting
from kiosk.core.sync.errors import NotEnrolled, SyncError, SyncRefused, SyncUnavailable
from kiosk.core.sync.service import InvalidEnrolCode, InvalidHqAddress
from kiosk.i18n import _, get_language
from kiosk.ui.shared import einvoice_errors as einvoice
from kiosk.ui.shared import text


def _vnd(value: object) -> str:
    return format_vnd(value, get_language()) if isinstance(value, int) else str(value or "")


def _until(value: object) -> str:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(VIETNAM).strftime("%H:%M")
    return "?"


def _wrong_pin(e: core.DomainError) -> str:
    left = e.data.get("attempts_left")
    if isinstance(left, int):
        return _("Wrong PIN. %(left)d tries left before the lock.") % {"left": left}
    return _("Wrong PIN.")


def _quantity(e: core.DomainError) -> str:
    if e.data.get("reason") in ("weighed_line", "fixed_amount_line"):
        return _("This line was weighed: remove it and weigh the goods again.")
    return _("That quantity is not possible.")


def _stock_words(data: Mapping[str, object]) -> dict[str, str]:
    """The product's name in the UI language and its quantities in its unit."""
    unit = str(data.get("unit", "piece"))
    name = data.get("name_en") if get_language() == "en" and data.get("name_en") else None
    count = {k: data.get(k) for k in ("wanted", "on_hand")}
    return {
        "name": str(name or data.get("name_vi", "")),
        **{k: text.stock(unit, v) if isinstance(v, int) else "?" for k, v in count.items()},
    }


def shortfall_text(short) -> str:
    """The warning when a line goes beyond the stock on hand (kiosk.core.sale.oversell)."""
    return _("%(name)s: %(wanted)s in the cart, only %(on_hand)s in stock.") % _stock_words(
        vars(short)
    )


def _out_of_stock(e: core.DomainError) -> str:
    return _(
        "%(name)s: only %(on_hand)s in stock, and this shop does not sell more than it has."
    ) % _stock_words(e.data)


def _setting(e: core.DomainError) -> str:
    reason = e.data.get("reason")
    if reason == "too_long":
        return _("At most %(n)d characters.") % {"n": e.data.get("max_length", 0)}
    return {
        "required": _("This cannot be empty."),
        "tax_code": _("A tax code has 10 digits (a branch: 10 digits, a dash and 3 more) or 12."),
        "bank_bin": _("Choose the bank."),
        "account": _("An account number has 1 to 19 letters and digits, no spaces."),
        "account_name": _(
            "The account holder's name in capitals without accents, as the bank shows it."
        ),
        "printer_url": _("A printer address starts with %(schemes)s."),
        "scanner_url": _("A scanner address starts with %(schemes)s."),
        "profile": _("Choose the printer model."),
        "language": _("Choose the receipt language."),
        "customer_display": _("Choose the screen for the customer display."),
        "hq_url": _("Type head office's address, such as https://hq.example.vn:8443."),
        "on_off": _("Choose on or off."),
        "einvoice_url": _("A provider address starts with %(schemes)s."),
        "einvoice_template": _("The template code starts with its form, 1 or 2, such as 1/001."),
        "einvoice_symbol": _("Six characters as registered, such as C25MAA (M: from a till)."),
        "buyer_days": _("A number of days from 0 to %(max_days)s."),
        "login": _("Type both the provider's user name and the password."),
    }.get(str(reason), _("That value is not possible.")) % {
        "schemes": ", ".join(f"{s}://" for s in e.data.get("schemes", ())),
        "max_days": e.data.get("max_days", ""),
    }


def _enrol_code(e: core.DomainError) -> str:
    if e.data.get("reason") == "empty":
        return _("Type the enrolment code that head office gave you.")
    return _(
        "An enrolment code has 24 letters and digits (dashes optional), as head office printed it."
    )


_Message = Callable[[core.DomainError], str]

MESSAGES: dict[type[BaseException], _Message] = {
    core.DomainError: lambda e: _("That could not be done. Nothing was changed."),
    core.MalformedBarcode: lambda e: _("That is not a barcode we can read."),
    core.BadCheckDigit: lambda e: (
        _("Barcode %(code)s misread (check digit). Scan again.") % {"code": e.data.get("code", "")}
    ),
    core.UnknownBarcode: lambda e: (
        _("Unknown barcode %(code)s: nothing was added.") % {"code": e.data.get("code", "")}
    ),
    core.UnknownProduct: lambda e: _("This product is no longer on sale."),
    core.NoPrice: lambda e: _("This product has no price yet. Ask the manager."),
    core.InvalidSearch: lambda e: _("Type a few letters of the product name."),
    core.DuplicateBarcode: lambda e: _("That barcode already belongs to another product."),
    core.DuplicateSku: lambda e: _("That product code is already used."),
    core.InvalidProduct: lambda e: _("The product details are not valid."),
    core.InvalidQuantity: _quantity,
    core.InvalidAmount: lambda e: _("That amount is not possible."),
    core.InvalidDiscount: lambda e: _("That discount is not possible."),
    core.OutOfStock: _out_of_stock,
    core.EmptyCart: lambda e: _("The cart is empty."),
    core.NoSuchLine: lambda e: _("That line is no longer in the cart."),
    core.PaymentShort: lambda e: (
        _("Still to pay: %(amount)s.") % {"amount": _vnd(e.data.get("missing_vnd"))}
    ),
    core.Overpaid: lambda e: _("Only cash can be more than the amount due."),
    core.InvalidPaymentDetails: lambda e: _(
        "The shop's bank details cannot make a VietQR code. Ask the manager."
    ),
    core.WrongPin: _wrong_pin,
    core.UserLocked: lambda e: (
        _("Too many wrong PINs. %(name)s can try again at %(time)s.")
        % {"name": e.data.get("name", ""), "time": _until(e.data.get("until"))}
    ),
    core.AuthorisationLocked: lambda e: (
        _("Too many wrong manager PINs at this till. Try again at %(time)s.")
        % {"time": _until(e.data.get("until"))}
    ),
    core.UnknownUser: lambda e: _("Choose your name first."),
    core.PermissionDenied: lambda e: _("Your role does not allow this."),
    core.AuthorisationRequired: lambda e: _("This needs a manager's PIN."),
    core.StorageError: lambda e: _(
        "The sale could not be saved (database problem). The cart is kept: try again."
    ),
    core.ImportFailed: lambda e: _("The file has errors; nothing was imported."),
    core.MissingReference: lambda e: _("Type the reference printed on the card slip."),
    core.InvalidReference: lambda e: (
        _("The reference is too long: %(max)d characters at most.")
        % {"max": e.data.get("max_length", 0)}
    ),
    core.NoOpenShift: lambda e: _("No shift is open. Ask the manager to open one."),
    core.ShiftAlreadyOpen: lambda e: _("A shift is already open at this till. Close it first."),
    core.ShiftAlreadyClosed: lambda e: _("That shift is closed already."),
    core.ShiftStillOpen: lambda e: _("Close the open shift before the end-of-day (Z) report."),
    core.NothingToReport: lambda e: _("No closed shift since the last Z report."),
    core.InvalidCashCount: lambda e: _("Check the cash count: a number of notes is not valid."),
    core.MissingReason: lambda e: _("Type a reason."),
    core.SaleVoided: lambda e: _("That sale was voided."),
    core.VoidOutsideShift: lambda e: _(
        "Only a sale of the open shift can be voided. Refund it instead."
    ),
    core.SaleHasRefunds: lambda e: _("That sale has refunds: refund the rest instead."),
    core.RefundTooMuch: lambda e: (
        _("Line %(line)s: only %(left)s left to refund.")
        % {
            "line": e.data.get("line_no", "?"),
            "left": (e.data.get("sold") or 0) - (e.data.get("refunded") or 0),
        }
    ),
    core.NothingToRefund: lambda e: _("Choose what to refund."),
    core.ReceiptElsewhereOffline: lambda e: _(
        "Receipt from another till; head office cannot be reached — try again when online."
    ),
    core.NotInThisShop: lambda e: _("No such receipt in this shop."),
    core.SaleOfAnotherTill: lambda e: (
        _("That sale was made at till %(till)s: refund it here, or void it there.")
        % {"till": e.data.get("terminal_code", "?")}
    ),
    core.ForeignProductUnknown: lambda e: (
        _("%(name)s is not in this till's catalogue yet: sync, then try again.")
        % {"name": e.data.get("name", "?")}
    ),
    core.InvalidPeriod: lambda e: _("The period ends before it starts."),
    core.StaleStatement: lambda e: _(
        "Someone settled with this producer meanwhile. Make the statement again."
    ),
    InvalidPin: lambda e: _("A PIN has 4 to 8 digits."),
    DuplicateUser: lambda e: _("A user of that name exists already."),
    InvalidUserName: lambda e: _("A name needs 1 to 80 letters, without control characters."),
    NoSuchParkedCart: lambda e: _("That parked cart was recalled already."),
    NotSignedIn: lambda e: _("Sign in first."),
    NoSaleYet: lambda e: _("There is no receipt to print yet."),
    UnknownSale: lambda e: _("That sale is not on this terminal."),
    UnknownRefund: lambda e: _("That refund is not on this terminal."),
    InvalidSetting: _setting,
    InvalidHqAddress: lambda e: _(
        "Type head office's address, such as https://hq.example.vn:8443."
    ),
    InvalidEnrolCode: _enrol_code,
    SyncError: lambda e: _("Sync with head office failed. Sales are kept and sent later."),
    SyncUnavailable: lambda e: _(
        "Head office cannot be reached. Sales are kept and sent when the network is back."
    ),
    SyncRefused: lambda e: _(
        "Head office refused this terminal: the code is wrong or used, or the terminal was "
        "revoked. Ask head office for a new enrolment code."
    ),
    NotEnrolled: lambda e: _(
        "This terminal is not enrolled at head office yet: an admin enrols it in Settings."
    ),
    hw.DeviceError: lambda e: _("The device is not working."),
    hw.PaperOut: lambda e: _("The printer is out of paper. Load paper, then reprint."),
    hw.DeviceOffline: lambda e: _("The printer is off or unplugged. Check it, then reprint."),
    hw.DeviceNotFound: lambda e: _("The printer was not found. Check it, then reprint."),
    hw.DeviceTimeout: lambda e: _("The printer does not answer. Check it, then reprint."),
    hw.DeviceBusy: lambda e: _("The printer is busy. Try again in a moment."),
}


def _batch(e: core.DomainError) -> str:
    reason = e.data.get("reason")
    if reason == "expired":
        return _("That expiry date has passed: a new batch cannot be received expired.")
    if reason == "required":
        return _("Food and herbal goods need the batch's expiry date.")
    return _("That batch number or expiry date is not possible.")


def _receipt_not_draft(e: core.DomainError) -> str:
    return _("This goods receipt was confirmed already; correct it with a reversing receipt.")


# Stock work of the manager (kiosk.core.stock.goods_receipts, counts, adjustments, products, producers).
MESSAGES.update(
    {
        core.UnknownProducer: lambda e: _("That producer is not known here."),
        core.InvalidProducer: lambda e: (
            _("The producer's %(field)s is not valid.") % {"field": e.data.get("field", "")}
        ),
        core.InvalidCost: lambda e: _("That unit cost is not possible (whole đồng, 0 or more)."),
        core.InvalidBatch: _batch,
        core.UnknownReceipt: lambda e: _("That goods receipt is not on this terminal."),
        core.ReceiptNotDraft: _receipt_not_draft,
        core.EmptyReceipt: lambda e: _("Add at least one line before confirming."),
        core.ReceiptNotReversible: lambda e: _("This goods receipt cannot be reversed."),
        core.UnknownCount: lambda e: _("That stock count is not on this terminal."),
        core.CountClosed: lambda e: _("This stock count was applied or cancelled already."),
        core.OutsideCount: lambda e: _("This product is not in the group being counted."),
        core.InvalidAdjustment: lambda e: _("Choose the reason for the adjustment."),
    }
)


def _buyer(e: core.DomainError) -> str:
    field = e.data.get("field")
    if field == "tax_code":
        return _("That tax code is not valid: check its digits (10, or 10, a dash and 3).")
    if field == "name":
        return _("A company's invoice needs its name.")
    return _("That phone number or ID number is not valid.")


# E-invoices (kiosk.core.einvoice).
MESSAGES.update(
    {
        einvoice.InvalidBuyer: _buyer,
        einvoice.InvalidInvoiceSetup: lambda e: (
            _("The e-invoice setting %(field)s is not valid.") % {"field": e.data.get("field", "")}
        ),
        einvoice.BuyerTooLate: lambda e: (
            _("This sale is more than %(days)s days old: no invoice can be asked for it now.")
            % {"days": e.data.get("days", "")}
        ),
        einvoice.InvoiceInFlight: lambda e: _(
            "The invoice is being sent to the provider. Try again in a minute."
        ),
        einvoice.NoInvoicing: lambda e: _("E-invoices are not turned on at this shop."),
        einvoice.UnknownSaleReceipt: lambda e: _("No sale with that receipt number."),
        einvoice.ProviderUnavailable: lambda e: _(
            "The e-invoice provider cannot be reached. Invoices are kept and sent later."
        ),
        einvoice.ProviderRejected: lambda e: (
            _("The e-invoice provider refused the invoice: %(reason)s")
            % {"reason": e.data.get("reason") or e.data.get("code", "")}
        ),
    }
)


def message_for(error: BaseException) -> str:
    """The clerk's message for ``error`` in the current UI language."""
    for cls in type(error).__mro__:
        if cls in MESSAGES:
            return MESSAGES[cls](error)  # type: ignore[arg-type]
    return _("Something went wrong. The cart is kept; the details are in the log.")


def is_expected(error: BaseException) -> bool:
    """Errors a clerk can cause or fix: shown, not reported as bugs."""
    return isinstance(error, core.DomainError | hw.DeviceError | SyncError)

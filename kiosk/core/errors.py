"""The domain's exceptions. They carry data, never UI text: the UI maps each type to one
translated message (see kiosk.ui), the CLI prints :func:`describe`.
"""


class DomainError(Exception):
    """Base of every error the core raises on purpose. Nothing was changed when it is raised."""

    def __init__(self, **data: object):
        self.data = data
        detail = ", ".join(f"{k}={v!r}" for k, v in data.items())
        super().__init__(f"{type(self).__name__}({detail})")


# Barcodes and catalogue
class MalformedBarcode(DomainError):
    """Not a code any of our symbologies can carry (empty, control characters, too long)."""


class BadCheckDigit(DomainError):
    """An EAN-13/EAN-8/UPC-A whose check digit does not match."""


class UnknownBarcode(DomainError):
    """A well-formed code that no product carries."""


class UnknownProduct(DomainError):
    """No product with that id (or it was removed from sale)."""


class NoPrice(DomainError):
    """The product has no price in force."""


class InvalidSearch(DomainError):
    """Search text that cannot be searched (too long, only punctuation)."""


class DuplicateBarcode(DomainError):
    """The barcode is already on another product (``code``, ``product_id``)."""


class DuplicateSku(DomainError):
    """Another product already has that ``sku``."""


class InvalidProduct(DomainError):
    """A product field with an impossible value (``field``, ``value``): unit, group, VAT rate,
    stars, missing name..."""


# Stock: goods receipts, counts, adjustments
class UnknownProducer(DomainError):
    """No producer with that id."""


class InvalidProducer(DomainError):
    """A producer field with an impossible value (``field``, ``value``, ``reason``)."""


class InvalidCost(DomainError):
    """A unit cost that is negative, not whole đồng, or absurd (``value``, ``reason``)."""


class InvalidBatch(DomainError):
    """A batch number or expiry date that cannot be right: ``reason`` is ``expired`` (an expiry
    date in the past for a new batch), ``required`` (food and herbal goods need one) or
    ``too_long``."""


class UnknownReceipt(DomainError):
    """No goods receipt (or receipt line) with that id."""


class ReceiptNotDraft(DomainError):
    """The goods receipt was confirmed already (maybe by another manager a moment ago): a
    confirmed receipt is never edited, only reversed. ``confirmed_by`` says who did."""


class EmptyReceipt(DomainError):
    """Confirming a goods receipt that has no lines."""


class ReceiptNotReversible(DomainError):
    """A draft, a reversing receipt, or a receipt reversed already (``reason``)."""


class UnknownCount(DomainError):
    """No stock count with that id."""


class CountClosed(DomainError):
    """The stock count was applied (or cancelled) already: ``status`` says which."""


class OutsideCount(DomainError):
    """The product is not in the group this count covers (``group``, ``product_group``)."""


class InvalidAdjustment(DomainError):
    """An adjustment without a known ``reason``."""


# Cart and payment
class InvalidQuantity(DomainError):
    """Zero, negative or absurd quantity."""


class InvalidAmount(DomainError):
    """A negative, overflowing or otherwise impossible amount of money."""


class InvalidDiscount(DomainError):
    """A discount below zero or above the amount it applies to."""


class OutOfStock(DomainError):
    """The shop refuses to sell more than is on hand (setting ``oversell``): ``sku``,
    ``name_vi``, ``name_en``, ``unit``, ``wanted`` and ``on_hand`` (pieces, or grams)."""


class EmptyCart(DomainError):
    """Checkout of a cart with no lines."""


class NoSuchLine(DomainError):
    """A cart line index or id that is not in the cart."""


class PaymentShort(DomainError):
    """Payments do not cover the total. ``missing_vnd`` says by how much."""


class Overpaid(DomainError):
    """Non-cash payments exceed the total (only cash can give change)."""


class InvalidPaymentDetails(DomainError):
    """Bank details or a transfer purpose that cannot go into a VietQR payload
    (``field`` names which one, ``reason`` why)."""


# Users and permissions
class WrongPin(DomainError):
    """The PIN does not match. ``attempts_left`` before the lock."""


class UserLocked(DomainError):
    """Too many wrong PINs; ``until`` is when the user may try again."""


class AuthorisationLocked(UserLocked):
    """Too many wrong manager PINs at this terminal; no authorisation until ``until``."""


class UnknownUser(DomainError):
    """No active user of that name or id."""


class PermissionDenied(DomainError):
    """The user's role does not allow ``permission``."""


class AuthorisationRequired(DomainError):
    """The action needs a manager's authorisation (``permission``); ``reason`` says why a proof
    that came was refused (``not_issued``, ``expired``, ``other_action``)."""


# Storage
class StorageError(DomainError):
    """The database could not be used (locked, corrupt, disk full). Nothing was written."""


class ImportFailed(DomainError):
    """A catalogue file had bad rows; ``errors`` lists (line, reason). Nothing was written."""


class MissingReference(DomainError):
    """A card payment without the terminal slip's reference."""


class InvalidReference(DomainError):
    """A payment reference head office would refuse (``problem``: "too_long" past
    ``max_length``, or "nul")."""


class NoOpenShift(DomainError):
    """Selling or paying in/out needs an open shift at this terminal."""


# Shifts, voids, refunds and producer settlement
class ShiftAlreadyOpen(DomainError):
    """This terminal has an open shift (``shift_id``): close it before opening another."""


class ShiftAlreadyClosed(DomainError):
    """The shift (``shift_id``) was closed at ``closed_at``; a shift is closed once."""


class ShiftStillOpen(DomainError):
    """The Z report ends the day: close the open shift (``shift_id``) first."""


class NothingToReport(DomainError):
    """No closed shift since the last Z report at this terminal."""


class InvalidCashCount(DomainError):
    """A counted-cash entry with an unknown ``denomination`` or an impossible ``count``."""


class MissingReason(DomainError):
    """A pay-in, pay-out, void or refund needs a reason (``action``)."""


class SaleVoided(DomainError):
    """The sale (``receipt_no``) was voided: it cannot be voided again or refunded."""


class VoidOutsideShift(DomainError):
    """A completed sale can only be voided in the shift that made it (``receipt_no``,
    ``sale_shift_id``, ``open_shift_id``); later, refund it."""


class SaleHasRefunds(DomainError):
    """The sale (``receipt_no``) has refunds: refund the rest instead of voiding it."""


class RefundTooMuch(DomainError):
    """More than was sold and not yet refunded on a line (``line_no``, ``sold``,
    ``refunded``, ``requested``)."""


class ReceiptElsewhereOffline(DomainError):
    """Not a receipt of this till, and head office, which knows the shop's other tills'
    receipts, cannot be reached (``receipt_no``)."""


class NotInThisShop(DomainError):
    """Head office knows no receipt ``receipt_no`` of this shop (none, or another shop's)."""


class SaleOfAnotherTill(DomainError):
    """The sale was made at till ``terminal_code`` (a copy from head office): it can be
    refunded here, not voided."""


class ForeignProductUnknown(DomainError):
    """A line of another till's sale is of a product this till does not have (``product_id``,
    ``name``): the catalogue has to be pulled first."""


class NothingToRefund(DomainError):
    """A refund with no lines or only zero quantities."""


class InvalidPeriod(DomainError):
    """A report or statement period that ends before it starts (``start``, ``end``)."""


class StaleStatement(DomainError):
    """The statement does not start where the producer's last settlement ended (``expected``,
    ``got``): someone settled meanwhile; make the statement again."""

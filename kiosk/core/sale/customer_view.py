"""What the customer display shows, as small immutable values built from the till's state.

The customer display is a second screen that faces the customer: the shop's name while nothing
is being sold, each line as it is scanned with the total, the VietQR code to pay by transfer,
then thanks and the change. Each of those is a frozen value built here by a pure function from
what the till already has (the cart's Totals, a VietQRRequest, a CompletedSale), so the Qt
window only draws it and tests check it without a window.

Texts follow the sale's receipt language, not the clerk's screen: a tourist who asked for an
English receipt reads English. "both" shows Vietnamese with English after it, as the receipt
prints it, and amounts the Vietnamese way.
"""

import dataclasses
from dataclasses import dataclass

from kiosk.core.money import format_qty, format_vnd, format_weight
from kiosk.core.sale.cart import Totals
from kiosk.core.sale.checkout import CompletedSale
from kiosk.core.sale.till import VietQRRequest
from kiosk.core.sale.transfers import TransferProgress, TransferStatus
from kiosk.core.terms import TERMS
from kiosk.i18n import N_, translations

LANGS = ("vi", "en", "both")

# Words of the customer display alone; those shared with the receipt are kiosk.core.terms.
LABELS = {
    "welcome": N_("Welcome"),
    "scan_to_pay": N_("Scan to pay with your banking app"),
    "bank": N_("Bank"),
    "account": N_("Account"),
    "account_name": N_("Account holder"),
    "reference": N_("Reference"),
    "thank_you": N_("Thank you, see you again!"),
    "customer_paid": N_("Customer paid"),
    "transfer_waiting": N_("Waiting for your transfer…"),
    "transfer_received": N_("Transfer received, thank you"),
    "transfer_short": N_("Received %(received)s of %(asked)s: please transfer the rest"),
}


@dataclass(frozen=True)
class ShownLine:
    """One cart line as the customer sees it: both names (the language picks), the quantity in
    pieces or grams, and what it costs after its discounts."""

    line_id: int
    name_vi: str
    name_en: str
    unit: str
    quantity: int
    amount_vnd: int

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_vi


@dataclass(frozen=True)
class Idle:
    """Nothing is being sold: the shop's name."""

    shop_name: str
    lang: str = "vi"


@dataclass(frozen=True)
class Lines:
    """A sale being rung up: its lines in cart order, the one that changed last
    (``latest_id``, to keep in view), the discounts given and the total."""

    shop_name: str
    lines: tuple[ShownLine, ...]
    total_vnd: int
    item_count: int
    discount_vnd: int = 0
    latest_id: int | None = None
    lang: str = "vi"


@dataclass(frozen=True)
class AwaitingTransfer:
    """The VietQR code to scan, with who gets the money and how much (``amount_vnd``, part of
    ``total_vnd`` when the payment is split). ``status`` is a line for the customer about the
    transfer (the bank's confirmation, when the till hears of it); empty shows nothing."""

    payload: str
    bank_name: str
    account: str
    account_name: str
    amount_vnd: int
    total_vnd: int
    reference: str = ""
    status: str = ""
    lang: str = "vi"


@dataclass(frozen=True)
class Paid:
    """The sale is on disk: thanks, what it cost, what the customer paid and the change."""

    total_vnd: int
    paid_vnd: int
    change_vnd: int
    lang: str = "vi"


CustomerView = Idle | Lines | AwaitingTransfer | Paid


def display_lang(receipt_lang: object) -> str:
    """The language of the display for a receipt language; Vietnamese for anything unknown."""
    return receipt_lang if receipt_lang in LANGS else "vi"  # type: ignore[return-value]


def idle_view(shop_name: str, lang: str = "vi") -> Idle:
    return Idle(shop_name, display_lang(lang))


def cart_view(
    totals: Totals | None,
    *,
    shop_name: str,
    lang: str = "vi",
    previous: CustomerView | None = None,
) -> Idle | Lines:
    """The cart as the customer sees it; an empty cart (or none) is the idle screen.

    ``previous`` is what the display showed before: the line whose quantity or amount differs
    from it is the latest (a second scan of a product grows its line, wherever it is); when
    nothing grew (a line removed), the last line is.
    """
    lang = display_lang(lang)
    if totals is None or not totals.lines:
        return Idle(shop_name, lang)
    lines = tuple(
        ShownLine(
            line_id=p.line.id,
            name_vi=p.line.item.name_vi,
            name_en=p.line.item.name_en,
            unit=p.line.item.unit,
            quantity=p.line.quantity,
            amount_vnd=p.amount_vnd,
        )
        for p in totals.lines
    )
    return Lines(
        shop_name=shop_name,
        lines=lines,
        total_vnd=totals.total_vnd,
        item_count=totals.item_count,
        discount_vnd=totals.line_discounts_vnd + totals.cart_discount_vnd,
        latest_id=_latest(lines, previous),
        lang=lang,
    )


def _latest(lines: tuple[ShownLine, ...], previous: CustomerView | None) -> int:
    before = {ln.line_id: ln for ln in previous.lines} if isinstance(previous, Lines) else {}
    for line in reversed(lines):
        old = before.get(line.line_id)
        if old is None or old.quantity != line.quantity:
            return line.line_id
    return lines[-1].line_id


def transfer_view(
    qr: VietQRRequest, *, total_vnd: int, lang: str = "vi", status: str = ""
) -> AwaitingTransfer:
    """The code the payment screen drew, for the customer to scan."""
    return AwaitingTransfer(
        payload=qr.payload,
        bank_name=qr.bank_name,
        account=qr.account,
        account_name=qr.account_name,
        amount_vnd=qr.amount_vnd,
        total_vnd=total_vnd,
        reference=qr.purpose,
        status=status,
        lang=display_lang(lang),
    )


def paid_view(sale: CompletedSale) -> Paid:
    """Thanks for ``sale``: what the customer handed over (cash before change, the other
    payments as taken) and the change, in the sale's receipt language."""
    paid = sum(
        p.tendered_vnd if p.tendered_vnd is not None else p.amount_vnd for p in sale.payments
    )
    return Paid(
        total_vnd=sale.totals.total_vnd,
        paid_vnd=paid,
        change_vnd=sale.change_vnd,
        lang=display_lang(sale.receipt_lang),
    )


def after_cart_change(current: CustomerView | None, new: Idle | Lines) -> CustomerView:
    """What to show once the cart changed: the thanks and change stay up while the cart is
    empty (the next customer's first scan replaces them)."""
    if isinstance(current, Paid) and isinstance(new, Idle):
        return current
    return new


def in_language(view: CustomerView, lang: str) -> CustomerView:
    """``view`` in another language (the clerk chose the receipt's on the payment screen)."""
    return dataclasses.replace(view, lang=display_lang(lang))


# -- texts -------------------------------------------------------------------------------------


def label(key: str, lang: str, *, sep: str = " / ") -> str:
    """The display's word for ``key`` ("thank_you"; or a receipt term: "total", "change") in
    ``lang``; "both" gives Vietnamese, ``sep``, English ("Tổng cộng / Total")."""
    source = LABELS.get(key) or TERMS[key]
    langs = ("vi", "en") if lang == "both" else (display_lang(lang),)
    return sep.join(translations(x).gettext(source) for x in langs)


def transfer_status(progress: TransferProgress | None, lang: str) -> str:
    """What the customer reads under the code about their transfer (a TransferProgress from
    kiosk.core.sale.transfers): waiting, received, or how much is missing. Head office being
    offline or the clerk's decisions are the clerk's business: the customer sees "waiting"."""
    if progress is None:
        return ""
    if progress.status is TransferStatus.RECEIVED:
        return label("transfer_received", lang)
    if progress.status is TransferStatus.UNDERPAID:
        langs = ("vi", "en") if lang == "both" else (display_lang(lang),)
        return " / ".join(
            translations(x).gettext(LABELS["transfer_short"])
            % {
                "received": money(progress.received_vnd, x),
                "asked": money(progress.amount_vnd, x),
            }
            for x in langs
        )
    return label("transfer_waiting", lang)


def money(amount_vnd: int, lang: str) -> str:
    """ "125.000 ₫" (vi, both) or "125,000 VND" (en)."""
    return format_vnd(amount_vnd, "en" if lang == "en" else "vi")


def quantity(line: ShownLine, lang: str) -> str:
    """ "2" pieces, or a weight in kilograms ("0,25 kg")."""
    money_lang = "en" if lang == "en" else "vi"
    if line.unit == "gram":
        return format_weight(line.quantity, money_lang)
    return format_qty(line.quantity, money_lang)


# -- which screen -------------------------------------------------------------------------------

# The setting ``customer_display``: off, auto (the first screen the till is not on) or a screen's
# number, counted from 1 as the operating system counts them.
SCREEN_CHOICES = ("off", "auto", "1", "2", "3", "4")


def display_screen(setting: str, screen_count: int, till_screen: int = 0) -> int | None:
    """The index of the screen to show the customer display on, or None for no display.

    A terminal with one screen has none; a screen that is not there, or the one the till itself
    fills, is never chosen (the display would cover the clerk's screen).
    """
    if screen_count < 2 or setting == "off":
        return None
    if setting == "auto":
        return next(i for i in range(screen_count) if i != till_screen)
    if not setting.isdigit():
        return None
    index = int(setting) - 1
    return index if 0 <= index < screen_count and index != till_screen else None

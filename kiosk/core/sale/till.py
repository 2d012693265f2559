"""A till session: everything the clerk's sale screen does, as plain calls a test can make.

The window only wires widgets to these methods and shows what they return or raise. One
:class:`Till` lives as long as the kiosk runs; people sign in and out of it.
"""

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from hardware.document import Document
from hq.bank.references import new_reference
from kiosk.core import status
from kiosk.core.errors import (
    AuthorisationRequired,
    DomainError,
    EmptyCart,
    InvalidQuantity,
)
from kiosk.core.people.permissions import Permission
from kiosk.core.people.users import Actor, Users
from kiosk.core.sale.cart import Cart, CartLine, Item, Totals
from kiosk.core.sale.checkout import Checkout, CompletedSale
from kiosk.core.sale.items import CatalogueLike, ProductLike, item_of
from kiosk.core.sale.oversell import Shortfall, StockGuard
from kiosk.core.sale.parked_store import ParkedStore
from kiosk.core.sale.parking import ParkedCart, ParkingLot
from kiosk.core.sale.payments import opens_drawer
from kiosk.core.sale.receipt import receipt_for_sale
from kiosk.core.sale.tendering import PaymentDraft
from kiosk.core.sale.vietqr import bank_by_bin, build_payload

log = logging.getLogger(__name__)


class NotSignedIn(DomainError):
    """The action needs a signed-in, unlocked clerk."""


@dataclass(frozen=True)
class ScanResult:
    """A scan either added or grew ``line``, or found a product sold by weight whose label
    carried no weight: ``needs_weight`` is the product, and nothing was added yet.
    ``short``: the line now wants more than is on hand (the shop warns, see oversell)."""

    line: CartLine | None = None
    needs_weight: Any = None
    short: Shortfall | None = None


@dataclass(frozen=True)
class VietQRRequest:
    """What the customer's screen shows: the payload to draw as a QR and who gets the money."""

    payload: str
    amount_vnd: int
    bank_name: str
    account: str
    account_name: str
    purpose: str


class Till:
    """State: the signed-in actor (or None), whether the screen is locked, the current cart,
    the parked carts, the last completed sale and the stock shortfall the last change to the
    cart made (``short``: None when it left the product within stock)."""

    def __init__(
        self,
        *,
        users: Users,
        catalogue: CatalogueLike,
        checkout: Checkout,
        settings: Mapping[str, Any],
        session_factory: sessionmaker[Session] | None = None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ):
        self.users = users
        self.catalogue = catalogue
        self.checkout = checkout
        self.settings = settings
        self._sf = session_factory
        self._clock = clock
        self.actor: Actor | None = None
        self.locked = False
        self.cart: Cart | None = None
        store = ParkedStore(session_factory, users.proofs) if session_factory else None
        self.parking = ParkingLot(clock, store)
        self.last_sale: CompletedSale | None = None
        self.stock = StockGuard(session_factory, settings)
        self.short: Shortfall | None = None

    @property
    def session_factory(self) -> sessionmaker[Session] | None:
        return self._sf

    # -- people ------------------------------------------------------------------------------

    def people(self) -> list[Actor]:
        """Who may sign in at this terminal."""
        return self.users.list()

    def sign_in(self, name: str, pin: str) -> Actor:
        """Sign ``name`` in. The same person unlocking keeps the cart; someone else taking over
        a locked till parks the cart that was on it."""
        actor = self.users.sign_in(name, pin)
        if self.actor is not None and self.actor.id != actor.id:
            self._park_current()
        if self.actor is None or self.actor.id != actor.id or self.cart is None:
            self.cart = self._new_cart(actor)
        self.actor, self.locked = actor, False
        return actor

    def unlock(self, name: str, *, manager: str, pin: str) -> Actor:
        """A manager (or admin) unlocks ``name``, locked out by wrong PINs (Users.unlock)."""
        return self.users.unlock(name, manager=manager, pin=pin)

    def lock(self) -> None:
        """Idle or on request: the screen needs a PIN again; the cart stays."""
        if self.actor is not None:
            self.locked = True

    def sign_out(self) -> None:
        """A cart with lines is parked, not lost."""
        self._park_current()
        self.actor, self.cart, self.locked = None, None, False

    @property
    def signed_in(self) -> bool:
        return self.actor is not None and not self.locked

    def _require(self) -> Cart:
        if not self.signed_in or self.cart is None:
            raise NotSignedIn()
        return self.cart

    def _new_cart(self, actor: Actor) -> Cart:
        return Cart(
            actor,
            discount_limit_pct=int(self.settings["clerk_discount_limit_pct"]),
            proofs=self.users.proofs,
        )

    # -- adding goods ------------------------------------------------------------------------

    def scan(self, code: str) -> ScanResult:
        """Add the product carrying ``code``. Raises UnknownBarcode, BadCheckDigit,
        MalformedBarcode or NoPrice and adds nothing."""
        cart = self._require()
        found = self.catalogue.lookup(code)
        item = item_of(found)
        weight = getattr(found, "weight_g", None)
        embedded = getattr(found, "embedded_price_vnd", None)
        barcode = getattr(found, "code", code)
        # The look-up read the stock level with the product: the check needs no second query.
        kw = {"barcode": barcode, "on_hand": getattr(found, "on_hand", None)}
        if embedded is not None:
            grams = 1
            if item.unit == "gram" and item.unit_price_vnd:
                grams = max(1, round(embedded * 1000 / item.unit_price_vnd))
            line = self._add(cart, item, grams, fixed_amount_vnd=embedded, **kw)
        elif weight is not None:
            line = self._add(cart, item, weight, **kw)
        elif item.unit == "gram":
            return ScanResult(needs_weight=found)
        else:
            line = self._add(cart, item, 1, **kw)
        return ScanResult(line, short=self.short)

    def add(self, product: ProductLike, quantity: int = 1, *, barcode: str = "") -> CartLine:
        """Add a product picked from a tile or a search result; ``quantity`` is grams for
        goods sold by weight. Raises OutOfStock when the shop refuses to oversell."""
        return self._add(self._require(), item_of(product), quantity, barcode=barcode)

    def _add(
        self, cart: Cart, item: Item, quantity: int, on_hand: int | None = None, **kw: Any
    ) -> CartLine:
        short = self.stock.check(cart, item, quantity, on_hand)
        line = cart.add(item, quantity, **kw)
        self.short = short
        return line

    def search(self, text: str, limit: int = 20, group: str | None = None) -> list[Any]:
        return self.catalogue.search(text, limit=limit, group=group)

    def favourites(self) -> list[Any]:
        return self.catalogue.favourites()

    def by_group(self, group: str) -> list[Any]:
        return self.catalogue.by_group(group)

    # -- the cart ----------------------------------------------------------------------------

    def set_quantity(self, line_id: int, quantity: int) -> None:
        cart = self._require()
        line = cart.line(line_id)
        short = self.stock.check(cart, line.item, quantity - line.quantity)
        cart.set_quantity(line_id, quantity)
        self.short = short

    def change_quantity(self, line_id: int, delta: int) -> CartLine | None:
        """+1 / -1 on a line of pieces. Going below one removes the line (returns None)."""
        cart = self._require()
        line = cart.line(line_id)
        if line.item.unit == "gram" or line.fixed_amount_vnd is not None:
            raise InvalidQuantity(quantity=line.quantity, reason="weighed_line")
        if line.quantity + delta < 1:
            cart.remove(line_id)
            return None
        self.set_quantity(line_id, line.quantity + delta)
        return line

    def remove(self, line_id: int) -> CartLine:
        return self._require().remove(line_id)

    def discount_line(
        self,
        line_id: int,
        *,
        percent: int | None = None,
        amount_vnd: int | None = None,
        manager_pin: str | None = None,
        manager: str | None = None,
    ) -> None:
        """Discount one line. Above the clerk's limit it raises AuthorisationRequired unless a
        manager's PIN is given (``manager``: whose, when the prompt named them); a wrong PIN
        raises WrongPin and counts (see Users.authorise)."""
        cart = self._require()
        self._authorised(
            lambda who: cart.set_line_discount(
                line_id, percent=percent, amount_vnd=amount_vnd, authorised_by=who
            ),
            manager_pin,
            manager,
        )

    def discount_cart(
        self,
        *,
        percent: int | None = None,
        amount_vnd: int | None = None,
        manager_pin: str | None = None,
        manager: str | None = None,
    ) -> None:
        cart = self._require()
        self._authorised(
            lambda who: cart.set_cart_discount(
                percent=percent, amount_vnd=amount_vnd, authorised_by=who
            ),
            manager_pin,
            manager,
        )

    def _authorised(
        self, apply: Callable[[Any], None], manager_pin: str | None, manager: str | None = None
    ) -> None:
        """Apply without a manager first: a discount within the limit never spends a
        manager's PIN attempt."""
        try:
            apply(None)
            return
        except AuthorisationRequired:
            if manager_pin is None:
                raise
        assert self.actor is not None
        proof = self.users.authorise(
            Permission.DISCOUNT_OVER_LIMIT, manager_pin, for_actor=self.actor, manager=manager
        )
        apply(proof)

    def totals(self) -> Totals:
        return self._require().totals()

    # -- parking -----------------------------------------------------------------------------

    def park(self) -> ParkedCart:
        cart = self._require()
        if cart.is_empty:
            raise EmptyCart()
        parked = self.parking.park(cart, self.actor.name if self.actor else "")
        self.cart = self._new_cart(self.actor)  # type: ignore[arg-type]
        return parked

    def parked(self) -> list[ParkedCart]:
        return self.parking.list()

    def recall(self, parked_id: int) -> Cart:
        """Bring a parked cart back; a cart in progress is parked in its place."""
        current = self._require()
        parked = self.parking.take(parked_id)
        if not current.is_empty:
            self.parking.park(current, self.actor.name if self.actor else "")
        cart = parked.cart
        if self.actor is not None and cart.actor != self.actor:
            # The lines and discounts move to whoever recalls them; discounts keep who
            # authorised them.
            recalled = self._new_cart(self.actor)
            recalled.lines, recalled._next_id = cart.lines, cart._next_id
            recalled.cart_discount = cart.cart_discount
            recalled.cart_discount_authorised_by = cart.cart_discount_authorised_by
            cart = recalled
        self.cart = cart
        return cart

    def _park_current(self) -> None:
        if self.cart is not None and not self.cart.is_empty:
            self.parking.park(self.cart, self.actor.name if self.actor else "")
        self.cart = None

    # -- payment -----------------------------------------------------------------------------

    def begin_payment(self) -> PaymentDraft:
        cart = self._require()
        if cart.is_empty:
            raise EmptyCart()
        reference = new_reference()  # unique: head office finds it in the bank's notification
        step = int(self.settings.get("cash_rounding_vnd", 0))
        return PaymentDraft(cart.totals().total_vnd, reference, rounding_step_vnd=step)

    def vietqr(self, amount_vnd: int, purpose: str) -> VietQRRequest:
        """The QR for a transfer of ``amount_vnd`` to the shop's account."""
        bank_bin = self.settings["vietqr_bank_bin"]
        account = self.settings["vietqr_account"]
        payload = build_payload(
            bank_bin=bank_bin, account=account, amount_vnd=amount_vnd, purpose=purpose
        )
        bank = bank_by_bin(bank_bin)
        return VietQRRequest(
            payload=payload,
            amount_vnd=amount_vnd,
            bank_name=bank.short_name if bank else bank_bin,
            account=account,
            account_name=self.settings["vietqr_account_name"],
            purpose=purpose,
        )

    def complete(self, draft: PaymentDraft, *, receipt_lang=None, buyer=None) -> CompletedSale:
        """Write the sale, with its receipt's print job (and its e-invoice, for ``buyer``); the
        till is at once ready for the next customer. On any error nothing was written."""
        cart = self._require()
        if cart.totals().total_vnd != draft.total_vnd:
            raise ValueError("the cart changed after the payment began")
        draft.check()
        sale = self.checkout.complete(
            cart, draft.tenders, receipt_lang=receipt_lang, print_receipt=True, buyer=buyer
        )
        self.last_sale = sale
        self.cart = self._new_cart(self.actor)  # type: ignore[arg-type]
        return sale

    def receipt(
        self,
        sale: CompletedSale | None = None,
        *,
        lang: str | None = None,
        reprint: bool = False,
    ) -> Document:
        """The receipt of ``sale`` (the last one by default), composed from what is stored. A
        first print of a sale taken partly in cash opens the drawer; a reprint never does."""
        sale = sale or self.last_sale
        if sale is None:
            raise NoSaleYet()
        if self._sf is None:
            raise NoSaleYet()
        return receipt_for_sale(
            self._sf,
            self.settings,
            sale_id=sale.id,
            lang=lang,
            open_drawer=opens_drawer(sale.payments) and not reprint,
        )

    # -- status ------------------------------------------------------------------------------

    def pending_sync(self) -> int:
        return status.pending_sync(self._sf) if self._sf is not None else 0

    def open_shift(self) -> status.OpenShift | None:
        if self._sf is None:
            return None
        return status.open_shift(self._sf, self.settings["terminal_code"])


class NoSaleYet(DomainError):
    """Reprint asked for before any sale was made in this session."""

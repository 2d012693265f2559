"""The cart: what the customer is buying, before payment. In memory; checkout writes it.

A cart belongs to the signed-in actor; discounts above their limit need a manager's
authorisation: the proof ``Users.authorise`` returned, redeemed here (a manager's Actor is
not enough).
"""

import uuid
from dataclasses import dataclass, field, replace
from typing import Any

from kiosk.core.errors import (
    AuthorisationRequired,
    InvalidAmount,
    InvalidDiscount,
    InvalidQuantity,
    NoSuchLine,
)
from kiosk.core.people.permissions import Permission, allows, require
from kiosk.core.pricing import (
    MAX_AMOUNT_VND,
    VatLine,
    allocate,
    percent_of,
    vat_by_rate,
    weighed_amount,
)

MAX_PIECES = 9_999
MAX_GRAMS = 100_000  # 100 kg on one line: more is a typing slip, not a sale


@dataclass(frozen=True)
class Item:
    """What the cart needs to know of a product, taken from the catalogue when added."""

    product_id: uuid.UUID
    sku: str
    name_vi: str
    name_en: str
    unit: str  # "piece" or "gram"
    vat_rate_pct: int
    unit_price_vnd: int  # per piece, or per kilogram for "gram"


@dataclass(frozen=True)
class Discount:
    """Either a percentage or a fixed amount in đồng."""

    percent: int | None = None
    amount_vnd: int | None = None

    def of(self, base_vnd: int) -> int:
        if self.percent is not None:
            return percent_of(base_vnd, self.percent)
        return min(self.amount_vnd or 0, base_vnd)


@dataclass
class CartLine:
    """One line. ``fixed_amount_vnd`` is set when a scale label carried the price."""

    id: int
    item: Item
    quantity: int
    barcode: str = ""
    fixed_amount_vnd: int | None = None
    discount: Discount | None = None
    discount_authorised_by: uuid.UUID | None = None

    @property
    def gross_vnd(self) -> int:
        if self.fixed_amount_vnd is not None:
            return self.fixed_amount_vnd
        if self.item.unit == "gram":
            return weighed_amount(self.item.unit_price_vnd, self.quantity)
        return self.item.unit_price_vnd * self.quantity

    @property
    def discount_vnd(self) -> int:
        return self.discount.of(self.gross_vnd) if self.discount else 0

    @property
    def net_vnd(self) -> int:
        return self.gross_vnd - self.discount_vnd


@dataclass(frozen=True)
class PricedLine:
    line: CartLine
    gross_vnd: int
    line_discount_vnd: int
    cart_discount_vnd: int
    amount_vnd: int


@dataclass(frozen=True)
class Totals:
    """What the screen and the receipt show. ``subtotal`` is after line discounts."""

    lines: tuple[PricedLine, ...]
    gross_vnd: int
    line_discounts_vnd: int
    subtotal_vnd: int
    cart_discount_vnd: int
    total_vnd: int
    vat: tuple[VatLine, ...]
    item_count: int

    @property
    def vat_vnd(self) -> int:
        return sum(v.vat_vnd for v in self.vat)


@dataclass
class Cart:
    """Lines, discounts and who is selling. ``discount_limit_pct`` comes from the settings."""

    actor: object  # kiosk.core.people.users.Actor: anything with id and role
    discount_limit_pct: int = 10
    lines: list[CartLine] = field(default_factory=list)
    cart_discount: Discount | None = None
    cart_discount_authorised_by: uuid.UUID | None = None
    # Where a manager's authorisation is redeemed (Users.proofs); None: nobody may go above.
    proofs: Any = None
    _next_id: int = 1

    def __post_init__(self):
        require(self.actor, Permission.SELL)

    # -- lines ---------------------------------------------------------------------------

    def add(
        self,
        item: Item,
        quantity: int = 1,
        *,
        barcode: str = "",
        fixed_amount_vnd: int | None = None,
    ) -> CartLine:
        """Add an item. A repeated piece item without a fixed amount adds to its line."""
        _check_quantity(item.unit, quantity)
        if item.unit_price_vnd < 0 or item.unit_price_vnd > MAX_AMOUNT_VND:
            raise InvalidAmount(amount_vnd=item.unit_price_vnd)
        if fixed_amount_vnd is not None and not 0 <= fixed_amount_vnd <= MAX_AMOUNT_VND:
            raise InvalidAmount(amount_vnd=fixed_amount_vnd)
        if item.unit == "piece" and fixed_amount_vnd is None:
            for line in self.lines:
                if (
                    line.item.product_id == item.product_id
                    and line.fixed_amount_vnd is None
                    and line.item.unit_price_vnd == item.unit_price_vnd
                ):
                    self.set_quantity(line.id, line.quantity + quantity)
                    return line
        line = CartLine(self._next_id, item, quantity, barcode, fixed_amount_vnd)
        self._check_total_with(line)
        self._next_id += 1
        self.lines.append(line)
        return line

    def line(self, line_id: int) -> CartLine:
        for line in self.lines:
            if line.id == line_id:
                return line
        raise NoSuchLine(line_id=line_id)

    def set_quantity(self, line_id: int, quantity: int) -> None:
        line = self.line(line_id)
        _check_quantity(line.item.unit, quantity)
        if line.fixed_amount_vnd is not None:
            # The price came printed on a scale label for one weighed pack.
            raise InvalidQuantity(quantity=quantity, reason="fixed_amount_line")
        candidate = replace(line, quantity=quantity)
        self._check_total_with(candidate, replacing=line)
        line.quantity = quantity

    def remove(self, line_id: int) -> CartLine:
        line = self.line(line_id)
        self.lines.remove(line)
        return line

    def clear(self) -> None:
        self.lines.clear()
        self.cart_discount = None
        self.cart_discount_authorised_by = None

    @property
    def is_empty(self) -> bool:
        return not self.lines

    # -- discounts -------------------------------------------------------------------------

    def set_line_discount(
        self,
        line_id: int,
        *,
        percent: int | None = None,
        amount_vnd: int | None = None,
        authorised_by=None,
    ) -> None:
        """Discount one line. ``percent`` and ``amount_vnd`` are exclusive; both None clears."""
        line = self.line(line_id)
        discount = _discount(percent, amount_vnd, line.gross_vnd)
        line.discount_authorised_by = self._check_limit(discount, line.gross_vnd, authorised_by)
        line.discount = discount

    def set_cart_discount(
        self, *, percent: int | None = None, amount_vnd: int | None = None, authorised_by=None
    ) -> None:
        subtotal = sum(line.net_vnd for line in self.lines)
        discount = _discount(percent, amount_vnd, subtotal)
        self.cart_discount_authorised_by = self._check_limit(discount, subtotal, authorised_by)
        self.cart_discount = discount

    def _check_limit(self, discount: Discount | None, base: int, authorised_by):
        """Who authorised a discount above the actor's limit (None when none was needed)."""
        if discount is None:
            return None
        given = discount.of(base)
        within = given * 100 <= base * self.discount_limit_pct
        if within or allows(self.actor.role, Permission.DISCOUNT_OVER_LIMIT):
            return None
        if authorised_by is None or self.proofs is None:
            raise AuthorisationRequired(permission=str(Permission.DISCOUNT_OVER_LIMIT))
        return self.proofs.redeem(authorised_by, Permission.DISCOUNT_OVER_LIMIT, self.actor)

    # -- totals ----------------------------------------------------------------------------

    def totals(self) -> Totals:
        nets = [line.net_vnd for line in self.lines]
        subtotal = sum(nets)
        cart_discount = self.cart_discount.of(subtotal) if self.cart_discount else 0
        shares = allocate(cart_discount, nets)
        priced = tuple(
            PricedLine(
                line=line,
                gross_vnd=line.gross_vnd,
                line_discount_vnd=line.discount_vnd,
                cart_discount_vnd=share,
                amount_vnd=net - share,
            )
            for line, net, share in zip(self.lines, nets, shares, strict=True)
        )
        return Totals(
            lines=priced,
            gross_vnd=sum(p.gross_vnd for p in priced),
            line_discounts_vnd=sum(p.line_discount_vnd for p in priced),
            subtotal_vnd=subtotal,
            cart_discount_vnd=cart_discount,
            total_vnd=subtotal - cart_discount,
            vat=tuple(vat_by_rate((p.line.item.vat_rate_pct, p.amount_vnd) for p in priced)),
            item_count=sum(1 if p.line.item.unit == "gram" else p.line.quantity for p in priced),
        )

    def _check_total_with(self, candidate: CartLine, replacing: CartLine | None = None) -> None:
        others = sum(line.gross_vnd for line in self.lines if line is not replacing)
        if others + candidate.gross_vnd > MAX_AMOUNT_VND:
            raise InvalidAmount(amount_vnd=others + candidate.gross_vnd)


def _check_quantity(unit: str, quantity: int) -> None:
    limit = MAX_GRAMS if unit == "gram" else MAX_PIECES
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 0 < quantity <= limit:
        raise InvalidQuantity(quantity=quantity, unit=unit, limit=limit)


def _discount(percent: int | None, amount_vnd: int | None, base: int) -> Discount | None:
    if percent is None and amount_vnd is None:
        return None
    if percent is not None and amount_vnd is not None:
        raise InvalidDiscount(reason="both_percent_and_amount")
    value = percent if percent is not None else amount_vnd
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidDiscount(value=value)
    if percent is not None and not 0 <= percent <= 100:
        raise InvalidDiscount(percent=percent)
    if amount_vnd is not None and not 0 <= amount_vnd <= base:
        raise InvalidDiscount(amount_vnd=amount_vnd, base_vnd=base)
    if value == 0:
        return None
    return Discount(percent=percent, amount_vnd=amount_vnd)

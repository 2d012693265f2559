"""Selling more than is on hand: the shop's ``oversell`` setting says whether the till warns
(the line is added, the clerk sees a notice, the manager sees the product below zero) or refuses.

Warning is the default, as DESIGN.md has it: the shelf is the truth and the count may be wrong.
A shop that trusts its counts refuses instead; checkout then checks again inside its write
transaction, so a cart built before the setting changed, or before another terminal's sale
took the last piece, cannot sell what is not there.
"""

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from kiosk.core.errors import OutOfStock
from kiosk.core.sale.cart import Cart, Item, Totals
from kiosk.core.stock.ledger import levels

OVERSELL_MODES = ("warn", "refuse")


@dataclass(frozen=True)
class Shortfall:
    """The cart wants ``wanted`` of a product (pieces, or grams) and ``on_hand`` are in stock."""

    product_id: uuid.UUID
    sku: str
    name_vi: str
    name_en: str
    unit: str
    wanted: int
    on_hand: int

    def error(self) -> OutOfStock:
        return OutOfStock(
            sku=self.sku,
            name_vi=self.name_vi,
            name_en=self.name_en,
            unit=self.unit,
            wanted=self.wanted,
            on_hand=self.on_hand,
        )


def refuses(settings: Mapping[str, Any]) -> bool:
    return settings.get("oversell", "warn") == "refuse"


def in_cart(cart: Cart, product_id: uuid.UUID) -> int:
    """How much of the product the cart holds, over all its lines."""
    return sum(line.quantity for line in cart.lines if line.item.product_id == product_id)


class StockGuard:
    """Checks a change to a cart against the on-hand levels; holds the settings it reads."""

    def __init__(self, session_factory: sessionmaker[Session] | None, settings: Mapping[str, Any]):
        self._sf = session_factory
        self._settings = settings

    def check(
        self, cart: Cart, item: Item, adding: int, on_hand: int | None = None
    ) -> Shortfall | None:
        """Before ``adding`` more of ``item`` to ``cart``: the shortfall it makes (None when
        there is enough, or when the change adds nothing). Raises OutOfStock instead when the
        shop refuses to oversell. ``on_hand``: the level just read with the product (a scan's
        look-up reads it in the same query), else it is read here."""
        if adding <= 0 or self._sf is None:
            return None
        wanted = in_cart(cart, item.product_id) + adding
        if on_hand is None:
            with self._sf() as session:
                on_hand = levels(session, [item.product_id])[item.product_id]
        if wanted <= on_hand:
            return None
        short = Shortfall(
            item.product_id, item.sku, item.name_vi, item.name_en, item.unit, wanted, on_hand
        )
        if refuses(self._settings):
            raise short.error()
        return short


def refuse_short_in(
    con, totals: Totals, sold: Mapping[uuid.UUID, int], to_db: Callable[[uuid.UUID], Any]
) -> None:
    """Raise OutOfStock for the first product the sale takes more of than is on hand, read in
    ``con``'s (the checkout's) write transaction. ``to_db`` binds a product id as stored."""
    items = {p.line.item.product_id: p.line.item for p in totals.lines}
    for product_id, quantity in sold.items():
        row = con.execute(
            "SELECT on_hand FROM stock_levels WHERE product_id = ?", (to_db(product_id),)
        ).fetchone()
        on_hand = row[0] if row else 0
        if quantity > on_hand:
            item = items[product_id]
            short = Shortfall(
                product_id, item.sku, item.name_vi, item.name_en, item.unit, quantity, on_hand
            )
            raise short.error()

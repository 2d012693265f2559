"""Parked carts on disk (table ``parked_carts``): parking writes one, recalling deletes it, and a
till starting up finds the carts parked before it stopped, as they were.

A cart is stored as JSON: its lines as the cart held them (product, name and price taken when
scanned, so a price changed since does not change a customer's parked goods), discounts with
who authorised them, and who was selling.
"""

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from db.models import ParkedCartRow
from kiosk.core.people.users import Actor
from kiosk.core.sale.cart import Cart, CartLine, Discount, Item


class ParkedStore:
    """Reads and writes the parked carts; holds the session factory and the proofs a restored
    cart redeems a manager's authorisation with."""

    def __init__(self, session_factory: sessionmaker[Session], proofs: Any = None):
        self._sf = session_factory
        self._proofs = proofs

    def save(self, cart: Cart, parked_by: str, parked_at: dt.datetime) -> uuid.UUID:
        row = ParkedCartRow(parked_at=parked_at, parked_by=parked_by, cart=cart_json(cart))
        with self._sf.begin() as s:
            s.add(row)
            s.flush()
            return row.id

    def delete(self, row_id: uuid.UUID) -> None:
        with self._sf.begin() as s:
            s.execute(delete(ParkedCartRow).where(ParkedCartRow.id == row_id))

    def load(self) -> Iterator[tuple[uuid.UUID, Cart, dt.datetime, str]]:
        """The stored carts, oldest first."""
        with self._sf() as s:
            rows = s.execute(select(ParkedCartRow).order_by(ParkedCartRow.parked_at)).scalars()
            found = [(r.id, r.cart, r.parked_at, r.parked_by) for r in rows]
        for row_id, data, at, by in found:
            yield row_id, cart_of(data, self._proofs), at, by


def _uuid(value: uuid.UUID | None) -> str | None:
    return str(value) if value is not None else None


def _discount(d: Discount | None) -> dict[str, int | None] | None:
    return None if d is None else {"percent": d.percent, "amount_vnd": d.amount_vnd}


def cart_json(cart: Cart) -> dict[str, Any]:
    actor = cart.actor
    return {
        "actor": {"id": str(actor.id), "name": actor.name, "role": actor.role},  # type: ignore[attr-defined]
        "discount_limit_pct": cart.discount_limit_pct,
        "next_id": cart._next_id,
        "cart_discount": _discount(cart.cart_discount),
        "cart_discount_authorised_by": _uuid(cart.cart_discount_authorised_by),
        "lines": [
            {
                "id": line.id,
                "item": {**vars(line.item), "product_id": str(line.item.product_id)},
                "quantity": line.quantity,
                "barcode": line.barcode,
                "fixed_amount_vnd": line.fixed_amount_vnd,
                "discount": _discount(line.discount),
                "discount_authorised_by": _uuid(line.discount_authorised_by),
            }
            for line in cart.lines
        ],
    }


def cart_of(data: dict[str, Any], proofs: Any = None) -> Cart:
    a = data["actor"]
    cart = Cart(
        Actor(id=uuid.UUID(a["id"]), name=a["name"], role=a["role"]),
        discount_limit_pct=data["discount_limit_pct"],
        proofs=proofs,
    )
    for ln in data["lines"]:
        item = Item(**{**ln["item"], "product_id": uuid.UUID(ln["item"]["product_id"])})
        cart.lines.append(
            CartLine(
                id=ln["id"],
                item=item,
                quantity=ln["quantity"],
                barcode=ln["barcode"],
                fixed_amount_vnd=ln["fixed_amount_vnd"],
                discount=Discount(**ln["discount"]) if ln["discount"] else None,
                discount_authorised_by=_uuid_of(ln["discount_authorised_by"]),
            )
        )
    cart._next_id = data["next_id"]
    if data["cart_discount"]:
        cart.cart_discount = Discount(**data["cart_discount"])
    cart.cart_discount_authorised_by = _uuid_of(data["cart_discount_authorised_by"])
    return cart


def _uuid_of(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None

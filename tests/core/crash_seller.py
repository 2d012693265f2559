"""Sells in a loop until killed; prints each receipt number once its sale is committed.

Run by test_crash.py, which kills it with SIGKILL at random moments.
"""

import random
import sys
import uuid

from sqlalchemy import select

from db import make_engine, make_session_factory
from db.models import Price, Product, User
from kiosk.core.people.users import Actor
from kiosk.core.sale.cart import Cart, Item
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Cash
from kiosk.core.settings import Settings


def main(db_path: str, seed: int) -> None:
    sf = make_session_factory(make_engine(db_path))
    with sf() as s:
        user = s.scalars(select(User).where(User.role == "clerk")).first()
        actor = Actor(user.id, user.name, user.role)
        items = [
            Item(p.id, p.sku, p.name_vi, p.name_en, p.unit, p.vat_rate_pct, price)
            for p, price in s.execute(select(Product, Price.price_vnd).join(Price))
        ]
    checkout = Checkout(sf, Settings(sf))
    rng = random.Random(seed)
    print("ready", flush=True)
    while True:
        cart = Cart(actor)
        for it in rng.sample(items, rng.randint(1, 5)):
            cart.add(it, rng.randint(1, 3))
        done = checkout.complete(cart, [Cash(cart.totals().total_vnd + rng.choice([0, 5_000]))])
        sys.stdout.write(f"{done.receipt_no} {done.id}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else uuid.uuid4().int % 1000)

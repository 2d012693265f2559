"""Rows for tests, written straight through the models (the catalogue service has its own tests)."""

import datetime as dt
import itertools

from argon2 import PasswordHasher

from db.models import Price, Product, StockLevel, StockMovement
from kiosk.core.sale.cart import Item

# Cheap argon2 parameters: tests hash many PINs; the app uses the library's defaults.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

_sku = itertools.count(1)


def make_product(
    session_factory,
    *,
    name_vi="Nước mắm Phú Quốc",
    name_en="Phu Quoc fish sauce",
    price_vnd=125_000,
    vat_rate_pct=8,
    unit="piece",
    stock=100,
    group_code="food",
) -> Item:
    """A product with a price in force and ``stock`` received; returns it as a cart Item."""
    sku = f"T{next(_sku):06d}"
    with session_factory.begin() as s:
        p = Product(
            sku=sku,
            name_vi=name_vi,
            name_en=name_en,
            unit=unit,
            vat_rate_pct=vat_rate_pct,
            group_code=group_code,
        )
        s.add(p)
        s.flush()
        s.add(
            Price(
                product_id=p.id,
                price_vnd=price_vnd,
                valid_from=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
            )
        )
        if stock:
            s.add(StockMovement(product_id=p.id, kind="receipt", quantity=stock))
            s.add(StockLevel(product_id=p.id, on_hand=stock))
        return Item(p.id, sku, name_vi, name_en, unit, vat_rate_pct, price_vnd)

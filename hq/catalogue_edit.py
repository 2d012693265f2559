"""The master catalogue as head office's pages show and change it: a page of products with their
current price and producer, and one product's edit, stamped with new versions so terminals pull it.
"""

import uuid
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from hq import protocol
from hq.catalogue import _Stamper, new_id
from hq.catalogue_csv import plain_validation
from hq.models import Price, Producer, Product, utcnow
from hq.textfold import words

EDITABLE = ("name_vi", "name_en", "vat_rate_pct", "group_code", "active")


@dataclass(frozen=True)
class Listed:
    product: Product
    price_vnd: int | None
    producer: str


def latest_prices(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """The price most recently in force (by ``valid_from``) of each product among ``ids``."""
    found: dict[uuid.UUID, int] = {}
    rows = session.execute(
        select(Price.product_id, Price.price_vnd)
        .where(Price.product_id.in_(ids), Price.valid_from <= utcnow())
        .order_by(Price.valid_from)
    )
    for product_id, price in rows:
        found[product_id] = price
    return found


def matching(text: str) -> list[ColumnElement[bool]]:
    """Conditions for products whose sku or names hold every word of ``text``, diacritics and
    case ignored ("nuoc mam" finds "Nước mắm Phú Quốc"); none for an empty text."""
    return [Product.search_text.like(f"%{word}%") for word in words(text)]


def search(session: Session, text: str, page_no: int, size: int) -> tuple[list[Listed], bool]:
    """A page of the products :func:`matching` ``text``, by sku; and whether more follow."""
    query = select(Product, Producer.name).outerjoin(Producer, Producer.id == Product.producer_id)
    query = query.where(*matching(text))
    rows = session.execute(query.order_by(Product.sku).offset((page_no - 1) * size).limit(size + 1))
    found = list(rows)
    prices = latest_prices(session, [p.id for p, _ in found[:size]])
    listed = [Listed(p, prices.get(p.id), name or "") for p, name in found[:size]]
    return listed, len(found) > size


class InvalidProductEdit(ValueError):
    """The form's values are not a product terminals could take; the message says why."""


def edit_product(session: Session, product_id: uuid.UUID, values: dict, price_vnd: int) -> int:
    """Change the product's editable fields and its price; return the catalogue version after.

    Each change takes the next version (the product, then a new price in force from now), so the
    terminals' next pull brings it; nothing changed stamps nothing.
    """
    product = session.get(Product, product_id)
    if product is None:
        raise LookupError(product_id)
    fields = {k: getattr(product, k) for k in protocol.ProductChange.model_fields if k != "id"}
    fields.update({k: values[k] for k in EDITABLE})
    try:
        protocol.ProductChange(id=product.id, **fields)
        protocol.PriceChange(id=product.id, product_id=product.id, price_vnd=price_vnd,
                             valid_from=utcnow(), version=0)  # fmt: skip
    except ValidationError as exc:
        raise InvalidProductEdit(plain_validation(exc)) from exc
    stamp = _Stamper(session)
    now = utcnow()
    changed = {k: values[k] for k in EDITABLE if getattr(product, k) != values[k]}
    if changed:
        for k, v in changed.items():
            setattr(product, k, v)
        product.version, product.updated_at = stamp(), now
    if latest_prices(session, [product.id]).get(product.id) != price_vnd:
        session.add(Price(id=new_id(), product_id=product.id, price_vnd=price_vnd,
                          valid_from=now, created_at=now, version=stamp()))  # fmt: skip
    stamp.save()
    session.flush()
    return stamp.version

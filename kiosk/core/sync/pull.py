"""Applying head office's catalogue changes on the terminal (the pull), in the caller's
transaction: producers, then products, barcodes, prices, and products taken off sale.
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from db.models import Barcode, Price, Producer, Product, Province
from hq import protocol
from kiosk.core.catalogue.lookup import make_search_text

log = logging.getLogger(__name__)

_PRODUCT_FIELDS = (
    "sku",
    "name_vi",
    "name_en",
    "unit",
    "vat_rate_pct",
    "group_code",
    "producer_id",
    "province_code",
    "former_province",
    "ocop_stars",
    "certificate_no",
    "certificate_expiry",
    "consignment",
    "commission_pct",
    "active",
)
_PRODUCER_FIELDS = (
    "name",
    "kind",
    "province_code",
    "address",
    "phone",
    "tax_code",
    "bank_bin",
    "bank_account",
)


# Rows are looked up with IN lists of at most this many keys, and written one row per statement
# (executemany): no statement comes near SQLite's variable limit (999 on older builds), however
# large a page head office sends.
CHUNK = 500


def chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _by_key(session: Session, model, key, keys: Iterable) -> dict:
    """The rows of ``model`` whose ``key`` is among ``keys``, by key, read in chunks."""
    found = {}
    for chunk in chunks(list(set(keys))):
        for row in session.scalars(select(model).where(key.in_(chunk))):
            found[getattr(row, key.key)] = row
    return found


def apply_catalogue(session: Session, changes: protocol.CatalogueChanges) -> None:
    """Apply ``changes``: head office's producers, products, barcodes and prices win."""
    provinces = {code: name for code, name in session.execute(select(Province.code, Province.name))}

    def province(code: int | None) -> int | None:
        if code is not None and code not in provinces:
            log.warning("head office names province %s, unknown here: left empty", code)
            return None
        return code

    _apply_producers(session, changes, province)
    _apply_products(session, changes, province, provinces)
    _apply_barcodes(session, changes)
    _apply_prices_and_removals(session, changes)


def _apply_producers(
    session: Session,
    changes: protocol.CatalogueChanges,
    province: Callable[[int | None], int | None],
) -> None:
    """Add the new producers, update the known ones."""
    known = _by_key(session, Producer, Producer.id, (c.id for c in changes.producers))
    new = []
    for change in changes.producers:
        values: dict[str, Any] = {f: getattr(change, f) for f in _PRODUCER_FIELDS}
        values["province_code"] = province(change.province_code)
        producer = known.get(change.id)
        if producer is None:
            new.append({"id": change.id, **values})
        else:
            for k, v in values.items():
                setattr(producer, k, v)
    session.flush()
    if new:
        session.execute(insert(Producer.__table__), new)


def _apply_products(
    session: Session,
    changes: protocol.CatalogueChanges,
    province: Callable[[int | None], int | None],
    provinces: dict[int, str],
) -> None:
    """Add the new products, update the known ones; head office's SKU wins over a local one."""
    ids = {c.id for c in changes.products}
    producers = _by_key(
        session, Producer, Producer.id, (c.producer_id for c in changes.products if c.producer_id)
    )
    _give_up_skus(session, changes.products)
    known = _by_key(session, Product, Product.id, ids)
    new = []
    for change in changes.products:
        values = {f: getattr(change, f) for f in _PRODUCT_FIELDS}
        values["province_code"] = province(change.province_code)
        producer = producers.get(change.producer_id)
        values["search_text"] = make_search_text(
            change.name_vi,
            change.name_en,
            producer.name if producer else "",
            provinces.get(values["province_code"], ""),
            change.former_province,
        )
        product = known.get(change.id)
        if product is None:
            new.append({"id": change.id, **values})
        else:
            for k, v in values.items():
                setattr(product, k, v)
    session.flush()
    if new:
        session.execute(insert(Product.__table__), new)


def _give_up_skus(session: Session, products: list[protocol.ProductChange]) -> None:
    """A product made here with head office's SKU: head office's catalogue wins the SKU, the
    local product keeps its history under a marked one."""
    wanted = {c.sku: c.id for c in products}
    holders = _by_key(session, Product, Product.sku, wanted)
    for sku, holder in holders.items():
        if holder.id != wanted[sku]:
            log.warning("local product %s gives up SKU %s to head office", holder.id, sku)
            holder.sku = f"{sku}@local"[:40]
    session.flush()


def _apply_barcodes(session: Session, changes: protocol.CatalogueChanges) -> None:
    """Add, move or remove barcodes (a removal only of the product it names)."""
    known = _by_key(session, Barcode, Barcode.code, (c.code for c in changes.barcodes))
    new: dict[str, dict] = {}
    for change in changes.barcodes:
        barcode = known.get(change.code)
        if change.removed:
            if barcode is not None and barcode.product_id == change.product_id:
                session.delete(barcode)
                del known[change.code]
            new.pop(change.code, None)
        elif barcode is None:
            new[change.code] = {
                "code": change.code,
                "product_id": change.product_id,
                "kind": change.kind,
            }
        else:
            barcode.product_id, barcode.kind = change.product_id, change.kind
    session.flush()
    if new:
        session.execute(insert(Barcode.__table__), list(new.values()))


def _apply_prices_and_removals(session: Session, changes: protocol.CatalogueChanges) -> None:
    """Add the prices not known yet; take the removed products off sale."""
    known = _by_key(session, Price, Price.id, (c.id for c in changes.prices))
    # History, not an overwrite: the price applies to sales made from valid_from on.
    new = {
        c.id: {
            "id": c.id,
            "product_id": c.product_id,
            "price_vnd": c.price_vnd,
            "valid_from": c.valid_from,
            "source": "hq",
        }
        for c in changes.prices
        if c.id not in known
    }
    if new:
        session.execute(insert(Price.__table__), list(new.values()))
    for product in _by_key(session, Product, Product.id, changes.removed_products).values():
        product.active = False  # off sale; its sales and stock history stay
    session.flush()

"""Applying head office's catalogue changes on the terminal (the pull), in the caller's
transaction: producers, then products, barcodes, prices, and products taken off sale.
"""

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
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
    for change in changes.producers:
        values: dict[str, Any] = {f: getattr(change, f) for f in _PRODUCER_FIELDS}
        values["province_code"] = province(change.province_code)
        producer = session.get(Producer, change.id)
        if producer is None:
            session.add(Producer(id=change.id, **values))
        else:
            for k, v in values.items():
                setattr(producer, k, v)
    session.flush()


def _apply_products(
    session: Session,
    changes: protocol.CatalogueChanges,
    province: Callable[[int | None], int | None],
    provinces: dict[int, str],
) -> None:
    """Add the new products, update the known ones; head office's SKU wins over a local one."""
    for change in changes.products:
        values = {f: getattr(change, f) for f in _PRODUCT_FIELDS}
        values["province_code"] = province(change.province_code)
        producer = session.get(Producer, change.producer_id) if change.producer_id else None
        values["search_text"] = make_search_text(
            change.name_vi,
            change.name_en,
            producer.name if producer else "",
            provinces.get(values["province_code"], ""),
            change.former_province,
        )
        product = session.get(Product, change.id)
        clash = session.scalar(
            select(Product).where(Product.sku == change.sku, Product.id != change.id)
        )
        if clash is not None:
            # A product made here with head office's SKU: head office's catalogue wins the SKU,
            # the local product keeps its history under a marked one.
            log.warning("local product %s gives up SKU %s to head office", clash.id, change.sku)
            clash.sku = f"{change.sku}@local"[:40]
            session.flush()
        if product is None:
            session.add(Product(id=change.id, **values))
        else:
            for k, v in values.items():
                setattr(product, k, v)
    session.flush()


def _apply_barcodes(session: Session, changes: protocol.CatalogueChanges) -> None:
    """Add, move or remove barcodes (a removal only of the product it names)."""
    for change in changes.barcodes:
        barcode = session.get(Barcode, change.code)
        if change.removed:
            if barcode is not None and barcode.product_id == change.product_id:
                session.delete(barcode)
        elif barcode is None:
            session.add(Barcode(code=change.code, product_id=change.product_id, kind=change.kind))
        else:
            barcode.product_id, barcode.kind = change.product_id, change.kind
    session.flush()


def _apply_prices_and_removals(session: Session, changes: protocol.CatalogueChanges) -> None:
    """Add the prices not known yet; take the removed products off sale."""
    for change in changes.prices:
        if session.get(Price, change.id) is None:
            # History, not an overwrite: the price applies to sales made from valid_from on.
            session.add(
                Price(
                    id=change.id,
                    product_id=change.product_id,
                    price_vnd=change.price_vnd,
                    valid_from=change.valid_from,
                    source="hq",
                )
            )
    for product_id in changes.removed_products:
        product = session.get(Product, product_id)
        if product is not None:
            product.active = False  # off sale; its sales and stock history stay
    session.flush()

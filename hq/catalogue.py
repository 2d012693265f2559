"""The master catalogue: CSV import that stamps every change with a version, and the changes
since a terminal's cursor.

Imports are serialised on the counter row (``SELECT ... FOR UPDATE`` on PostgreSQL, the single
writer on SQLite), and a whole import commits at once, so versions become visible in order and a
cursor never skips a change. Within an import, producers are stamped before products, products
before their barcodes and prices: a terminal applying changes in version order meets parents first.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import uuid6
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hq import catalogue_csv, protocol
from hq.catalogue_csv import Row
from hq.models import Barcode, CatalogueCounter, Price, Producer, Product, utcnow

PRODUCT_FIELDS = (
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


CHUNK = 500  # values per IN list: a 252,000-row file must not bind 252,000 parameters at once


def _in_chunks(session: Session, query, column, values: list) -> list:
    """``query`` filtered to ``column IN values``, run CHUNK values at a time (SQLite allows
    32,766 bound parameters to a statement, PostgreSQL's driver 65,535)."""
    found = []
    for start in range(0, len(values), CHUNK):
        found += session.scalars(query.where(column.in_(values[start : start + CHUNK])))
    return found


def new_id() -> uuid.UUID:
    return uuid.UUID(bytes=uuid6.uuid7().bytes)


def current_version(session: Session) -> int:
    return session.scalar(select(CatalogueCounter.version).where(CatalogueCounter.id == 1)) or 0


class _Stamper:
    """Hands out consecutive versions after the counter, which is locked for the import."""

    def __init__(self, session: Session):
        self.session = session
        self.version = session.scalar(
            select(CatalogueCounter.version).where(CatalogueCounter.id == 1).with_for_update()
        )
        self.first = self.version + 1

    def __call__(self) -> int:
        self.version += 1
        return self.version

    def save(self) -> None:
        self.session.execute(
            update(CatalogueCounter).where(CatalogueCounter.id == 1).values(version=self.version)
        )


@dataclass
class ImportSummary:
    products_added: int = 0
    products_changed: int = 0
    products_removed: int = 0
    prices_added: int = 0
    barcodes_changed: int = 0
    producers_added: int = 0
    version: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def import_csv(session: Session, source: Path | str, *, now: dt.datetime | None = None):
    """Apply a catalogue file (a CSV, UTF-8 with a header row, or an Excel workbook; ``source``
    is its path, or a CSV's text) and return an :class:`ImportSummary`.

    Products are matched by ``sku``; a changed field, a new price or a changed set of barcodes
    stamps a new version. ``active`` = 0 takes a product off sale (it is never deleted). Products
    missing from the file are left as they are. Any bad row fails the whole file: nothing written.
    """
    if isinstance(source, Path):
        return import_file(session, source.read_bytes(), source.name, now=now)
    return _apply(session, catalogue_csv.read(source), now or utcnow())


def import_file(
    session: Session, data: bytes, filename: str = "", *, now: dt.datetime | None = None
) -> ImportSummary:
    """Apply an uploaded catalogue file, CSV or Excel workbook (told apart by its first bytes or
    ``filename``), as :func:`import_csv` does."""
    return _apply(session, catalogue_csv.read_file(data, filename), now or utcnow())


def _apply(session: Session, rows: list[Row], now: dt.datetime) -> ImportSummary:
    """Write the checked rows, each change stamped with the next version; parents first."""
    stamp = _Stamper(session)
    summary = ImportSummary()
    producers = _apply_producers(session, rows, now, stamp, summary)
    session.flush()
    by_sku = _apply_products(session, rows, producers, now, stamp, summary)
    session.flush()
    ids = [by_sku[r.sku].id for r in rows]
    _apply_barcodes(session, rows, by_sku, ids, stamp, summary)
    session.flush()
    _apply_prices(session, rows, by_sku, ids, now, stamp, summary)
    stamp.save()
    session.flush()
    summary.version = stamp.version
    return summary


def _apply_producers(
    session: Session, rows: list[Row], now: dt.datetime, stamp: _Stamper, summary: ImportSummary
) -> dict[str, Producer]:
    """Add the producers the rows name that are new; every producer by name."""
    producers = {p.name: p for p in session.scalars(select(Producer))}
    for row in rows:
        if row.producer and row.producer not in producers:
            producer = Producer(id=new_id(), name=row.producer, kind=row.producer_kind)
            producer.version = stamp()
            producer.updated_at = now
            session.add(producer)
            producers[row.producer] = producer
            summary.producers_added += 1
    return producers


def _apply_products(
    session: Session,
    rows: list[Row],
    producers: dict[str, Producer],
    now: dt.datetime,
    stamp: _Stamper,
    summary: ImportSummary,
) -> dict[str, Product]:
    """Add new products and change those whose fields differ; the rows' products by sku."""
    skus = [r.sku for r in rows]
    by_sku = {p.sku: p for p in _in_chunks(session, select(Product), Product.sku, skus)}
    for row in rows:
        row.fields["producer_id"] = producers[row.producer].id if row.producer else None
        product = by_sku.get(row.sku)
        if product is None:
            product = Product(id=new_id(), sku=row.sku, **row.fields)
            product.version = stamp()
            product.updated_at = now
            session.add(product)
            by_sku[row.sku] = product
            summary.products_added += 1
            continue
        changed = {k: v for k, v in row.fields.items() if getattr(product, k) != v}
        if changed:
            if changed.get("active") is False:
                summary.products_removed += 1
            else:
                summary.products_changed += 1
            for k, v in changed.items():
                setattr(product, k, v)
            product.version = stamp()
            product.updated_at = now
    return by_sku


def _apply_barcodes(
    session: Session,
    rows: list[Row],
    by_sku: dict[str, Product],
    ids: list[uuid.UUID],
    stamp: _Stamper,
    summary: ImportSummary,
) -> None:
    """Give each product the row's barcodes (taken from another product if need be), and mark
    removed those the row no longer lists."""
    barcodes: dict[uuid.UUID, dict[str, Barcode]] = {}
    for bc in _in_chunks(session, select(Barcode), Barcode.product_id, ids):
        barcodes.setdefault(bc.product_id, {})[bc.code] = bc
    all_codes = [code for r in rows for code, _ in r.barcodes]
    elsewhere = {
        bc.code: bc for bc in _in_chunks(session, select(Barcode), Barcode.code, all_codes)
    }
    for row in rows:
        product = by_sku[row.sku]
        mine = barcodes.get(product.id, {})
        wanted = dict(row.barcodes)
        for code, kind in row.barcodes:
            bc = mine.get(code) or elsewhere.get(code)
            if bc is None:
                session.add(Barcode(code=code, product_id=product.id, kind=kind, version=stamp()))
                summary.barcodes_changed += 1
            elif bc.product_id != product.id or bc.removed or bc.kind != kind:
                bc.product_id, bc.removed, bc.kind, bc.version = product.id, False, kind, stamp()
                summary.barcodes_changed += 1
        for code, bc in mine.items():
            if code not in wanted and not bc.removed and bc.product_id == product.id:
                bc.removed, bc.version = True, stamp()
                summary.barcodes_changed += 1


def _apply_prices(
    session: Session,
    rows: list[Row],
    by_sku: dict[str, Product],
    ids: list[uuid.UUID],
    now: dt.datetime,
    stamp: _Stamper,
    summary: ImportSummary,
) -> None:
    """Add a price where the row's differs from the product's latest (or names another date)."""
    latest: dict[uuid.UUID, Price] = {}
    # Each product's prices are in one chunk, oldest first: the last one seen is its latest.
    for price in _in_chunks(
        session, select(Price).order_by(Price.valid_from), Price.product_id, ids
    ):
        latest[price.product_id] = price
    for row in rows:
        product = by_sku[row.sku]
        current = latest.get(product.id)
        valid_from = row.price_valid_from or now
        if (
            current is not None
            and current.price_vnd == row.price_vnd
            and (row.price_valid_from is None or current.valid_from == valid_from)
        ):
            continue
        session.add(
            Price(
                id=new_id(),
                product_id=product.id,
                price_vnd=row.price_vnd,
                valid_from=valid_from,
                created_at=now,
                version=stamp(),
            )
        )
        summary.prices_added += 1


def changes_since(session: Session, since: int) -> protocol.CatalogueChanges:
    """Everything stamped after ``since``, up to the version read at the start."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    upto = current_version(session)

    def rows(model):
        return session.scalars(
            select(model)
            .where(model.version > since, model.version <= upto)
            .order_by(model.version)
        ).all()

    products = rows(Product)
    return protocol.CatalogueChanges(
        since=since,
        version=upto,
        producers=[
            protocol.ProducerChange.model_validate(p, from_attributes=True) for p in rows(Producer)
        ],
        products=[protocol.ProductChange.model_validate(p, from_attributes=True) for p in products],
        barcodes=[
            protocol.BarcodeChange.model_validate(b, from_attributes=True) for b in rows(Barcode)
        ],
        prices=[protocol.PriceChange.model_validate(p, from_attributes=True) for p in rows(Price)],
        removed_products=[p.id for p in products if not p.active],
    )

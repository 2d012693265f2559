"""The master catalogue: CSV import that stamps every change with a version, and the changes
since a terminal's cursor.

Imports are serialised on the counter row (``SELECT ... FOR UPDATE`` on PostgreSQL, the single
writer on SQLite), and a whole import commits at once, so versions become visible in order and a
cursor never skips a change. Within an import, producers are stamped before products, products
before their barcodes and prices: a terminal applying changes in version order meets parents first.
"""

import csv
import datetime as dt
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import uuid6
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hq import protocol
from hq.errors import CatalogueImportFailed
from hq.models import Barcode, CatalogueCounter, Price, Producer, Product, utcnow

REQUIRED_COLUMNS = ("sku", "name_vi", "vat_rate_pct", "group_code", "price_vnd")
OPTIONAL_COLUMNS = (
    "name_en",
    "unit",
    "price_valid_from",
    "barcodes",
    "producer",
    "producer_kind",
    "province_code",
    "former_province",
    "ocop_stars",
    "certificate_no",
    "certificate_expiry",
    "consignment",
    "commission_pct",
    "active",
)
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
_TRUE = {"1", "true", "yes", "y", "x", "có", "co"}
_FALSE = {"0", "false", "no", "n", "", "không", "khong"}


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


def barcode_kind(code: str) -> str:
    """The symbology a code is written in, from its shape; raises ValueError on a bad check digit."""
    if code.isdigit() and len(code) in (8, 12, 13):
        digits = [int(c) for c in code]
        body, check = digits[:-1], digits[-1]
        weights = [3 if i % 2 == 0 else 1 for i in range(len(body))][::-1]
        expected = (
            10 - sum(d * w for d, w in zip(body[::-1], weights[::-1], strict=True)) % 10
        ) % 10
        if expected != check:
            raise ValueError(f"barcode {code}: check digit should be {expected}")
        return {8: "ean8", 12: "upca", 13: "ean13"}[len(code)]
    if code.isascii() and code.isprintable() and 1 <= len(code) <= 48 and " " not in code:
        return "code128"
    raise ValueError(f"barcode {code!r} is not a code we can print or scan")


@dataclass
class _Row:
    line: int
    sku: str
    fields: dict
    price_vnd: int
    price_valid_from: dt.datetime | None
    barcodes: list[tuple[str, str]]
    producer: str
    producer_kind: str


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


def _bool(value: str) -> bool:
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise ValueError(f"{value!r} is not yes or no")


def _int_or_none(value: str) -> int | None:
    return int(value) if value.strip() else None


def _parse(reader: Iterator[dict[str, str]]) -> tuple[list[_Row], list[tuple[int, str]]]:
    rows: list[_Row] = []
    errors: list[tuple[int, str]] = []
    seen_skus: dict[str, int] = {}
    seen_codes: dict[str, str] = {}
    for n, raw in enumerate(reader, start=2):
        raw = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
        try:
            missing = [c for c in REQUIRED_COLUMNS if not raw.get(c)]
            if missing:
                raise ValueError(f"missing {', '.join(missing)}")
            sku = raw["sku"]
            if sku in seen_skus:
                raise ValueError(f"sku {sku} already on line {seen_skus[sku]}")
            seen_skus[sku] = n
            price = int(raw["price_vnd"].replace(".", "").replace(",", ""))
            valid_from = None
            if raw.get("price_valid_from"):
                valid_from = dt.datetime.fromisoformat(raw["price_valid_from"])
                if valid_from.tzinfo is None:
                    raise ValueError("price_valid_from needs a time zone (e.g. +07:00)")
            codes = []
            for code in raw.get("barcodes", "").replace("|", " ").split():
                if code in seen_codes and seen_codes[code] != sku:
                    raise ValueError(f"barcode {code} is also given to {seen_codes[code]}")
                seen_codes[code] = sku
                codes.append((code, barcode_kind(code)))
            fields = {
                "name_vi": raw["name_vi"],
                "name_en": raw.get("name_en", ""),
                "unit": raw.get("unit") or "piece",
                "vat_rate_pct": int(raw["vat_rate_pct"]),
                "group_code": raw["group_code"],
                "province_code": _int_or_none(raw.get("province_code", "")),
                "former_province": raw.get("former_province", ""),
                "ocop_stars": _int_or_none(raw.get("ocop_stars", "")),
                "certificate_no": raw.get("certificate_no", ""),
                "certificate_expiry": dt.date.fromisoformat(raw["certificate_expiry"])
                if raw.get("certificate_expiry")
                else None,
                "consignment": _bool(raw.get("consignment", "")),
                "commission_pct": _int_or_none(raw.get("commission_pct", "")) or 0,
                "active": _bool(raw["active"]) if raw.get("active") else True,
            }
            # The wire schema is the one judge of what a product may be.
            protocol.ProductChange(id=uuid.uuid4(), sku=sku, version=0, **fields)
            protocol.PriceChange(
                id=uuid.uuid4(),
                product_id=uuid.uuid4(),
                price_vnd=price,
                valid_from=valid_from or utcnow(),
                version=0,
            )
            kind = raw.get("producer_kind") or "enterprise"
            if raw.get("producer"):
                protocol.ProducerChange(id=uuid.uuid4(), name=raw["producer"], kind=kind, version=0)
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            errors.append((n, str(exc).replace("\n", " ")[:300]))
            continue
        rows.append(_Row(n, sku, fields, price, valid_from, codes, raw.get("producer", ""), kind))
    return rows, errors


def import_csv(session: Session, source: Path | str, *, now: dt.datetime | None = None):
    """Apply a catalogue CSV (UTF-8, header row) and return an :class:`ImportSummary`.

    Products are matched by ``sku``; a changed field, a new price or a changed set of barcodes
    stamps a new version. ``active`` = 0 takes a product off sale (it is never deleted). Products
    missing from the file are left as they are. Any bad row fails the whole file: nothing written.
    """
    text = Path(source).read_text(encoding="utf-8-sig") if isinstance(source, Path) else source
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None:
        raise CatalogueImportFailed(errors=[(1, "empty file")])
    unknown = set(reader.fieldnames) - set(REQUIRED_COLUMNS) - set(OPTIONAL_COLUMNS)
    missing = set(REQUIRED_COLUMNS) - set(reader.fieldnames)
    if missing or unknown:
        raise CatalogueImportFailed(
            errors=[(1, f"missing columns {sorted(missing)}, unknown columns {sorted(unknown)}")]
        )
    rows, errors = _parse(reader)
    if errors:
        raise CatalogueImportFailed(errors=errors)
    return _apply(session, rows, now or utcnow())


def _apply(session: Session, rows: list[_Row], now: dt.datetime) -> ImportSummary:
    stamp = _Stamper(session)
    summary = ImportSummary()
    producers = {p.name: p for p in session.scalars(select(Producer))}
    for row in rows:
        if row.producer and row.producer not in producers:
            producer = Producer(id=new_id(), name=row.producer, kind=row.producer_kind)
            producer.version = stamp()
            producer.updated_at = now
            session.add(producer)
            producers[row.producer] = producer
            summary.producers_added += 1
    session.flush()

    by_sku = {
        p.sku: p
        for p in session.scalars(select(Product).where(Product.sku.in_([r.sku for r in rows])))
    }
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
    session.flush()

    ids = [by_sku[r.sku].id for r in rows]
    barcodes: dict[uuid.UUID, dict[str, Barcode]] = {}
    for bc in session.scalars(select(Barcode).where(Barcode.product_id.in_(ids))):
        barcodes.setdefault(bc.product_id, {})[bc.code] = bc
    all_codes = [code for r in rows for code, _ in r.barcodes]
    elsewhere = {
        bc.code: bc for bc in session.scalars(select(Barcode).where(Barcode.code.in_(all_codes)))
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
    session.flush()

    latest: dict[uuid.UUID, Price] = {}
    for price in session.scalars(
        select(Price).where(Price.product_id.in_(ids)).order_by(Price.valid_from)
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
    stamp.save()
    session.flush()
    summary.version = stamp.version
    return summary


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

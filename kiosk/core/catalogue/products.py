"""The manager's product service: add and edit products, barcodes and reorder levels.

Each write checks the actor's permission and is one transaction with its audit event and a
``product`` outbox entry for head office. Prices change through ``Catalogue.set_price``.

In-store EAN-13 codes (for producers who have no GS1 barcode) use a prefix of 20-29, the GS1
range for restricted circulation, which the scale also uses for variable-measure labels. They
never collide: the catalogue looks a 2x code up whole before decoding it as a scale label, and
an allocated code never starts with a scale item code (nor a scale item code with the first
digits of an allocated code; see kiosk.core.catalogue.rows).

The row helpers of kiosk.core.catalogue.rows are handed on from here too.
"""

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Barcode, Price, Producer, Product, StockLevel, utcnow
from kiosk.core import errors
from kiosk.core.catalogue import barcode as barcode_rules
from kiosk.core.catalogue.rows import (
    MAX_REORDER_LEVEL,
    check_price,
    scale_item_prefix,
    write_product,
)
from kiosk.core.catalogue.rows import add_price as add_price
from kiosk.core.catalogue.rows import add_producer as add_producer
from kiosk.core.catalogue.rows import check_barcodes as check_barcodes
from kiosk.core.catalogue.rows import find_province as find_province
from kiosk.core.catalogue.rows import make_search_text as make_search_text
from kiosk.core.people.permissions import Permission, require
from kiosk.core.records import audit, enqueue
from kiosk.core.textfold import fold

INSTORE_PREFIX = "20"


def allocate_instore_code(session: Session, prefix: str = INSTORE_PREFIX) -> str:
    """A new in-store EAN-13 ``<prefix><10 digits><check digit>``, carried by no product and
    starting with no scale item code. Numbers follow the highest one given so far; the
    caller's write transaction (BEGIN IMMEDIATE) keeps two allocations apart."""
    if len(prefix) != 2 or not prefix.isdigit() or int(prefix) not in range(20, 30):
        raise ValueError(f"in-store prefix must be 20-29, got {prefix!r}")
    last = session.scalar(
        select(func.max(Barcode.code)).where(
            Barcode.kind == "instore",
            func.length(Barcode.code) == 13,
            Barcode.code.startswith(prefix),
        )
    )
    number = int(last[2:12]) + 1 if last else 1
    while number < 10**10:
        code = barcode_rules.make_ean13(f"{prefix}{number:010d}")
        clash = scale_item_prefix(session, code)
        if clash is not None:
            # Skip every number behind that scale item code at once.
            step = 10 ** (12 - len(clash))
            number = (number // step + 1) * step
            continue
        if session.get(Barcode, code) is None:
            return code
        number += 1
    raise errors.InvalidProduct(field="barcode", value=prefix, reason="prefix_full")


# -- the manager's service ---------------------------------------------------------------------

EDITABLE = (
    "sku",
    "name_vi",
    "name_en",
    "unit",
    "vat_rate_pct",
    "group",
    "producer_id",
    "province_code",
    "former_province",
    "ocop_stars",
    "certificate_no",
    "certificate_expiry",
    "consignment",
    "commission_pct",
    "favourite",
    "reorder_level",
    "active",
)


@dataclass(frozen=True)
class ProductRecord:
    """A product as the edit form shows it: every editable field, its barcodes as
    ``(code, kind)``, the price in force and who set it (``hq`` or ``local``), stock on hand."""

    product_id: uuid.UUID
    sku: str
    name_vi: str
    name_en: str
    unit: str
    vat_rate_pct: int
    group: str
    producer_id: uuid.UUID | None
    province_code: int | None
    former_province: str
    ocop_stars: int | None
    certificate_no: str
    certificate_expiry: dt.date | None
    consignment: bool
    commission_pct: int
    favourite: bool
    reorder_level: int
    active: bool
    barcodes: tuple[tuple[str, str], ...]
    price_vnd: int | None
    price_source: str | None
    on_hand: int


@dataclass(frozen=True)
class LowStockItem:
    """A product whose stock on hand is below its reorder level; ``shortfall`` is how many
    to order to reach the level again."""

    product_id: uuid.UUID
    sku: str
    name_vi: str
    unit: str
    producer_id: uuid.UUID | None
    producer: str
    on_hand: int
    reorder_level: int

    @property
    def shortfall(self) -> int:
        return self.reorder_level - self.on_hand


def _fields(product: Product) -> dict[str, Any]:
    return {key: getattr(product, "group_code" if key == "group" else key) for key in EDITABLE}


def _check_certificate(fields: dict[str, Any]) -> None:
    # Below 3 stars there is no certificate; with stars there is one, with a number.
    if fields.get("ocop_stars") is None:
        if fields.get("certificate_no") or fields.get("certificate_expiry"):
            raise errors.InvalidProduct(field="certificate_no", reason="no_stars")
    elif not (fields.get("certificate_no") or "").strip():
        raise errors.InvalidProduct(field="certificate_no", reason="required")


class Products:
    """Adding and editing products at the kiosk. Every write is one transaction with its
    audit event and a ``product`` outbox entry for head office."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        instore_prefix: str = INSTORE_PREFIX,
    ):
        self._sf = session_factory
        self._clock = clock
        self._prefix = instore_prefix

    def get(self, product_id: uuid.UUID) -> ProductRecord:
        """Every field of the product (active or not), for the edit form."""
        with self._sf() as s:
            product = s.get(Product, product_id)
            if product is None:
                raise errors.UnknownProduct(product_id=product_id)
            return self._record(s, product)

    def add(
        self, *, by: Any, price_vnd: int, allocate_code: bool = True, **fields: Any
    ) -> ProductRecord:
        """Add a product with its first price (a local one). ``fields`` are those of
        :func:`write_product` (``sku`` may be left out: one is made). A piece product with no
        barcode gets an in-store EAN-13 unless ``allocate_code`` is false. Needs the
        manage-catalogue and change-price permissions."""
        require(by, Permission.MANAGE_CATALOGUE)
        require(by, Permission.CHANGE_PRICE)
        unknown = set(fields) - set(EDITABLE) - {"barcodes", "instore_codes"}
        if unknown:
            raise errors.InvalidProduct(field=sorted(unknown)[0], reason="unknown_field")
        _check_certificate(fields)
        now = self._clock()
        with self._sf.begin() as s:
            sku = (fields.pop("sku", "") or "").strip() or self._next_sku(s)
            if s.scalar(select(Product.id).where(Product.sku == sku)):
                raise errors.DuplicateSku(sku=sku)
            codes = list(fields.pop("barcodes", ()))
            instore = list(fields.pop("instore_codes", ()))
            unit = fields.get("unit", "piece")
            if allocate_code and not codes and not instore and unit == "piece":
                instore.append(allocate_instore_code(s, self._prefix))
            product_id = write_product(
                s,
                sku=sku,
                barcodes=codes,
                instore_codes=instore,
                price_vnd=check_price(price_vnd),
                price_valid_from=now,
                price_source="local",
                set_by_user_id=by.id,
                **fields,
            )
            product = s.get(Product, product_id)
            record = self._record(s, product)
            self._record_change(s, by, "product_added", record, {})
            return record

    def update(self, product_id: uuid.UUID, *, by: Any, **changes: Any) -> ProductRecord:
        """Change some fields of a product. ``barcodes`` / ``instore_codes`` add codes (see
        :meth:`remove_barcode`); prices change through ``Catalogue.set_price`` only."""
        require(by, Permission.MANAGE_CATALOGUE)
        unknown = set(changes) - set(EDITABLE) - {"barcodes", "instore_codes"}
        if unknown:
            raise errors.InvalidProduct(field=sorted(unknown)[0], reason="unknown_field")
        with self._sf.begin() as s:
            product = s.get(Product, product_id)
            if product is None:
                raise errors.UnknownProduct(product_id=product_id)
            before = _fields(product)
            merged = {**before, **changes}
            _check_certificate(merged)
            if merged["sku"] != before["sku"] and s.scalar(
                select(Product.id).where(Product.sku == merged["sku"].strip())
            ):
                raise errors.DuplicateSku(sku=merged["sku"])
            write_product(s, product=product, **merged)
            record = self._record(s, product)
            changed = {
                k: [before[k], getattr(record, k)]
                for k in EDITABLE
                if before[k] != getattr(record, k)
            }
            self._record_change(s, by, "product_changed", record, changed)
            return record

    def set_reorder_level(self, product_id: uuid.UUID, level: int, *, by: Any) -> ProductRecord:
        """The stock level below which the product shows on the low-stock list (0: never)."""
        require(by, Permission.MANAGE_STOCK)
        with self._sf.begin() as s:
            product = s.get(Product, product_id)
            if product is None:
                raise errors.UnknownProduct(product_id=product_id)
            if isinstance(level, bool) or not isinstance(level, int):
                raise errors.InvalidProduct(field="reorder_level", value=level)
            if not 0 <= level <= MAX_REORDER_LEVEL:
                raise errors.InvalidProduct(field="reorder_level", value=level)
            old, product.reorder_level = product.reorder_level, level
            s.flush()
            record = self._record(s, product)
            self._record_change(s, by, "product_changed", record, {"reorder_level": [old, level]})
            return record

    def allocate_code(self, product_id: uuid.UUID, *, by: Any) -> str:
        """Give the product a new in-store EAN-13 and return it."""
        require(by, Permission.MANAGE_CATALOGUE)
        with self._sf.begin() as s:
            product = s.get(Product, product_id)
            if product is None:
                raise errors.UnknownProduct(product_id=product_id)
            code = allocate_instore_code(s, self._prefix)
            s.add(Barcode(code=code, product_id=product_id, kind="instore"))
            s.flush()
            self._record_change(
                s, by, "product_changed", self._record(s, product), {"barcode_added": code}
            )
            return code

    def remove_barcode(self, product_id: uuid.UUID, code: str, *, by: Any) -> ProductRecord:
        """Take a code off a product (a misprinted or retired code). Past sales keep it."""
        require(by, Permission.MANAGE_CATALOGUE)
        with self._sf.begin() as s:
            row = s.get(Barcode, code.strip())
            if row is None or row.product_id != product_id:
                raise errors.UnknownBarcode(code=code)
            s.delete(row)
            s.flush()
            product = s.get(Product, product_id)
            s.refresh(product)
            record = self._record(s, product)
            self._record_change(s, by, "product_changed", record, {"barcode_removed": code})
            return record

    def low_stock(self, producer_id: uuid.UUID | None = None) -> list[LowStockItem]:
        """Active products below their reorder level, by producer name then product name."""
        level = func.coalesce(StockLevel.on_hand, 0)
        query = (
            select(
                Product.id,
                Product.sku,
                Product.name_vi,
                Product.unit,
                Product.producer_id,
                func.coalesce(Producer.name, ""),
                level,
                Product.reorder_level,
            )
            .outerjoin(Producer, Producer.id == Product.producer_id)
            .outerjoin(StockLevel, StockLevel.product_id == Product.id)
            .where(Product.active, Product.reorder_level > 0, level < Product.reorder_level)
        )
        if producer_id is not None:
            query = query.where(Product.producer_id == producer_id)
        with self._sf() as s:
            rows = s.execute(query).all()
        items = [LowStockItem(*row) for row in rows]
        return sorted(items, key=lambda i: (fold(i.producer), i.producer, fold(i.name_vi)))

    # -- internals ---------------------------------------------------------------------------

    def _next_sku(self, s: Session) -> str:
        n = (s.scalar(select(func.count()).select_from(Product)) or 0) + 1
        while s.scalar(select(Product.id).where(Product.sku == f"L{n:06d}")):
            n += 1
        return f"L{n:06d}"

    def _record(self, s: Session, product: Product) -> ProductRecord:
        price = s.execute(
            select(Price.price_vnd, Price.source)
            .where(Price.product_id == product.id, Price.valid_from <= self._clock())
            .order_by(Price.valid_from.desc(), Price.created_at.desc())
            .limit(1)
        ).first()
        codes = s.execute(
            select(Barcode.code, Barcode.kind)
            .where(Barcode.product_id == product.id)
            .order_by(Barcode.code)
        ).all()
        on_hand = s.scalar(select(StockLevel.on_hand).where(StockLevel.product_id == product.id))
        return ProductRecord(
            product_id=product.id,
            **_fields(product),
            barcodes=tuple((c, k) for c, k in codes),
            price_vnd=price.price_vnd if price else None,
            price_source=price.source if price else None,
            on_hand=on_hand or 0,
        )

    @staticmethod
    def _record_change(
        s: Session, by: Any, kind: str, record: ProductRecord, changed: dict[str, Any]
    ) -> None:
        audit(s, kind, user_id=by.id, subject_id=str(record.product_id), changed=changed)
        payload = {k: v for k, v in record.__dict__.items() if k not in ("on_hand",)}
        payload["barcodes"] = [list(b) for b in record.barcodes]
        enqueue(s, "product", payload)

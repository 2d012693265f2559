"""The catalogue as the till sees it: find a product by barcode or by name, and keep it up to date.

Reads hand back frozen dataclasses, never ORM objects, so the cart and the UI hold plain values
that no session can expire. Writers go through :func:`kiosk.core.catalogue.rows.write_product` (used
by the demo loader, the importer and the tests; still importable from here), which validates
everything and maintains ``Product.search_text``; the database triggers of migration 0002 copy
that text into the full-text index. The full-text queries behind :meth:`Catalogue.search` are
built and ranked in :mod:`kiosk.core.catalogue.fulltext`.
"""

import datetime as dt
import json
import logging
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import PRODUCT_GROUPS, Price, Product, utcnow
from kiosk.core import errors
from kiosk.core.catalogue import barcode as barcodes
from kiosk.core.catalogue import fulltext
from kiosk.core.catalogue.rows import MAX_PRICE_VND as MAX_PRICE_VND
from kiosk.core.catalogue.rows import VAT_RATES as VAT_RATES
from kiosk.core.catalogue.rows import add_price, add_producer, write_product
from kiosk.core.catalogue.rows import check_barcodes as check_barcodes
from kiosk.core.catalogue.rows import check_price as check_price
from kiosk.core.catalogue.rows import find_province as find_province
from kiosk.core.catalogue.rows import make_search_text as make_search_text
from kiosk.core.people.permissions import Permission, require
from kiosk.core.people.users import Actor
from kiosk.core.records import audit, enqueue
from kiosk.core.textfold import fold

log = logging.getLogger(__name__)

SCALE_LAYOUT_KEY = "scale_layout"  # as in kiosk.core.settings


@dataclass(frozen=True)
class ProductInfo:
    """What a cart line, a tile or a search result needs to know of a product.

    ``price_vnd`` is the VAT-inclusive price in force (per kilogram when ``unit`` is ``gram``),
    or None if the product has none (only in search results and tiles).
    """

    product_id: uuid.UUID
    sku: str
    name_vi: str
    name_en: str
    unit: str
    vat_rate_pct: int
    price_vnd: int | None
    group: str
    ocop_stars: int | None
    certificate_no: str
    certificate_expiry: dt.date | None
    province: str
    former_province: str
    producer: str
    on_hand: int
    favourite: bool


@dataclass(frozen=True)
class Scan(ProductInfo):
    """A product found by a scanned code: ``code`` as scanned (canonical form), and for a
    variable-measure label the embedded ``weight_g`` or ``embedded_price_vnd``."""

    code: str = ""
    code_kind: str = ""
    weight_g: int | None = None
    embedded_price_vnd: int | None = None


_DETAILS = """
SELECT p.id, p.sku, p.name_vi, p.name_en, p.unit, p.vat_rate_pct, p.group_code, p.ocop_stars,
       p.certificate_no, p.certificate_expiry, COALESCE(pv.name, ''), p.former_province,
       COALESCE(pr.name, ''), COALESCE(sl.on_hand, 0), p.favourite, p.active,
       (SELECT price_vnd FROM prices
         WHERE prices.product_id = p.id AND prices.valid_from <= :now
         ORDER BY prices.valid_from DESC, prices.created_at DESC LIMIT 1),
       p.search_text
FROM products AS p
LEFT JOIN producers AS pr ON pr.id = p.producer_id
LEFT JOIN provinces AS pv ON pv.code = p.province_code
LEFT JOIN stock_levels AS sl ON sl.product_id = p.id
"""
_BY_CODE = (
    _DETAILS.replace(
        "FROM products AS p", "FROM barcodes AS b JOIN products AS p ON p.id = b.product_id"
    )
    + " WHERE b.code = :code"
)
_BY_ID = _DETAILS + " WHERE p.id = :pid"
# Search ranks document numbers on the full-text index (kiosk.core.catalogue.fulltext.rank),
# then fetches the details of the few best, in rank order.
_SEARCH_DETAILS = (
    "WITH hits AS (SELECT key AS pos, value AS docid FROM json_each(:docids))"
    + _DETAILS.replace(
        "FROM products AS p",
        "FROM hits JOIN product_search_keys AS k ON k.docid = hits.docid"
        " JOIN products AS p ON p.id = k.product_id",
    )
    + " WHERE p.active = 1 ORDER BY hits.pos"
)
_FAVOURITES = _DETAILS + " WHERE p.active = 1 AND p.favourite = 1"
_BY_GROUP = (
    _DETAILS + " WHERE p.active = 1 AND p.group_code = :group"
    " ORDER BY p.search_text LIMIT :limit OFFSET :offset"
)


def _info(row: Any, cls: type[ProductInfo] = ProductInfo, **extra: Any) -> Any:
    expiry = row[9]
    if isinstance(expiry, str):
        expiry = dt.date.fromisoformat(expiry)
    return cls(
        product_id=uuid.UUID(hex=row[0]) if isinstance(row[0], str) else row[0],
        sku=row[1],
        name_vi=row[2],
        name_en=row[3],
        unit=row[4],
        vat_rate_pct=row[5],
        group=row[6],
        ocop_stars=row[7],
        certificate_no=row[8],
        certificate_expiry=expiry,
        province=row[10],
        former_province=row[11],
        producer=row[12],
        on_hand=row[13],
        favourite=bool(row[14]),
        price_vnd=row[16],
        **extra,
    )


class Catalogue:
    """Reads and writes the catalogue through ``session_factory``.

    ``settings`` is a mapping (normally :class:`kiosk.core.settings.Settings`) whose
    ``scale_layout`` entry, if any, is the variable-measure layout (see
    :func:`kiosk.core.catalogue.barcode.scale_layout`); it is read at each scan, so a changed setting
    applies at once.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        settings: Mapping[str, Any] | None = None,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
    ):
        self._sessions = session_factory
        with session_factory() as session:
            self._engine = session.get_bind()
        self._settings = settings if settings is not None else {}
        self._layout_source: Any = object()
        self._layout: dict[int, barcodes.ScaleLayout] = {}
        self._clock = clock

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """The DB-API connection, for the till's hot reads.

        A scan must answer in well under a millisecond; SQLAlchemy's result machinery alone
        costs several hundred microseconds per query, so reads run their SQL directly on the
        pooled sqlite3 connection, in SQLite's autocommit mode: no transaction is held, so a
        writer is never kept waiting by a screen. A search's few SELECTs may straddle a
        concurrent write; at worst a result shows the price from just before it.
        """
        with self._engine.connect() as conn:
            yield conn.connection.driver_connection

    def _now(self) -> str:
        # Bound as SQLAlchemy stores UtcDateTime on SQLite: naive UTC, microseconds.
        return self._clock().astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")

    def _scale_layout(self) -> dict[int, barcodes.ScaleLayout]:
        source = self._settings.get(SCALE_LAYOUT_KEY)
        if source is not self._layout_source:
            self._layout = barcodes.scale_layout(source)
            self._layout_source = source
        return self._layout

    # Reads
    def lookup(self, code: str) -> Scan:
        """The product carrying ``code``, with its price in force and stock on hand."""
        scanned = barcodes.parse(code, self._scale_layout())
        with self._read() as db:
            row = None
            if scanned.item_code is not None:
                # An in-store EAN-13 given to a product (kiosk.core.catalogue.products) is a 2x code
                # too: it is found whole before the code is read as a scale label.
                row = db.execute(_BY_CODE, {"code": scanned.code, "now": self._now()}).fetchone()
                if row is not None:
                    scanned = barcodes.ScannedCode(scanned.code, scanned.kind)
            if row is None:
                row = db.execute(
                    _BY_CODE, {"code": scanned.lookup_code, "now": self._now()}
                ).fetchone()
        if row is None or not row[15]:
            raise errors.UnknownBarcode(code=scanned.code)
        if row[16] is None:
            raise errors.NoPrice(product_id=row[0], sku=row[1])
        return _info(
            row,
            Scan,
            code=scanned.code,
            code_kind=scanned.kind,
            weight_g=scanned.weight_g,
            embedded_price_vnd=scanned.price_vnd,
        )

    def product(self, product_id: uuid.UUID) -> ProductInfo:
        """The product with that id, as :meth:`lookup` gives it (price in force required)."""
        with self._read() as db:
            row = db.execute(_BY_ID, {"pid": product_id.hex, "now": self._now()}).fetchone()
        if row is None or not row[15]:
            raise errors.UnknownProduct(product_id=product_id)
        if row[16] is None:
            raise errors.NoPrice(product_id=product_id, sku=row[1])
        return _info(row)

    def search(self, text_: str, limit: int = 20, group: str | None = None) -> list[ProductInfo]:
        """Active products whose folded text has every typed word as a prefix, best first.

        Empty text gives no results; text that cannot be searched raises InvalidSearch.
        """
        tiers = fulltext.fts_tiers(text_)
        if not tiers:
            return []
        if group is not None:
            _check_group(group)
        limit = max(1, min(int(limit), 200))
        with self._read() as db:
            docids = fulltext.rank(db, tiers, limit, group)
            rows = db.execute(
                _SEARCH_DETAILS, {"docids": json.dumps(docids), "now": self._now()}
            ).fetchall()
        return [_info(r) for r in rows]

    def favourites(self) -> list[ProductInfo]:
        """Active favourite products (the quick tiles), in name order."""
        with self._read() as db:
            rows = db.execute(_FAVOURITES, {"now": self._now()}).fetchall()
        return sorted((_info(r) for r in rows), key=lambda p: (fold(p.name_vi), p.name_vi))

    def by_group(self, group: str, limit: int = 200, offset: int = 0) -> list[ProductInfo]:
        """Active products of one of the six groups, in name order, a page at a time."""
        _check_group(group)
        with self._read() as db:
            rows = db.execute(
                _BY_GROUP, {"group": group, "limit": limit, "offset": offset, "now": self._now()}
            ).fetchall()
        return [_info(r) for r in rows]

    # Writes
    def add_producer(
        self, name: str, kind: str, province_code: int | None = None, **extra
    ) -> uuid.UUID:
        with self._sessions.begin() as session:
            return add_producer(session, name=name, kind=kind, province_code=province_code, **extra)

    def add_product(self, **fields: Any) -> uuid.UUID:
        """Add a product; see :func:`write_product` for the fields. Returns its id."""
        with self._sessions.begin() as session:
            if session.scalar(select(Product.id).where(Product.sku == fields.get("sku"))):
                raise errors.DuplicateSku(sku=fields.get("sku"))
            return write_product(session, **fields)

    def set_price(
        self,
        product_id: uuid.UUID,
        price_vnd: int,
        valid_from: dt.datetime | None = None,
        *,
        by: Actor,
    ) -> uuid.UUID:
        """A local price change from ``valid_from`` (now by default), for new sales only: the
        history is kept and sales already made keep their price. Needs the change-price
        permission, and the admin's when the price in force was set by head office. Audited
        and queued for head office."""
        require(by, Permission.CHANGE_PRICE)
        when = valid_from or self._clock()
        with self._sessions.begin() as session:
            if session.get(Product, product_id) is None:
                raise errors.UnknownProduct(product_id=product_id)
            current = session.execute(
                select(Price.price_vnd, Price.source)
                .where(Price.product_id == product_id, Price.valid_from <= when)
                .order_by(Price.valid_from.desc())
                .limit(1)
            ).first()
            if current is not None and current.source == "hq":
                require(by, Permission.OVERRIDE_HQ_PRICE)
            price_id = add_price(session, product_id, price_vnd, when, "local", by.id)
            audit(
                session,
                "price_change",
                user_id=by.id,
                subject_id=str(product_id),
                old_price_vnd=current.price_vnd if current else None,
                new_price_vnd=price_vnd,
                valid_from=when,
            )
            enqueue(
                session,
                "price_change",
                {
                    "id": price_id,
                    "product_id": product_id,
                    "price_vnd": price_vnd,
                    "valid_from": when,
                    "set_by": by.id,
                },
            )
            return price_id


def _check_group(group: str) -> None:
    if group not in PRODUCT_GROUPS:
        raise errors.InvalidSearch(reason="unknown_group", group=group)

"""Pages of the manager's product table, for a screen that fetches rows as it scrolls.

At 100,000 products a table cannot load every row: the screen asks for the first page, then the
next one when the manager scrolls near the end. A page is taken in two steps: first the ids of
the page, sorted and filtered on the few columns that decide them, then the details (producer,
stock, price in force) of those ids only. Done in one step, SQLite would look up the price and
the producer of all 100,000 products before sorting them, which takes half a second.

The filter is what the manager types: digits that look like a barcode find the product
carrying it, or the product of that code (SKU); words find products as the till's search does
(accents optional, each word a prefix, name, producer or province).
"""

import datetime as dt
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session, sessionmaker

from db.models import PRODUCT_GROUPS, utcnow
from kiosk.core import errors
from kiosk.core.catalogue.fulltext import MAX_SEARCH_CHARS, MAX_SEARCH_WORDS
from kiosk.core.textfold import fold, words

PAGE = 200
_SKU = re.compile(r"[A-Za-z]{1,6}-?[0-9]+")
# Above this many matches a filtered page walks the name index and tests each product's folded
# text with LIKE, stopping at the page's end (a few hundred rows for one or two letters typed);
# below it, the matches are found in the full-text index and sorted (a few thousand rows).
# Either way under 30 ms at 100,000 products; the other way round, each takes seconds.
BROAD_MATCHES = 5_000
SORTS = {
    # name order is the order of the folded name (search_text starts with it), as the till's
    "name": "p.search_text",
    "sku": "p.sku",
    "producer": "COALESCE(pr.name, '')",
    "stock": "COALESCE(sl.on_hand, 0)",
    "reorder": "p.reorder_level",
}
_PRICE = (
    "(SELECT price_vnd FROM prices WHERE prices.product_id = p.id AND prices.valid_from <= :now"
    " ORDER BY prices.valid_from DESC, prices.created_at DESC LIMIT 1)"
)
_MATCHES = (
    "SELECT k.product_id FROM product_search"
    " JOIN product_search_keys AS k ON k.docid = product_search.rowid"
    " WHERE product_search MATCH :q"
)
_DETAILS = f"""
SELECT p.id, p.sku, p.name_vi, p.name_en, p.unit, p.group_code, p.ocop_stars,
       COALESCE(pr.name, ''), COALESCE(pv.name, p.former_province), COALESCE(sl.on_hand, 0),
       p.reorder_level, p.active, p.favourite, {_PRICE}
FROM page JOIN products AS p ON p.id = page.id
LEFT JOIN producers AS pr ON pr.id = p.producer_id
LEFT JOIN provinces AS pv ON pv.code = p.province_code
LEFT JOIN stock_levels AS sl ON sl.product_id = p.id
ORDER BY page.pos
"""


@dataclass(frozen=True)
class ProductQuery:
    """What the table shows: ``text`` typed in the filter box, a ``group``, a producer, only
    products below their reorder level; sorted by one of :data:`SORTS`."""

    text: str = ""
    group: str | None = None
    producer_id: uuid.UUID | None = None
    low_stock: bool = False
    sort: str = "name"
    descending: bool = False

    def sorted_by(self, sort: str, descending: bool = False) -> "ProductQuery":
        return replace(self, sort=sort, descending=descending)


@dataclass(frozen=True)
class ProductRow:
    """A row of the table. ``price_vnd`` is the price in force (per kg for grams) or None."""

    product_id: uuid.UUID
    sku: str
    name_vi: str
    name_en: str
    unit: str
    group: str
    ocop_stars: int | None
    producer: str
    province: str
    on_hand: int
    reorder_level: int
    active: bool
    favourite: bool
    price_vnd: int | None

    @property
    def low(self) -> bool:
        return self.reorder_level > 0 and self.on_hand < self.reorder_level


class ProductTable:
    """Reads pages of products through ``session_factory`` (the DB-API connection, as the
    till's catalogue reads: no transaction is held, so no writer waits for a screen)."""

    def __init__(
        self, session_factory: sessionmaker[Session], *, clock: Callable[[], dt.datetime] = utcnow
    ):
        with session_factory() as session:
            self._engine = session.get_bind()
        self._clock = clock

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._engine.connect() as conn:
            yield conn.connection.driver_connection

    def page(self, query: ProductQuery, offset: int = 0, limit: int = PAGE) -> list[ProductRow]:
        """Rows ``offset`` to ``offset + limit`` of the table ``query`` describes."""
        with self._read() as db:
            walk = query.sort == "name" and self._matches(db, query) > BROAD_MATCHES
        where, params = self._where(query, walk=walk)
        if query.sort not in SORTS:
            raise errors.InvalidSearch(reason="unknown_sort", sort=query.sort)
        direction = "DESC" if query.descending else "ASC"
        ids = (
            "SELECT p.id AS id FROM products AS p"
            " LEFT JOIN producers AS pr ON pr.id = p.producer_id"
            " LEFT JOIN stock_levels AS sl ON sl.product_id = p.id"
            f" {where} ORDER BY {SORTS[query.sort]} {direction}, p.sku {direction}"
            " LIMIT :limit OFFSET :offset"
        )
        sql = (
            f"WITH ids AS ({ids}), page AS (SELECT id, row_number() OVER () AS pos FROM ids)"
            + _DETAILS
        )
        params.update(
            limit=max(1, min(int(limit), 1000)),
            offset=max(0, int(offset)),
            now=self._clock().astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f"),
        )
        with self._read() as db:
            return [_row(r) for r in db.execute(sql, params)]

    def provinces(self) -> list[tuple[int, str]]:
        """The provinces a product may come from, ``(code, name)`` by name (for the form)."""
        with self._read() as db:
            rows = db.execute("SELECT code, name FROM provinces").fetchall()
        return sorted(((c, n) for c, n in rows), key=lambda cn: (fold(cn[1]), cn[1]))

    def count(self, query: ProductQuery) -> int:
        """How many products the table ``query`` describes holds."""
        with self._read() as db:
            if _words(query.text) and (query.group, query.producer_id, query.low_stock) == (
                None,
                None,
                False,
            ):
                return self._matches(db, query)
            where, params = self._where(query)
            join = (
                " LEFT JOIN stock_levels AS sl ON sl.product_id = p.id" if query.low_stock else ""
            )
            return db.execute(
                f"SELECT count(*) FROM products AS p{join} {where}", params
            ).fetchone()[0]

    @staticmethod
    def _matches(db: sqlite3.Connection, query: ProductQuery) -> int:
        """How many products the typed words find in the full-text index (0 for no words)."""
        terms = _words(query.text)
        if not terms:
            return 0
        return db.execute(
            "SELECT count(*) FROM product_search WHERE product_search MATCH :q",
            {"q": " ".join(f'"{t}"*' for t in terms)},
        ).fetchone()[0]

    @staticmethod
    def _where(query: ProductQuery, *, walk: bool = False) -> tuple[str, dict]:
        clauses, params = [], {}
        text = query.text.strip()
        if text.isdigit() or _SKU.fullmatch(text):
            # A code: a barcode printed on the product, or its SKU.
            clauses.append(
                "p.id IN (SELECT product_id FROM barcodes WHERE code = :code"
                " UNION ALL SELECT id FROM products WHERE sku IN (:code, :upper))"
            )
            params.update(code=text, upper=text.upper())
        elif terms := _words(text):
            if walk:
                for i, term in enumerate(terms):
                    clauses.append(f"p.active AND (' ' || p.search_text) LIKE :w{i}")
                    params[f"w{i}"] = f"% {term}%"
            else:
                clauses.append(f"p.id IN ({_MATCHES})")
                params["q"] = " ".join(f'"{t}"*' for t in terms)
        if query.group is not None:
            if query.group not in PRODUCT_GROUPS:
                raise errors.InvalidSearch(reason="unknown_group", group=query.group)
            clauses.append("p.group_code = :group")
            params["group"] = query.group
        if query.producer_id is not None:
            clauses.append("p.producer_id = :producer")
            params["producer"] = query.producer_id.hex
        if query.low_stock:
            clauses.append(
                "p.active AND p.reorder_level > 0 AND COALESCE(sl.on_hand, 0) < p.reorder_level"
            )
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _words(text: str) -> list[str]:
    """The folded words of a filter (as the till's search folds them), checked for size."""
    if len(text) > MAX_SEARCH_CHARS:
        raise errors.InvalidSearch(reason="too_long", length=len(text))
    terms = list(dict.fromkeys(words(text)))
    if len(terms) > MAX_SEARCH_WORDS:
        raise errors.InvalidSearch(reason="too_many_words", words=len(terms))
    return terms


def _row(r: tuple) -> ProductRow:
    return ProductRow(
        product_id=uuid.UUID(hex=r[0]) if isinstance(r[0], str) else r[0],
        sku=r[1],
        name_vi=r[2],
        name_en=r[3],
        unit=r[4],
        group=r[5],
        ocop_stars=r[6],
        producer=r[7],
        province=r[8] or "",
        on_hand=r[9],
        reorder_level=r[10],
        active=bool(r[11]),
        favourite=bool(r[12]),
        price_vnd=r[13],
    )

"""Synthetic catalogues and sales history for benchmarks and load tests.

A province showroom has a few hundred products; HQ and the benchmarks need 100,000 products
and a million past sales. Going through the ORM would take an hour, so rows are built as plain
tuples in the formats SQLAlchemy stores (UUIDs as 32 hex digits, UTC timestamps as
``YYYY-MM-DD HH:MM:SS.ffffff``, booleans as 0/1) and written with ``executemany`` on the
tables of db.models, in large transactions with the journal relaxed: a crash while generating
leaves a file to delete, never a shop's data. The result is consistent like a real till's:
lines add up to sales, VAT is rounded once per rate (by kiosk.core.pricing, as checkout does), payments cover totals, every product has a
receipt movement and ``stock_levels`` equals the sum of the movements.

Deterministic: the same sizes and seed give the same database, ids included.

The catalogue is written by :mod:`kiosk.core.synthetic.catalogue`, the sales history by
:mod:`kiosk.core.synthetic.sales`.
"""

import random
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.synthetic.catalogue import (
    PLACES,
    PRODUCER_KIND_NAMES,
    PRODUCER_WORDS,
    PRODUCTS,
    PROVINCE_CODES,
    QUALIFIERS,
    SIZES,
    write_catalogue,
)
from kiosk.core.synthetic.rows import EPOCH, SYNTHETIC_USER_ID, Ids
from kiosk.core.synthetic.sales import CHUNK, HISTORY_DAYS, TERMINAL, write_sales

__all__ = [
    "BULK_TABLES",
    "CHUNK",
    "EPOCH",
    "HISTORY_DAYS",
    "PLACES",
    "PRODUCER_KIND_NAMES",
    "PRODUCER_WORDS",
    "PRODUCTS",
    "PROVINCE_CODES",
    "QUALIFIERS",
    "SIZES",
    "SYNTHETIC_USER_ID",
    "TERMINAL",
    "SyntheticStats",
    "generate",
]

BULK_TABLES = ("sales", "sale_lines", "sale_vat", "payments", "stock_movements")


@dataclass(frozen=True)
class SyntheticStats:
    """Sizes written and seconds taken."""

    products: int
    sales: int
    sale_lines: int
    stock_movements: int
    seconds: float


def generate(path: Path | str, n_products: int, n_sales: int, seed: int = 1) -> SyntheticStats:
    """Write ``n_products`` products and ``n_sales`` past sales into the migrated, empty
    database at ``path``."""
    started = time.perf_counter()
    rng = random.Random(seed)
    ids = Ids(rng)
    con = sqlite3.connect(path, isolation_level=None)
    try:
        # Speed over durability while generating: the file is disposable until we finish.
        con.execute("PRAGMA journal_mode=MEMORY")
        con.execute("PRAGMA synchronous=OFF")
        con.execute("PRAGMA foreign_keys=OFF")
        con.execute("PRAGMA cache_size=-200000")
        con.execute("BEGIN")
        # Secondary indexes are rebuilt once at the end: sorting once beats millions of
        # random B-tree inserts.
        indexes = con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({', '.join('?' for _ in BULK_TABLES)})",
            BULK_TABLES,
        ).fetchall()
        for name, _ in indexes:
            con.execute(f'DROP INDEX "{name}"')
        catalogue = write_catalogue(con, rng, ids, n_products)
        lines, movements = write_sales(con, rng, ids, catalogue, n_sales)
        for _, sql in indexes:
            con.execute(sql)
        con.execute("COMMIT")
        con.execute("PRAGMA optimize")
    finally:
        con.close()
    return SyntheticStats(
        n_products, n_sales, lines, movements + n_products, time.perf_counter() - started
    )

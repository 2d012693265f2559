"""Benchmark: barcode look-up and name search at 100,000 products and 1,000,000 past sales.

Targets: look-up p99 < 1 ms (a scan must feel instant), search p99 < 15 ms (results follow each
keystroke). Each is measured through :class:`kiosk.core.catalogue.lookup.Catalogue` (session, SQL,
dataclasses) and against a baseline measured in the same run on the same file: a raw sqlite3
primary-key SELECT for look-up, a raw FTS5 MATCH for search. ``ratio`` is p50 over baseline p50:
the price of our layers.

The generated database is cached in ``workdir`` under a name made of the sizes, the seed and the
schema revision; generating the full size takes a few minutes once.

Run alone: ``python -m bench.bench_catalogue [--quick] [--workdir DIR]``.
"""

import argparse
import json
import random
import sqlite3
import sys
from pathlib import Path

from bench.stats import row, time_calls
from db import make_session_factory, upgrade
from db.migrate import head_revision
from kiosk.core.catalogue.fulltext import fts_query
from kiosk.core.catalogue.lookup import Catalogue
from kiosk.core.synthetic import generate
from kiosk.core.textfold import words

SEED = 7
FULL = (100_000, 1_000_000)
QUICK = (10_000, 20_000)
LOOKUPS = 5_000
SEARCHES = 1_000


def database(workdir: Path, n_products: int, n_sales: int) -> Path:
    """The cached synthetic database for these sizes, generated on first use."""
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"catalogue-{n_products}p-{n_sales}s-seed{SEED}-{head_revision()}.sqlite3"
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        upgrade(partial).dispose()
        stats = generate(partial, n_products, n_sales, seed=SEED)
        print(f"generated {path.name} in {stats.seconds:.0f} s", file=sys.stderr)
        partial.rename(path)
    return path


def _timed(fn, inputs: list[str]) -> list[float]:
    return time_calls(lambda i: fn(inputs[i]), len(inputs), warmup=50)


def partial_queries(names: list[str], rng: random.Random, n: int) -> list[str]:
    """What clerks type: the first one to three words of a name, the last one cut short."""
    queries = []
    while len(queries) < n:
        ws = words(rng.choice(names))
        if not ws:
            continue
        k = rng.randint(1, min(3, len(ws)))
        typed = ws[:k]
        last = typed[-1]
        typed[-1] = last[: rng.randint(min(2, len(last)), len(last))]
        queries.append(" ".join(typed))
    return queries


def run(workdir: Path, quick: bool) -> list[dict]:
    n_products, n_sales = QUICK if quick else FULL
    path = database(Path(workdir), n_products, n_sales)
    rng = random.Random(SEED)
    engine = upgrade(path)
    raw = sqlite3.connect(path)
    try:
        catalogue = Catalogue(make_session_factory(engine))
        codes = [c for (c,) in raw.execute("SELECT code FROM barcodes")]
        names = [n for (n,) in raw.execute("SELECT name_vi FROM products")]
        sample = [rng.choice(codes) for _ in range(LOOKUPS if not quick else 1_000)]
        queries = partial_queries(names, rng, SEARCHES if not quick else 300)

        def raw_lookup(code: str) -> object:
            return raw.execute("SELECT product_id FROM barcodes WHERE code = ?", (code,)).fetchone()

        def raw_search(text: str) -> object:
            return raw.execute(
                "SELECT rowid FROM product_search WHERE product_search MATCH ?"
                " ORDER BY bm25(product_search, 10.0, 1.0) LIMIT 20",
                (fts_query(text),),
            ).fetchall()

        lookup = _timed(catalogue.lookup, sample)
        lookup_base = _timed(raw_lookup, sample)
        search = _timed(catalogue.search, queries)
        search_base = _timed(raw_search, queries)
    finally:
        raw.close()
        engine.dispose()
    size = f"{n_products:,} products, {n_sales:,} sales"
    return [
        row(f"barcode lookup ({size})", lookup, lookup_base, "p99 < 1 ms"),
        row(f"name search ({size})", search, search_base, "p99 < 15 ms"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 products, 20,000 sales")
    parser.add_argument("--workdir", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args(argv)
    for result in run(args.workdir, args.quick):
        print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

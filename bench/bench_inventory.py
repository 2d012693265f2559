"""Benchmark: the manager's stock work at 100,000 products.

Targets: a count scan p99 < 20 ms (the manager scans shelf after shelf), confirming a 30-line
goods receipt p99 < 250 ms (each is a durable commit), the low-stock list under 1 s and the
whole-shop count sheet under 3 s (it reads every product with stock: a screen should page it).
Runs on a copy of the catalogue benchmark's cached database.

Run alone: ``python -m bench.bench_inventory [--quick] [--workdir DIR]``.
"""

import argparse
import datetime as dt
import json
import random
import shutil
import sqlite3
import uuid
from pathlib import Path

from bench.bench_catalogue import FULL, QUICK, SEED, database
from bench.stats import row, time_calls
from db import make_session_factory, upgrade
from kiosk.core.catalogue.producers import Producers
from kiosk.core.catalogue.products import Products
from kiosk.core.people.users import Actor
from kiosk.core.stock.counts import StockCounts
from kiosk.core.stock.goods_receipts import GoodsReceipts
from kiosk.core.synthetic import SYNTHETIC_USER_ID


def run(workdir: Path, quick: bool) -> list[dict]:
    n_products, n_sales = QUICK if quick else FULL
    source = database(Path(workdir), n_products, n_sales)
    path = Path(workdir) / "inventory-scratch.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, path)
    rng = random.Random(SEED)
    engine = upgrade(path)
    try:
        sf = make_session_factory(engine)
        # The synthetic sales' user, acting as a manager (signing in is not what is timed).
        manager = Actor(uuid.UUID(hex=SYNTHETIC_USER_ID), "bench", "manager")
        raw = sqlite3.connect(path)
        codes = [c for (c,) in raw.execute("SELECT code FROM barcodes WHERE length(code) = 13")]
        pids = [p for (p,) in raw.execute("SELECT id FROM products WHERE unit = 'piece'")]
        raw.execute("UPDATE products SET reorder_level = 5 WHERE rowid % 7 = 0")
        raw.commit()
        raw.close()

        counts = StockCounts(sf)
        count = counts.open("shop", by=manager)
        scans = [rng.choice(codes) for _ in range(300 if quick else 2_000)]
        scan = time_calls(lambda i: counts.scan(count, scans[i], by=manager), len(scans))
        sheet = time_calls(lambda i: counts.sheet(count), 3 if quick else 5, warmup=1)

        producer = Producers(sf).add(name="Bench HTX", kind="cooperative", by=manager)
        receipts = GoodsReceipts(sf)
        later = dt.date.today() + dt.timedelta(days=365)
        drafts = []
        for _ in range(20 if quick else 50):
            r = receipts.create(producer, by=manager)
            for pid in rng.sample(pids, 30):
                receipts.add_line(r, uuid.UUID(hex=pid), 12, 50_000, by=manager, expiry_date=later)
            drafts.append(r)
        confirm = time_calls(
            lambda i: receipts.confirm(drafts[i], by=manager), len(drafts), warmup=0
        )
        low = time_calls(lambda i: Products(sf).low_stock(), 3 if quick else 5, warmup=1)
    finally:
        engine.dispose()
    size = f"{n_products:,} products"
    return [
        row(f"count scan ({size})", scan, None, "p99 < 20 ms"),
        row(f"whole-shop count sheet ({size})", sheet, None, "< 3 s"),
        row(f"confirm 30-line goods receipt ({size})", confirm, None, "p99 < 250 ms"),
        row(f"low-stock list ({size})", low, None, "< 1 s"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 products")
    parser.add_argument("--workdir", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args(argv)
    for result in run(args.workdir, args.quick):
        print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: the manager's products table at 100,000 products, as the manager feels it.

- Open: the products screen made, shown and its first rows painted: under 100 ms. Baseline: the
  core's first page alone (kiosk.core.catalogue.product_table).
- Filter: words typed in the filter box (one to four letters of a word, or two words) to the
  rows painted: under 100 ms. Baseline: the core's page for the same filter.
- Scroll: the next page fetched as the view reaches the end, painted: under 100 ms.
- Sort: a click on the Code (SKU) header, rows painted: under 100 ms.

Offscreen Qt; the synthetic catalogue of bench_ui (kiosk.core.synthetic) is cached in
``workdir``. Run alone: ``python -m bench.bench_stock_ui [--quick]``.
"""

import gc
import os
import random
import shutil
import sqlite3
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.bench_ui import FULL, QUICK, ROOT, SEED, database
from bench.stats import row

OPENS, FILTERS, SCROLLS = 20, 200, 30


def _services(path: Path):
    from db import make_session_factory, upgrade
    from kiosk.core.catalogue.lookup import Catalogue
    from kiosk.core.catalogue.product_table import ProductTable
    from kiosk.core.services import StockServices
    from kiosk.ui.shared.notices import Notices
    from kiosk.ui.stock.common import StockContext

    sf = make_session_factory(upgrade(path))
    ctx = StockContext(StockServices.build(sf), Catalogue(sf), Notices(), lambda: None)
    return ctx, ProductTable(sf)


def _filters(path: Path, n: int) -> list[str]:
    """What a manager types: the start of a word of a product's name, or two words."""
    from kiosk.core.textfold import words

    raw = sqlite3.connect(path)
    names = [name for (name,) in raw.execute("SELECT name_vi FROM products")]
    raw.close()
    rng = random.Random(SEED)
    typed = []
    for _ in range(n):
        ws = words(rng.choice(names))
        if rng.random() < 0.6:
            w = rng.choice(ws)
            typed.append(w[: rng.randint(1, min(4, len(w)))])
        else:
            i = rng.randrange(max(1, len(ws) - 1))
            typed.append(" ".join(ws[i : i + 2]))
    return typed


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def run(workdir: Path, quick: bool) -> list[dict]:
    from kiosk.ui.application import make_application

    n_products = QUICK if quick else FULL
    path = database(Path(workdir), n_products)
    copy = Path(workdir) / "stock-ui-bench.sqlite3"
    for leftover in (copy, *(copy.with_name(copy.name + s) for s in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    shutil.copy(path, copy)
    ctx, source = _services(copy)
    app = make_application([])
    gc.collect()
    gc.freeze()

    opens, open_base = _time_opens(app, ctx, source, OPENS if not quick else 5)
    screen = _products_screen(ctx, source)
    app.processEvents()
    filters, filter_base = _time_filters(
        screen, source, _filters(copy, FILTERS if not quick else 40)
    )
    scrolls = _time_scrolls(screen, SCROLLS if not quick else 5)
    rows_now = screen.model.rowCount()
    sorts = _time_sorts(screen, 10 if not quick else 4)

    label = f" ({n_products:,} products)"
    return [
        row("products table opened, first rows painted" + label, opens, open_base, "< 100 ms"),
        row("products filtered as typed, rows painted" + label, filters, filter_base, "< 100 ms"),
        {
            **row(
                f"next page fetched on scroll (to {rows_now:,} rows)" + label,
                scrolls,
                None,
                "< 100 ms",
            ),
        },
        row("products sorted by name or code, rows painted" + label, sorts, None, "< 100 ms"),
    ]


def _products_screen(ctx, source):
    """The products screen made at 1024x700 and shown."""
    from kiosk.ui.stock.products import ProductsScreen

    screen = ProductsScreen(ctx, source)
    screen.resize(1024, 700)
    screen.show()
    return screen


def _time_opens(app, ctx, source, n: int) -> tuple[list[float], list[float]]:
    """Times (ms) to open the screen to its first rows painted, and of the core's first page."""
    from kiosk.core.catalogue.product_table import ProductQuery

    opens, open_base = [], []
    for _ in range(n):
        start = time.perf_counter()
        source.page(ProductQuery())
        open_base.append(_ms(start))
        start = time.perf_counter()
        screen = _products_screen(ctx, source)
        app.processEvents()
        screen.table.viewport().repaint()
        opens.append(_ms(start))
        screen.close()
        screen.deleteLater()
        app.processEvents()
    return opens, open_base


def _time_filters(screen, source, typed_texts: list[str]) -> tuple[list[float], list[float]]:
    """Times (ms) from each typed filter to its rows painted, and of the core's page for it."""
    from kiosk.core.catalogue.product_table import ProductQuery

    filters, filter_base = [], []
    for typed in typed_texts:
        start = time.perf_counter()
        source.page(ProductQuery(text=typed))
        filter_base.append(_ms(start))
        start = time.perf_counter()
        screen.filter.setText(typed)
        screen.apply_filter()  # what the pause after the last key starts
        screen.table.viewport().repaint()
        filters.append(_ms(start))
    return filters, filter_base


def _time_scrolls(screen, n: int) -> list[float]:
    """Times (ms) to fetch and paint the next page of the unfiltered table, ``n`` times."""
    from PySide6.QtCore import QModelIndex

    screen.filter.setText("")
    screen.apply_filter()
    scrolls = []
    for _ in range(n):
        start = time.perf_counter()
        screen.model.fetchMore(QModelIndex())
        screen.table.scrollToBottom()
        screen.table.viewport().repaint()
        scrolls.append(_ms(start))
    return scrolls


def _time_sorts(screen, n: int) -> list[float]:
    """Times (ms) to sort by name and by code in turn, rows painted."""
    from kiosk.ui.stock.product_model import ProductTableModel

    sorts = []
    for i in range(n):
        start = time.perf_counter()
        screen.model.sort(
            ProductTableModel.SKU if i % 2 else ProductTableModel.NAME,
        )
        screen.table.viewport().repaint()
        sorts.append(_ms(start))
    return sorts


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    out = ROOT / "bench" / "out"
    for r in run(out, quick):
        base = r["baseline_p50_ms"]
        print(
            f"{r['name']}: p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms, "
            f"baseline p50 {'—' if base is None else f'{base:.2f}'} ms, target {r['target']}"
        )

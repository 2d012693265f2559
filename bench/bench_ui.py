"""Benchmark: the sale screen's speed as the clerk feels it, at 100,000 and 1,000,000 products.

Each timed action is checked to have happened, or the bench fails: a scan put one more piece in
the cart (only goods sold by the piece are scanned: a weighed product opens the weight dialog,
and while it is open every scan is refused), a keystroke showed results.

- A wedge scan (13 digits and Enter through the application's key filters, into the search box
  that has focus on the sale screen) to the cart row painted: p99 at most 8 ms at 1,000,000
  products. Baseline: the catalogue look-up alone.
- Search as you type: one keystroke in the search box to the results painted, each word typed
  from an empty box, so its first letter switches the panel from the tiles to the results:
  p99 at most 10 ms (100,000) and 16 ms (1,000,000). Baseline: the catalogue search alone.
- A typed key to visible in the search box: a person's key (well over 30 ms after the one
  before, so the wedge filter gives it to the box at once) through the application's key
  filters, the search it starts, and the box repainted with it: p99 at most 16 ms. Baseline:
  the same key into a bare line edit with no filter and no search.
(The cold start is ``bench/bench_start.py``.)

Offscreen Qt; the synthetic catalogues (kiosk.core.synthetic) are cached in ``workdir``.
Run alone: ``python -m bench.bench_ui [--quick]``.
"""

import gc
import os
import random
import shutil
import sqlite3
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.stats import row, time_calls

SEED = 11
FULL, MILLION, QUICK = 100_000, 1_000_000, 10_000
SALES = 2_000  # past sales hardly matter to the till's screen
SCANS, KEYSTROKES = 1_000, 600
ROOT = Path(__file__).resolve().parents[1]


def database(workdir: Path, n_products: int) -> Path:
    from db import upgrade
    from db.migrate import head_revision
    from kiosk.core.synthetic import generate

    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"ui-{n_products}p-seed{SEED}-{head_revision()}.sqlite3"
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        upgrade(partial).dispose()
        generate(partial, n_products, SALES, seed=SEED)
        partial.rename(path)
    return path


def _till(path: Path):
    from argon2 import PasswordHasher

    from db import make_session_factory, upgrade
    from kiosk.core.catalogue.lookup import Catalogue
    from kiosk.core.people.users import Actor, Users
    from kiosk.core.sale.checkout import Checkout
    from kiosk.core.sale.till import Till
    from kiosk.core.settings import Settings
    from kiosk.core.synthetic import SYNTHETIC_USER_ID

    sf = make_session_factory(upgrade(path))
    settings = Settings(sf)
    users = Users(sf, settings, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    owner = Actor(uuid.UUID(SYNTHETIC_USER_ID), "synthetic", "admin")
    users.create(f"bench-{uuid.uuid4().hex[:8]}", "clerk", "1234", by=owner)
    till = Till(
        users=users,
        catalogue=Catalogue(sf, settings),
        checkout=Checkout(sf, settings),
        settings=settings,
        session_factory=sf,
    )
    return till


def _window(till):
    from hardware.fakes import FakePrinter
    from kiosk.ui.application import make_application
    from kiosk.ui.window import KioskView

    app = make_application([])
    view = KioskView(till, FakePrinter())
    view.resize(1024, 768)
    view.show()
    app.processEvents()
    gc.collect()
    gc.freeze()  # as open_window does once the kiosk has started
    return app, view


def _scan(view, app, code: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    target = QApplication.focusWidget() or view
    start = view.wedge.clock()
    view.wedge.clock = lambda: start  # a scanner's burst: keys milliseconds apart
    for char in code:
        QTest.keyClick(target, char)
    QTest.keyClick(target, Qt.Key.Key_Return)
    view.sale.table.viewport().repaint()  # the row on screen, not just in the model


def _piece_codes(path: Path) -> list[str]:
    """EAN-13 codes of goods sold by the piece: a weighed product's code opens the weight
    dialog, and while it is open every later scan is refused, which is not what is timed."""
    raw = sqlite3.connect(path)
    try:
        return [
            c
            for (c,) in raw.execute(
                "SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id"
                " WHERE length(b.code) = 13 AND p.unit = 'piece'"
            )
        ]
    finally:
        raw.close()


def _pieces(till) -> int:
    return sum(line.quantity for line in till.cart.lines)


def scan_rows(path: Path, n: int, n_products: int) -> list[dict]:
    till = _till(path)
    rng = random.Random(SEED)
    codes = _piece_codes(path)
    sample = [rng.choice(codes) for _ in range(n)]
    clerk = [a for a in till.people() if a.name.startswith("bench-")][-1]
    till.sign_in(clerk.name, "1234")
    app, view = _window(till)
    view.show_sale()
    real = view.wedge.clock
    ui = []
    for i in range(-40, n):  # 40 warm-up scans
        if i % 40 == 0:  # a customer's basket, then the next customer (not timed)
            till.cart.clear()
            view.sale.refresh()
            app.processEvents()
        before = _pieces(till)
        t0 = time.perf_counter_ns()
        _scan(view, app, sample[i])
        elapsed = (time.perf_counter_ns() - t0) / 1e6
        view.wedge.clock = real
        # Honest or nothing: the scan put one more piece in the cart and on screen.
        if _pieces(till) != before + 1 or view.sale.dialog is not None:
            raise AssertionError(f"scan {i} of {sample[i]} added nothing to the cart")
        if view.sale.model.rowCount() != len(till.cart.lines):
            raise AssertionError(f"scan {i}: the cart shows a different number of lines")
        if i >= 0:
            ui.append(elapsed)
    core = time_calls(lambda i: till.catalogue.lookup(sample[i]), n, warmup=40)
    size = f" ({n_products:,} products)"
    rows = [row("ui: wedge scan to cart row painted" + size, ui, core, "p99 ≤ 8 ms")]
    rows.append(search_row(till, view, app, rng, size))
    rows.append(typed_row(till, view, app, rng, size))
    view.close()
    return rows


def search_row(till, view, app, rng: random.Random, size: str) -> dict:
    """Each prefix a person types, the first letter included: before each word the box is
    cleared (not timed), so the first letter switches the panel from tiles to results."""
    panel = view.sale.catalogue
    queries = _typed_prefixes(till, rng, KEYSTROKES)
    typed = []
    for i, query in enumerate([*queries[:20], *queries]):  # 20 warm-up keystrokes
        if len(query) == 1:
            panel.search.clear()
            app.processEvents()
            assert panel.pages.currentIndex() == 0, "the empty box shows the tiles"
        t0 = time.perf_counter_ns()
        panel.search.setText(query)  # textChanged: the same path a key press takes
        panel.results.viewport().repaint()
        elapsed = (time.perf_counter_ns() - t0) / 1e6
        if panel.pages.currentIndex() != 1 or panel.model.rowCount() == 0:
            raise AssertionError(f"searching {query!r} showed no results")
        if i >= 20:
            typed.append(elapsed)
    panel.search.clear()
    plain = time_calls(lambda i: till.catalogue.search(queries[i], limit=30), len(queries))
    return row(
        "ui: search keystroke to results painted, first letters included" + size,
        typed,
        plain,
        "p99 ≤ 10 ms (100k), ≤ 16 ms (1M)",
    )


def typed_row(till, view, app, rng: random.Random, size: str) -> dict:
    """Each key of words a person types, into the search box through the key filters; the box
    repainted. Before each word the box is emptied (not timed)."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLineEdit

    box = view.sale.catalogue.search
    words = [q for q in _typed_prefixes(till, rng, KEYSTROKES) if q.strip()]
    real = view.wedge.clock
    now = [real()]
    view.wedge.clock = lambda: now[0]
    typed = []
    for i, prefix in enumerate([*words[:20], *words]):  # 20 warm-up keys
        if len(prefix) == 1:
            box.clear()
            app.processEvents()
        now[0] += 250  # a person's pace
        t0 = time.perf_counter_ns()
        QTest.keyClick(box, prefix[-1])
        box.repaint()
        elapsed = (time.perf_counter_ns() - t0) / 1e6
        if box.text() != prefix:
            raise AssertionError(f"typing {prefix[-1]!r} left {box.text()!r} in the box")
        if i >= 20:
            typed.append(elapsed)
    view.wedge.clock = real
    box.clear()
    bare = QLineEdit()
    bare.show()
    plain = []
    for prefix in words:
        if len(prefix) == 1:
            bare.clear()
        t0 = time.perf_counter_ns()
        QTest.keyClick(bare, prefix[-1])
        bare.repaint()
        plain.append((time.perf_counter_ns() - t0) / 1e6)
    bare.close()
    return row("ui: typed key to visible in the search box" + size, typed, plain, "p99 ≤ 16 ms")


def _typed_prefixes(till, rng: random.Random, n: int) -> list[str]:
    """What a person types into the box: each prefix of a product name, letter by letter."""
    from kiosk.core.textfold import fold

    names = [p.name_vi for p in till.catalogue.search("ca", limit=200)]
    prefixes: list[str] = []
    while len(prefixes) < n:
        word = " ".join(fold(rng.choice(names)).split()[:2])
        prefixes.extend(word[:k] for k in range(1, len(word) + 1))
    return prefixes[:n]


def run(workdir: Path, quick: bool) -> Iterator[dict]:
    """The rows, each yielded when measured (the runner prints it at once)."""
    workdir = Path(workdir)
    for n_products in (QUICK,) if quick else (FULL, MILLION):
        path = database(workdir, n_products)
        copy = workdir / "ui-bench.sqlite3"
        for leftover in (copy, *(copy.with_name(copy.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)  # a stale WAL would be replayed into the new copy
        shutil.copy(path, copy)
        yield from scan_rows(copy, SCANS if not quick else 200, n_products)


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    out = ROOT / "bench" / "out"
    for r in run(out, quick):
        print(
            f"{r['name']}: p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms, "
            f"baseline p50 {r['baseline_p50_ms']:.2f} ms, target {r['target']}"
        )

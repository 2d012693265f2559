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
- Cold start: `ocop-kiosk` as a shop starts it (``--demo`` on the demo database, as `make run`
  does) to the sign-in screen ready for a PIN (its event loop running), on the demo database,
  on the demo shop enrolled at a head office out of reach, and on one of 1,000,000 past
  sales: at most 1 s. The enrolled shop is also timed to its workers started off the GUI
  thread (sync client and worker, updates, e-invoices, backups: the sign-in marker). Baseline: a process that only starts Python and
  creates a QApplication. Our modules' byte code is compiled first, as an installed kiosk has
  it (the package's postinst runs compileall; ``make run`` does too): where
  PYTHONDONTWRITEBYTECODE is set and nothing compiled them, every start compiles ~190 modules
  from source again. That start is measured too, on the 1,000,000-sale database, for comparison.

Offscreen Qt; the synthetic catalogues (kiosk.core.synthetic) are cached in ``workdir``.
Run alone: ``python -m bench.bench_ui [--quick]``.
"""

import gc
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.stats import row, time_calls

SEED = 11
FULL, MILLION, QUICK = 100_000, 1_000_000, 10_000
SALES = 2_000  # past sales hardly matter to the till's screen
SCANS, KEYSTROKES, STARTS = 1_000, 600, 7
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


# The kiosk as a shop starts it: `ocop-kiosk` (kiosk.__main__.main: arguments, logging, the
# database, the services, run_kiosk), stopped at the first of its event loop with the sign-in
# screen shown and its people listed (``screen``), or where run_kiosk writes the sign-in marker,
# its workers started off the GUI thread (``workers``: the updater's proof that a version works).
_CHILD = textwrap.dedent(
    """
    import faulthandler, os, sys
    from PySide6.QtWidgets import QApplication
    import kiosk.app
    import kiosk.ui.application
    from kiosk.__main__ import main

    faulthandler.dump_traceback_later(120, exit=True)  # a kiosk that never signs in ends
    until, argv = sys.argv[1], sys.argv[2:]

    def ready():
        try:
            window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "kiosk")
            assert window.signin.pin.isVisible() and window.signin.people.count() > 0
        except Exception as exc:  # the kiosk's excepthook would keep it running
            print("the sign-in screen is not ready:", repr(exc), file=sys.stderr, flush=True)
            os._exit(1)
        print("READY", flush=True)
        QApplication.quit()  # the session ends as a closed window ends it (untimed)

    if until == "screen":
        opened = kiosk.ui.application.open_window

        def open_window(*args, on_shown=None, **kwargs):
            def shown():
                ready()
                if on_shown is not None:
                    on_shown()

            return opened(*args, on_shown=shown, **kwargs)

        kiosk.ui.application.open_window = open_window
    else:
        noted = kiosk.app.note_sign_in

        def note_sign_in(updates):
            noted(updates)
            ready()

        kiosk.app.note_sign_in = note_sign_in
    sys.exit(main(argv))
    """
)
_BASELINE_CHILD = "from PySide6.QtWidgets import QApplication; QApplication([]); print('READY')"


PACKAGES = ("kiosk", "hardware", "db", "hq", "resources")


def compile_bytecode() -> None:
    """Our modules' byte code in their __pycache__ folders, as the package's postinst leaves it."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", *PACKAGES], cwd=ROOT, check=True)


def _start(code: str, *args: str, env_extra: dict[str, str] | None = None) -> float:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "OCOP_KIOSK_WINDOWED": "1",
        # As ocop-kiosk sets it (kiosk.__main__): python-escpos's capabilities cache is kept,
        # not parsed again from YAML into a new temporary folder at every start.
        "ESCPOS_CAPABILITIES_PICKLE_DIR": str(ROOT / "bench" / "out" / "escpos-cache"),
        **(env_extra or {}),
    }
    # Timed from the process's start to its READY line (the sign-in screen up and drawn), not to
    # its exit: quitting, closing the database and the interpreter's shutdown come after.
    t0 = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    elapsed = None
    for line in child.stdout:  # type: ignore[union-attr]
        if line.startswith("READY"):
            elapsed = (time.perf_counter() - t0) * 1000
            break
    _out, err = child.communicate(timeout=300)
    if elapsed is None or child.returncode != 0:
        raise RuntimeError(f"the kiosk did not start: {err[-2000:]}")
    return elapsed


def cold_start(
    data: Path,
    runs: int,
    name: str,
    *,
    bytecode: bool = True,
    demo: bool = False,
    until: str = "screen",
) -> dict:
    """``bytecode``: our modules' byte code compiled beforehand (an installed kiosk); without,
    a start that compiles them from source (no cache read, none written). ``demo``: started as
    `make run` starts it (``--demo``: demo catalogue if empty, fake devices). ``until``:
    ``screen`` (the sign-in screen up) or ``workers`` (its workers started too)."""
    if bytecode:
        compile_bytecode()
        extra = None
    else:  # ours only: the installed libraries keep the byte code pip compiled
        for package in PACKAGES:
            for cache in list((ROOT / package).rglob("__pycache__")):
                shutil.rmtree(cache, ignore_errors=True)
        extra = {"PYTHONDONTWRITEBYTECODE": "1"}
        name += ", our modules compiled from source at each start"
    args = (until, "--offscreen", "--data-dir", str(data), *(("--demo",) if demo else ()))
    try:
        _start(_CHILD, *args, env_extra=extra)  # not timed: fills python-escpos's cache
        starts = [_start(_CHILD, *args, env_extra=extra) for _ in range(runs)]
    finally:
        if not bytecode:
            compile_bytecode()  # back, even when the bench stops here
    base = [_start(_BASELINE_CHILD) for _ in range(runs)]
    if until == "workers":
        what, target = "cold start to its workers started (sign-in marker)", "—"
    else:
        what, target = "cold start to sign-in ready", "p99 ≤ 1000 ms"
    return row(f"ui: {what}, {name}", starts, base, target)


def demo_data(workdir: Path) -> Path:
    from kiosk.app import close_services, load_demo, open_services
    from kiosk.config import default_paths

    data = workdir / "ui-coldstart"
    shutil.rmtree(data, ignore_errors=True)
    services = open_services(default_paths(data))
    load_demo(services)  # a shop's database, made once
    close_services(services)  # closed cleanly, as the kiosk does on exit
    return data


def enrolled_data(workdir: Path) -> Path:
    """The demo shop enrolled at a head office that does not answer (a closed local port): its
    start brings up the sync client (httpx, pydantic) and the sync worker's rounds, as a shop's
    does, and its sales wait in the outbox."""
    from kiosk.app import close_services, load_demo, open_services
    from kiosk.config import default_paths
    from kiosk.core.sync.state import Enrolment, save_enrolment

    data = workdir / "ui-coldstart-enrolled"
    shutil.rmtree(data, ignore_errors=True)
    services = open_services(default_paths(data))
    load_demo(services)
    save_enrolment(services.session_factory, Enrolment("http://127.0.0.1:9", "K01", "t" * 43))
    close_services(services)
    return data


def big_data(workdir: Path) -> Path:
    """A shop's data folder whose database holds 1,000,000 past sales (3.4 GB), copied once
    from the catalogue bench's file and reused: starting the kiosk hardly changes it."""
    from bench.bench_catalogue import FULL
    from bench.bench_catalogue import database as catalogue_database
    from kiosk.config import default_paths

    source = catalogue_database(workdir, *FULL)
    data = workdir / "ui-coldstart-1m"
    target = default_paths(data).database
    stamp = data / "source.txt"
    if not stamp.exists() or stamp.read_text() != source.name:
        shutil.rmtree(data, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
        _add_clerk(target)  # the sign-in screen lists the shop's people: it needs one
        stamp.write_text(source.name)
    return data


def _add_clerk(path: Path) -> None:
    from db import make_engine, make_session_factory
    from kiosk.core.people.users import Actor, Users
    from kiosk.core.settings import Settings
    from kiosk.core.synthetic import SYNTHETIC_USER_ID

    engine = make_engine(path)
    sf = make_session_factory(engine)
    owner = Actor(uuid.UUID(SYNTHETIC_USER_ID), "synthetic", "admin")
    Users(sf, Settings(sf)).create("Lan", "clerk", "1111", by=owner)
    engine.dispose()


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
    runs = STARTS if not quick else 3
    yield cold_start(demo_data(workdir), runs, "demo database, ocop-kiosk --demo", demo=True)
    enrolled = enrolled_data(workdir)
    shop = "demo shop enrolled, head office out of reach, ocop-kiosk"
    yield cold_start(enrolled, runs, shop)
    yield cold_start(enrolled, runs, shop, until="workers")
    if not quick:
        yield cold_start(
            big_data(workdir), runs, "1,000,000-sale database, ocop-kiosk", bytecode=False
        )
        yield cold_start(big_data(workdir), runs, "1,000,000-sale database, ocop-kiosk")


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    out = ROOT / "bench" / "out"
    for r in run(out, quick):
        print(
            f"{r['name']}: p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms, "
            f"baseline p50 {r['baseline_p50_ms']:.2f} ms, target {r['target']}"
        )

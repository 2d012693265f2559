"""Benchmark: a whole sale at the till, as sales per second, against the first wave in the same
run: five wedge scans, cash, the sale written and its receipt queued.

Each sale goes the way a clerk makes it on the demo shop: five scans of five different goods sold
by the piece through the application's key filters into the sale screen (13 digits and Enter
each, a scanner's burst), cash tendered, ``Till.complete`` (the sale, its lines, stock, outbox and
print job written), and the window told (``sale_completed``: cart, totals, last sale, the receipt
handed to the print queue). The time stops when ``sale_completed`` returns; the GUI thread's CPU
time (``time.thread_time``) is taken over the same span. Printing runs afterwards and is waited
for (not timed) before the next sale, so no sale pays for the one before. Then, untimed, the
database must hold the sale as completed with five lines of one piece each, and its print job
must have printed: a refused scan, a failed sale or a lost receipt fails the bench, it is never
counted. The demo's goods are stocked up first (a delivery of each), as a shop's are.

Target (issue 18): at least twice the sales per second of the first wave, commit 6f32fb7 (the
code when the issue was filed). The runner exports that commit with ``git archive`` into the
work folder once (``first-wave-6f32fb7/``), copies this file into its ``bench/``, and runs the
first wave's sales and this tree's sales in two child processes (``--child``), each in its own
tree and data folder, in alternating rounds (the order flips every round; only one side sells at
a time), so both see the same machine. Each side's warm-up is untimed. The baseline column of a
side's row is the same sale through ``kiosk.core`` alone (``Till.scan`` and ``Till.complete``, no
window), in that side's process. Without git or the commit (a tarball), the comparison is skipped
and said so.

The first wave's API is the same for everything this file calls (``open_services``,
``load_demo``, ``open_window``, ``WedgeFilter.clock``, ``Till.begin_payment``/``complete``,
``sale_completed``, ``stock.ledger.post``). What differs and how this file copes: its fake printer
keeps every document, raster image and job in lists (cleared after each sale here, as a real
printer keeps nothing), and its print jobs end ``printed`` where this tree's may end ``sent``
(both count as printed).

    python -m bench sale [--quick]       python -m bench.bench_sale [--quick]
"""

import contextlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIRST_WAVE = "6f32fb7"
ROUNDS, QUICK_ROUNDS, ROUND_SALES, QUICK_ROUND_SALES = 10, 4, 50, 25
WARMUP, CORE_SALES = 20, 100
# Five demo goods sold by the piece (a weighed one would open the weight dialog): five lines.
CODES = ("8939101000010", "8939101000027", "8939102000026", "8939103000018", "8939103000032")
_MARK = "bench-sale: "
_PRINTED = ("printed", "sent")


# -- one side: a kiosk in this process -------------------------------------------------------


def _shop(data: Path):
    from kiosk.app import load_demo, open_services
    from kiosk.config import default_paths
    from kiosk.ui.application import open_window

    shutil.rmtree(data, ignore_errors=True)
    services = open_services(default_paths(data))
    load_demo(services)
    _stock_up(services.session_factory)
    app, window = open_window(services, demo=True)
    window.till.sign_in("Lan", "1111")
    window.show_sale()
    app.processEvents()
    return services, app, window, services.print_queue.printer


def _stock_up(sf) -> None:
    """A delivery of every product, as a stocked shop has: the demo's few pieces would take
    the sales below zero, and each scan would then warn about it, which no shop does all day."""
    import datetime as dt

    from sqlalchemy import select

    from db.models import Product, User
    from kiosk.core.stock.ledger import Movement, post

    with sf.begin() as s:
        admin = s.scalars(select(User.id).where(User.role == "admin")).first()
        goods = s.execute(select(Product.id, Product.unit)).all()
        receipts = [
            Movement(pid, "receipt", 10_000_000 if unit == "gram" else 100_000, "bench")
            for pid, unit in goods
        ]
        post(s, receipts, user_id=admin, at=dt.datetime.now(dt.UTC))


def _scan(window, code: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    target = QApplication.focusWidget() or window
    real = window.wedge.clock
    start = real()
    window.wedge.clock = lambda: start  # a scanner's burst: keys milliseconds apart
    try:
        for char in code:
            QTest.keyClick(target, char)
        QTest.keyClick(target, Qt.Key.Key_Return)
    finally:
        window.wedge.clock = real


def _pay(till):
    draft = till.begin_payment()
    draft.add_cash(draft.total_vnd + 100_000 - draft.total_vnd % 100_000)
    return till.complete(draft)


def _sell(window) -> tuple[float, float, object]:
    """One sale through the window: (wall ms, GUI thread CPU ms, the completed sale)."""
    till = window.till
    c0, t0 = time.thread_time_ns(), time.perf_counter_ns()
    for code in CODES:
        _scan(window, code)
    window.sale.table.viewport().repaint()  # the cart as the clerk sees it before paying
    sale = _pay(till)
    window.sale_completed(sale)
    t1, c1 = time.perf_counter_ns(), time.thread_time_ns()
    return (t1 - t0) / 1e6, (c1 - c0) / 1e6, sale


def _job_status(sf, sale_id) -> str | None:
    from sqlalchemy import select

    from db.models import PrintJob

    with sf() as s:
        return s.scalars(select(PrintJob.status).where(PrintJob.sale_id == sale_id)).first()


def _printed(app, sf, printer, sale) -> None:
    """Wait (not timed) for the sale's receipt to print, then drop what the fake printer keeps."""
    deadline = time.monotonic() + 30
    while not (printer.documents and _job_status(sf, sale.id) in _PRINTED):
        if time.monotonic() > deadline:
            raise AssertionError(f"the receipt of {sale.receipt_no} was not printed")
        time.sleep(0.0005)
        app.processEvents()
    with getattr(printer, "_lock", contextlib.nullcontext()):
        for kept in ("documents", "jobs", "images"):  # lists in the first wave, deques now
            getattr(printer, kept, []).clear()


def _written(sf, sale) -> None:
    """The sale is on disk, completed, with its five lines of one piece each."""
    from sqlalchemy import func, select

    from db.models import Sale, SaleLine

    with sf() as s:
        status = s.scalar(select(Sale.status).where(Sale.id == sale.id))
        lines, pieces = s.execute(
            select(func.count(), func.sum(SaleLine.quantity)).where(SaleLine.sale_id == sale.id)
        ).one()
    if status != "completed" or lines != len(CODES) or pieces != len(CODES):
        raise AssertionError(
            f"sale {sale.receipt_no} written as {status!r} with {lines} lines and {pieces} "
            f"pieces, not completed with {len(CODES)} lines"
        )


def _ui_round(app, window, services, n: int) -> dict:
    sf, printer = services.session_factory, services.print_queue.printer
    wall, cpu = [], []
    for _ in range(n):
        ms, cpu_ms, sale = _sell(window)
        _printed(app, sf, printer, sale)
        _written(sf, sale)
        wall.append(ms)
        cpu.append(cpu_ms)
    return {"ms": wall, "cpu_ms": cpu}


def _core_round(window, services, n: int) -> dict:
    """The same sale through ``kiosk.core`` alone, on the same till and database."""
    till, wall = window.till, []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        for code in CODES:
            till.scan(code)
        sale = _pay(till)
        wall.append((time.perf_counter_ns() - t0) / 1e6)
        _written(services.session_factory, sale)
    return {"ms": wall, "cpu_ms": []}


def _child(data: Path) -> None:
    """Serve rounds to the runner: ``ui N``, ``core N`` or ``quit`` on stdin, one JSON line
    (after ``_MARK``) on stdout per round."""
    services, app, window, _printer = _shop(data)
    print(_MARK + json.dumps({"ready": True}), flush=True)
    core = False
    try:
        for line in sys.stdin:
            what, _, count = line.strip().partition(" ")
            if what == "quit":
                break
            if what == "core" and not core:
                window.show_sign_in()
                window.till.sign_in("Lan", "1111")
                core = True
            do = _core_round if what == "core" else _ui_round
            args = (window, services) if what == "core" else (app, window, services)
            print(_MARK + json.dumps(do(*args, int(count))), flush=True)
    finally:
        window.close()
        services.session_factory.kw["bind"].dispose()


# -- the runner: the first wave's tree and this one, side by side -----------------------------


def _first_wave_tree(workdir: Path, here: Path) -> tuple[Path | None, str]:
    """The first wave's tree with this bench file in it, exported once; (None, why) if not."""
    tree = workdir / f"first-wave-{FIRST_WAVE}"
    if not (tree / ".exported").exists():
        if shutil.which("git") is None:
            return None, "no git here"
        archive = subprocess.run(
            ["git", "-C", str(here), "archive", "--format=tar", FIRST_WAVE], capture_output=True
        )
        if archive.returncode != 0:
            why = archive.stderr.decode(errors="replace").strip().splitlines()
            return None, f"commit {FIRST_WAVE} not found ({why[-1] if why else 'git archive'})"
        shutil.rmtree(tree, ignore_errors=True)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(tree, filter="data")
        (tree / ".exported").write_text(FIRST_WAVE + "\n")
    shutil.copy2(Path(__file__), tree / "bench" / "bench_sale.py")
    return tree, ""


class _Side:
    """A child process selling in ``tree`` on its own data folder."""

    def __init__(self, label: str, tree: Path, workdir: Path):
        self.label, self.ms, self.cpu_ms, self.core_ms = label, [], [], []
        self.log = workdir / f"sale-{label}.log"
        env = {**os.environ, "PYTHONPATH": str(tree), "QT_QPA_PLATFORM": "offscreen"}
        command = [sys.executable, "-m", "bench.bench_sale", "--child", str(workdir / label)]
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(
                command, cwd=tree, env=env, text=True,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
            )  # fmt: skip
        self._answer()

    def _answer(self) -> dict:
        for line in self.proc.stdout:
            if line.startswith(_MARK):
                return json.loads(line[len(_MARK) :])
        self.proc.wait()
        tail = "".join(self.log.read_text(errors="replace").splitlines(True)[-15:])
        raise AssertionError(f"the {self.label} side stopped ({self.proc.returncode}):\n{tail}")

    def ask(self, what: str, n: int) -> dict:
        self.proc.stdin.write(f"{what} {n}\n")
        self.proc.stdin.flush()
        return self._answer()

    def round(self, n: int) -> None:
        got = self.ask("ui", n)
        self.ms += got["ms"]
        self.cpu_ms += got["cpu_ms"]

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):
                self.proc.stdin.write("quit\n")
                self.proc.stdin.close()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    @property
    def per_s(self) -> float:
        return 1000 * len(self.ms) / sum(self.ms)


def _alternate(sides: list[_Side], rounds: int, per_round: int) -> None:
    for side in sides:
        side.ask("ui", WARMUP)  # untimed
    for i in range(rounds):
        for side in sides if i % 2 == 0 else sides[::-1]:
            side.round(per_round)
    for i in range(2):
        for side in sides if i % 2 == 0 else sides[::-1]:
            side.core_ms += side.ask("core", CORE_SALES // 2)["ms"]


def _rows(this: _Side, first: _Side | None, why: str, load: str) -> list[dict]:
    from bench.stats import row

    name = "sale: 5 wedge scans, cash, receipt queued"
    cpu = statistics.mean(this.cpu_ms)
    mine = row(f"{name}, this tree", this.ms, this.core_ms, "")
    if first is None:
        mine["target"] = (
            f"{this.per_s:.1f} sales/s, GUI CPU {cpu:.1f} ms/sale; ≥ 2× the first wave: "
            f"not measured, {why} ({load})"
        )
        return [mine]
    theirs = row(f"{name}, first wave {FIRST_WAVE}", first.ms, first.core_ms, "")
    their_cpu = statistics.mean(first.cpu_ms)
    theirs["target"] = f"{first.per_s:.1f} sales/s, GUI CPU {their_cpu:.1f} ms/sale"
    speedup = this.per_s / first.per_s
    mine["target"] = (
        f"{this.per_s:.1f} sales/s = {speedup:.2f}× the first wave's, GUI CPU {cpu:.1f} ms/sale "
        f"({their_cpu / cpu:.2f}× less); ≥ 2× the first wave: "
        f"{'met' if speedup >= 2 else '**not met**'} ({load})"
    )
    return [theirs, mine]


def run(workdir: Path, quick: bool) -> list[dict]:
    workdir, here = Path(workdir).resolve(), Path(__file__).resolve().parents[1]
    rounds, per_round = (QUICK_ROUNDS, QUICK_ROUND_SALES) if quick else (ROUNDS, ROUND_SALES)
    first_tree, why = _first_wave_tree(workdir, here)
    load0 = os.getloadavg()[0]
    sides: list[_Side] = []
    try:
        if first_tree is not None:
            sides.append(_Side("first-wave", first_tree, workdir))
        sides.append(_Side("this-tree", here, workdir))
        _alternate(sides, rounds, per_round)
    finally:
        for side in sides:
            side.close()
    load = f"load {load0:.2f} → {os.getloadavg()[0]:.2f}"
    return _rows(sides[-1], sides[0] if first_tree else None, why, load)


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child(Path(sys.argv[sys.argv.index("--child") + 1]))
        sys.exit(0)
    for r in run(Path(__file__).parent / "out", "--quick" in sys.argv):
        print(
            f"{r['name']}: p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms, "
            f"core p50 {r['baseline_p50_ms']:.2f} ms; {r['target']}"
        )

"""Benchmark: the kiosk's memory over a day's trade and more: 10,000 sales on the sale screen.

Target: the resident set grows by at most 10 MB from the 500th sale to the 10,500th. Each
sale goes the way a clerk makes it: three scans into the window (``on_scan``, as the wedge
filter and a serial scanner deliver them), cash tendered, the sale written, the screen told
(``sale_completed``: cart, totals, last sale, the receipt composed, rendered to ESC/POS and
printed through the print queue on the demo's fake printer, whose kept documents, jobs and
rasters are dropped after each sale: a real printer keeps nothing). Each sale is checked to have
been written with its three lines. The baseline row is the same loop's time per sale.

Run alone: ``python -m bench.bench_memory [--quick]``.
"""

import gc
import os
import shutil
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.stats import row

WARMUP, SALES, QUICK_SALES = 500, 10_000, 1_000
TARGET_MB = 10.0
CODES = ("8939101000010", "8939101000027", "8939102000026")  # demo goods sold by the piece


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _shop(workdir: Path):
    from hardware.fakes import FakePrinter
    from kiosk.app import load_demo, open_services
    from kiosk.config import default_paths
    from kiosk.ui.application import open_window

    data = workdir / "memory-demo"
    shutil.rmtree(data, ignore_errors=True)
    services = open_services(default_paths(data))
    load_demo(services)
    printer = services.print_queue.printer  # the demo's fake://, rendering like a real one
    assert isinstance(printer, FakePrinter)
    app, window = open_window(services, demo=True)
    window.till.sign_in("Lan", "1111")
    window.show_sale()
    return services, app, window, printer


def _sell(app, window, printer) -> None:
    till = window.till
    for code in CODES:
        window.on_scan(code)
    if len(till.cart.lines) != len(CODES):
        raise AssertionError(f"the scans added {len(till.cart.lines)} lines, not {len(CODES)}")
    draft = till.begin_payment()
    draft.add_cash(draft.total_vnd + 100_000 - draft.total_vnd % 100_000)
    sale = till.complete(draft)
    if len(sale.totals.lines) != len(CODES):
        raise AssertionError(f"sale {sale.receipt_no} was written without its lines")
    window.sale_completed(sale)
    app.processEvents()
    while window.ops.busy:  # the receipt prints on a worker thread
        time.sleep(0.0005)
        app.processEvents()
    if not printer.documents:
        raise AssertionError(f"sale {sale.receipt_no} printed no receipt")
    with printer._lock:  # the fake's own memory of what it printed, not the kiosk's
        printer.documents.clear()
        printer.jobs.clear()


def run(workdir: Path, quick: bool) -> list[dict]:
    from kiosk.app import close_services

    sales = QUICK_SALES if quick else SALES
    services, app, window, printer = _shop(Path(workdir))
    try:
        for _ in range(WARMUP):
            _sell(app, window, printer)
        gc.collect()
        before = _rss_mb()
        times = []
        for _ in range(sales):
            t0 = time.perf_counter_ns()
            _sell(app, window, printer)
            times.append((time.perf_counter_ns() - t0) / 1e6)
        gc.collect()
        growth = _rss_mb() - before
    finally:
        window.close()
        close_services(services)
    result = row(
        f"memory: resident set growth over {sales:,} sales on the sale screen (MB)",
        [growth],
        times,
        f"≤ {TARGET_MB:g} MB (p50/p99 columns: MB; baseline: ms per sale)",
    )
    result["n"] = sales
    return [result]


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    for r in run(Path(__file__).parent / "out", quick):
        print(f"{r['name']}: {r['p50_ms']:.1f} MB; {r['baseline_p50_ms']:.1f} ms per sale")

"""Benchmark: the back office's reports screen opening, on the catalogue bench's database of
100,000 products and 1,000,000 sales (quick: 10,000 and 20,000).

Measured: a new back-office screen built, the reports section shown for the last month (and the
last year) of the sales history, the sales-by-day report computed off the GUI thread and drawn as a table and a
chart, then painted. Target (issue 6): under 500 ms. Baseline: the same report computed by
kiosk.core alone (``Reports.table``), no window. Offscreen Qt; nothing is written to the file.

Run alone: ``python -m bench backoffice [--quick]``.
"""

import datetime as dt
import os
import sqlite3
import sys
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.bench_catalogue import FULL, QUICK, database
from bench.stats import row, time_calls

OPENS = 15
TARGET = "p50 < 500 ms"


def _last_day(path: Path) -> dt.date:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dt.date.fromisoformat(
            con.execute("SELECT max(business_date) FROM sales").fetchone()[0]
        )
    finally:
        con.close()


def run(workdir: Path, quick: bool) -> list[dict]:
    from db import make_session_factory, upgrade
    from kiosk.ui.application import make_application

    n_products, n_sales = QUICK if quick else FULL
    path = database(Path(workdir), n_products, n_sales)
    end = _last_day(path)
    sf = make_session_factory(upgrade(path))
    app = make_application([])
    ctx = _context(sf, Path(workdir))
    office, visit = ctx.office, ctx.visit()

    n = OPENS if not quick else 5
    size = f"{n_products:,} products, {n_sales:,} sales"
    rows = []
    for label, start in (("a month", end.replace(day=1)), ("a year", end - dt.timedelta(364))):
        opens = time_calls(lambda _i, s=start: _open_reports(app, ctx, s, end), n, warmup=2)
        baseline = time_calls(
            lambda _i, s=start: office.report(visit, "by_day", s, end, "vi"), n, warmup=2
        )
        rows.append(row(f"reports screen opens, sales by day of {label} ({size})", opens,
                        baseline, TARGET))  # fmt: skip
    return rows


def _context(sf, workdir: Path):
    """The back office's context for the synthetic admin, printing to no printer."""
    from kiosk.core.backoffice import BackOffice, Visit
    from kiosk.core.people.users import Actor, Users
    from kiosk.core.settings import Settings
    from kiosk.core.synthetic import SYNTHETIC_USER_ID
    from kiosk.ui.backoffice.context import BackOfficeContext
    from kiosk.ui.shared.background import BackgroundOps
    from kiosk.ui.shared.notices import Notices
    from kiosk.ui.shared.printing import ReceiptPrinting

    settings = Settings(sf)
    office = BackOffice(sf, settings, Users(sf, settings), documents_dir=workdir / "docs")
    visit = Visit(Actor(uuid.UUID(SYNTHETIC_USER_ID), "synthetic", "admin"))
    notices, ops = Notices(), BackgroundOps()
    return BackOfficeContext(
        office=office,
        visit=lambda: visit,
        notices=notices,
        ops=ops,
        printing=ReceiptPrinting(None, ops, notices),
        open_dialog=lambda dialog: dialog.open(),
    )


def _open_reports(app, ctx, start: dt.date, end: dt.date) -> None:
    """A new back-office screen showing the sales-by-day report from ``start`` to ``end``,
    painted once the report has loaded; then closed."""
    from PySide6.QtCore import QDate

    from kiosk.ui.backoffice.screen import BackOfficeScreen

    screen = BackOfficeScreen(ctx)
    screen.visit = ctx.visit()
    screen.resize(1024, 700)
    screen.show()
    section = screen.section("reports")
    section.start.setDate(QDate(start.year, start.month, start.day))
    section.end.setDate(QDate(end.year, end.month, end.day))
    screen.show_section("reports")
    deadline = time.perf_counter() + 30
    while section.table_shown is None and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.0005)
    if section.table_shown is None or not section.table_shown.rows:
        raise RuntimeError(f"the report did not load: {ctx.notices.text!r}")
    screen.repaint()
    app.processEvents()
    screen.close()
    screen.deleteLater()


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    out = Path(__file__).resolve().parent / "out"
    for r in run(out, quick):
        print(
            f"{r['name']}: p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, "
            f"baseline p50 {r['baseline_p50_ms']:.1f} ms, target {r['target']}"
        )

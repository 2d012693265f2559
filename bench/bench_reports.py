"""Benchmark: the Z report of a day and a producer's monthly settlement statement, on the
catalogue bench's database of 100,000 products and 1,000,000 sales (quick: 10,000 and 20,000).

Target (issue 6): under 300 ms each. Synthetic sales have no shift and no consignment goods,
so the set-up (idempotent, on the cached file) gives the last day's sales a closed shift and a
Z report, and makes the producer of the best-selling product a consignment producer with a
settlement that ended a month before the history's last day. Each figure is measured through
kiosk.core (:meth:`Shifts.z_report`, :meth:`Settlements.statement`) against a baseline of the
same sums in raw SQL on the same file.

Run alone: ``python -m bench reports [--quick]``.
"""

import datetime as dt
import sqlite3
import uuid
from pathlib import Path

from bench.bench_catalogue import FULL, QUICK, database
from bench.stats import row, time_calls
from db import make_session_factory, upgrade
from kiosk.core.cash.settlement import SOLD_SQL, Settlements, end_of_day
from kiosk.core.cash.shifts import Shifts
from kiosk.core.localtime import VIETNAM
from kiosk.core.people.users import Actor
from kiosk.core.settings import Settings
from kiosk.core.synthetic import SYNTHETIC_USER_ID, TERMINAL

TARGET = "p50 < 300 ms"
BENCH_SHIFT = uuid.UUID("0190a000-0000-7000-8000-00000000b001")
BENCH_Z = uuid.UUID("0190a000-0000-7000-8000-00000000b002")
BENCH_SETTLEMENT = uuid.UUID("0190a000-0000-7000-8000-00000000b003")


def _ts(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def prepare(path: Path) -> tuple[dt.date, uuid.UUID]:
    """The day whose sales got the bench's shift and Z, and the consignment producer."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        day = dt.date.fromisoformat(
            con.execute(
                "SELECT max(business_date) FROM sales WHERE terminal_code = ?", (TERMINAL,)
            ).fetchone()[0]
        )
        producer = con.execute(
            "SELECT producer_id FROM products WHERE sku = 'SYN-000000'"
        ).fetchone()[0]
        done = con.execute("SELECT 1 FROM z_reports WHERE id = ?", (BENCH_Z.hex,)).fetchone()
        if not done:
            opened = dt.datetime.combine(day, dt.time(6), VIETNAM)
            closed = dt.datetime.combine(day, dt.time(22), VIETNAM)
            user = SYNTHETIC_USER_ID
            con.execute("BEGIN IMMEDIATE")
            con.execute(
                "INSERT INTO z_reports (id, terminal_code, z_no, business_date, first_opened_at,"
                " closed_by, created_at, sales_count, sales_vnd, refunds_vnd, net_vnd,"
                " expected_cash_vnd, counted_cash_vnd) VALUES (?,?,?,?,?,?,?,0,0,0,0,0,0)",
                (BENCH_Z.hex, "BENCH", 1, day.isoformat(), _ts(opened), user, _ts(closed)),
            )
            con.execute(
                "INSERT INTO shifts (id, terminal_code, business_date, opened_by, opened_at,"
                " float_vnd, closed_by, closed_at, counted_cash_vnd, counted_notes,"
                " expected_cash_vnd, z_report_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (BENCH_SHIFT.hex, "BENCH", day.isoformat(), user, _ts(opened), 1_000_000, user,
                 _ts(closed), 0, "{}", 0, BENCH_Z.hex),
            )  # fmt: skip
            con.execute(
                "UPDATE sales SET shift_id = ? WHERE business_date = ? AND terminal_code = ?",
                (BENCH_SHIFT.hex, day.isoformat(), TERMINAL),
            )
            con.execute(
                "UPDATE products SET consignment = 1, commission_pct = 20 WHERE producer_id = ?",
                (producer,),
            )
            month_start = end_of_day(day - dt.timedelta(days=31))
            con.execute(
                "INSERT INTO settlements (id, statement_no, producer_id, period_start,"
                " period_end, sold_vnd, refunded_vnd, net_vnd, commission_vnd, owed_vnd,"
                " created_by, created_at) VALUES (?,?,?,?,?,0,0,0,0,0,?,?)",
                (BENCH_SETTLEMENT.hex, "BENCH-DS-0001", producer, _ts(month_start - dt.timedelta(
                    days=30)), _ts(month_start), user, _ts(month_start)),
            )  # fmt: skip
            con.execute("COMMIT")
            con.execute("ANALYZE")
        return day, uuid.UUID(hex=producer)
    finally:
        con.close()


RAW_Z = """
SELECT (SELECT count(*) || ' ' || sum(total_vnd) FROM sales WHERE shift_id = :s
          AND status = 'completed'),
       (SELECT sum(l.gross_vnd) FROM sale_lines l JOIN sales s ON s.id = l.sale_id
          WHERE s.shift_id = :s AND s.status = 'completed'),
       (SELECT group_concat(m || '=' || a) FROM (SELECT p.method m, sum(p.amount_vnd) a
          FROM payments p JOIN sales s ON s.id = p.sale_id WHERE s.shift_id = :s
          AND s.status = 'completed' GROUP BY p.method)),
       (SELECT group_concat(r || '=' || v) FROM (SELECT v.rate_pct r, sum(v.vat_vnd) v
          FROM sale_vat v JOIN sales s ON s.id = v.sale_id WHERE s.shift_id = :s
          AND s.status = 'completed' GROUP BY v.rate_pct)),
       (SELECT sum(total_vnd) FROM refunds WHERE shift_id = :s),
       (SELECT sum(amount_vnd) FROM cash_movements WHERE shift_id = :s)
"""
# The statement's own SQL (kiosk.core.cash.settlement) on a bare connection: the price of our layers.
RAW_STATEMENT = str(SOLD_SQL)


def run(workdir: Path, quick: bool) -> list[dict]:
    n_products, n_sales = QUICK if quick else FULL
    path = database(Path(workdir), n_products, n_sales)
    day, producer = prepare(path)
    engine = upgrade(path)
    sf = make_session_factory(engine)
    settings = Settings(sf)
    manager = Actor(uuid.UUID(hex=SYNTHETIC_USER_ID), "synthetic", "manager")
    shifts = Shifts(sf, settings)
    settlements = Settlements(sf, settings)
    n = 20 if quick else 50
    raw = sqlite3.connect(path)
    try:
        z = shifts.z_report(BENCH_Z)
        statement = settlements.statement(manager, producer, day)
        z_ms = time_calls(lambda i: shifts.z_report(BENCH_Z), n, warmup=3)
        z_raw = time_calls(
            lambda i: raw.execute(RAW_Z, {"s": BENCH_SHIFT.hex}).fetchall(), n, warmup=3
        )
        st_ms = time_calls(lambda i: settlements.statement(manager, producer, day), n, warmup=3)
        bounds = {"producer": producer.hex, "start": _ts(statement.period_start),
                  "end": _ts(statement.period_end)}  # fmt: skip
        st_raw = time_calls(lambda i: raw.execute(RAW_STATEMENT, bounds).fetchall(), n, warmup=3)
    finally:
        raw.close()
        engine.dispose()
    size = f"{n_sales:,} sales"
    return [
        row(f"Z report, {z.sales_count:,} sales in the day ({size})", z_ms, z_raw, TARGET),
        row(
            f"monthly settlement, {len(statement.lines)} products, "
            f"{sum(x.sold_qty for x in statement.lines):,} sold ({size})",
            st_ms,
            st_raw,
            TARGET,
        ),
    ]


if __name__ == "__main__":
    import sys

    from bench.__main__ import main

    sys.exit(main(["reports", *sys.argv[1:]]))

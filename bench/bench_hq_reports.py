"""Chain reports at head office over many sales (issue 13: under 1 s at 10,000,000 sales).

Fills a fresh PostgreSQL database inside the server (bench.hq_chain_data: one INSERT ... SELECT
generate_series per table, loaded without its indexes and keys, bench.pg_bulk) with N sales of
3 lines each over the last 365 days at 100 terminals in 20 shops, 2,000 products of 200
producers, 0.5 % of the sales voided and 1 % refunded, a shift per terminal and day, and stock
received per terminal and product; then recounts the daily rollups from those rows
(:func:`hq.reports.rollup.rebuild`, what ingest keeps up to date push by push) and times every
report over the last month and the last year, p50/p99, checking each answers rows.

    python -m bench hq_reports                       # N = 1,000,000 (--quick: 20,000)
    OCOP_BENCH_HQ_SALES=10000000 python -m bench hq_reports

On a shared machine run it under ``nice -n 19 ionice -c3`` (and the PostgreSQL server too): the
generation then yields to everyone else, and the timed reports go back to normal priority
(:func:`_normal_priority`, as root).

PostgreSQL as in bench_sync ($OCOP_BENCH_PG_URL or $OCOP_TEST_PG_URL, else scripts/postgres.sh);
without it this bench reports nothing.
"""

import datetime as dt
import os
import subprocess
import time
from pathlib import Path

from sqlalchemy import func, select, text

from bench import hq_chain_data as data
from bench import pg_bulk
from bench.bench_sync import _fresh_database, _postgres
from bench.stats import row, time_calls
from hq import store
from hq.models import Sale, utcnow
from hq.reports import rollup
from hq.reports.choice import REPORTS, make
from hq.reports.table import Period

TARGET = "< 1000 ms at 10M sales"


def fill(session_factory, n: int) -> dict[str, float]:
    """Generate the data and recount the rollups; seconds each step took.

    The sales' tables are loaded with their indexes and keys dropped and re-created after
    (bench.pg_bulk), each in one INSERT without waiting for the WAL flush at commit:
    bench data that a crash would simply have generated again.
    """
    engine = session_factory.kw["bind"]
    took: dict[str, float] = {}
    t0 = time.perf_counter()
    with session_factory.begin() as s:
        for sql in data.CATALOGUE:
            s.execute(text(sql))
    took["catalogue"] = time.perf_counter() - t0
    with pg_bulk.loaded(engine, data.BULK_TABLES, took):
        for table, sql in data.sales(n):
            t0 = time.perf_counter()
            with session_factory.begin() as s:
                s.execute(text("SET LOCAL synchronous_commit = off"))
                s.execute(text(sql))
            took[table] = time.perf_counter() - t0
            print(f"bench_hq_reports: {table} {took[table]:.0f} s", flush=True)
    t0 = time.perf_counter()
    with session_factory.begin() as s:
        for sql in data.SHIFTS_STOCK:
            s.execute(text(sql))
    took["shifts_stock"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    with session_factory.begin() as s:
        rollup.rebuild(s)
    took["rollups"] = time.perf_counter() - t0
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    return took


def _normal_priority(session) -> None:
    """Undo a ``nice``/``ionice`` that the generation ran under, for the timed reports.

    The generation may run niced to spare a shared machine; the reports must be timed at normal
    priority, in this process and in the PostgreSQL backend that answers ``session`` when it
    runs on this machine (lowering a niceness needs root: otherwise this says so and the
    times are niced ones).
    """
    if os.getpriority(os.PRIO_PROCESS, 0) == 0:
        return
    backend = session.scalar(text("SELECT pg_backend_pid()"))
    comm = Path(f"/proc/{backend}/comm")
    local = comm.exists() and comm.read_text().strip() == "postgres"
    for pid in (os.getpid(), backend) if local else (os.getpid(),):
        try:
            os.setpriority(os.PRIO_PROCESS, pid, 0)
        except PermissionError:
            print(f"bench_hq_reports: cannot renice {pid}: the reports are timed niced")
            return
        subprocess.run(["ionice", "-c2", "-n4", "-p", str(pid)], check=False)
    print(f"bench_hq_reports: reports timed at normal priority (backend {backend}: {local})")


def time_reports(session_factory, repeat: int) -> list[dict]:
    today = dt.date.today()
    periods = {
        "month": Period(today - dt.timedelta(days=30), today),
        "year": Period(today - dt.timedelta(days=data.DAYS - 1), today),
    }
    out = []
    for key, choice in REPORTS.items():
        for name, period in periods.items() if choice.periodic else [("now", periods["month"])]:
            with session_factory() as s:
                _normal_priority(s)
                found = make(s, key, period, utcnow())
                assert found.rows, f"{key} over the {name}: no rows"
                samples = time_calls(lambda i, s=s, k=key, p=period: make(s, k, p, utcnow()), repeat,
                                     warmup=2)  # fmt: skip
            out.append(row(f"hq report {key} ({name})", samples, None, TARGET))
    return out


def run(workdir: Path, quick: bool) -> list[dict]:
    n = 20_000 if quick else int(os.environ.get("OCOP_BENCH_HQ_SALES", "1000000"))
    admin_url, stop = _postgres(Path(workdir))
    if admin_url is None:
        print("bench_hq_reports: no PostgreSQL, skipped")
        return []
    engine = None
    try:
        engine, session_factory = store.open_database(_fresh_database(admin_url))
        t0 = time.perf_counter()
        took = fill(session_factory, n)
        with session_factory() as s:
            assert s.scalar(select(func.count()).select_from(Sale)) == n
            size = s.scalar(text("SELECT pg_database_size(current_database())"))
        steps = ", ".join(f"{k} {v:.0f} s" for k, v in took.items())
        print(f"bench_hq_reports: {n:,} sales generated in {time.perf_counter() - t0:.0f} s "
              f"({steps}); database {size / 2**30:.1f} GiB", flush=True)  # fmt: skip
        return time_reports(session_factory, 5 if quick else 20)
    finally:
        if engine is not None:
            engine.dispose()
        if stop:
            stop()

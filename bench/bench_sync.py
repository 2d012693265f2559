"""Sync throughput: 100,000 queued sales of 5 lines (quick: 5,000) pushed by the kiosk's sync
client to a real ``ocop-hq serve`` on PostgreSQL, against a plain COPY of the same rows into an
empty head-office database, measured in the same run.

Target (issue 7): 2,000 sales/s or more end to end. PostgreSQL comes from $OCOP_BENCH_PG_URL or
$OCOP_TEST_PG_URL, else is started with scripts/postgres.sh; without it the bench runs on SQLite
and says so in the row's name.
"""

import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bench.stats import percentile
from db import make_session_factory, upgrade
from db.models import OutboxEntry
from hq import store, terminals
from hq.models import Sale, Terminal
from kiosk.core.sync.client import SyncClient, enrol
from tests.hq.conftest import PG_SCRIPT, HqServer
from tests.hq.sales import queue_sales

BATCH = 1000
TARGET = "≥ 2,000 sales/s end to end"

COPY_COLUMNS = {
    "entries": ("id", "terminal_id", "seq", "kind", "applied", "created_at", "received_at"),
    "sales": (
        "id", "entry_id", "terminal_id", "terminal_code", "receipt_no", "business_date", "seq",
        "user_id", "shift_id", "status", "subtotal_vnd", "discount_vnd", "total_vnd", "vat_vnd",
        "discount_authorised_by", "receipt_lang", "created_at", "received_at",
    ),
    "sale_lines": (
        "id", "sale_id", "line_no", "product_id", "barcode", "name_vi", "name_en", "unit",
        "quantity", "unit_price_vnd", "gross_vnd", "line_discount_vnd", "cart_discount_vnd",
        "amount_vnd", "vat_rate_pct",
    ),
    "sale_vat": ("sale_id", "rate_pct", "gross_vnd", "vat_vnd"),
    "payments": (
        "id", "sale_id", "method", "amount_vnd", "tendered_vnd", "change_vnd", "reference",
    ),
    "stock_movements": (
        "id", "entry_id", "terminal_id", "product_id", "kind", "quantity", "unit_cost_vnd",
        "reason", "sale_id", "user_id", "created_at",
    ),
}  # fmt: skip


def _postgres(workdir: Path):
    """(admin URL, stop function) or (None, None) when PostgreSQL cannot be had."""
    url = os.environ.get("OCOP_BENCH_PG_URL") or os.environ.get("OCOP_TEST_PG_URL")
    if url:
        return url, lambda: None
    folder = tempfile.mkdtemp(prefix="ocop-bench-pg-", dir="/tmp")
    os.chmod(folder, 0o755)
    done = subprocess.run(["bash", str(PG_SCRIPT), "start", folder], capture_output=True, text=True)
    if done.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        return None, None

    def stop():
        subprocess.run(["bash", str(PG_SCRIPT), "stop", folder], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)

    return done.stdout.strip().splitlines()[-1], stop


def _fresh_database(admin_url: str) -> str:
    u = make_url(admin_url)
    name = f"hq_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(
        f"host={u.host} port={u.port} user={u.username} dbname=postgres", autocommit=True
    ) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return u.set(database=name).render_as_string(hide_password=False)


def _copy_rows(payloads: list[tuple], terminal_id: int) -> dict[str, list[tuple]]:
    """The rows head office ends with, built from the outbox, for the COPY baseline."""
    now = "2026-01-01 00:00:00"
    rows: dict[str, list[tuple]] = {t: [] for t in COPY_COLUMNS}
    for entry_id, seq, created_at, p in payloads:
        s = p["sale"]
        rows["entries"].append((entry_id, terminal_id, seq, "sale", True, created_at, now))
        rows["sales"].append(
            (s["id"], entry_id, terminal_id, s["terminal_code"], s["receipt_no"],
             s["business_date"], s["seq"], s["user_id"], s["shift_id"], s["status"],
             s["subtotal_vnd"], s["discount_vnd"], s["total_vnd"], s["vat_vnd"],
             s["discount_authorised_by"], s["receipt_lang"], s["created_at"], now)
        )  # fmt: skip
        rows["sale_lines"].extend(
            tuple([ln[c] if c != "sale_id" else s["id"] for c in COPY_COLUMNS["sale_lines"]])
            for ln in p["lines"]
        )
        rows["sale_vat"].extend(
            (s["id"], v["rate_pct"], v["gross_vnd"], v["vat_vnd"]) for v in p["vat"]
        )
        rows["payments"].extend(
            (x["id"], s["id"], x["method"], x["amount_vnd"], x["tendered_vnd"], x["change_vnd"],
             x["reference"])
            for x in p["payments"]
        )  # fmt: skip
        rows["stock_movements"].extend(
            (m["id"], entry_id, terminal_id, m["product_id"], m["kind"], m["quantity"], None, "",
             s["id"], s["user_id"], m["created_at"])
            for m in p["movements"]
        )  # fmt: skip
    return rows


def _copy(url: str, rows: dict[str, list[tuple]]) -> float:
    """Seconds to COPY ``rows`` into the empty database at ``url``, in one transaction."""
    u = make_url(url)
    with psycopg.connect(f"host={u.host} port={u.port} user={u.username} dbname={u.database}") as c:
        t0 = time.perf_counter()
        with c.cursor() as cur:
            for table, cols in COPY_COLUMNS.items():
                with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                    for r in rows[table]:
                        copy.write_row(r)
        c.commit()
        return time.perf_counter() - t0


def run(workdir: Path, quick: bool) -> list[dict]:
    n = 5_000 if quick else 100_000
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    admin_url, stop = _postgres(workdir)
    backend = "PostgreSQL" if admin_url else "SQLite"
    hq_url = (
        _fresh_database(admin_url) if admin_url else f"sqlite:///{workdir / 'bench-hq.sqlite3'}"
    )
    kiosk_path = workdir / "bench-sync-kiosk.sqlite3"
    for p in (kiosk_path, workdir / "bench-hq.sqlite3"):
        for f in p.parent.glob(p.name + "*"):
            f.unlink()
    server = HqServer(hq_url, workdir).start()
    try:
        kiosk_engine = upgrade(kiosk_path)
        factory = make_session_factory(kiosk_engine)
        got = enrol(server.url, server.add_terminal("BENCH"))
        queue_sales(factory, "BENCH", n, seed=42)
        client = SyncClient(factory, server.url, got.token, "BENCH", timeout_s=120)
        batches_ms, elapsed = _push_all(client)
        client.close()
        with server.session_factory() as s:
            arrived = s.scalar(select(func.count()).select_from(Sale))
        assert arrived == n, f"{arrived} of {n} sales arrived"
        copy_s = _copy_baseline(admin_url, factory) if admin_url else None
        kiosk_engine.dispose()
    finally:
        server.stop()
        if stop:
            stop()
    return _results(n, backend, batches_ms, elapsed, copy_s)


def _push_all(client: SyncClient) -> tuple[list[float], float]:
    """Push the whole outbox in batches: each batch's time in ms, and the seconds in all."""
    batches_ms: list[float] = []
    t0 = time.perf_counter()
    while True:
        t = time.perf_counter()
        report = client.push_once(BATCH)
        batches_ms.append((time.perf_counter() - t) * 1000)
        if report.backlog == 0:
            break
    return batches_ms, time.perf_counter() - t0


def _copy_baseline(admin_url: str, factory: sessionmaker[Session]) -> float:
    """Seconds to COPY the rows of the kiosk's outbox into a fresh head-office database."""
    with factory() as s:
        payloads = [
            (str(e.id), e.seq, e.created_at.isoformat(), e.payload)
            for e in s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
        ]
    copy_url = _fresh_database(admin_url)
    engine, copy_factory = store.open_database(copy_url)
    with copy_factory.begin() as s:
        terminals.add_terminal(s, "BENCH")
        terminal_id = s.scalar(select(Terminal.id))
    engine.dispose()
    return _copy(copy_url, _copy_rows(payloads, terminal_id))


def _results(
    n: int, backend: str, batches_ms: list[float], elapsed: float, copy_s: float | None
) -> list[dict]:
    """The two rows of the bench: per batch, and end to end; COPY's figures when it ran."""
    per_batch_copy_ms = copy_s * 1000 / len(batches_ms) if copy_s else None
    p50 = percentile(batches_ms, 50)
    rate = n / elapsed
    copy_rate = n / copy_s if copy_s else None
    return [
        {
            "name": f"sync push, {BATCH}-sale batch of 5-line sales → HQ ({backend}); baseline COPY",
            "n": len(batches_ms),
            "p50_ms": p50,
            "p99_ms": percentile(batches_ms, 99),
            "baseline_p50_ms": per_batch_copy_ms,
            "ratio": p50 / per_batch_copy_ms if per_batch_copy_ms else None,
            "target": TARGET,
        },
        {
            "name": (
                f"sync {n:,} sales end to end: {rate:,.0f} sales/s"
                + (f" vs COPY {copy_rate:,.0f} sales/s" if copy_rate else "")
                + f" ({backend})"
            ),
            "n": n,
            "p50_ms": elapsed * 1000,
            "p99_ms": None,
            "baseline_p50_ms": copy_s * 1000 if copy_s else None,
            "ratio": elapsed / copy_s if copy_s else None,
            "target": TARGET,
            "sales_per_s": rate,
            "copy_sales_per_s": copy_rate,
        },
    ]


if __name__ == "__main__":
    for r in run(Path(tempfile.mkdtemp(prefix="bench-sync-")), quick=True):
        print(json.dumps(r, default=str))

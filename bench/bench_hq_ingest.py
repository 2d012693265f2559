"""Head office's ingest on PostgreSQL: 100,000 sales of 5 lines, each with its audit entry
(quick: 5,000), pushed in batches of 500 entries (the kiosk's batch size) through
:func:`hq.server.apply_push`, the function ``POST /api/v1/push`` hands a request's body to once
the terminal's token is checked: parse and validate, de-duplicate, apply, answer. No HTTP and no
kiosk: the figure is head office's own. Baseline, in the same run: the very same rows (built by
:class:`hq.entry_rows.Rows` beforehand, untimed) loaded with psycopg's ``cursor.copy`` into a
fresh head-office database, one COPY per table and one commit per batch as a push has.

Targets (issue 18): 5,000 sales/s or more, and at least half COPY's rate. Every sale must arrive
exactly once (counted at the end). PostgreSQL comes as for bench_sync ($OCOP_BENCH_PG_URL,
$OCOP_TEST_PG_URL, else scripts/postgres.sh).
"""

import json
import random
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bench.bench_sync import _fresh_database, _postgres
from bench.stats import percentile
from db.ids import new_id
from hq import protocol, store, terminals
from hq.asgi import tune_gc
from hq.entry_rows import COLUMNS, Rows, _copy_types
from hq.models import AuditEvent, Entry, Sale, Terminal, utcnow
from hq.server import apply_push
from tests.hq.sales import sale_payload

BATCH = 500  # entries, as kiosk.core.sync.client.DEFAULT_BATCH
TARGET = "≥ 5,000 sales/s and ≥ 0.5x COPY"


def _iso(value) -> str:
    return value.isoformat().replace("+00:00", "Z")


def sale_entries(code: str, sales: int, *, seed: int = 7) -> Iterator[dict]:
    """Outbox entries as a kiosk pushes them: each sale followed by its audit entry (a discount
    authorised by a manager), seq counting from 1."""
    rng = random.Random(seed)
    manager = str(uuid.UUID(int=0x0193_0000_0000_7000_8000_0000_0000_BBBB))
    seq = 0
    for n in range(1, sales + 1):
        payload = sale_payload(code, n, rng)
        sale = payload["sale"]
        audit = {
            "id": str(new_id()),
            "at": sale["created_at"],
            "kind": "discount",
            "user_id": sale["user_id"],
            "authorised_by": manager,
            "subject_id": sale["id"],
            "data": {"lines": [], "cart_discount_vnd": sale["discount_vnd"]},
        }
        created = _iso(utcnow())
        for kind, body in (("sale", payload), ("audit", audit)):
            seq += 1
            yield {"id": str(new_id()), "seq": seq, "kind": kind, "created_at": created,
                   "terminal_code": code, "payload": body}  # fmt: skip


def push_bodies(code: str, sales: int, *, batch: int = BATCH, seed: int = 7) -> list[bytes]:
    """The request bodies of ``sales`` sales and their audit entries, ``batch`` entries each."""
    entries = list(sale_entries(code, sales, seed=seed))
    bodies = []
    for start in range(0, len(entries), batch):
        chunk = entries[start : start + batch]
        backlog = len(entries) - start - len(chunk)
        bodies.append(json.dumps({"backlog": backlog, "entries": chunk}).encode())
    return bodies


def _hq_database(admin_url: str, code: str):
    """A fresh, migrated head-office database with terminal ``code``: (url, engine, sessions,
    the terminal's id)."""
    url = _fresh_database(admin_url)
    engine, session_factory = store.open_database(url)
    with session_factory.begin() as s:
        terminals.add_terminal(s, code)
        terminal_id = s.scalar(select(Terminal.id).where(Terminal.code == code))
    return url, engine, session_factory, terminal_id


def _ingest(session_factory, terminal_id: int, bodies: list[bytes]) -> tuple[list[float], float]:
    """Each batch through apply_push: its time in ms, and the seconds in all."""
    batches_ms = []
    t0 = time.perf_counter()
    for body in bodies:
        t = time.perf_counter()
        answer = apply_push(session_factory, terminal_id, body)
        batches_ms.append((time.perf_counter() - t) * 1000)
        refused = [r for r in answer.results if r.status != "applied"]
        assert not refused, refused[:3]
    return batches_ms, time.perf_counter() - t0


def _copy_baseline(url: str, terminal_id: int, bodies: list[bytes]) -> list[float]:
    """Each batch's rows COPY'd and committed: the COPY's time per batch in ms (building the rows
    beforehand is not timed)."""
    u = make_url(url)
    out = []
    with psycopg.connect(f"host={u.host} port={u.port} user={u.username} dbname={u.database}") as c:
        for body in bodies:
            rows = Rows()
            now = utcnow()
            for entry in protocol.PushRequest.model_validate_json(body).entries:
                rows.add(entry, entry.payload, terminal_id, now)
            t = time.perf_counter()
            with c.cursor() as cur:
                for table, table_rows in rows.rows.items():
                    if not table_rows:
                        continue
                    sql = f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN"
                    with cur.copy(sql) as cp:
                        cp.set_types(_copy_types(table))
                        for r in table_rows:
                            cp.write_row(r)
            c.commit()
            out.append((time.perf_counter() - t) * 1000)
    return out


def _count(session_factory) -> tuple[int, int, int]:
    with session_factory() as s:
        return (
            s.scalar(select(func.count()).select_from(Sale)),
            s.scalar(select(func.count(func.distinct(Sale.id)))),
            s.scalar(select(func.count()).select_from(AuditEvent)),
        )


def run(workdir: Path, quick: bool) -> list[dict]:
    n = 5_000 if quick else 100_000
    admin_url, stop = _postgres(Path(workdir))
    if admin_url is None:
        return [
            {"name": "hq ingest: no PostgreSQL on this machine", "p50_ms": None, "p99_ms": None}
        ]
    try:
        bodies = push_bodies("BENCH", n)
        tune_gc()  # as every head-office process does (hq.asgi.build_app)
        _, engine, session_factory, terminal_id = _hq_database(admin_url, "BENCH")
        batches_ms, elapsed = _ingest(session_factory, terminal_id, bodies)
        sales, distinct, audits = _count(session_factory)
        assert sales == distinct == audits == n, f"{sales} sales ({distinct} ids), {audits} audits"
        # Pushed again: every entry a duplicate, nothing added.
        answer = apply_push(session_factory, terminal_id, bodies[len(bodies) // 2])
        assert {r.status for r in answer.results} == {"duplicate"}
        assert _count(session_factory) == (n, n, n)
        with session_factory() as s:
            assert s.scalar(select(func.count()).select_from(Entry)) == 2 * n
        engine.dispose()
        copy_url, copy_engine, _, copy_terminal = _hq_database(admin_url, "BENCH")
        copy_engine.dispose()
        copy_ms = _copy_baseline(copy_url, copy_terminal, bodies)
    finally:
        if stop:
            stop()
    return _results(n, batches_ms, elapsed, copy_ms)


def _results(n: int, batches_ms: list[float], elapsed: float, copy_ms: list[float]) -> list[dict]:
    rate = n / elapsed
    copy_rate = n / (sum(copy_ms) / 1000)
    p50, copy_p50 = percentile(batches_ms, 50), percentile(copy_ms, 50)
    return [
        {
            "name": f"hq ingest, {BATCH}-entry batch (250 sales + their audit entries), PostgreSQL;"
            " baseline COPY of the same rows",
            "n": len(batches_ms),
            "p50_ms": p50,
            "p99_ms": percentile(batches_ms, 99),
            "baseline_p50_ms": copy_p50,
            "ratio": p50 / copy_p50,
            "target": TARGET,
        },
        {
            "name": f"hq ingest {n:,} sales: {rate:,.0f} sales/s vs COPY {copy_rate:,.0f} sales/s"
            f" ({rate / copy_rate:.2f}x COPY)",
            "n": n,
            "p50_ms": elapsed * 1000,
            "p99_ms": None,
            "baseline_p50_ms": sum(copy_ms),
            "ratio": elapsed * 1000 / sum(copy_ms),
            "target": TARGET,
            "sales_per_s": rate,
            "copy_sales_per_s": copy_rate,
        },
    ]


if __name__ == "__main__":
    for r in run(Path(tempfile.mkdtemp(prefix="bench-hq-ingest-")), quick=True):
        print(json.dumps(r, default=str))

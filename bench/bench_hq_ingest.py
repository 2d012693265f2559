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


def _copy_rows(body: bytes, terminal_id: int) -> Rows:
    """The rows of ``body``'s entries as ingest builds them, for the baseline."""
    rows, now = Rows(), utcnow()
    for entry in protocol.PushRequest.model_validate_json(body).entries:
        rows.add(entry, entry.payload, terminal_id, now)
    return rows


def _copy(conn: psycopg.Connection, rows: Rows) -> None:
    """The baseline: each table's rows with one plain COPY, then the commit a push has too."""
    with conn.cursor() as cur:
        for table, table_rows in rows.rows.items():
            if table_rows:
                sql = f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN"
                with cur.copy(sql) as cp:
                    cp.set_types(_copy_types(table))
                    for r in table_rows:
                        cp.write_row(r)
    conn.commit()


def _interleaved(ingest_db, copy_db, bodies: list[bytes]) -> tuple[list[float], list[float]]:
    """Each batch through apply_push into one database and, its rows built beforehand, COPY'd
    into the other, the two in turns (which goes first alternates): on a shared machine both
    see the same load. The times in ms of each batch, ingest's and COPY's."""
    session_factory, terminal_id = ingest_db
    conn, copy_terminal = copy_db
    ingest_ms, copy_ms = [], []

    def ingest(body: bytes) -> None:
        t = time.perf_counter()
        answer = apply_push(session_factory, terminal_id, body)
        ingest_ms.append((time.perf_counter() - t) * 1000)
        refused = [r for r in answer.results if r.status != "applied"]
        assert not refused, refused[:3]

    def copy(body: bytes) -> None:
        rows = _copy_rows(body, copy_terminal)
        t = time.perf_counter()
        _copy(conn, rows)
        copy_ms.append((time.perf_counter() - t) * 1000)

    for i, body in enumerate(bodies):
        for step in (ingest, copy) if i % 2 else (copy, ingest):
            step(body)
    return ingest_ms, copy_ms


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
        copy_url, copy_engine, _, copy_terminal = _hq_database(admin_url, "BENCH")
        copy_engine.dispose()
        u = make_url(copy_url)
        with psycopg.connect(
            f"host={u.host} port={u.port} user={u.username} dbname={u.database}"
        ) as c:
            ingest_ms, copy_ms = _interleaved(
                (session_factory, terminal_id), (c, copy_terminal), bodies
            )
        _check_once(session_factory, terminal_id, bodies, n)
        engine.dispose()
    finally:
        if stop:
            stop()
    return _results(n, ingest_ms, copy_ms)


def _check_once(session_factory, terminal_id: int, bodies: list[bytes], n: int) -> None:
    """Every sale and audit event once; a batch pushed again is all duplicates, adding nothing."""
    sales, distinct, audits = _count(session_factory)
    assert sales == distinct == audits == n, f"{sales} sales ({distinct} ids), {audits} audits"
    answer = apply_push(session_factory, terminal_id, bodies[len(bodies) // 2])
    assert {r.status for r in answer.results} == {"duplicate"}
    assert _count(session_factory) == (n, n, n)
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Entry)) == 2 * n


def _results(n: int, batches_ms: list[float], copy_ms: list[float]) -> list[dict]:
    elapsed = sum(batches_ms) / 1000
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

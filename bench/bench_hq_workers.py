"""200 terminals pushing at once into ``ocop-hq serve --workers 4`` on PostgreSQL, over loopback
HTTP: each terminal enrolled with its own token, 500 sales each with their audit entries
(quick: 25) in batches of 500 entries, all terminals' clients (asyncio, httpx) started together.
A push refused for head office's body budget (hq.limits: 48 MiB of bodies held per process;
answered 503, the connection closed on the rest of the body) is sent again after its
Retry-After, as the kiosk's client does after a failed push. Figures: sales/s over the whole run, p50/p99 of a batch
from sending to answer (its retries included). Every sale must arrive exactly once.

Issue 13's scale target: head office stateless over PostgreSQL, several processes sharing it.
"""

import asyncio
import json
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select

from bench.bench_hq_ingest import push_bodies
from bench.bench_sync import _fresh_database, _postgres
from bench.stats import percentile
from hq.models import AuditEvent, Sale
from tests.hq.conftest import HqServer

TERMINALS = 200
WORKERS = 4


async def _push(client: httpx.AsyncClient, token: str, body: bytes, retries: list[int]) -> None:
    """Push ``body`` until head office answers it. Refused for its budget (503), or the
    connection closed on the body (as hq.limits does when it answers before reading it): sent
    again later, as the kiosk's client does; an answer to a resent batch may say duplicate."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    while True:
        try:
            answer = await client.post("/api/v1/push", content=body, headers=headers)
        except httpx.TransportError:
            retries.append(1)
            await asyncio.sleep(1)
            continue
        if answer.status_code == 503:
            retries.append(1)
            await asyncio.sleep(float(answer.headers.get("Retry-After", "1")))
            continue
        answer.raise_for_status()
        statuses = {r["status"] for r in answer.json()["results"]}
        assert statuses <= {"applied", "duplicate"}, statuses
        return


async def _terminal(base: str, token: str, bodies: list[bytes], out: list, retries: list):
    async with httpx.AsyncClient(base_url=base, timeout=300) as client:
        for body in bodies:
            t = time.perf_counter()
            await _push(client, token, body, retries)
            out.append((time.perf_counter() - t) * 1000)


async def _all(base: str, work: list[tuple[str, list[bytes]]]) -> tuple[list[float], int, float]:
    batches_ms: list[float] = []
    retries: list[int] = []
    t0 = time.perf_counter()
    await asyncio.gather(*[_terminal(base, tok, b, batches_ms, retries) for tok, b in work])
    return batches_ms, len(retries), time.perf_counter() - t0


def _enrol(server: HqServer, codes: list[str]) -> list[str]:
    with httpx.Client(base_url=server.url) as client:
        return [
            client.post("/api/v1/enrol", json={"code": server.add_terminal(c)}).json()["token"]
            for c in codes
        ]


def run(workdir: Path, quick: bool) -> list[dict]:
    per_terminal = 25 if quick else 500
    n = TERMINALS * per_terminal
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    admin_url, stop = _postgres(workdir)
    if admin_url is None:
        return [
            {"name": "hq workers: no PostgreSQL on this machine", "p50_ms": None, "p99_ms": None}
        ]
    server = HqServer(_fresh_database(admin_url), workdir, workers=WORKERS).start()
    try:
        codes = [f"T{i:03d}" for i in range(TERMINALS)]
        tokens = _enrol(server, codes)
        work = [
            (tok, push_bodies(code, per_terminal, seed=i))
            for i, (code, tok) in enumerate(zip(codes, tokens, strict=True))
        ]
        # Untimed: each terminal's first, empty push, as a running terminal would have made.
        asyncio.run(_all(server.url, [(tok, [b'{"entries": []}']) for tok in tokens]))
        batches_ms, retries, elapsed = asyncio.run(_all(server.url, work))
        with server.session_factory() as s:
            sales = s.scalar(select(func.count()).select_from(Sale))
            distinct = s.scalar(select(func.count(func.distinct(Sale.id))))
            audits = s.scalar(select(func.count()).select_from(AuditEvent))
        assert sales == distinct == audits == n, f"{sales} sales ({distinct} ids), {audits} audits"
    finally:
        server.stop()
        if stop:
            stop()
    rate = n / elapsed
    return [
        {
            "name": f"{TERMINALS} terminals at once → ocop-hq serve --workers {WORKERS} "
            f"(PostgreSQL): {n:,} sales in {elapsed:.1f} s, {rate:,.0f} sales/s; "
            f"{retries} pushes sent again (503 or connection closed by head office's body budget)",
            "n": len(batches_ms),
            "p50_ms": percentile(batches_ms, 50),
            "p99_ms": percentile(batches_ms, 99),
            "baseline_p50_ms": None,
            "ratio": None,
            "target": "all arrive once; sales/s and p99 per batch recorded",
            "sales_per_s": rate,
        }
    ]


if __name__ == "__main__":
    for r in run(Path(tempfile.mkdtemp(prefix="bench-hq-workers-")), quick=True):
        print(json.dumps(r, default=str))

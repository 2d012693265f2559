"""``ocop-hq serve --workers N``: several processes over one PostgreSQL database, each terminal's
pushes applied exactly once whichever process takes them."""

import threading
from pathlib import Path

import httpx
from sqlalchemy import select

from hq.models import Sale
from tests.hq.conftest import HqServer
from tests.hq.sales import queue_sales


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        out.update(int(p) for p in (task / "children").read_text().split())
    return out


def _worker_pids(server: HqServer) -> set[int]:
    """The processes that answered: each connection of a fresh client may reach another worker."""
    pids = set()
    for _ in range(40):
        with httpx.Client() as client:
            client.get(f"{server.url}/api/v1/health")
        pids |= {p for p in _children(server.proc.pid) if Path(f"/proc/{p}").exists()}
    return pids


def test_serve_with_workers_applies_concurrent_pushes_of_many_terminals_once(
    pg_database, tmp_path, make_kiosk
):
    server = HqServer(pg_database, tmp_path, workers=3).start()
    try:
        assert len(_worker_pids(server)) >= 3
        kiosks = [make_kiosk(server, f"W{i:02d}", batch_size=50) for i in range(6)]
        queued = {}
        for k in kiosks:
            queued |= queue_sales(k.session_factory, k.code, 120, seed=hash(k.code) % 1000)
        errors: list[BaseException] = []

        def push(kiosk) -> None:
            try:
                kiosk.client.push_all()
                kiosk.client.push_all()  # nothing left: a no-op, not a second copy
            except BaseException as exc:  # reported by the test below
                errors.append(exc)

        threads = [threading.Thread(target=push, args=(k,)) for k in kiosks]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not errors
        with server.session_factory() as s:
            totals = dict(s.execute(select(Sale.id, Sale.total_vnd)).all())
        assert {str(k): v for k, v in totals.items()} == queued
    finally:
        server.stop()
    assert server.proc.returncode is not None

"""Sync through a network that breaks in every way: head office ends with exactly the terminal's
sales, no more, no less, and the money adds up."""

import os
import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest
from sqlalchemy import func, select

from db.models import OutboxEntry
from hq import terminals
from hq.models import Entry, Payment, RejectedEntry, Sale, SaleLine, SaleVat, StockMovement
from kiosk.core.sync.client import SyncClient
from kiosk.core.sync.errors import SyncRefused, SyncUnavailable
from tests.hq.conftest import ROOT
from tests.hq.faultproxy import FaultProxy
from tests.hq.sales import queue_sales

ALL_FAULTS = {
    "pass": 5.0,
    "drop_before": 1.0,
    "drop_after": 1.0,
    "error500": 1.0,
    "cut": 1.0,
    "stall": 0.3,
    "stall_before": 0.3,
}
CLIENT_TIMEOUT_S = 1.0


def push_until_empty(client: SyncClient, *, limit_s: float = 240) -> int:
    """Push through faults as the worker would (without its sleeps); return failed attempts."""
    failures = 0
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        try:
            if client.push_once().backlog == 0:
                return failures
        except SyncUnavailable:
            failures += 1
    raise AssertionError("outbox not empty in time")


def assert_exactly(hq, code: str, totals: dict[str, int], lines: int = 5) -> None:
    with hq.session_factory() as s:
        rows = s.execute(select(Sale.id, Sale.total_vnd).where(Sale.terminal_code == code)).all()
        assert len(rows) == len(totals), "head office has more or fewer sales than the terminal"
        assert {str(i): t for i, t in rows} == totals
        assert s.scalar(select(func.sum(Sale.total_vnd)).where(Sale.terminal_code == code)) == sum(
            totals.values()
        )
        assert (
            s.scalar(
                select(func.count())
                .select_from(SaleLine)
                .join(Sale, Sale.id == SaleLine.sale_id)
                .where(Sale.terminal_code == code)
            )
            == len(totals) * lines
        )
        assert s.scalar(select(func.count()).select_from(RejectedEntry)) == 0
        for child in (SaleLine, SaleVat, Payment, StockMovement):  # no foreign keys: check
            orphans = s.scalar(
                select(func.count())
                .select_from(child)
                .outerjoin(Sale, Sale.id == child.sale_id)
                .where(Sale.id.is_(None), child.sale_id.is_not(None))
            )
            assert orphans == 0, f"{child.__tablename__} rows without their sale"


def _unsent(kiosk) -> int:
    with kiosk.session_factory() as s:
        return s.scalar(
            select(func.count()).select_from(OutboxEntry).where(OutboxEntry.sent_at.is_(None))
        )


def _sync_many_through_faults(hq, make_kiosk, count: int, batch_size: int) -> None:
    proxy = FaultProxy(hq.port, weights=ALL_FAULTS, seed=count, stall_s=CLIENT_TIMEOUT_S + 0.5)
    kiosk = make_kiosk(hq, base_url=proxy.url, timeout_s=CLIENT_TIMEOUT_S, batch_size=batch_size)
    totals = queue_sales(kiosk.session_factory, "K01", count, seed=count)
    try:
        failures = push_until_empty(kiosk.client)
    finally:
        proxy.close()
    assert failures > 0 and proxy.faults == failures
    for fault in ALL_FAULTS:
        assert proxy.counts[fault] > 0, f"{fault} never happened: the test proved less than it says"
    assert_exactly(hq, "K01", totals)
    assert _unsent(kiosk) == 0


def test_every_sale_arrives_exactly_once_when_the_network_fails_in_every_way(hq, make_kiosk):
    _sync_many_through_faults(hq, make_kiosk, 2_000, batch_size=100)


@pytest.mark.slow
def test_ten_thousand_sales_arrive_exactly_once_through_faults_on_postgresql(hq_pg, make_kiosk):
    _sync_many_through_faults(hq_pg, make_kiosk, 10_000, batch_size=250)


def test_two_terminals_syncing_at_once_each_get_exactly_their_sales(hq, make_kiosk):
    proxy = FaultProxy(hq.port, weights=ALL_FAULTS, seed=11, stall_s=CLIENT_TIMEOUT_S + 0.5)
    kiosks = [
        make_kiosk(hq, code, base_url=proxy.url, timeout_s=CLIENT_TIMEOUT_S, batch_size=50)
        for code in ("K01", "K02")
    ]
    totals = [queue_sales(k.session_factory, k.code, 600, seed=i) for i, k in enumerate(kiosks, 1)]
    errors: list[BaseException] = []

    def run(kiosk):
        try:
            push_until_empty(kiosk.client)
        except BaseException as exc:  # reported below, on the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(k,)) for k in kiosks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    proxy.close()
    assert not errors
    for kiosk, expected in zip(kiosks, totals, strict=True):
        assert_exactly(hq, kiosk.code, expected)


def test_same_batch_pushed_four_times_at_once_is_applied_once(hq, make_kiosk):
    kiosk = make_kiosk(hq)
    totals = queue_sales(kiosk.session_factory, "K01", 100)
    with kiosk.session_factory() as s:
        rows = s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
    body = {
        "entries": [
            {
                "id": str(r.id),
                "seq": r.seq,
                "kind": r.kind,
                "created_at": r.created_at.isoformat(),
                "terminal_code": "K01",
                "payload": r.payload,
            }
            for r in rows
        ]
    }
    answers: list[httpx.Response] = []

    def push():
        answers.append(
            httpx.post(
                f"{hq.url}/api/v1/push",
                json=body,
                headers={"Authorization": f"Bearer {kiosk.enrolment.token}"},
                timeout=60,
            )
        )

    threads = [threading.Thread(target=push) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [a.status_code for a in answers] == [200] * 4
    statuses = [r["status"] for a in answers for r in a.json()["results"]]
    assert statuses.count("applied") == 100 and statuses.count("duplicate") == 300
    assert_exactly(hq, "K01", totals)


def test_revoked_terminal_is_refused_and_keeps_its_outbox(hq, make_kiosk):
    kiosk = make_kiosk(hq)
    queue_sales(kiosk.session_factory, "K01", 10)
    kiosk.client.push_all()
    queue_sales(kiosk.session_factory, "K01", 5, seed=2)
    with hq.session_factory.begin() as s:
        terminals.revoke(s, "K01")
    with pytest.raises(SyncRefused):
        kiosk.client.push_once()
    assert _unsent(kiosk) == 5
    assert kiosk.client.status().last_error is not None
    with hq.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Sale)) == 10


def test_killed_kiosk_restarted_finishes_the_push_without_duplicates(hq, make_kiosk):
    kiosk = make_kiosk(hq)
    totals = queue_sales(kiosk.session_factory, "K01", 500)
    # First batch goes through; the second reaches head office, which commits it, and the
    # answer is held while the kiosk process is killed.
    proxy = FaultProxy(hq.port, script=["pass", "hold"])
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.hq.push_child", str(kiosk.path), proxy.url,
         kiosk.enrolment.token, "K01"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    try:
        assert proxy.held.wait(60), "the second batch never reached head office"
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        proxy.release()
        proxy.close()
        if child.poll() is None:
            child.kill()
    assert _unsent(kiosk) == 400  # the second batch was committed at head office, not marked here
    with hq.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Entry)) == 200
    report = kiosk.client.push_all()  # the restarted kiosk
    assert (report.duplicate, report.applied, report.backlog) == (100, 300, 0)
    assert_exactly(hq, "K01", totals)

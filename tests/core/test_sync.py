"""The sync client without a network: head office is an httpx MockTransport."""

import json
import random
import threading
import uuid

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from db.models import OutboxEntry, Price, Product, SyncState
from kiosk.core.sync.client import SyncClient, backoff_delay, enrol
from kiosk.core.sync.errors import NotEnrolled, SyncRefused, SyncUnavailable
from kiosk.core.sync.state import Enrolment, load_enrolment, save_enrolment


def test_backoff_doubles_up_to_the_cap_and_jitters_within_half():
    assert backoff_delay(0) == 0
    assert [backoff_delay(n, rand=lambda: 0.0) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 4.0]
    assert [backoff_delay(n, rand=lambda: 1.0) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 8.0]
    assert backoff_delay(50, cap_s=300, rand=lambda: 1.0) == 300
    assert backoff_delay(10_000, cap_s=300, rand=lambda: 0.0) == 150


def test_backoff_spreads_terminals_that_failed_together():
    rng = random.Random(1)
    delays = {round(backoff_delay(6, rand=rng.random), 3) for _ in range(100)}
    assert len(delays) > 90 and min(delays) >= 16 and max(delays) <= 32


class FakeHq:
    """Answers like head office: every pushed entry applied, catalogue from ``changes``."""

    def __init__(self):
        self.pushed: list[dict] = []
        self.fail_with: int | None = None
        self.changes = {"since": 0, "version": 0}
        self.requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if self.fail_with:
            return httpx.Response(self.fail_with)
        if request.url.path == "/api/v1/push":
            body = json.loads(request.content)
            self.pushed.extend(body["entries"])
            results = [
                {"id": e["id"], "index": i, "status": "applied", "reason": None}
                for i, e in enumerate(body["entries"])
            ]
            return httpx.Response(200, json={"results": results})
        if request.url.path == "/api/v1/catalogue":
            since = int(request.url.params.get("since", 0))
            if since >= self.changes["version"]:  # nothing after the terminal's version
                return httpx.Response(200, json={"since": since, "version": since})
            return httpx.Response(200, json=self.changes)
        if request.url.path == "/api/v1/enrol":
            if json.loads(request.content)["code"] != "GOOD-CODE":
                return httpx.Response(403)
            return httpx.Response(200, json={"terminal_code": "K07", "token": "t0k"})
        return httpx.Response(404)


@pytest.fixture
def fake_hq():
    return FakeHq()


@pytest.fixture
def client(session_factory, fake_hq):
    http = httpx.Client(transport=httpx.MockTransport(fake_hq))
    c = SyncClient(session_factory, "http://hq.test", "t0k", "K07", http=http, batch_size=3)
    yield c
    http.close()


def _queue(session_factory, n):
    with session_factory.begin() as s:
        for i in range(n):
            s.add(OutboxEntry(kind="audit", payload={"n": i}))


def test_push_sends_in_outbox_order_and_marks_sent(session_factory, client, fake_hq):
    _queue(session_factory, 7)
    report = client.push_all()
    assert (report.sent, report.applied, report.backlog) == (7, 7, 0)
    assert [e["payload"]["n"] for e in fake_hq.pushed] == list(range(7))
    assert {e["terminal_code"] for e in fake_hq.pushed} == {"K07"}
    assert all(e["created_at"].endswith("Z") for e in fake_hq.pushed)
    status = client.status()
    assert (status.backlog, status.online, status.rejected) == (0, True, 0)
    assert status.last_success is not None


def test_failed_push_leaves_the_outbox_untouched(session_factory, client, fake_hq):
    _queue(session_factory, 2)
    fake_hq.fail_with = 503
    with pytest.raises(SyncUnavailable):
        client.push_once()
    assert client.status().backlog == 2
    assert client.status().online is False
    fake_hq.fail_with = 401
    with pytest.raises(SyncRefused):
        client.push_once()
    assert client.status().backlog == 2


def test_worker_backs_off_while_offline_and_wakes_on_sync_now(session_factory, client, fake_hq):
    fake_hq.fail_with = 500
    stop = threading.Event()
    worker = threading.Thread(
        target=client.run_forever, args=(stop,), kwargs={"interval_s": 60, "rand": lambda: 0.0}
    )
    worker.start()
    try:
        # Retries 1, 2, 3 come after 0.5, 1 and 2 s: about 4 requests in 2.5 s, not 60.
        threading.Event().wait(2.5)
        assert 2 <= fake_hq.requests <= 5
        fake_hq.fail_with = None
        _queue(session_factory, 4)
        client.request_sync()
        for _ in range(100):
            if client.status().backlog == 0:
                break
            threading.Event().wait(0.05)
        assert client.status().backlog == 0 and client.status().online is True
    finally:
        stop.set()
        worker.join(5)
    assert not worker.is_alive()


def test_pull_applies_products_prices_and_cursor_in_one_go(session_factory, client, fake_hq):
    pid, price_id = uuid.uuid4(), uuid.uuid4()
    fake_hq.changes = {
        "since": 0,
        "version": 3,
        "producers": [],
        "products": [
            {"id": str(pid), "sku": "A1", "name_vi": "Bánh đậu xanh", "vat_rate_pct": 8,
             "group_code": "food", "province_code": 1, "version": 1}
        ],
        "barcodes": [{"code": "8930000000019", "product_id": str(pid), "kind": "ean13", "version": 2}],
        "prices": [{"id": str(price_id), "product_id": str(pid), "price_vnd": 45000,
                    "valid_from": "2026-01-01T00:00:00Z", "version": 3}],
    }  # fmt: skip
    report = client.pull_once()
    assert (report.products, report.barcodes, report.prices, report.version) == (1, 1, 1, 3)
    with session_factory() as s:
        product = s.get(Product, pid)
        assert product.search_text.startswith("banh dau xanh")
        assert s.get(Price, price_id).price_vnd == 45000
        assert s.get(SyncState, "catalogue.version").value == "3"


def test_pull_that_cannot_apply_changes_nothing(session_factory, client, fake_hq):
    pid = uuid.uuid4()
    fake_hq.changes = {
        "since": 0,
        "version": 2,
        "products": [
            {"id": str(pid), "sku": "A1", "name_vi": "X", "vat_rate_pct": 8,
             "group_code": "food", "version": 1}
        ],
        # A price for a product nobody sent: the foreign key refuses it.
        "prices": [{"id": str(uuid.uuid4()), "product_id": str(uuid.uuid4()), "price_vnd": 1,
                    "valid_from": "2026-01-01T00:00:00Z", "version": 2}],
    }  # fmt: skip
    with pytest.raises(IntegrityError):
        client.pull_once()
    with session_factory() as s:
        assert s.get(Product, pid) is None
        assert s.scalar(select(func.count()).select_from(SyncState)) == 0


def test_enrolment_is_kept_and_reloaded(session_factory, fake_hq):
    http = httpx.Client(transport=httpx.MockTransport(fake_hq))
    with pytest.raises(SyncRefused):
        enrol("http://hq.test", "WRONG", http=http)
    with pytest.raises(NotEnrolled):
        SyncClient.from_enrolment(session_factory)
    got = enrol("http://hq.test/", "GOOD-CODE", http=http)
    assert got == Enrolment("http://hq.test", "K07", "t0k")
    save_enrolment(session_factory, got)
    assert load_enrolment(session_factory) == got
    client = SyncClient.from_enrolment(session_factory, http=http)
    assert client.terminal_code == "K07"


def test_an_enrolled_terminals_status_before_its_worker_runs_is_read_from_the_database(
    session_factory, client, fake_hq
):
    """The status bar polls as the kiosk starts: the status does not make the sync client
    (httpx and the wire schema) then, yet shows the backlog, the last success and the rejected
    entries kept from the last session; whether head office answers is not known yet."""
    from kiosk.core.settings import Settings
    from kiosk.core.sync.service import SyncService

    _queue(session_factory, 4)
    client.push_all()  # a past session's sync: its success is kept
    _queue(session_factory, 2)
    save_enrolment(session_factory, Enrolment("http://hq.test", "K07", "t0k"))
    service = SyncService(session_factory, Settings(session_factory))
    status = service.status()
    assert service._client is None  # nothing was built for it
    assert (status.backlog, status.online, status.rejected) == (2, None, 0)
    assert status.last_success == client.status().last_success is not None

"""A push's round trips to PostgreSQL: a pooled connection in steady use is not pinged, one that
sat idle is, and one dropped meanwhile is replaced before the push; entries are found again as
duplicates whether they came validated or as they were sent (a kind for later versions)."""

import datetime as dt
import json
import random
import uuid

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from hq import store, terminals
from hq.models import Terminal
from hq.server import apply_push
from tests.hq.sales import sale_payload


def _body(code: str, first: int, sales: int, *, extra: list[dict] = ()) -> bytes:
    rng = random.Random(first)
    created = dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")
    entries = [
        {"id": str(uuid.uuid4()), "seq": n, "kind": "sale", "created_at": created,
         "terminal_code": code, "payload": sale_payload(code, n, rng)}
        for n in range(first, first + sales)
    ]  # fmt: skip
    return json.dumps({"backlog": 0, "entries": [*entries, *extra]}).encode()


@pytest.fixture
def pg_hq(pg_database):
    engine, session_factory = store.open_database(pg_database)
    with session_factory.begin() as s:
        terminals.add_terminal(s, "K01")
        terminal_id = s.scalar(select(Terminal.id).where(Terminal.code == "K01"))
    yield pg_database, engine, session_factory, terminal_id
    engine.dispose()


@pytest.fixture
def statements(monkeypatch):
    """The SQL of every statement sent through a psycopg cursor."""
    sent: list[str] = []
    execute = psycopg.Cursor.execute

    def recording(self, query, *args, **kwargs):
        sent.append(str(query))
        return execute(self, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", recording)
    return sent


def test_a_push_on_a_connection_just_used_sends_no_ping(pg_hq, statements):
    _, _, session_factory, terminal_id = pg_hq
    apply_push(session_factory, terminal_id, _body("K01", 1, 5))
    statements.clear()
    answer = apply_push(session_factory, terminal_id, _body("K01", 6, 5))
    assert {r.status for r in answer.results} == {"applied"}
    assert statements, "the push's statements were not seen"
    pings = [s for s in statements if s.strip().upper() in (";", "SELECT 1")]  # pool_pre_ping's
    assert not pings


def test_a_connection_dropped_while_idle_is_replaced_before_the_push(pg_hq, monkeypatch):
    url, _, session_factory, terminal_id = pg_hq
    apply_push(session_factory, terminal_id, _body("K01", 1, 5))
    monkeypatch.setattr(store, "PING_AFTER_IDLE_S", 0.0)  # every pooled connection is "idle"
    u = make_url(url)
    with psycopg.connect(
        f"host={u.host} port={u.port} user={u.username} dbname=postgres", autocommit=True
    ) as admin:  # the database restarted, say: every connection of the pool is gone
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [u.database],
        )
    answer = apply_push(session_factory, terminal_id, _body("K01", 6, 5))
    assert [r.status for r in answer.results] == ["applied"] * 5


def test_entries_pushed_again_are_duplicates_validated_or_as_sent(hq_database):
    engine, session_factory = store.open_database(hq_database)
    try:
        with session_factory.begin() as s:
            terminals.add_terminal(s, "K01")
            terminal_id = s.scalar(select(Terminal.id).where(Terminal.code == "K01"))
        later_kind = {"id": str(uuid.uuid4()), "seq": 4, "kind": "loyalty_points",
                      "created_at": "2025-03-01T02:00:00Z", "terminal_code": "K01",
                      "payload": {"points": 12}}  # fmt: skip
        body = _body("K01", 1, 3, extra=[later_kind])
        first = apply_push(session_factory, terminal_id, body)
        assert [r.status for r in first.results] == ["applied"] * 4
        again = apply_push(session_factory, terminal_id, body)
        assert [r.status for r in again.results] == ["duplicate"] * 4
    finally:
        engine.dispose()

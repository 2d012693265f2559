"""Head office's CLI, enrolment, health, OpenAPI, operator pages and schema."""

import datetime as dt
import os
import re
import shutil
import ssl
import subprocess
import sys

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from hq import operators, store
from hq.models import Base, Terminal
from kiosk.core.sync.client import SyncClient, enrol
from kiosk.core.sync.errors import SyncRefused, SyncUnavailable
from tests.hq.conftest import ROOT, HqServer
from tests.hq.sales import queue_sales


def cli(database: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hq", *args, "--database", database],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        input=stdin, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_schema_after_migrations_matches_the_models(hq_database):
    engine, _ = store.open_database(hq_database)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
            )
        assert diff == []
        assert store.current_revision(engine) == store.head_revision()
    finally:
        engine.dispose()


def test_enrolment_code_works_once_and_token_is_stored_hashed(hq_sqlite):
    added = cli(hq_sqlite.database_url, "terminal", "add", "HN-01")
    assert added.returncode == 0, added.stderr
    code = added.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){5}", code)
    got = enrol(hq_sqlite.url, code.lower().replace("-", " "))  # typed sloppily still works
    assert got.terminal_code == "HN-01" and len(got.token) >= 40
    with pytest.raises(SyncRefused):
        enrol(hq_sqlite.url, code)  # spent
    with hq_sqlite.session_factory() as s:
        terminal = s.scalar(select(Terminal).where(Terminal.code == "HN-01"))
        assert terminal.token_hash and got.token not in terminal.token_hash
        assert terminal.enrol_code_hash is None
    assert cli(hq_sqlite.database_url, "terminal", "add", "HN-01").returncode == 1  # enrolled
    revoked = cli(hq_sqlite.database_url, "terminal", "revoke", "HN-01")
    assert revoked.returncode == 0, revoked.stderr
    answer = httpx.get(
        f"{hq_sqlite.url}/api/v1/catalogue", headers={"Authorization": f"Bearer {got.token}"}
    )
    assert answer.status_code == 401
    listed = cli(hq_sqlite.database_url, "terminal", "list")
    assert "HN-01\trevoked" in listed.stdout


def test_health_and_openapi_are_served(hq):
    health = httpx.get(f"{hq.url}/api/v1/health").json()
    assert health["status"] == "ok" and health["database"] in ("sqlite", "postgresql")
    assert httpx.get(f"{hq.url}/openapi.json").status_code == 401  # behind the sign-in
    with hq.session_factory.begin() as s:
        operators.add_operator(s, "lan", "a long enough password")
    spec = httpx.get(f"{hq.url}/openapi.json", auth=("lan", "a long enough password")).json()
    assert {"/api/v1/push", "/api/v1/catalogue", "/api/v1/enrol", "/api/v1/health"} <= set(
        spec["paths"]
    )
    assert httpx.post(f"{hq.url}/api/v1/push", json={"entries": []}).status_code == 401


def test_operator_page_needs_sign_in_and_shows_terminals_and_sales(hq_sqlite, make_kiosk):
    added = cli(hq_sqlite.database_url, "operator", "add", "lan", "--password-stdin",
                stdin="mật khẩu dài đủ\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert cli(hq_sqlite.database_url, "operator", "add", "tu", "--password-stdin",
               stdin="short\n").returncode == 1  # fmt: skip
    kiosk = make_kiosk(hq_sqlite, "DN-02")
    totals = queue_sales(kiosk.session_factory, "DN-02", 3)
    kiosk.client.push_all()
    with httpx.Client(base_url=hq_sqlite.url) as browser:
        assert browser.get("/").headers["location"] == "/login"
        csrf = re.search(r"name='csrf' value='([^']+)'", browser.get("/login").text)[1]
        origin = {"Origin": hq_sqlite.url}
        wrong = browser.post("/login", data={"name": "lan", "password": "nope", "csrf": csrf},
                             headers=origin)  # fmt: skip
        assert wrong.headers["location"] == "/login?failed=1"
        assert "ocop_hq_session" not in browser.cookies
        ok = browser.post("/login", data={"name": "lan", "password": "mật khẩu dài đủ",
                                          "csrf": csrf}, headers=origin)  # fmt: skip
        assert ok.status_code == 303
        page = browser.get("/")
        assert page.status_code == 200
        assert "DN-02" in page.text
        total = f"{sum(totals.values()):,}".replace(",", ".") + " ₫"
        assert total in page.text
        csrf = re.search(r"name='csrf' value='([^']+)'", page.text)[1]
        browser.post("/logout", data={"csrf": csrf}, headers=origin)
        assert browser.get("/").status_code == 303


def test_operator_sessions_expire(hq_sqlite):
    with hq_sqlite.session_factory.begin() as s:
        operators.add_operator(s, "minh", "a long enough password")
        token = operators.sign_in(s, "minh", "a long enough password")
    with hq_sqlite.session_factory() as s:
        assert operators.operator_of(s, token).name == "minh"
        later = dt.datetime.now(dt.UTC) + operators.SESSION_LIFETIME + dt.timedelta(seconds=1)
        assert operators.operator_of(s, token, now=later) is None


@pytest.mark.skipif(
    shutil.which("openssl") is None, reason="openssl is needed to make a certificate"
)
def test_serves_https_when_given_a_certificate(tmp_path, sqlite_database, session_factory):
    cert, key = tmp_path / "hq.pem", tmp_path / "hq.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    server = HqServer(sqlite_database, tmp_path, tls=(cert, key)).start()
    try:
        got = enrol(
            server.url,
            server.add_terminal("TLS-1"),
            http=httpx.Client(verify=ssl.create_default_context(cafile=cert)),
        )
        client = SyncClient(session_factory, server.url, got.token, "TLS-1", verify=str(cert))
        assert client.pull_once().version == 0  # answered over TLS
        client.close()
        untrusting = SyncClient(session_factory, server.url, got.token, "TLS-1")
        with pytest.raises(SyncUnavailable):  # a certificate nobody vouches for is refused
            untrusting.pull_once()
        untrusting.close()
    finally:
        server.stop()

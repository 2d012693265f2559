"""Head office for tests: a real ``ocop-hq serve`` in a subprocess on loopback, on SQLite and
on PostgreSQL.

PostgreSQL comes from ``$OCOP_TEST_PG_URL`` (CI starts it with ``scripts/postgres.sh``); when the
variable is unset and the server binaries are on this machine, the session starts its own with the
same script; otherwise the PostgreSQL cases are skipped with the reason.
"""

import glob
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

from db import make_session_factory, upgrade
from hq import store, terminals
from kiosk.core.sync.client import SyncClient, enrol

ROOT = Path(__file__).resolve().parents[2]
PG_SCRIPT = ROOT / "scripts" / "postgres.sh"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HqServer:
    """``python -m hq serve`` on a free port; the database is migrated by the CLI on start."""

    def __init__(
        self,
        database_url: str,
        workdir: Path,
        *,
        tls: tuple[Path, Path] | None = None,
        workers: int = 1,
    ):
        self.database_url = database_url
        self.workdir = workdir
        self.port = free_port()
        self.tls = tls
        self.workers = workers
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.engine, self.session_factory = store.open_database(database_url)

    def start(self) -> "HqServer":
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.log = open(self.workdir / f"hq-{self.port}.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "hq", "serve", "--database", self.database_url,
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning",
             *(["--certfile", str(self.tls[0]), "--keyfile", str(self.tls[1])] if self.tls else []),
             *(["--workers", str(self.workers)] if self.workers > 1 else [])],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"ocop-hq serve exited: {self.read_log()}")
            try:
                verify = ssl.create_default_context(cafile=self.tls[0]) if self.tls else True
                health = httpx.get(f"{self.url}/api/v1/health", timeout=1, verify=verify)
                if health.status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError(f"ocop-hq serve did not come up: {self.read_log()}")

    def read_log(self) -> str:
        self.log.flush()
        return (self.workdir / f"hq-{self.port}.log").read_text()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.log.close()
        self.engine.dispose()

    def add_terminal(self, code: str) -> str:
        with self.session_factory.begin() as session:
            return terminals.add_terminal(session, code)


class Kiosk:
    """A migrated kiosk database and a sync client enrolled at head office."""

    def __init__(self, path: Path, hq: HqServer, code: str, *, base_url: str | None = None, **kw):
        self.path = path
        self.engine = upgrade(path)
        self.session_factory = make_session_factory(engine=self.engine)
        self.code = code
        self.enrolment = enrol(hq.url, hq.add_terminal(code))
        self.client = SyncClient(
            self.session_factory, base_url or hq.url, self.enrolment.token, code, **kw
        )

    def close(self) -> None:
        self.client.close()
        self.engine.dispose()


def _pg_binaries() -> bool:
    return bool(shutil.which("pg_ctl") and shutil.which("initdb")) or bool(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")
    )


@pytest.fixture(scope="session")
def pg_server_url():
    url = os.environ.get("OCOP_TEST_PG_URL")
    if url:
        yield url
        return
    if not _pg_binaries():
        pytest.skip("PostgreSQL: OCOP_TEST_PG_URL unset and no initdb/pg_ctl on this machine")
    folder = tempfile.mkdtemp(prefix="ocop-pg-", dir="/tmp")
    os.chmod(folder, 0o755)
    started = subprocess.run(
        ["bash", str(PG_SCRIPT), "start", folder], capture_output=True, text=True, timeout=120
    )
    if started.returncode != 0:
        pytest.skip(f"PostgreSQL: scripts/postgres.sh failed: {started.stderr[-500:]}")
    yield started.stdout.strip().splitlines()[-1]
    subprocess.run(["bash", str(PG_SCRIPT), "stop", folder], capture_output=True, timeout=60)
    shutil.rmtree(folder, ignore_errors=True)


def _admin_conninfo(url: str) -> str:
    u = make_url(url)
    return f"host={u.host} port={u.port} user={u.username or 'postgres'} dbname=postgres"


@pytest.fixture
def pg_database(pg_server_url):
    """A fresh, empty database on the test server; dropped afterwards."""
    name = f"hq_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_admin_conninfo(pg_server_url), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield make_url(pg_server_url).set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(_admin_conninfo(pg_server_url), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def hq_database(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hq.sqlite3'}"
    return request.getfixturevalue("pg_database")


@pytest.fixture
def sqlite_database(tmp_path):
    return f"sqlite:///{tmp_path / 'hq.sqlite3'}"


@pytest.fixture
def hq(hq_database, tmp_path):
    server = HqServer(hq_database, tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def hq_sqlite(sqlite_database, tmp_path):
    server = HqServer(sqlite_database, tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def hq_pg(pg_database, tmp_path):
    server = HqServer(pg_database, tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def make_kiosk(tmp_path):
    made: list[Kiosk] = []

    def make(hq: HqServer, code: str = "K01", **kw) -> Kiosk:
        kiosk = Kiosk(tmp_path / f"kiosk-{code}-{len(made)}.sqlite3", hq, code, **kw)
        made.append(kiosk)
        return kiosk

    yield make
    for kiosk in made:
        kiosk.close()


class InProcessHq:
    """The head-office app in this process (Starlette's TestClient): fast, and its clock and
    limits can be set by a test. The network path is covered by :class:`HqServer`."""

    PASSWORD = "a long enough password"

    def __init__(self, database_url: str, **app_options):
        from fastapi.testclient import TestClient

        from hq.server import create_app

        self.engine, self.session_factory = store.open_database(database_url)
        self.app = create_app(self.engine, self.session_factory, **app_options)
        self.client = TestClient(self.app, raise_server_exceptions=False)

    def terminal_token(self, code: str = "K01") -> str:
        with self.session_factory.begin() as session:
            enrol_code = terminals.add_terminal(session, code)
        return self.client.post("/api/v1/enrol", json={"code": enrol_code}).json()["token"]

    def add_operator(self, name: str = "lan") -> None:
        from hq import operators

        with self.session_factory.begin() as session:
            operators.add_operator(session, name, self.PASSWORD)

    def close(self) -> None:
        self.client.close()
        self.engine.dispose()


@pytest.fixture
def app_hq(hq_database):
    made = InProcessHq(hq_database)
    yield made
    made.close()

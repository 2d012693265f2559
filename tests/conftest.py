"""Shared fixtures: a migrated SQLite file in a temp folder, and the kiosk's services on it."""

import os
import tempfile

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", tempfile.mkdtemp(prefix="ocop-escpos-"))

import pytest

from db import make_session_factory, upgrade


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "kiosk.sqlite3"


@pytest.fixture
def engine(db_path):
    eng = upgrade(db_path)
    yield eng
    eng.dispose()


@pytest.fixture
def session_factory(engine):
    return make_session_factory(engine)


@pytest.fixture
def hq_server(tmp_path):
    """A real head office (``ocop-hq serve`` on SQLite) on a free loopback port."""
    from tests.hq.conftest import HqServer

    server = HqServer(f"sqlite:///{tmp_path / 'hq.sqlite3'}", tmp_path).start()
    yield server
    server.stop()

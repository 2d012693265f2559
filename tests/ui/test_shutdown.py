"""SIGTERM to the real kiosk process, or its window closed: it exits 0, the cart it had is parked in the database for
the next start, the WAL is checkpointed away, and the log says so."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.app import open_services
from kiosk.config import Paths
from kiosk.ui.application import build_till

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("ending", ["SIGTERM", "window closed"])
def test_sigterm_or_closing_when_a_cart_is_on_the_till_parks_it_and_exits_cleanly(tmp_path, ending):
    env = {
        "CLOSE_WINDOW": "1" if ending == "window closed" else "0",
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "OCOP_ALLOW_OFFSCREEN": "1",
    }
    child = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tests/shutdown_child.py"),
            "--demo",
            "--data-dir",
            str(tmp_path),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        if ending == "SIGTERM":
            child.send_signal(signal.SIGTERM)
        code = child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    err = child.stderr.read()
    assert code == 0, err
    wal = tmp_path / "kiosk.sqlite3-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    log = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert ("SIGTERM received" in log) == (ending == "SIGTERM")
    assert f"session ended ({ending}): cart parked (1 line), WAL checkpointed" in log
    # The next start finds the cart parked, as it was.
    services = open_services(Paths(tmp_path))
    try:
        till = build_till(services)
        [parked] = till.parked()
        assert parked.parked_by == "Lan"
        assert [(ln.item.sku, ln.quantity) for ln in parked.cart.lines] == [("TP-001", 2)]
    finally:
        services.session_factory.kw["bind"].dispose()

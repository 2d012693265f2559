"""``ocop-kiosk`` with no display says so and exits, instead of running a window nobody sees."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.display import headless_refusal

ROOT = Path(__file__).resolve().parents[1]
HEADLESS = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}


def _kiosk(tmp_path, *args, env):
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--data-dir", str(tmp_path), *args],
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("platform", [None, "offscreen"])
def test_the_window_refuses_to_open_when_there_is_no_display(tmp_path, platform):
    env = dict(HEADLESS)
    if platform:
        env["QT_QPA_PLATFORM"] = platform
    done = _kiosk(tmp_path, "--demo", env=env)
    assert done.returncode == 2
    assert "no display" in done.stderr and "--offscreen" in done.stderr
    # It stopped before opening anything: no database was made.
    assert not (tmp_path / "kiosk.sqlite3").exists()


def test_commands_other_than_the_window_run_with_no_display(tmp_path):
    done = _kiosk(tmp_path, "db", "upgrade", env=dict(HEADLESS))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "kiosk.sqlite3").exists()


def test_a_display_or_an_explicit_offscreen_request_lets_the_window_open():
    assert headless_refusal({"DISPLAY": ":0"}) is None
    assert headless_refusal({"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "wayland"}) is None
    assert headless_refusal({"QT_QPA_PLATFORM": "offscreen", "OCOP_ALLOW_OFFSCREEN": "1"}) is None
    assert headless_refusal({}, offscreen_flag=True) is None
    assert headless_refusal({"QT_QPA_PLATFORM": "eglfs"}) is None
    assert headless_refusal({"OCOP_ALLOW_OFFSCREEN": "0"}) is not None


def test_the_makefile_run_target_does_not_force_offscreen():
    makefile = (ROOT / "Makefile").read_text()
    assert "offscreen)" not in makefile.split("\n## run:")[0]

"""The app says its sign-in screen is up (the root-side installer's proof that an update works)."""

from pathlib import Path

from kiosk import __version__
from kiosk.app import note_sign_in, open_services
from kiosk.config import default_paths
from kiosk.core.updates import UpdateFolder
from kiosk.ui.application import open_window


def test_the_sign_in_marker_names_this_version_once_the_sign_in_screen_is_shown(tmp_path, qtbot):
    services = open_services(default_paths(tmp_path / "data").ensure())
    updates = UpdateFolder.of(services.data_dir)
    try:
        _app, window = open_window(services, on_shown=lambda: note_sign_in(updates))
        qtbot.addWidget(window)
        assert updates.signed_in() is None  # not before the event loop has shown it
        qtbot.waitUntil(lambda: updates.signed_in() == __version__, timeout=5000)
        assert window.stack.currentWidget() is window.signin and window.isVisible()
    finally:
        services.session_factory.kw["bind"].dispose()


def test_what_start_up_made_is_frozen_out_of_the_collector_once_the_sign_in_is_up(tmp_path, qtbot):
    """A collection among start-up's objects would land in the middle of a scan; it is done
    once, a moment after the sign-in screen shows (not before: that is 50 ms of waiting)."""
    import gc

    gc.unfreeze()
    services = open_services(default_paths(tmp_path / "data").ensure())
    try:
        _app, window = open_window(services)
        qtbot.addWidget(window)
        assert gc.get_freeze_count() == 0  # the sign-in screen did not wait for it
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=5000)
    finally:
        services.session_factory.kw["bind"].dispose()


_FRESH_START = """
import sys
import babel.localedata
from PySide6.QtCore import QTimer
from kiosk.app import open_services
from kiosk.config import default_paths
from kiosk.ui.application import AFTER_START_MS, open_window

services = open_services(default_paths(sys.argv[1]).ensure())
app, window = open_window(services)
print("at sign-in", "vi_VN" in babel.localedata._cache)
def later():
    print("after", "vi_VN" in babel.localedata._cache)
    app.quit()
QTimer.singleShot(AFTER_START_MS + 500, later)
app.exec()
"""


def test_the_sign_in_screen_does_not_wait_for_the_money_formats_loaded_after_it(tmp_path):
    """Amounts in đồng need Babel's Vietnamese locale data (~45 ms to load): the sign-in screen
    shows none, so a fresh kiosk loads it a moment after, before the clerk's first sale shows
    a sum. (In a new interpreter: this one's Babel has long loaded it.)"""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "OCOP_KIOSK_WINDOWED": "1"}
    env["PYTHONPATH"] = str(root)
    run = subprocess.run(
        [sys.executable, "-c", _FRESH_START, str(tmp_path / "data")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.splitlines() == ["at sign-in False", "after True"]

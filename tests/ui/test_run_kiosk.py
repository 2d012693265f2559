"""The real kiosk's start (``ocop-kiosk``, in a child process): its workers start once the
sign-in screen is up and off the GUI thread, then the sign-in marker is written; a worker that
cannot start ends the session with status 1 and no marker (the installer then rolls back)."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from kiosk import __version__
from kiosk.core.updates import UpdateFolder

ROOT = Path(__file__).resolve().parents[2]

_CHILD = textwrap.dedent(
    """
    import sys, threading
    from PySide6.QtWidgets import QApplication
    import kiosk.app
    from kiosk.__main__ import main

    def window_up():
        return any(w.objectName() == "kiosk" and w.isVisible() for w in QApplication.topLevelWidgets())

    real_backups, noted = kiosk.app.start_backups, kiosk.app.note_sign_in

    def start_backups(services, *args, **kwargs):
        on_gui = threading.current_thread() is threading.main_thread()
        print("backups started", "window up" if window_up() else "before the window",
              "on the GUI thread" if on_gui else "off the GUI thread", flush=True)
        if sys.argv[1] == "fail":
            raise OSError("no room for the backup worker")
        return real_backups(services, *args, **kwargs)

    def note_sign_in(updates):
        noted(updates)
        names = {t.name for t in threading.enumerate()}
        print("marker with", " ".join(sorted(n for n in names if n in ("daily-backup", "einvoices"))), flush=True)
        QApplication.quit()

    kiosk.app.start_backups, kiosk.app.note_sign_in = start_backups, note_sign_in
    sys.exit(main(["--offscreen", "--demo", "--data-dir", sys.argv[2]]))
    """
)


def _run(how: str, data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-c", _CHILD, how, str(data)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_workers_start_after_the_sign_in_screen_off_its_thread_then_the_marker(tmp_path):
    run = _run("start", tmp_path / "data")
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.splitlines() == [
        "backups started window up off the GUI thread",
        "marker with daily-backup einvoices",
    ]
    assert UpdateFolder.of(tmp_path / "data").signed_in() == __version__


def test_a_worker_that_cannot_start_ends_the_session_with_status_1_and_no_marker(tmp_path):
    run = _run("fail", tmp_path / "data")
    assert run.returncode == 1, run.stderr[-2000:]
    assert "the kiosk's workers did not start" in run.stderr
    assert UpdateFolder.of(tmp_path / "data").signed_in() is None

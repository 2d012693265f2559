"""Without a window manager, as a kiosk runs, nothing acts on a full-screen request: the window
must take the screen itself. Run on a real X server (Xvfb), skipped where there is none."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import sys
from pathlib import Path
from hardware.fakes import FakePrinter
from kiosk.ui.application import fill_screen, make_application
from kiosk.ui.window import KioskView
from tests.demo_till import build_template, open_till

work = Path(sys.argv[1])
app = make_application()
view = KioskView(open_till(build_template(work / "t.sqlite3"), work), FakePrinter())
fill_screen(view)
for _ in range(50):
    app.processEvents()
g = view.geometry()
print(g.x(), g.y(), g.width(), g.height())
"""


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb")
def test_window_when_no_window_manager_runs_takes_the_whole_screen(tmp_path):
    display = f":{40 + os.getpid() % 50}"
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(1)
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
        run = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(tmp_path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
        )
        assert run.returncode == 0, run.stderr[-2000:]
        assert run.stdout.split()[-4:] == ["0", "0", "1024", "768"]
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)

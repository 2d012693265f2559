"""The real kiosk (``ocop-kiosk --demo``) with one test hook: once its window is up, Lan signs in
and scans the fish sauce through the core, then "ready" is printed. The test then ends it, or
with CLOSE_WINDOW=1 in the environment the window is closed as a person would close it.

    python tests/shutdown_child.py --demo --data-dir DIR
"""

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.__main__ import main
from kiosk.ui.application import make_application
from kiosk.ui.window import KioskView

FISH_SAUCE = "8939101000010"


def add_a_line() -> None:
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, KioskView)]
    if not windows:
        QTimer.singleShot(50, add_a_line)
        return
    till = windows[0].till
    till.sign_in("Lan", "1111")
    till.scan(FISH_SAUCE)
    till.scan(FISH_SAUCE)
    print("ready", flush=True)
    if os.environ.get("CLOSE_WINDOW") == "1":
        QTimer.singleShot(100, windows[0].close)


if __name__ == "__main__":
    make_application(sys.argv[:1])
    QTimer.singleShot(0, add_a_line)
    sys.exit(main(sys.argv[1:]))

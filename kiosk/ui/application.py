"""The Qt application: style, language, the main window, and the excepthook that keeps the
window alive whatever goes wrong."""

import logging
import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from kiosk.core.services import Services

log = logging.getLogger(__name__)


def run_window(services: Services, *, demo: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("OCOP Kiosk")
    window = QMainWindow()
    window.setWindowTitle("OCOP Kiosk")
    window.setCentralWidget(QLabel("OCOP Kiosk"))
    window.resize(1024, 768)
    window.show()
    return app.exec()

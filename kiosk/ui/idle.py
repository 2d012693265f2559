"""The idle lock's timer: any key, click or touch anywhere in the application restarts it
(the window's application filter calls ``touched``)."""

from PySide6.QtCore import QObject, QTimer


class IdleTimer(QTimer):
    """A single-shot timer that times out once nobody has touched the kiosk for ``interval_ms``
    while it runs."""

    def __init__(self, interval_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self.setSingleShot(True)
        self.setInterval(interval_ms)

    def touched(self) -> None:
        """Someone used the kiosk: the idle time starts again (if the timer runs)."""
        if self.isActive():
            self.start()

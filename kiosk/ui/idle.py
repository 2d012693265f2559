"""The idle lock's timer: any key, click or touch anywhere in the application restarts it."""

from PySide6.QtCore import QEvent, QObject, QTimer

_ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)


class _IdleWatch(QObject):
    """Restarts the idle timer on any key, click or touch anywhere in the application."""

    def __init__(self, timer: QTimer):
        super().__init__(timer)
        self._timer = timer

    def eventFilter(self, _obj, event) -> bool:
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False


class IdleTimer(QTimer):
    """A single-shot timer that times out once nobody has touched the kiosk for ``interval_ms``
    while it runs; ``watch`` is the event filter the window installs on the application."""

    def __init__(self, interval_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self.setSingleShot(True)
        self.setInterval(interval_ms)
        self.watch = _IdleWatch(self)

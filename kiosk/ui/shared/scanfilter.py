"""Application-wide keyboard-wedge scan detection, whatever widget has focus.

An application event filter feeds every printable key press to hardware's WedgeDetector and
holds it back while it may be part of a scan. A burst that ends in Enter is a scan: its keys
never reach the widget and ``scanned(code)`` is emitted. Anything else (a person typing) is
given back to the widget that had focus, in order, when the detector says so.
"""

import time

from shiboken6 import isValid

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from hardware.wedge import WedgeDetector, WedgeOutcome

_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class WedgeFilter(QObject):
    """State: the detector, the widget the held keys belong to, and whether it is active."""

    scanned = Signal(str)

    def __init__(self, parent: QObject | None = None, *, max_gap_ms=30, min_length=4, clock=None):
        super().__init__(parent)
        self.detector = WedgeDetector(max_gap_ms=max_gap_ms, min_length=min_length)
        self.enabled = False
        self.clock = clock or (lambda: time.monotonic() * 1000)
        self._target: QWidget | None = None
        self._replaying = False
        self._offset = 0.0  # device time of keys minus our clock, when keys carry one
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(max_gap_ms) + 5)
        self._timer.timeout.connect(self._poll)

    def _now(self) -> float:
        """Milliseconds on the clock of the last key's timestamps (device or monotonic)."""
        return self.clock() - self._offset

    def install(self, app: QApplication) -> None:
        app.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or self._replaying or not self.enabled:
            return False
        if not obj.isWidgetType():  # the window's copy of the event: act on the widget's
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        # The device's own time of the key when there is one (X11, evdev): a busy GUI thread
        # that delivers a scan late and all at once does not change the gaps between its keys.
        stamp = key_event.timestamp()
        self._offset = self.clock() - stamp if stamp else 0.0
        now = self._now()
        if key_event.key() in _ENTER:
            if not self.detector.holding:
                return False
            self._handle(self.detector.enter(now))
            return True
        char = key_event.text()
        if len(char) != 1 or not char.isprintable() or key_event.modifiers() & _MODIFIERS:
            self._handle(self.detector.poll(now + 10_000))  # any held keys were typing
            return False
        if not self.detector.holding:
            self._target = obj  # type: ignore[assignment]
        self._handle(self.detector.key(char, now))
        self._timer.start()
        return True

    def flush(self) -> None:
        """Give back held keys now (focus change, screen change)."""
        self._handle(self.detector.poll(self._now() + 10_000))

    def _poll(self) -> None:
        self._handle(self.detector.poll(self._now()))
        if self.detector.holding:
            self._timer.start()

    def _handle(self, outcomes: list[WedgeOutcome]) -> None:
        for outcome in outcomes:
            if outcome.kind == "scan":
                self.scanned.emit(outcome.text.strip())
            else:
                self._replay(outcome.text, outcome.enter)

    def _replay(self, text: str, enter: bool) -> None:
        # The keys go back to the widget they were typed into, even if focus moved meanwhile.
        target = self._target if self._target is not None and isValid(self._target) else None
        target = target or QApplication.focusWidget()
        if target is None:
            return
        self._replaying = True
        try:
            for char in text:
                key = ord(char.upper()) if char.isascii() and char.isalnum() else 0
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(
                        target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
                    )
            if enter:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(
                        target, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
                    )
        finally:
            self._replaying = False

"""Application-wide keyboard-wedge scan detection, whatever widget has focus.

An application event filter feeds every printable key press to hardware's WedgeDetector. A
burst that ends in Enter is a scan: ``scanned(code)`` is emitted and its keys leave no trace in
the widget. Keys typed into a line edit (the search box) show at once, as a person expects, and
are taken back if they turn out to be a scan: the field returns to what it held before the
burst; a search box leaves its search until a fast burst is known to be typing
(``scan_likely``, ``typing_settled``), so a scan costs one search, not one per digit. Keys for
any other widget (a button, a table) are held back while they may be part of a
scan, then given back in order when the detector says they were typing.

The same filter tells whoever follows activity (the idle lock's timer) of any key, click or
touch: one application filter, not one per concern, since an application filter is called for
every event of every object (~180 a scan) and PySide builds Python objects for each call. Any
event that is not a key, a pointer or a touch leaves at once, on an ``isinstance`` test.

A dialog's barcode field is marked with :func:`takes_scans`; while such a dialog is open a scan
goes into it (:func:`scan_into`), not to the screen behind, wherever the dialog's focus is.
"""

import time
from collections.abc import Callable

from shiboken6 import isValid

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from hardware.wedge import WedgeDetector, WedgeOutcome

_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_SCAN_TARGET = "takesScans"
_INPUT = (QKeyEvent, QMouseEvent, QTouchEvent)  # PySide hands each event as its own class
_KEY_PRESS = QEvent.Type.KeyPress
_ACTIVITY = frozenset((_KEY_PRESS, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin))


def takes_scans(field: QLineEdit) -> QLineEdit:
    """Mark ``field`` as where a scan goes while its dialog is open."""
    field.setProperty(_SCAN_TARGET, True)
    return field


def dialog_over(window: QWidget) -> QWidget | None:
    """The modal dialog open over ``window`` (opened by any of its screens), or None."""
    modal = QApplication.activeModalWidget()
    parent = modal.parentWidget() if modal is not None and modal.isVisible() else None
    while parent is not None and parent is not window:
        parent = parent.parentWidget()
    return modal if parent is window else None


def scan_into(window: QWidget, code: str) -> bool:
    """Put ``code`` into ``window``'s barcode field (the focused one if several), focused:
    False when it has none to take it."""
    fields = [
        f
        for f in window.findChildren(QLineEdit)
        if f.property(_SCAN_TARGET) and f.isVisible() and f.isEnabled() and not f.isReadOnly()
    ]
    if not fields:
        return False
    focused = window.focusWidget()
    target = focused if focused in fields else fields[0]
    target.setText(code)
    target.setFocus()
    return True


class WedgeFilter(QObject):
    """State: the detector, the widget the burst's keys belong to, whether they went to it
    at once (a line edit) and what the line edit held before them, and whether it is active
    (``enabled``, by the screen shown; ``detects``, False on a terminal without a wedge
    scanner: then it only reports ``activity``)."""

    scanned = Signal(str)
    # Keys that went into a line edit as a possible scan turned out to be typing.
    typing_settled = Signal()

    def __init__(self, parent: QObject | None = None, *, max_gap_ms=30, min_length=4, clock=None):
        super().__init__(parent)
        self.detector = WedgeDetector(max_gap_ms=max_gap_ms, min_length=min_length)
        self._enabled = False
        self.detects = True
        self.activity: Callable[[], None] | None = None  # any key, click or touch
        self.clock = clock or (lambda: time.monotonic() * 1000)
        self._target: QWidget | None = None
        self._before: tuple[str, int, int, int] | None = None  # a live line edit's state
        self._replaying = False
        self._offset = 0.0  # device time of keys minus our clock, when keys carry one
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(max_gap_ms) + 5)
        self._timer.timeout.connect(self._poll)

    @property
    def enabled(self) -> bool:
        return self._enabled and self.detects

    @enabled.setter
    def enabled(self, on: bool) -> None:
        self._enabled = on

    def _now(self) -> float:
        """Milliseconds on the clock of the last key's timestamps (device or monotonic)."""
        return self.clock() - self._offset

    def scan_likely(self) -> bool:
        """Whether the key a line edit is receiving may be a scanner's: a key that came fast
        after the one before (a person's keys are more than ``max_gap_ms`` apart), or a digit
        that begins a burst, as every EAN and UPC code does. A person's first letter is not:
        it is searched at once; a first digit typed by hand is searched when the burst is
        over (``max_gap_ms`` later)."""
        if not self.enabled or self._before is None:
            return False
        held = self.detector.held
        return len(held) >= 2 or (held.isascii() and held.isdigit())

    def install(self, app: QApplication) -> None:
        app.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not isinstance(event, _INPUT):  # painting, layout, timers: most of the calls
            return False
        kind = event.type()
        if kind in _ACTIVITY and self.activity is not None:
            self.activity()
        if kind != _KEY_PRESS or self._replaying or not self.enabled:
            return False
        if not obj.isWidgetType():  # the window's copy of the event: act on the widget's
            return False
        return self._key(obj, event)  # type: ignore[arg-type]

    def _key(self, obj: QWidget, key_event: QKeyEvent) -> bool:
        """A key press while scans are watched: whether it is held back from ``obj``."""
        # The device's own time of the key when there is one (X11, evdev): a busy GUI thread
        # that delivers a scan late and all at once does not change the gaps between its keys.
        stamp = key_event.timestamp()
        self._offset = self.clock() - stamp if stamp else 0.0
        now = self._now()
        if key_event.key() in _ENTER:
            if not self.detector.holding:
                return False
            outcomes = self.detector.enter(now)
            self._handle(outcomes)
            # Typing then Enter in a live line edit: its keys are there, let the Enter through.
            return not (self._before is not None and outcomes[-1].enter)
        char = key_event.text()
        if len(char) != 1 or not char.isprintable() or key_event.modifiers() & _MODIFIERS:
            self._handle(self.detector.poll(now + 10_000))  # any held keys were typing
            return False
        was_holding = self.detector.holding
        outcomes = self.detector.key(char, now)
        self._handle(outcomes)  # the previous burst's keys, in that burst's manner
        if not was_holding or outcomes:
            self._begin_burst(obj)
        self._timer.start()
        return self._before is None  # a line edit gets the key now

    def _begin_burst(self, widget: QWidget) -> None:
        self._target = widget
        self._before = None
        if isinstance(widget, QLineEdit):
            self._before = (
                widget.text(),
                widget.cursorPosition(),
                widget.selectionStart(),
                len(widget.selectedText()),
            )

    def flush(self) -> None:
        """Give back held keys now (focus change, screen change)."""
        self._handle(self.detector.poll(self._now() + 10_000))

    def _poll(self) -> None:
        self._handle(self.detector.poll(self._now()))
        if self.detector.holding:
            self._timer.start()

    def _handle(self, outcomes: list[WedgeOutcome]) -> None:
        kept = ""  # typed keys of this burst that stay in a live line edit
        for outcome in outcomes:
            if outcome.kind == "scan":
                self._take_back(kept)
                self.scanned.emit(outcome.text.strip())
            elif self._before is not None:
                kept += outcome.text  # already in the field
            else:
                self._replay(outcome.text, outcome.enter)
        if kept:
            self.typing_settled.emit()

    def _take_back(self, kept: str) -> None:
        """Put a live line edit back as it was before the burst, plus the ``kept`` keys that
        were typed before the scan began."""
        target, before = self._target, self._before
        if before is None or not isinstance(target, QLineEdit) or not isValid(target):
            return
        text, cursor, selection_start, selection_length = before
        target.setText(text)
        if selection_start >= 0:
            target.setSelection(selection_start, selection_length)
        else:
            target.setCursorPosition(cursor)
        if kept:
            target.insert(kept)

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

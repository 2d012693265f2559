"""Driving the window as a clerk would: a wedge scanner's burst, a person's typing, clicks."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.ui.window import KioskView


def wedge_scan(
    view: KioskView,
    code: str,
    *,
    gap_ms: float = 2,
    pause_after: int | None = None,
    pause_ms: float = 40,
) -> None:
    """Keys as a keyboard-wedge scanner types them (a few ms apart, then Enter) into whatever
    widget has focus; with ``pause_after``, the scanner stops for ``pause_ms`` after that many
    keys, as one behind a busy USB hub does."""
    target = QApplication.focusWidget() or view
    # A scanner's keys carry device timestamps a few ms apart; QTest's carry none, so the
    # filter's clock stands still for the burst (a loaded test machine cannot split it).
    real, start = view.wedge.clock, view.wedge.clock()
    ticks = iter(range(10_000))
    paused = [0.0]
    view.wedge.clock = lambda: start + next(ticks) * gap_ms + paused[0]
    try:
        for i, char in enumerate(code):
            if i == pause_after:
                paused[0] = pause_ms
            QTest.keyClick(target, char)
        QTest.keyClick(target, Qt.Key.Key_Return)
    finally:
        view.wedge.clock = real


def person_types(qtbot, widget, value: str, *, gap_ms: int = 80) -> None:
    """Keys as a person types them: one every ``gap_ms``, so the wedge filter gives them back."""
    widget.setFocus()
    for char in value:
        QTest.keyClick(widget, char)
        qtbot.wait(gap_ms)
    qtbot.wait(60)


def sign_in(qtbot, view: KioskView, name: str = "Lan", pin: str = "1111") -> None:
    view.signin.choose(name)
    for digit in pin:
        qtbot.mouseClick(view.signin.pad.buttons[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.signin.pad.ok, Qt.MouseButton.LeftButton)
    assert view.stack.currentWidget() is view.sale, view.signin.message.text()


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

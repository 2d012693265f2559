"""The Qt bindings keep Python's reference counts: PySide6 6.12 on Python 3.11 lost a reference
to None at every call of a method returning void, and the kiosk aborted after a few minutes of
repainting ("none_dealloc"). pyproject.toml keeps PySide6 below 6.12 for that."""

import sys

from PySide6.QtWidgets import QLabel


def test_void_and_bool_calls_leave_none_true_and_false_alone(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for i in range(5_000):
        label.setText(str(i % 7))  # returns void
        label.isVisible()  # returns bool
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    # A few references may come and go with garbage collection; 5,000 lost ones may not.
    for a, b in zip(after, before, strict=True):
        assert a >= b - 50

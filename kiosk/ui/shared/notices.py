"""Messages to the clerk, and the guard that keeps every slot's errors off the floor.

Screens report through one :class:`Notices` object; the window shows the latest message in its
banner. ``@guarded`` wraps a slot: an error the clerk can cause (DomainError, DeviceError) is
shown as its one translated message (kiosk.ui.shared.messages) and the slot returns None; anything
else is left to the excepthook, which logs and shows it.
"""

import functools
import logging

from PySide6.QtCore import QObject, Signal

from kiosk.ui.shared.messages import is_expected, message_for

log = logging.getLogger(__name__)


class Notices(QObject):
    """State: the message shown last (``text``, ``kind``: "error", "warning" or "info")."""

    shown = Signal(str, str)
    cleared = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.text, self.kind = "", ""

    def error(self, error: BaseException) -> None:
        self._show(message_for(error), "error")

    def warning(self, text: str) -> None:
        self._show(text, "warning")

    def info(self, text: str) -> None:
        self._show(text, "info")

    def clear(self) -> None:
        self.text, self.kind = "", ""
        self.cleared.emit()

    def _show(self, text: str, kind: str) -> None:
        self.text, self.kind = text, kind
        self.shown.emit(text, kind)


def guarded(method):
    """For methods of objects with a ``notices`` attribute. Clears the last message first, as
    each new action starts afresh."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            if not is_expected(exc):
                raise
            log.info("%s: %r", method.__qualname__, exc)
            self.notices.error(exc)
            return None

    return wrapper

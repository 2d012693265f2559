"""Run slow work (printing, later sync) off the GUI thread, Anki's QueryOp style.

``ops.run(job, success=..., failure=...)``: ``job`` runs on a pool thread; ``success(result)``
or ``failure(exception)`` is then called on the GUI thread. Nothing here knows what the job is.
"""

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; the pool thread emits, Qt queues the call to here."""

    done = Signal(object, object, object)  # callback, argument, token

    def __init__(self, owner: "BackgroundOps"):
        super().__init__(owner)
        self._owner = owner
        self.done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object, object, object)
    def _deliver(self, callback, argument, token) -> None:
        self._owner._finished(token)
        if callback is not None:
            callback(argument)


class _Job(QRunnable):
    def __init__(self, job, success, failure, relay: _Relay, token: object):
        super().__init__()
        self._job, self._success, self._failure = job, success, failure
        self._relay, self._token = relay, token

    def run(self) -> None:
        try:
            result = self._job()
        except Exception as exc:  # handed to the GUI thread, which shows or logs it
            log.warning("background job failed: %r", exc)
            self._report(self._failure, exc)
        else:
            self._report(self._success, result)

    def _report(self, callback, argument) -> None:
        try:
            self._relay.done.emit(callback, argument, self._token)
        except RuntimeError:  # the window closed while the job ran: nobody to tell
            log.info("background job finished after its window closed")


class BackgroundOps(QObject):
    """State: the jobs still running. ``idle`` is emitted when the last one has reported."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._relay = _Relay(self)
        self._running: set[object] = set()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def run(
        self,
        job: Callable[[], Any],
        *,
        success: Callable[[Any], None] | None = None,
        failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        token = object()
        self._running.add(token)
        self._pool.start(_Job(job, success, failure or self._unhandled, self._relay, token))

    def _finished(self, token: object) -> None:
        self._running.discard(token)
        if not self._running:
            self.idle.emit()

    @staticmethod
    def _unhandled(exc: BaseException) -> None:
        raise exc  # reaches the excepthook, which logs and shows it

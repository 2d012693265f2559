"""What a push and the sync worker report: plain values for the CLI and the status bar (a
pull's report is kiosk.core.sync.pages.PullReport)."""

import datetime as dt
from dataclasses import dataclass

DEFAULT_INTERVAL_S = 30.0  # between two syncs of the worker


@dataclass(frozen=True)
class PushReport:
    """What one or more pushed batches became. ``backlog`` is what is still unsent."""

    sent: int = 0
    applied: int = 0
    duplicate: int = 0
    rejected: int = 0
    backlog: int = 0

    def __add__(self, other: "PushReport") -> "PushReport":
        return PushReport(
            self.sent + other.sent,
            self.applied + other.applied,
            self.duplicate + other.duplicate,
            self.rejected + other.rejected,
            other.backlog,
        )


@dataclass(frozen=True)
class SyncStatus:
    """For the status bar. ``online`` is None until the first attempt."""

    backlog: int
    last_success: dt.datetime | None
    online: bool | None
    last_error: str | None
    rejected: int
    refused: bool = False  # head office refused the token at the last attempt: re-enrol

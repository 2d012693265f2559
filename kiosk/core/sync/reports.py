"""What a push, a pull and the sync worker report: plain values for the CLI and the status bar."""

import datetime as dt
from dataclasses import dataclass

from hq import protocol


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
class PullReport:
    since: int
    version: int
    producers: int = 0
    products: int = 0
    barcodes: int = 0
    prices: int = 0
    removed: int = 0

    @classmethod
    def of(cls, changes: protocol.CatalogueChanges) -> "PullReport":
        """What applying ``changes`` brought: how many of each kind, and the versions."""
        return cls(
            since=changes.since,
            version=changes.version,
            producers=len(changes.producers),
            products=len(changes.products),
            barcodes=len(changes.barcodes),
            prices=len(changes.prices),
            removed=len(changes.removed_products),
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

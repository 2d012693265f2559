"""Tell a keyboard-wedge scanner from a person typing, by timing alone. No Qt.

A wedge scanner types its code in a burst, a few milliseconds per key, then Enter; people type
one key per 100 ms or more. The UI's event filter feeds every key press here with its timestamp
and holds the keys back while a burst might still be a scan. Each call returns what became of
the held keys: a ``scan`` (swallow the keys, emit the code) or ``typing`` (give the keys back to
the focused widget). The filter must call :meth:`WedgeDetector.poll` from a timer about
``max_gap_ms`` after the last key, so held keys of slow typing are given back promptly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hardware.aim import split_aim
from hardware.interfaces import ScanCallback, ScanEvent, Scanner, StateCallback


@dataclass(frozen=True)
class WedgeOutcome:
    """``scan``: ``text`` is the code. ``typing``: ``text`` (then Enter if ``enter``) goes back to
    the widget as the person typed it."""

    kind: Literal["scan", "typing"]
    text: str
    enter: bool = False


class WedgeDetector:
    """State: the keys held back since the burst began, and the time of the last one."""

    def __init__(
        self,
        *,
        max_gap_ms: float = 30,
        min_length: int = 4,
        terminator: str = "\r",
        enter_gap_ms: float | None = None,
    ) -> None:
        self.max_gap_ms = max_gap_ms
        self.min_length = min_length
        self.terminator = terminator
        # Some scanners pause before the Enter they append; allow it a little more time.
        self.enter_gap_ms = enter_gap_ms if enter_gap_ms is not None else max_gap_ms * 2
        self._held: list[str] = []
        self._last_ms: float | None = None

    @property
    def holding(self) -> bool:
        return bool(self._held)

    def key(self, char: str, t_ms: float) -> list[WedgeOutcome]:
        """A printable key (or the terminator) pressed at ``t_ms``."""
        if char == self.terminator or (char in ("\r", "\n") and self.terminator in ("\r", "\n")):
            return self.enter(t_ms)
        outcomes = self.poll(t_ms)
        self._held.append(char)
        self._last_ms = t_ms
        return outcomes

    def enter(self, t_ms: float) -> list[WedgeOutcome]:
        """The terminator key (Enter) pressed at ``t_ms``."""
        held = "".join(self._held)
        fast = self._last_ms is not None and t_ms - self._last_ms <= self.enter_gap_ms
        self._held.clear()
        self._last_ms = None
        if fast and len(held) >= self.min_length:
            return [WedgeOutcome("scan", held)]
        return [WedgeOutcome("typing", held, enter=True)]

    def poll(self, now_ms: float) -> list[WedgeOutcome]:
        """Give back held keys once the burst is over without a terminator: that was typing."""
        if self._held and self._last_ms is not None and now_ms - self._last_ms > self.max_gap_ms:
            held = "".join(self._held)
            self._held.clear()
            self._last_ms = None
            return [WedgeOutcome("typing", held)]
        return []


class WedgeScanner(Scanner):
    """The Scanner role for a keyboard-wedge scanner: the UI feeds keys, scans come out as events.

    ``key``/``enter``/``poll`` return the keys to give back to the widget ("" when none).
    """

    def __init__(
        self,
        on_scan: ScanCallback,
        on_state: StateCallback | None = None,
        *,
        max_gap_ms: float = 30,
        min_length: int = 4,
        aim: bool = True,
        name: str = "wedge://",
    ) -> None:
        super().__init__(on_scan, on_state)
        self.detector = WedgeDetector(max_gap_ms=max_gap_ms, min_length=min_length)
        self.aim = aim
        self.name = name
        self._running = False

    def start(self) -> None:
        self._running = True
        self.on_state(True)  # a keyboard is always "connected"

    def stop(self) -> None:
        self._running = False

    @property
    def connected(self) -> bool:
        return self._running

    def key(self, char: str, t_ms: float) -> list[WedgeOutcome]:
        return self._route(self.detector.key(char, t_ms))

    def enter(self, t_ms: float) -> list[WedgeOutcome]:
        return self._route(self.detector.enter(t_ms))

    def poll(self, now_ms: float) -> list[WedgeOutcome]:
        return self._route(self.detector.poll(now_ms))

    def _route(self, outcomes: list[WedgeOutcome]) -> list[WedgeOutcome]:
        """Emit the scans; return everything (the filter swallows scans, replays typing)."""
        for outcome in outcomes:
            if outcome.kind == "scan" and self._running:
                code, symbology, aim_id = (
                    split_aim(outcome.text) if self.aim else (outcome.text, None, None)
                )
                self.on_scan(ScanEvent(code, symbology, self.name, aim_id))
        return outcomes

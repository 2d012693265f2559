"""Tell a keyboard-wedge scanner from a person typing, by timing and by the code's shape. No Qt.

A wedge scanner types its code in a burst, a few milliseconds per key, then Enter; people type
one key per 100 ms or more. The UI's event filter feeds every key press here with its timestamp
and holds the keys back while a burst might still be a scan. Each call returns what became of
the held keys: a ``scan`` (swallow the keys, emit the code) or ``typing`` (give the keys back to
the focused widget). The filter must call :meth:`WedgeDetector.poll` from a timer about
``max_gap_ms`` after the last key, so held keys of slow typing are given back promptly.

A busy USB hub or a scanner's own buffer sometimes pauses a burst once, for 40 ms or so. Timing
alone would split that scan into typed text and a short scan; so a burst of digits may pause
once, up to ``max_pause_ms``, and is still one scan when the whole has the shape of a product
code: 8, 12, 13 or 14 digits with the right GS1 check digit. A person cannot type a dozen keys
with every gap but one under 30 ms, and a random string passes the check digit one time in ten.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hardware.aim import split_aim
from hardware.document import ean_check_digit
from hardware.interfaces import ScanCallback, ScanEvent, Scanner, StateCallback


@dataclass(frozen=True)
class WedgeOutcome:
    """``scan``: ``text`` is the code. ``typing``: ``text`` (then Enter if ``enter``) goes back to
    the widget as the person typed it."""

    kind: Literal["scan", "typing"]
    text: str
    enter: bool = False


def is_product_code(text: str) -> bool:
    """True for 8, 12, 13 or 14 digits whose last is the GS1 check digit of the others."""
    if not (text.isascii() and text.isdigit() and len(text) in (8, 12, 13, 14)):
        return False
    return ean_check_digit(text[:-1]) == int(text[-1])


class WedgeDetector:
    """State: the keys held back since the burst began, the time of the last one, and where the
    burst paused (the index of the first key after its one allowed pause), if it did."""

    def __init__(
        self,
        *,
        max_gap_ms: float = 30,
        min_length: int = 4,
        terminator: str = "\r",
        enter_gap_ms: float | None = None,
        max_pause_ms: float | None = None,
    ) -> None:
        self.max_gap_ms = max_gap_ms
        self.min_length = min_length
        self.terminator = terminator
        # Some scanners pause before the Enter they append; allow it a little more time.
        self.enter_gap_ms = enter_gap_ms if enter_gap_ms is not None else max_gap_ms * 2
        self.max_pause_ms = max_pause_ms if max_pause_ms is not None else max_gap_ms * 2
        self._held: list[str] = []
        self._last_ms: float | None = None
        self._pause_at: int | None = None

    @property
    def holding(self) -> bool:
        return bool(self._held)

    @property
    def held(self) -> str:
        """The keys of the burst held so far."""
        return "".join(self._held)

    def key(self, char: str, t_ms: float) -> list[WedgeOutcome]:
        """A printable key (or the terminator) pressed at ``t_ms``."""
        if char == self.terminator or (char in ("\r", "\n") and self.terminator in ("\r", "\n")):
            return self.enter(t_ms)
        outcomes: list[WedgeOutcome] = []
        if self._held and self._last_ms is not None and t_ms - self._last_ms > self.max_gap_ms:
            if self._may_pause(t_ms - self._last_ms):
                self._pause_at = len(self._held)
            else:
                outcomes = self._release()
        self._held.append(char)
        self._last_ms = t_ms
        return outcomes

    def enter(self, t_ms: float) -> list[WedgeOutcome]:
        """The terminator key (Enter) pressed at ``t_ms``."""
        held = "".join(self._held)
        fast = self._last_ms is not None and t_ms - self._last_ms <= self.enter_gap_ms
        pause = self._pause_at
        self._clear()
        if fast and pause is None and len(held) >= self.min_length:
            return [WedgeOutcome("scan", held)]
        if fast and pause is not None:
            if is_product_code(held):
                return [WedgeOutcome("scan", held)]
            if len(held) - pause >= self.min_length:  # typed keys, then a scan after the gap
                return [WedgeOutcome("typing", held[:pause]), WedgeOutcome("scan", held[pause:])]
        return [WedgeOutcome("typing", held, enter=True)]

    def poll(self, now_ms: float) -> list[WedgeOutcome]:
        """Give back held keys once the burst is over without a terminator: that was typing."""
        if self._held and self._last_ms is not None and now_ms - self._last_ms > self.max_gap_ms:
            if self._may_pause(now_ms - self._last_ms):
                return []  # a scan that paused may still go on
            return self._release()
        return []

    def _may_pause(self, gap_ms: float) -> bool:
        """Whether a gap of ``gap_ms`` after the held keys may be a scanner's one pause: the
        first pause, short, after a fast run of at least two digits that a code could extend."""
        held = self._held
        return (
            gap_ms <= self.max_pause_ms
            and self._pause_at is None
            and 2 <= len(held) < 14
            and all(c.isascii() and c.isdigit() for c in held)
        )

    def _release(self) -> list[WedgeOutcome]:
        held = "".join(self._held)
        self._clear()
        return [WedgeOutcome("typing", held)]

    def _clear(self) -> None:
        self._held.clear()
        self._last_ms = None
        self._pause_at = None


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

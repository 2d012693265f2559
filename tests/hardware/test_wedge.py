"""Keyboard wedge: a fast burst ending in Enter is a scan; anything else goes back to the widget."""

from __future__ import annotations

from hardware.interfaces import ScanEvent
from hardware.wedge import WedgeDetector, WedgeOutcome, WedgeScanner


def type_keys(detector, text: str, start: float, gap: float) -> tuple[list[WedgeOutcome], float]:
    outcomes: list[WedgeOutcome] = []
    t = start
    for char in text:
        outcomes += detector.key(char, t)
        t += gap
    return outcomes, t


def test_fast_burst_with_enter_is_a_scan_when_gaps_are_under_limit():
    detector = WedgeDetector(max_gap_ms=30, min_length=4)
    outcomes, t = type_keys(detector, "8934563138165", 1000, 8)
    assert outcomes == []  # held back while it may be a scan
    assert detector.enter(t) == [WedgeOutcome("scan", "8934563138165")]
    assert not detector.holding


def test_slow_typing_is_given_back_key_by_key_when_gaps_exceed_limit():
    detector = WedgeDetector(max_gap_ms=30, min_length=4)
    outcomes, t = type_keys(detector, "nuoc", 1000, 150)
    assert [o.text for o in outcomes] == ["n", "u", "o"]
    assert all(o.kind == "typing" for o in outcomes)
    assert detector.poll(t) == [WedgeOutcome("typing", "c")]


def test_enter_after_typing_is_typing_with_enter_when_person_presses_it():
    detector = WedgeDetector()
    type_keys(detector, "12", 0, 200)
    assert detector.enter(600) == [WedgeOutcome("typing", "2", enter=True)]


def test_short_fast_burst_is_typing_when_below_minimum_length():
    detector = WedgeDetector(max_gap_ms=30, min_length=4)
    _, t = type_keys(detector, "ab", 0, 5)
    assert detector.enter(t) == [WedgeOutcome("typing", "ab", enter=True)]


def test_burst_after_a_typed_key_gives_back_the_key_and_keeps_the_scan():
    detector = WedgeDetector(max_gap_ms=30, min_length=4)
    first = detector.key("x", 0)
    outcomes, t = type_keys(detector, "ABCDEF", 500, 10)
    assert first == []
    assert outcomes == [WedgeOutcome("typing", "x")]
    assert detector.enter(t) == [WedgeOutcome("scan", "ABCDEF")]


def test_poll_keeps_holding_while_burst_may_continue():
    detector = WedgeDetector(max_gap_ms=30)
    detector.key("A", 0)
    assert detector.poll(20) == []
    assert detector.holding


def test_wedge_scanner_emits_scan_event_with_aim_symbology():
    events: list[ScanEvent] = []
    scanner = WedgeScanner(events.append)
    scanner.start()
    t = 0.0
    for char in "]E08934563138165":
        scanner.key(char, t)
        t += 5
    outcomes = scanner.enter(t)
    assert outcomes[0].kind == "scan"
    assert events == [ScanEvent("8934563138165", "ean13", "wedge://", "]E0")]


def test_wedge_scanner_emits_nothing_when_stopped():
    events: list[ScanEvent] = []
    scanner = WedgeScanner(events.append)
    t = 0.0
    for char in "12345678":
        scanner.key(char, t)
        t += 5
    scanner.enter(t)
    assert events == []


def type_with_pause(detector, text: str, pause_after: int, pause_ms: float, gap: float = 5):
    outcomes, t = type_keys(detector, text[:pause_after], 1000, gap)
    more, t = type_keys(detector, text[pause_after:], t - gap + pause_ms, gap)
    return outcomes + more, t


def test_scan_with_one_40_ms_pause_is_one_scan_when_it_has_a_product_code_shape():
    detector = WedgeDetector(max_gap_ms=30, min_length=4)
    for pause_after in range(2, 13):
        outcomes, t = type_with_pause(detector, "8934563138165", pause_after, 40)
        assert outcomes == []
        assert detector.poll(t + 5) == []  # still held while the pause lasts
        assert detector.enter(t) == [WedgeOutcome("scan", "8934563138165")], pause_after


def test_ean8_and_gtin14_with_a_pause_are_scans_too():
    for code in ("96385074", "18934563138162"):
        detector = WedgeDetector()
        _, t = type_with_pause(detector, code, 4, 45)
        assert detector.enter(t) == [WedgeOutcome("scan", code)]


def test_burst_with_a_pause_and_a_wrong_check_digit_is_split_as_typing_and_scan():
    detector = WedgeDetector(max_gap_ms=30, min_length=4)
    _, t = type_with_pause(detector, "8934563138160", 4, 40)
    assert detector.enter(t) == [
        WedgeOutcome("typing", "8934"),
        WedgeOutcome("scan", "563138160"),
    ]


def test_a_second_pause_or_a_long_one_ends_the_burst_as_typing():
    detector = WedgeDetector(max_gap_ms=30)
    outcomes, _ = type_with_pause(detector, "8934563138165", 4, 100)
    assert outcomes == [WedgeOutcome("typing", "8934")]
    detector = WedgeDetector(max_gap_ms=30)
    type_keys(detector, "893", 0, 5)
    assert detector.key("4", 50) == []  # the one pause
    assert detector.key("5", 55) == []
    assert detector.key("6", 100) == [WedgeOutcome("typing", "89345")]  # a second one


def test_letters_typed_fast_are_given_back_after_the_usual_gap():
    detector = WedgeDetector(max_gap_ms=30)
    type_keys(detector, "ab", 0, 5)
    assert detector.poll(40) == [WedgeOutcome("typing", "ab")]  # no pause allowed for text

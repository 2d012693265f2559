"""A scan typed into the search box (which has focus on the sale screen) is not searched digit
by digit; keys typed faster than a person types are searched once they are known to be typing."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.demo_till import FISH_SAUCE
from tests.ui.helpers import person_types, sign_in, wedge_scan


def _count_searches(till) -> list[str]:
    searched: list[str] = []
    search = till.search

    def counting(text, *args, **kwargs):
        searched.append(text)
        return search(text, *args, **kwargs)

    till.search = counting
    return searched


def test_scan_into_the_focused_search_box_runs_no_search_and_keeps_the_tiles(qtbot, window):
    sign_in(qtbot, window)
    panel = window.sale.catalogue
    panel.search.setFocus()  # as the sale screen does when it is shown
    searched = _count_searches(window.till)
    pages: list[int] = []
    panel.pages.currentChanged.connect(pages.append)
    wedge_scan(window, FISH_SAUCE)
    assert window.sale.model.rowCount() == 1
    assert panel.search.text() == ""
    assert searched == []  # was 13 searches, one per digit
    assert pages == []  # the tiles never flashed to results and back
    assert panel.pages.currentIndex() == 0


def test_scan_after_typed_words_leaves_their_results_on_screen(qtbot, window):
    sign_in(qtbot, window)
    panel = window.sale.catalogue
    person_types(qtbot, panel.search, "nuoc")
    searched = _count_searches(window.till)
    wedge_scan(window, FISH_SAUCE)
    assert panel.search.text() == "nuoc"
    assert searched == ["nuoc"]  # once, when the typed word comes back (was 14 searches)
    assert panel.pages.currentIndex() == 1
    assert "Nước" in panel.model.data(panel.model.index(0, 0))


def test_letters_typed_faster_than_a_person_are_searched_when_the_burst_ends(qtbot, window):
    sign_in(qtbot, window)
    panel = window.sale.catalogue
    real, start = window.wedge.clock, window.wedge.clock()
    ticks = iter(range(100))
    window.wedge.clock = lambda: start + next(ticks) * 5  # 5 ms apart, no Enter
    try:
        for char in "tieu":
            QTest.keyClick(panel.search, char)
    finally:
        window.wedge.clock = real
    assert panel.search.text() == "tieu"
    # "t" was searched at once; "tieu" when the burst is over, without another key
    qtbot.waitUntil(
        lambda: "tiêu" in (panel.model.data(panel.model.index(0, 0)) or "").lower(), timeout=1000
    )
    assert panel.pages.currentIndex() == 1


def test_fast_letters_then_enter_add_the_top_result_of_the_whole_word(qtbot, window):
    sign_in(qtbot, window)
    panel = window.sale.catalogue
    real, start = window.wedge.clock, window.wedge.clock()
    ticks = iter(range(100))
    window.wedge.clock = lambda: start + next(ticks) * 5
    try:
        for char in "mam":  # too short for a scan: typing, and Enter picks the top result
            QTest.keyClick(panel.search, char)
        QTest.keyClick(panel.search, Qt.Key.Key_Return)
    finally:
        window.wedge.clock = real
    assert window.sale.model.rowCount() == 1
    assert "mắm" in window.sale.model.data(window.sale.model.index(0, 0))


def test_digits_typed_by_hand_find_the_products_that_carry_them(qtbot, window):
    sign_in(qtbot, window)
    panel = window.sale.catalogue
    person_types(qtbot, panel.search, "500")
    assert panel.search.text() == "500"
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=1000)
    assert "500" in panel.model.data(panel.model.index(0, 0))

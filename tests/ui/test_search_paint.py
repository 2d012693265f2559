"""The first letter typed in the search box, the keystroke a clerk waits for most: the results
cover the tiles instead of hiding them one by one, nothing under the results is painted, and
the search row keeps its layout (✕ is greyed, not hidden, while the box is empty)."""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont

from kiosk.ui.till.result_delegate import ProductResultView
from kiosk.ui.till.tiles import ProductTile
from tests.ui.helpers import person_types, sign_in


class _TileEvents(QObject):
    """Counts hide events and paints of product tiles, application-wide."""

    def __init__(self):
        super().__init__()
        self.hidden = self.painted = 0

    def eventFilter(self, watched, event) -> bool:
        if isinstance(watched, ProductTile):
            if event.type() == QEvent.Type.Hide:
                self.hidden += 1
            elif event.type() == QEvent.Type.Paint:
                self.painted += 1
        return False


def _tiles_shown(qtbot, window):
    sign_in(qtbot, window)
    panel = window.sale.catalogue
    panel.show_group("food")  # 39 tiles in the demo
    qtbot.waitUntil(lambda: all(t.isVisible() for t in panel.tiles.items))
    return panel


def test_first_letter_shows_the_results_over_the_tiles_without_hiding_each_tile(
    qtbot, qapp, window
):
    panel = _tiles_shown(qtbot, window)
    events = _TileEvents()
    qapp.installEventFilter(events)
    try:
        person_types(qtbot, panel.search, "n")
        assert panel.pages.currentIndex() == 1 and panel.results.isVisible()
        assert panel.model.rowCount() > 0
        assert events.hidden == 0  # was one hide event per tile (39 here)
        panel.search.clear()
        assert panel.pages.currentIndex() == 0 and not panel.results.isVisible()
        assert all(t.isVisible() for t in panel.tiles.items if isinstance(t, ProductTile))
    finally:
        qapp.removeEventFilter(events)


def test_no_tile_under_the_results_is_painted_and_the_tiles_come_back_painted(qtbot, qapp, window):
    panel = _tiles_shown(qtbot, window)
    events = _TileEvents()
    qapp.installEventFilter(events)
    try:
        person_types(qtbot, panel.search, "nuoc")
        qapp.processEvents()  # the screen painted with the results
        assert events.painted == 0
        panel.search.clear()
        qapp.processEvents()
        assert events.painted > 0
    finally:
        qapp.removeEventFilter(events)


def test_clear_button_is_greyed_while_the_box_is_empty_and_clears_it(qtbot, window):
    panel = _tiles_shown(qtbot, window)
    width = panel.search.width()
    assert panel.clear_search.isVisible() and not panel.clear_search.isEnabled()
    person_types(qtbot, panel.search, "nuoc")
    assert panel.clear_search.isEnabled()
    assert panel.search.width() == width  # the box does not jump under the finger
    qtbot.mouseClick(panel.clear_search, Qt.MouseButton.LeftButton)
    assert panel.search.text() == "" and panel.pages.currentIndex() == 0
    assert panel.clear_search.isVisible() and not panel.clear_search.isEnabled()


def test_results_drawn_again_in_a_new_font_look_as_a_fresh_list_draws_them(qtbot, window):
    """The rows' laid-out texts are kept by the view's font: a new font lays them out again."""
    panel = _tiles_shown(qtbot, window)
    person_types(qtbot, panel.search, "nuoc")
    before = panel.results.grab().toImage()
    panel.results.setFont(QFont("DejaVu Sans Mono"))  # the rows set their own pixel sizes
    kept = panel.results.grab().toImage()
    panel.results.setItemDelegate(ProductResultView(panel.results))  # nothing kept
    assert kept != before
    assert kept == panel.results.grab().toImage()

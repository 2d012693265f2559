"""Searching by touch on a till with no keyboard: letters on screen type into the search box."""

from PySide6.QtCore import Qt

from tests.demo_till import FISH_SAUCE
from tests.ui.helpers import click, sign_in, wedge_scan


def test_clerk_finds_tea_by_tapping_letters_and_adds_it_by_tapping_the_result(qtbot, window):
    window.resize(1024, 768)
    sign_in(qtbot, window)
    panel = window.sale.catalogue
    assert not panel.letters.isVisible()
    click(qtbot, panel.show_letters)
    assert panel.letters.isVisible()
    for key in "tra":
        click(qtbot, panel.letters.buttons[key])
    assert panel.search.text() == "tra"
    assert panel.pages.currentIndex() == 1  # the results page
    first = panel.model.product(0)
    assert first is not None and "trà" in first.name_vi.lower()  # accents are optional
    click(qtbot, panel.letters.buttons["⌫"])
    assert panel.search.text() == "tr"
    rect = panel.results.visualRect(panel.model.index(0, panel.results.modelColumn()))
    qtbot.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.sale.model.rowCount() == 1
    assert panel.search.text() == "" and not panel.letters.isVisible()  # out of the way again


def test_letter_keys_are_finger_sized_and_leave_the_scan_field_working(qtbot, window):
    window.resize(1024, 768)
    sign_in(qtbot, window)
    panel = window.sale.catalogue
    click(qtbot, panel.show_letters)
    small = [k for k, b in panel.letters.buttons.items() if min(b.width(), b.height()) < 44]
    assert not small, small
    assert panel.letters.geometry().bottom() <= panel.height()  # all of it on screen
    click(qtbot, panel.letters.buttons["x"])
    panel.search.clear()
    wedge_scan(window, FISH_SAUCE)
    assert window.sale.model.rowCount() == 1
    click(qtbot, panel.letters.hide_button)
    assert not panel.letters.isVisible() and not panel.show_letters.isChecked()

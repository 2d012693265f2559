"""The cart side of the sale screen as a clerk reads it: totals that add up when there is a
discount, and product names shown whole (two lines, then "…", the whole name on a press)."""

import dataclasses

from PySide6.QtCore import Qt

from kiosk.ui.till.models import CartModel
from kiosk.ui.till.result_delegate import two_lines
from tests.demo_till import FISH_SAUCE, FISH_SAUCE_750
from tests.ui.helpers import sign_in, wedge_scan

LONG_NAME = (
    "Nước mắm cốt cá cơm than nhĩ truyền thống Phú Quốc 40 độ đạm thùng gỗ bời lời "
    "chai thủy tinh 500 ml hộp quà Tết"
)


def test_totals_when_a_line_and_the_cart_are_discounted_read_subtotal_minus_discount(qtbot, window):
    sign_in(qtbot, window, "Minh", "2222")  # a manager: no PIN asked for the discounts
    wedge_scan(window, FISH_SAUCE)  # 185.000
    wedge_scan(window, FISH_SAUCE_750)  # 145.000
    line = window.till.cart.lines[0]
    window.till.discount_line(line.id, percent=20)  # −37.000
    window.till.discount_cart(amount_vnd=13_000)
    window.sale.refresh()
    values = window.sale.values
    assert values["subtotal"].text() == "330.000\xa0₫"  # before any discount
    assert values["discount"].text() == "−50.000\xa0₫"
    assert values["total"].text() == "280.000\xa0₫"
    assert window.till.totals().total_vnd == 280_000


def add_long_named(window) -> None:
    product = window.till.search("nuoc mam", limit=1)[0]
    window.till.add(dataclasses.replace(product, name_vi=LONG_NAME))
    window.sale.refresh()


def test_cart_line_when_the_name_is_long_shows_two_lines_and_the_whole_name_on_press(qtbot, window):
    sign_in(qtbot, window)
    add_long_named(window)
    table = window.sale.table
    qtbot.wait(50)
    index = window.sale.model.index(0, CartModel.NAME)
    width = table.columnWidth(CartModel.NAME) - 12
    shown, cut = two_lines(LONG_NAME, table.fontMetrics(), width)
    first, second = shown.split("\n")
    assert cut and second.endswith("…")
    assert LONG_NAME.startswith(first) and len(first) > 10
    assert all(table.fontMetrics().horizontalAdvance(s) <= width for s in (first, second))
    assert table.rowHeight(0) >= 2 * table.fontMetrics().lineSpacing()  # both lines show
    rect = table.visualRect(index)
    qtbot.mousePress(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseRelease(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.banner.isVisible() and window.banner.text() == LONG_NAME


def test_cart_line_when_the_name_fits_is_whole_and_a_press_shows_nothing(qtbot, window):
    sign_in(qtbot, window)
    wedge_scan(window, FISH_SAUCE)
    table = window.sale.table
    name = window.sale.model.index(0, CartModel.NAME).data()
    shown, cut = two_lines(name, table.fontMetrics(), table.columnWidth(CartModel.NAME) - 12)
    assert not cut and shown.replace("\n", " ") == name
    window.notices.clear()
    rect = table.visualRect(window.sale.model.index(0, CartModel.NAME))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert not window.banner.isVisible()

"""The cart side of the sale screen as a clerk reads it: totals that add up when there is a
discount, and product names shown whole (two lines, then "…", the whole name on a press)."""

import dataclasses

from PySide6.QtCore import Qt

from kiosk.core.stock.ledger import levels
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


def unclipped(table, model, rows: int) -> list[str]:
    """Number cells whose text is wider than the cell shows (the delegate's margins taken off)."""
    metrics = table.fontMetrics()
    found = []
    for row in range(rows):
        for column in (CartModel.QTY, CartModel.PRICE, CartModel.DISCOUNT, CartModel.AMOUNT):
            if table.isColumnHidden(column):
                continue
            index = model.index(row, column)
            shown = table.visualRect(index).width() - 2 * 6
            needed = metrics.horizontalAdvance(index.data() or "")
            if needed > shown:
                found.append(f"row {row} column {column}: {index.data()!r} {needed} > {shown}")
    return found


def test_cart_numbers_when_large_read_whole_and_the_name_gives_way(qtbot, window):
    sign_in(qtbot, window, "Minh", "2222")  # a manager: no PIN asked for the discount
    product = window.till.search("nuoc mam", limit=1)[0]
    cheap = dataclasses.replace(product, name_vi=LONG_NAME, price_vnd=99_999)
    window.till.add(cheap, 1_000)  # 1.000 pieces: 99.999.000 đ
    dear = dataclasses.replace(product, sku="DEAR", price_vnd=99_999_000)
    line = window.till.add(dear, 1)
    window.till.discount_line(line.id, amount_vnd=9_999_999)
    window.sale.refresh()
    qtbot.wait(50)
    table, model = window.sale.table, window.sale.model
    assert not table.isColumnHidden(CartModel.DISCOUNT)
    assert model.index(0, CartModel.QTY).data() == "1.000"
    assert model.index(0, CartModel.AMOUNT).data() == "99.999.000\xa0₫"
    assert unclipped(table, model, 2) == []
    # The numbers stay inside the table; the name keeps room for a few words.
    header = table.horizontalHeader()
    last = max(header.sectionViewportPosition(c) + header.sectionSize(c) for c in range(5))
    assert last <= table.viewport().width()
    assert table.columnWidth(CartModel.NAME) >= 90


def test_scanning_past_the_stock_when_the_shop_warns_adds_the_line_and_says_so(qtbot, window):
    sign_in(qtbot, window)
    wedge_scan(window, FISH_SAUCE)
    line = window.till.cart.lines[0]
    with window.till.session_factory() as s:
        stock = levels(s, [line.item.product_id])[line.item.product_id]
    window.till.set_quantity(line.id, stock)
    wedge_scan(window, FISH_SAUCE)
    assert line.quantity == stock + 1
    assert window.notices.kind == "warning"
    assert f"trong kho chỉ còn {stock}" in window.notices.text
    assert window.banner.isVisible()

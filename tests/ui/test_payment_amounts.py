"""The payment screen with big amounts at 1024x768: every amount reads whole, none pushes the
window wider than the screen, and a long card reference is cut before the amount it follows."""

import dataclasses

from PySide6.QtGui import QFontMetricsF

from tests.ui.helpers import sign_in


def drawn_whole(label) -> bool:
    width = QFontMetricsF(label.drawn_font()).horizontalAdvance(label.text())
    return width <= label.contentsRect().width()


def test_payment_amounts_when_large_fit_the_1024x768_screen(qtbot, window):
    sign_in(qtbot, window, "Minh", "2222")
    product = window.till.search("nuoc mam", limit=1)[0]
    window.till.add(dataclasses.replace(product, price_vnd=99_999_000), 1_000)
    window.sale.refresh()
    window.show_payment()
    payment = window.payment
    payment.draft.add_card(9_999_000, "REF-0123456789-ABCDEFGH")
    payment.draft.add_vietqr(9_999_000)
    payment.show_method("cash")
    payment.redraw()
    qtbot.wait(50)
    assert window.width() == 1024 and window.minimumSizeHint().width() <= 1024
    assert payment.total.text() == "99.999.000.000\xa0₫"
    for label in (payment.total, payment.due, payment.cash_page.change):
        assert label.isVisible() and drawn_whole(label), label.text()
    tenders = payment.tenders
    assert (
        tenders.horizontalScrollBar().maximum() == 0
        or not tenders.horizontalScrollBar().isVisible()
    )
    card = tenders.item(0).text()
    assert "9.999.000" in card.split("(")[0]

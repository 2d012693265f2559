"""Switching the language redraws every screen at once, mid-sale."""

from kiosk import i18n
from tests.demo_till import FISH_SAUCE
from tests.ui.helpers import click, sign_in, wedge_scan


def test_language_switch_redraws_the_sale_screen_live(qtbot, window):
    sign_in(qtbot, window)
    wedge_scan(window, FISH_SAUCE)
    assert window.sale.pay.text() == "Thanh toán"
    click(qtbot, window.language)
    assert i18n.get_language() == "en"
    assert window.sale.pay.text() == "Pay"
    assert window.sale.values["total"].text() == "185,000 VND"
    model = window.sale.model
    assert model.data(model.index(0, 0)) == "Phu Quoc fish sauce 40°N 500 ml"
    assert window.language.text() == "Tiếng Việt"
    click(qtbot, window.language)
    assert window.sale.pay.text() == "Thanh toán"
    assert model.data(model.index(0, 0)).startswith("Nước mắm Phú Quốc")


def test_language_switch_redraws_payment_and_sign_in(qtbot, window):
    click(qtbot, window.language)
    assert window.signin.prompt.text() == "Enter your PIN"
    sign_in(qtbot, window)
    wedge_scan(window, FISH_SAUCE)
    click(qtbot, window.sale.pay)
    assert window.payment.take.text() == "Take cash"
    click(qtbot, window.language)
    assert window.payment.take.text() != "Take cash"
    assert window.payment.due.text() == "185.000\xa0₫"

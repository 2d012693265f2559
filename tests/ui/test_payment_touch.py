"""Taking cash by touch alone: banknote buttons that add up, the amounts a customer most likely
hands over, a keypad for the rest; and Cancel, once money is taken, asks first."""

from PySide6.QtWidgets import QLabel

from kiosk.ui.shared.dialogs import ConfirmDialog
from tests.demo_till import FISH_SAUCE
from tests.ui.helpers import click, person_types, sign_in, wedge_scan


def pay_screen(qtbot, window, *codes):
    for code in codes:
        wedge_scan(window, code)
    click(qtbot, window.sale.pay)
    assert window.stack.currentWidget() is window.payment


def note(window, amount: int):
    return next(b for a, b in window.payment.quick_buttons if a == amount)


def test_banknotes_when_pressed_twice_add_up(qtbot, window):
    sign_in(qtbot, window)
    pay_screen(qtbot, window, FISH_SAUCE, FISH_SAUCE, FISH_SAUCE, FISH_SAUCE)  # 740.000
    click(qtbot, note(window, 500_000))
    click(qtbot, note(window, 500_000))
    assert window.payment.cash.text() == "1.000.000"
    assert window.payment.change.text() == "260.000\xa0₫"
    click(qtbot, note(window, 50_000))
    assert window.payment.change.text() == "310.000\xa0₫"


def test_suggested_amounts_when_the_total_is_odd_are_the_next_notes_above_it(qtbot, window):
    sign_in(qtbot, window, "Minh", "2222")  # a manager gives the discount without a PIN
    for _i in range(7):
        wedge_scan(window, FISH_SAUCE)  # 7 x 185.000 = 1.295.000
    window.till.discount_cart(amount_vnd=147_500)
    window.sale.refresh()
    click(qtbot, window.sale.pay)
    shown = [b.text() for b in window.payment.suggest_buttons if b.isVisible()]
    assert shown == ["1.150.000\xa0₫", "1.200.000\xa0₫", "1.500.000\xa0₫", "2.000.000\xa0₫"]
    click(qtbot, window.payment.suggest_buttons[1])
    assert window.payment.change.text() == "52.500\xa0₫"
    click(qtbot, window.payment.take)
    assert window.till.last_sale.change_vnd == 52_500


def test_cash_when_typed_on_the_keypad_pays_with_change(qtbot, window):
    sign_in(qtbot, window)
    pay_screen(qtbot, window, FISH_SAUCE)  # 185.000
    pad = window.payment.cash_page.pad
    for key in ("2", "0", "0", "000"):
        click(qtbot, pad.buttons[key])
    assert window.payment.change.text() == "15.000\xa0₫"
    click(qtbot, window.payment.take)
    assert window.stack.currentWidget() is window.sale
    assert window.till.last_sale.change_vnd == 15_000


def test_cancel_when_a_payment_was_taken_asks_and_no_keeps_it(qtbot, window):
    sign_in(qtbot, window)
    pay_screen(qtbot, window, FISH_SAUCE)
    click(qtbot, window.payment.method_buttons["card"])
    window.payment.card_amount.setText("100.000")
    person_types(qtbot, window.payment.card_ref, "7788")
    click(qtbot, window.payment.card_ok)
    assert window.payment.tenders.count() == 1
    click(qtbot, window.payment.cancel)
    dialog = window.payment.dialog
    assert isinstance(dialog, ConfirmDialog) and "100.000" in dialog.question.text()
    click(qtbot, dialog.no)
    assert window.stack.currentWidget() is window.payment
    assert window.payment.tenders.count() == 1 and window.payment.dialog is None
    click(qtbot, window.payment.cancel)
    click(qtbot, window.payment.dialog.yes)
    assert window.stack.currentWidget() is window.sale
    assert window.sale.model.rowCount() == 1 and window.till.last_sale is None


def test_cancel_when_nothing_was_taken_goes_straight_back(qtbot, window):
    sign_in(qtbot, window)
    pay_screen(qtbot, window, FISH_SAUCE)
    click(qtbot, note(window, 100_000))  # typed, not taken
    click(qtbot, window.payment.cancel)
    assert window.payment.dialog is None
    assert window.stack.currentWidget() is window.sale


def test_odd_total_when_the_shop_rounds_cash_is_paid_exact_with_the_rounding_shown(qtbot, window):
    window.till.settings.set("cash_rounding_vnd", 1_000)
    sign_in(qtbot, window, "Minh", "2222")
    for _i in range(7):
        wedge_scan(window, FISH_SAUCE)
    window.till.discount_cart(amount_vnd=147_500)  # 1.147.500: no 500 đ coin to give back
    window.sale.refresh()
    click(qtbot, window.sale.pay)
    payment = window.payment
    assert payment.rounding.isVisible()
    assert "-500\xa0₫" in payment.rounding.text() and "1.147.000\xa0₫" in payment.rounding.text()
    click(qtbot, payment.exact)
    assert payment.cash.text() == "1.147.000" and payment.change.text() == "0\xa0₫"
    click(qtbot, payment.take)
    assert window.stack.currentWidget() is window.sale
    sale = window.till.last_sale
    assert (sale.totals.total_vnd, sale.rounding_vnd, sale.paid_vnd) == (1_147_500, -500, 1_147_000)
    assert "-500\xa0₫" in window.sale.findChild(QLabel, "change").text()


def test_rounding_line_is_hidden_when_the_shop_does_not_round(qtbot, window):
    sign_in(qtbot, window)
    pay_screen(qtbot, window, FISH_SAUCE)
    assert not window.payment.rounding.isVisible()

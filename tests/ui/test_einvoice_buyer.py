"""A company's invoice asked for at the payment screen: its tax code checked, its name filled
from an earlier invoice, and carried by the sale's invoice."""

from sqlalchemy import select

from db.models import EInvoice
from tests.demo_till import FISH_SAUCE
from tests.einvoice_helpers import invoicing
from tests.ui.helpers import click, sign_in, wedge_scan


def _pay_to_buyer(qtbot, window):
    sign_in(qtbot, window)
    wedge_scan(window, FISH_SAUCE)
    click(qtbot, window.sale.pay)
    return window.payment.buyer


def test_buyer_button_is_hidden_when_the_shop_does_not_invoice(qtbot, window):
    assert not _pay_to_buyer(qtbot, window).isVisible()


def test_company_buyer_with_a_checked_tax_code_goes_on_the_invoice(qtbot, window, till):
    invoicing(till)
    button = _pay_to_buyer(qtbot, window)
    assert button.isVisible()
    click(qtbot, button)
    dialog = button.dialog
    dialog.tax_code.setText("0100109107")  # a wrong check digit
    dialog.name.setText("Công ty TNHH Sen Vàng")
    click(qtbot, dialog.ok)
    assert "Mã số thuế không hợp lệ" in dialog.error.text() and dialog.isVisible()
    dialog.tax_code.setText("0100109106")
    click(qtbot, dialog.ok)
    assert button.dialog is None and "Sen Vàng" in button.text()
    click(qtbot, window.payment.exact)
    click(qtbot, window.payment.take)
    assert window.stack.currentWidget() is window.sale
    with till._sf() as s:
        row = s.scalar(select(EInvoice))
    assert (row.buyer_name, row.buyer_tax_code) == ("Công ty TNHH Sen Vàng", "0100109106")
    # The next sale to the same company: its tax code brings its name back.
    wedge_scan(window, FISH_SAUCE)
    click(qtbot, window.sale.pay)
    assert "Sen Vàng" not in button.text()
    click(qtbot, button)
    button.dialog.tax_code.setText("0100109106")
    button.dialog.fill_name()
    assert button.dialog.name.text() == "Công ty TNHH Sen Vàng"

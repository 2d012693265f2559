"""A receipt is not an invoice: the till and every Vietnamese text call it a "phiếu" (receipt
number "số phiếu") and keep "hóa đơn" for the e-invoice, as the printed slip does ("PHIẾU
THANH TOÁN" unless an invoice is issued)."""

from pathlib import Path

from babel.messages.pofile import read_po

from tests.demo_till import FISH_SAUCE
from tests.ui.helpers import click, sign_in, wedge_scan

VI_PO = Path(__file__).parents[2] / "resources" / "locale" / "vi" / "LC_MESSAGES" / "ocop.po"


def test_last_sale_panel_gives_the_receipt_number_not_an_invoice(qtbot, window):
    sign_in(qtbot, window)
    wedge_scan(window, FISH_SAUCE)
    click(qtbot, window.sale.pay)
    click(qtbot, window.payment.exact)
    click(qtbot, window.payment.take)
    shown = window.sale.last_box.last_text.text()
    assert "số phiếu K01-" in shown and "hóa đơn" not in shown.lower()


def test_no_vietnamese_text_calls_a_receipt_or_a_sale_an_invoice():
    with VI_PO.open("rb") as f:
        catalog = read_po(f, locale="vi")
    wrong = [
        (m.id, m.string)
        for m in catalog
        if m.id
        and "invoice" not in str(m.id).lower()
        and "hóa đơn" in str(m.string).lower()
        and "hóa đơn điện tử" not in str(m.string).lower()
    ]
    assert wrong == []

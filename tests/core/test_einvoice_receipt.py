"""The receipt says what it is: a payment slip, or (once issued) the e-invoice with its number,
the tax authority's code, the lookup code and a QR to the lookup page, checked as printed."""

import zxingcpp

from hardware.document import Columns, Text
from hardware.render_raster import render_image
from kiosk.core.einvoice.rules import Buyer
from kiosk.core.sale.receipt import receipt_for_sale
from tests.einvoice_helpers import invoicing, sell
from tests.hardware.conftest import BOLD, FONT


def texts(document):
    return [
        e.text if isinstance(e, Text) else f"{e.left} | {e.right}"
        for e in document
        if isinstance(e, Text | Columns)
    ]


def test_receipt_is_a_payment_slip_when_the_shop_does_not_invoice(till):
    sale = sell(till)
    lines = texts(receipt_for_sale(till._sf, till.settings, sale_id=sale.id))
    assert "PHIẾU THANH TOÁN" in lines
    assert not any(t.startswith("HÓA ĐƠN") for t in lines), lines
    both = texts(receipt_for_sale(till._sf, till.settings, sale_id=sale.id, lang="both"))
    assert "PHIẾU THANH TOÁN / PAYMENT SLIP" in both


def test_receipt_says_how_to_get_the_invoice_when_it_is_not_issued_yet(till):
    invoicing(till)
    sale = sell(till)
    lines = texts(receipt_for_sale(till._sf, till.settings, sale_id=sale.id, lang="en"))
    assert "PAYMENT SLIP" in lines
    assert any("E-invoice being issued" in t for t in lines), lines
    assert any(sale.receipt_no in t and "Look it up" in t for t in lines), lines


def test_printed_invoice_shows_its_codes_and_a_qr_to_the_lookup_page(till, tmp_path):
    queue = invoicing(till)
    buyer = Buyer(name="Công ty TNHH Sen Vàng", tax_code="0100109106")
    sale = sell(till, buyer=buyer)
    queue.send_due()
    doc = receipt_for_sale(till._sf, till.settings, sale_id=sale.id)
    lines = texts(doc)
    with till._sf() as s:
        from kiosk.core.einvoice.printing import invoice_on_receipt

        invoice = invoice_on_receipt(s, sale.id)
    assert invoice.issued
    assert "HÓA ĐƠN GIÁ TRỊ GIA TĂNG" in lines and "(khởi tạo từ máy tính tiền)" in lines
    assert f"Ký hiệu {invoice.symbol}" in " ".join(lines)
    assert f"  {invoice.tax_authority_code}" in lines
    assert "Mã số thuế người mua | 0100109106" in lines
    image = render_image(doc, 576, FONT, BOLD)
    image.save(tmp_path / "invoice.png")
    found = [
        r.text for r in zxingcpp.read_barcodes(image.convert("L")) if r.format.name == "QRCode"
    ]
    assert found == [invoice.lookup_url]
    assert invoice.lookup_code in invoice.lookup_url

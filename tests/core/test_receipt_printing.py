"""Receipts composed from stored sales, and the print queue that survives printer faults."""

import pytest
from sqlalchemy import func, select

from db.models import PrintJob, Sale
from hardware.document import QR, Barcode, Columns, DrawerPulse, Text
from hardware.errors import DeviceOffline, PaperOut
from hardware.fakes import FakePrinter
from kiosk.core.sale.cart import Cart
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Cash, VietQR
from kiosk.core.sale.print_queue import PrintQueue
from kiosk.core.sale.receipt import receipt_for_sale
from kiosk.core.sale.vietqr import crc_ok
from tests.factories import make_product

pytestmark = pytest.mark.usefixtures("shift")  # a sale needs an open shift


def texts(document):
    out = []
    for e in document:
        if isinstance(e, Text):
            out.append(e.text)
        elif isinstance(e, Columns):
            out.append(f"{e.left} | {e.right}")
    return out


@pytest.fixture
def sale(session_factory, settings, clerk):
    settings.set("shop_name", "Điểm OCOP Trạm dừng Mai Sơn")
    settings.set("vietqr_bank_bin", "970436")
    settings.set("vietqr_account", "1012345678")
    fish = make_product(
        session_factory, name_vi="Nước mắm Phú Quốc", name_en="Fish sauce", price_vnd=125_000
    )
    tea = make_product(
        session_factory,
        name_vi="Chè Tân Cương",
        name_en="Green tea",
        price_vnd=400_000,
        unit="gram",
        stock=5_000,
        vat_rate_pct=10,
    )
    cart = Cart(clerk)
    cart.add(fish, 2)
    cart.add(tea, 250)
    return Checkout(session_factory, settings).complete(
        cart, [VietQR(200_000), Cash(200_000)], receipt_lang="vi"
    )


def test_vietnamese_receipt_shows_lines_totals_vat_and_change(session_factory, settings, sale):
    doc = receipt_for_sale(session_factory, settings, sale_id=sale.id)
    lines = texts(doc)
    assert "Điểm OCOP Trạm dừng Mai Sơn" in lines
    assert "Nước mắm Phú Quốc" in lines
    assert "  2 x 125.000 ₫ | 250.000 ₫" in lines
    assert "  0,25 kg x 400.000 ₫/kg | 100.000 ₫" in lines
    assert "Tổng cộng | 350.000 ₫" in lines
    assert any(t.startswith(f"Số phiếu | {sale.receipt_no}") for t in lines), lines
    assert "Tiền thừa | 50.000 ₫" in lines
    assert any(t.startswith("Thuế GTGT") and "18.519 ₫" in t for t in lines), lines
    [barcode] = [e for e in doc if isinstance(e, Barcode)]
    assert barcode.data == sale.receipt_no


def test_paid_transfer_receipt_carries_no_code_that_could_be_paid_again(
    session_factory, settings, sale
):
    doc = receipt_for_sale(session_factory, settings, sale_id=sale.id)
    # The receipt number's barcode is there; a VietQR for the amount paid is not.
    assert not [e for e in doc if isinstance(e, QR) and crc_ok(e.data)]
    lines = texts(doc)
    assert any("Đã thanh toán chuyển khoản" in t and "1012345678" in t for t in lines), lines


def test_english_and_bilingual_receipts(session_factory, settings, sale):
    en = texts(receipt_for_sale(session_factory, settings, sale_id=sale.id, lang="en"))
    assert "Fish sauce" in en and "Total | 350,000 VND" in en
    both = texts(receipt_for_sale(session_factory, settings, sale_id=sale.id, lang="both"))
    assert "Tổng cộng / Total | 350.000 ₫" in both
    assert "Nước mắm Phú Quốc" in both and "Fish sauce" in both


def test_queue_prints_after_commit_and_opens_the_drawer(session_factory, settings, sale):
    printer = FakePrinter()
    queue = PrintQueue(session_factory, settings, printer)
    queue.enqueue_receipt(sale.id, open_drawer=True)
    assert queue.process() == 1
    assert len(printer.documents) == 1
    assert any(isinstance(e, DrawerPulse) for e in printer.documents[0])
    assert printer.drawer_kicks == 1
    assert queue.pending() == []


def test_printer_fault_keeps_the_job_with_its_error_until_it_prints(
    session_factory, settings, sale
):
    printer = FakePrinter()
    queue = PrintQueue(session_factory, settings, printer)
    job_id = queue.enqueue_receipt(sale.id)
    printer.fail_next(PaperOut("paper out", device="fake://"))
    assert queue.process() == 0
    [job] = queue.pending()
    assert job.status == "failed" and "PaperOut" in job.last_error
    assert job.receipt_no == sale.receipt_no
    printer.fail_next(DeviceOffline("cable pulled", device="fake://"))
    assert queue.enqueue_receipt(sale.id) == job_id  # asked again: the same job, due now
    assert queue.process() == 0
    assert queue.pending()[0].attempts == 2
    queue.enqueue_receipt(sale.id)
    assert queue.process() == 1
    assert queue.pending() == [] and len(printer.documents) == 1
    # The sale itself was never touched by any of it.
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Sale)) == 1


def test_a_job_interrupted_mid_print_is_retried_after_restart(session_factory, settings, sale):
    queue = PrintQueue(session_factory, settings, FakePrinter())
    job_id = queue.enqueue_receipt(sale.id)
    with session_factory.begin() as s:
        s.get(PrintJob, job_id).status = "printing"  # the process died here
    printer = FakePrinter()
    restarted = PrintQueue(session_factory, settings, printer)
    assert restarted.process() == 1 and len(printer.documents) == 1


def test_reprint_last_receipt(session_factory, settings, sale):
    printer = FakePrinter()
    queue = PrintQueue(session_factory, settings, printer)
    queue.reprint_last()
    queue.process()
    assert len(printer.documents) == 1
    assert not printer.documents[0].opens_drawer


def test_receipt_prints_the_transfer_reference_as_text(session_factory, settings, clerk):
    settings.set("vietqr_account", "1012345678")
    item = make_product(session_factory, price_vnd=90_000)
    cart = Cart(clerk)
    cart.add(item)
    done = Checkout(session_factory, settings).complete(cart, [VietQR(90_000, "K01 210648")])
    doc = receipt_for_sale(session_factory, settings, sale_id=done.id)
    assert not [e for e in doc if isinstance(e, QR)]
    assert any("K01 210648" in t for t in texts(doc))

"""The back office's e-invoices: a refused invoice shows its reason and goes again on "Send
again"; a buyer who asks later gets the invoice; the receipt is reprinted with its invoice."""

import pytest
from sqlalchemy import select

from db.models import EInvoice
from hardware.document import Text
from hardware.fakes import FakePrinter
from kiosk.core.sale.print_queue import PrintQueue
from kiosk.ui.window import KioskView
from tests.demo_till import FISH_SAUCE
from tests.einvoice_helpers import invoicing
from tests.ui.helpers import click, sign_in, wedge_scan


@pytest.fixture
def rig(qtbot, till, language):
    printer = FakePrinter()
    queue = PrintQueue(till._sf, till.settings, printer)
    view = KioskView(till, printer, queue=queue)
    qtbot.addWidget(view)
    view.resize(1024, 768)
    view.show()
    yield view, queue, printer
    view.close()


def _pay_cash(qtbot, view) -> str:
    wedge_scan(view, FISH_SAUCE)
    click(qtbot, view.sale.pay)
    click(qtbot, view.payment.exact)
    click(qtbot, view.payment.take)
    return view.till.last_sale.receipt_no


def test_refused_invoice_shows_its_reason_and_is_sent_again_from_the_back_office(
    qtbot, rig, till, qtmodeltester
):
    view, _queue, printer = rig
    invoices = invoicing(till, einvoice_symbol="C25TAA")  # a series the provider refuses
    sign_in(qtbot, view, "Minh", "2222")
    number = _pay_cash(qtbot, view)
    invoices.send_due()
    label = view.status.invoices
    label.poll()
    qtbot.waitUntil(lambda: label.status is not None and label.status.failed == 1)
    assert label.isVisible() and "INVALID_INVOICE_SERIES" in label.text()
    click(qtbot, view.backoffice_button)
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.backoffice)
    section = view.backoffice.show_section("einvoices")
    qtmodeltester.check(section.model, force_py=True)
    [row] = section.model.rows
    assert row[1] == number and row[3] == "bị từ chối" and "INVALID_INVOICE_SERIES" in row[5]
    with till._sf.begin() as s:  # the manager has the provider's series fixed
        s.scalar(select(EInvoice)).symbol = "C25MAA"
    section.view.selectRow(0)
    click(qtbot, section.retry_button)
    assert invoices.send_due().issued == 1
    section.refresh()
    assert section.model.rows[0][3] == "đã lập"
    section.view.selectRow(0)
    click(qtbot, section.reprint_button)
    qtbot.waitUntil(lambda: len(printer.documents) >= 2)
    printed = [e.text for e in printer.documents[-1] if isinstance(e, Text)]
    assert "HÓA ĐƠN GIÁ TRỊ GIA TĂNG" in printed


def test_buyer_who_asks_later_gets_the_invoice_from_the_back_office(qtbot, rig, till):
    view, _queue, _printer = rig
    invoicing(till)
    sign_in(qtbot, view, "Minh", "2222")
    _pay_cash(qtbot, view)
    click(qtbot, view.backoffice_button)
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.backoffice)
    section = view.backoffice.show_section("einvoices")
    section.view.selectRow(0)
    click(qtbot, section.buyer_button)
    dialog = section.dialog
    dialog.tax_code.setText("0100109106")
    dialog.name.setText("Công ty TNHH Sen Vàng")
    click(qtbot, dialog.ok)
    assert "Sen Vàng" in section.model.rows[0][4]

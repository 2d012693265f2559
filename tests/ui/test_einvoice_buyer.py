"""A company's invoice asked for at the payment screen: its tax code checked, its name and
address filled from head office's buyers when it answers, else from this till's earlier
invoices, and carried by the sale's invoice."""

import datetime as dt

import pytest
from sqlalchemy import select

from db.models import EInvoice
from hq.models import EInvoiceBuyer
from kiosk.core.einvoice.rules import Buyer
from kiosk.ui.application import make_application
from kiosk.ui.window import KioskView
from tests.demo_till import FISH_SAUCE
from tests.einvoice_helpers import invoicing, sell
from tests.sync_helpers import actor, sync_for
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
    button.dialog.fill_known()
    assert button.dialog.name.text() == "Công ty TNHH Sen Vàng"


@pytest.fixture
def enrolled(qtbot, qapp, till, printer, language, hq_server):
    """The window of a till enrolled at a real head office that knows one company buyer."""
    make_application()
    sync, _editor = sync_for(till)
    sync.enrol(hq_server.url, hq_server.add_terminal("DL-07"), by=actor(till, "Hà"))
    with hq_server.session_factory.begin() as s:
        s.add(
            EInvoiceBuyer(
                tax_code=COMPANY_CODE,
                name="Công ty CP Hạ Long",
                address="Bãi Cháy, Quảng Ninh",
                updated_at=dt.datetime.now(dt.UTC),
            )
        )
    view = KioskView(till, printer, sync=sync)
    view.resize(1024, 768)
    view.show()
    qtbot.waitExposed(view)
    yield view, sync
    qtbot.waitUntil(
        lambda: view.payment.buyer.dialog is None or not view.payment.buyer.dialog.ops.busy
    )
    view.close()
    view.deleteLater()
    sync.close()


COMPANY_CODE = "0100109106-997"


def test_tax_code_known_at_head_office_fills_name_and_address_when_online(qtbot, enrolled, till):
    window, _sync = enrolled
    invoicing(till)
    button = _pay_to_buyer(qtbot, window)
    click(qtbot, button)
    dialog = button.dialog
    dialog.tax_code.setText("0100109106 997")  # typed with a space: the same company
    dialog.fill_known()
    qtbot.waitUntil(lambda: dialog.name.text() == "Công ty CP Hạ Long", timeout=10_000)
    assert dialog.address.text() == "Bãi Cháy, Quảng Ninh"
    click(qtbot, dialog.ok)
    click(qtbot, window.payment.exact)
    click(qtbot, window.payment.take)
    with till._sf() as s:
        row = s.scalar(select(EInvoice))
    assert (row.buyer_name, row.buyer_tax_code, row.buyer_address) == (
        "Công ty CP Hạ Long",
        COMPANY_CODE,
        "Bãi Cháy, Quảng Ninh",
    )


def test_tax_code_when_head_office_is_out_of_reach_fills_from_this_till(
    qtbot, enrolled, till, hq_server
):
    window, _sync = enrolled
    invoicing(till)
    sell(till, buyer=Buyer(name="Công ty Sen Vàng", tax_code=COMPANY_CODE, address="Hà Nội"))
    till.sign_out()
    hq_server.stop()
    button = _pay_to_buyer(qtbot, window)
    click(qtbot, button)
    dialog = button.dialog
    dialog.tax_code.setText(COMPANY_CODE)
    dialog.fill_known()
    assert (dialog.name.text(), dialog.address.text()) == ("Công ty Sen Vàng", "Hà Nội")
    qtbot.waitUntil(lambda: not dialog.ops.busy, timeout=10_000)  # head office not reached
    assert dialog.name.text() == "Công ty Sen Vàng"
    # What the clerk types is never replaced by a later answer.
    dialog.name.setText("Công ty Sen Vàng (chi nhánh)")
    dialog._answered(COMPANY_CODE, Buyer(name="Other", address="Elsewhere"))
    assert dialog.name.text() == "Công ty Sen Vàng (chi nhánh)"

"""E-invoices set up from the admin's settings screen: on/off, the provider, template, symbol,
days a buyer may ask, and the provider's login (masked, never shown back nor logged); a sale
made afterwards gets its invoice from the local provider server with that login."""

import datetime as dt
import logging

import pytest
from sqlalchemy import select

from PySide6.QtWidgets import QLineEdit

from db.models import AuditEvent, EInvoice, SyncState
from kiosk.core.einvoice.queue import InvoiceQueue
from kiosk.core.einvoice.server import ProviderServer
from tests.demo_till import FISH_SAUCE
from tests.einvoice_helpers import SHOP_TAX_CODE
from tests.ui.helpers import click, sign_in, wedge_scan
from tests.ui.test_settings_screen import open_settings, type_into, view  # noqa: F401

PASSWORD = "s3cret-Pass"


@pytest.fixture
def provider():
    server = ProviderServer(username=SHOP_TAX_CODE, password=PASSWORD).start()
    yield server
    server.stop()


def _choose(screen, field: str, data: str) -> None:
    box = screen.inputs[field]
    box.setCurrentIndex(box.findData(data))


def test_einvoice_fields_when_typed_wrong_say_why_and_save_waits(qtbot, view):  # noqa: F811
    open_settings(qtbot, view)
    screen = view.settings
    for field, bad in (
        ("einvoice_symbol", "C25"),
        ("einvoice_template", "3/001"),
        ("einvoice_url", "ftp://x"),
        ("einvoice_buyer_days", "90"),
    ):
        type_into(qtbot, view, field, bad)
        assert screen.errors[field].isVisible(), field
        assert not screen.save_button.isEnabled()
    assert "C25MAA" in screen.errors["einvoice_symbol"].text()
    assert "viettel://" in screen.errors["einvoice_url"].text()
    type_into(qtbot, view, "einvoice_symbol", "c25mbb")
    assert not screen.errors["einvoice_symbol"].isVisible()


def test_einvoices_set_on_the_screen_then_a_sale_gets_its_invoice(
    qtbot,
    view,  # noqa: F811
    till,
    provider,
    caplog,
):
    caplog.set_level(logging.DEBUG)
    open_settings(qtbot, view)
    screen = view.settings
    box = screen.einvoice
    assert box.isVisible() and "No login saved" in box.login_state.text()
    assert box.password.echoMode() is QLineEdit.EchoMode.Password
    assert not box.save_login_button.isEnabled()  # nothing typed
    _choose(screen, "einvoice_enabled", "on")
    type_into(qtbot, view, "shop_tax_code", SHOP_TAX_CODE)
    type_into(qtbot, view, "einvoice_url", provider.url)
    type_into(qtbot, view, "einvoice_template", "1/001")
    type_into(qtbot, view, "einvoice_symbol", "c25mbb")
    type_into(qtbot, view, "einvoice_buyer_days", "3")
    box.username.setText(SHOP_TAX_CODE)
    qtbot.keyClicks(box.password, PASSWORD)
    click(qtbot, box.save_login_button)
    assert f"Login saved for {SHOP_TAX_CODE}" in box.login_state.text()
    assert box.password.text() == ""  # never shown back
    click(qtbot, screen.save_button)
    assert "Settings saved" in view.notices.text
    assert (till.settings["einvoice_enabled"], till.settings["einvoice_symbol"]) == (True, "C25MBB")
    assert till.settings["einvoice_buyer_days"] == 3
    screen.load()  # opened again: the password field is empty, the switch shows "on"
    assert box.password.text() == "" and screen.value("einvoice_enabled") == "on"
    assert not screen.save_button.isEnabled()

    click(qtbot, screen.back_button)
    view.sign_out()
    sign_in(qtbot, view)
    wedge_scan(view, FISH_SAUCE)
    click(qtbot, view.sale.pay)
    click(qtbot, view.payment.exact)
    click(qtbot, view.payment.take)
    assert InvoiceQueue(till._sf, till.settings).send_due().issued == 1
    with till._sf() as s:
        invoice = s.scalar(select(EInvoice))
        audited = s.scalars(select(AuditEvent.data)).all()
        stored = s.get(SyncState, "einvoice.password").value
    year = dt.date.today().year % 100
    assert invoice.status == "issued" and invoice.symbol == f"C{year}MBB"
    assert invoice.invoice_no and invoice.tax_authority_code
    assert len(provider.book.invoices) == 1
    assert stored == PASSWORD
    assert PASSWORD not in caplog.text and PASSWORD not in str(audited)

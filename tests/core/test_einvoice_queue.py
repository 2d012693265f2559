"""E-invoices from the till: written pending with the sale, sent by the queue exactly once per
sale at the provider, with the tax authority's code stored; through a network that breaks."""

import pytest
from sqlalchemy import func, select

from db.models import EInvoice, OutboxEntry
from kiosk.core.einvoice.credentials import load_credentials, save_credentials
from kiosk.core.einvoice.provider import Credentials
from kiosk.core.einvoice.providers import provider_for
from kiosk.core.einvoice.rules import Buyer, InvalidBuyer
from kiosk.core.einvoice.server import ProviderServer
from tests.einvoice_helpers import SHOP_TAX_CODE, invoicing, sell
from tests.hq.faultproxy import FaultProxy

CREDS = Credentials(SHOP_TAX_CODE, "secret")
COMPANY = Buyer(name="Công ty TNHH Sen Vàng", tax_code="0100109106-997", address="Hà Nội")


@pytest.fixture
def server():
    provider = ProviderServer(username=SHOP_TAX_CODE, password="secret").start()
    yield provider
    provider.stop()


def _invoices(till):
    with till._sf() as s:
        return list(s.scalars(select(EInvoice).order_by(EInvoice.created_at)))


def test_sale_writes_no_invoice_when_the_feature_is_off(till):
    sell(till)
    assert _invoices(till) == []


def test_sale_writes_its_invoice_pending_in_the_same_transaction_when_on(till):
    invoicing(till)
    sale = sell(till, buyer=COMPANY)
    (row,) = _invoices(till)
    assert (row.key, row.status, row.kind) == (str(sale.id), "pending", "sale")
    assert row.symbol == f"C{sale.created_at.year % 100:02d}MAA" and row.template == "1/001"
    assert (row.buyer_name, row.buyer_tax_code) == ("Công ty TNHH Sen Vàng", "0100109106-997")
    with till._sf() as s:
        payload = s.scalar(select(OutboxEntry.payload).where(OutboxEntry.kind == "sale"))
    assert payload["einvoice"]["status"] == "pending"


def test_sale_is_refused_and_nothing_written_when_the_buyer_tax_code_is_wrong(till):
    invoicing(till)
    with pytest.raises(InvalidBuyer):
        sell(till, buyer=Buyer(name="Công ty X", tax_code="0100109107"))
    assert _invoices(till) == []
    assert till.cart.lines  # the clerk can fix the tax code and pay again


def test_offline_sale_gets_its_code_when_the_provider_is_back(till, server):
    queue = invoicing(till, server.url)
    server.stop()
    sale = sell(till, buyer=COMPANY, weighed=True)
    report = queue.send_due()
    assert report.unavailable and _invoices(till)[0].status == "pending"
    again = ProviderServer(username=SHOP_TAX_CODE, password="secret", port=server.port).start()
    try:
        till.settings.set("einvoice_url", again.url)
        (row,) = _invoices(till)
        with till._sf.begin() as s:  # the backoff is over
            s.get(EInvoice, row.id).next_attempt_at = None
        assert queue.send_due().issued == 1
        (row,) = _invoices(till)
        assert row.status == "issued" and row.tax_authority_code.startswith("M1-")
        assert row.lookup_code and row.invoice_no.startswith(row.symbol)
        body = again.book.find(str(sale.id))["body"]
        assert body["buyerInfo"]["buyerTaxCode"] == "0100109106-997"
        assert body["summarizeInfo"]["totalAmountWithTax"] == sale.totals.total_vnd
        assert sum(t["taxAmount"] for t in body["taxBreakdowns"]) == sale.totals.vat_vnd
    finally:
        again.stop()


def test_refused_invoice_is_failed_with_its_reason_until_retried(till, server):
    queue = invoicing(till, server.url, einvoice_symbol="C25TAA")  # not a cash-register series
    sell(till)
    assert queue.send_due().failed == 1
    (row,) = _invoices(till)
    assert row.status == "failed" and "INVALID_INVOICE_SERIES" in row.last_error
    assert queue.status().failed == 1 and "INVALID_INVOICE_SERIES" in queue.status().last_error
    with till._sf.begin() as s:
        s.get(EInvoice, row.id).symbol = "C25MAA"
    manager = next(p for p in till.people() if p.name == "Minh")
    queue.retry(row.id, by=manager)
    assert queue.send_due().issued == 1 and queue.status().failed == 0


def test_wrong_password_is_a_refusal_not_a_retry_loop(till, server):
    queue = invoicing(till, server.url)
    save_credentials(till._sf, Credentials(SHOP_TAX_CODE, "wrong"))
    sell(till)
    assert queue.send_due().failed == 1
    assert "AUTH" in _invoices(till)[0].last_error


def test_password_never_shows_in_a_repr_or_the_log(till, server, caplog):
    queue = invoicing(till, server.url)
    save_credentials(till._sf, Credentials(SHOP_TAX_CODE, "hunter2"))
    sell(till)
    with caplog.at_level("DEBUG"):
        queue.send_due()
    assert "hunter2" not in repr(load_credentials(till._sf)) and "hunter2" not in caplog.text


FAULTS = {
    "pass": 4.0,
    "drop_before": 1.0,
    "drop_after": 1.0,  # the provider made the invoice; the answer is lost
    "error500": 1.0,
    "cut": 1.0,
    "stall": 0.3,
    "stall_before": 0.3,
}


def test_every_sale_has_exactly_one_invoice_and_its_code_through_every_fault(till, server):
    proxy = FaultProxy(server.port, weights=FAULTS, seed=5, stall_s=1.5)
    queue = invoicing(till, f"viettel+http://127.0.0.1:{proxy.port}")
    queue._provider = provider_for(proxy.url.replace("http", "viettel+http"), CREDS, timeout_s=1.0)
    sales = [sell(till, buyer=COMPANY if i % 3 == 0 else None) for i in range(40)]
    try:
        for _ in range(400):
            with till._sf.begin() as s:  # no waiting out the backoff in a test
                for row in s.scalars(select(EInvoice).where(EInvoice.status == "pending")):
                    row.next_attempt_at = None
            if queue.send_due().pending == 0:
                break
    finally:
        proxy.close()
    for fault in FAULTS:
        assert proxy.counts[fault] > 0, f"{fault} never happened: the test proved less than it says"
    rows = _invoices(till)
    assert len(rows) == len(sales) and all(r.status == "issued" for r in rows)
    assert sorted(server.book.invoices) == sorted(str(s.id) for s in sales)
    for row in rows:
        at_provider = server.book.find(row.key)
        assert (row.invoice_no, row.tax_authority_code) == (
            at_provider["invoiceNo"],
            at_provider["codeOfTax"],
        )
    numbers = [r.invoice_no for r in rows]
    assert len(set(numbers)) == len(numbers)
    with till._sf() as s:
        statuses = s.scalar(select(func.count()).where(OutboxEntry.kind == "einvoice"))
    assert statuses == 2 * len(sales)  # head office learns each invoice pending, then its code

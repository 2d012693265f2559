"""Head office learns each sale's e-invoice with the sale and at each change, and lists per
shop the ones still pending or refused."""

import datetime as dt

from sqlalchemy import select

from db.models import EInvoice
from hq.einvoices import Told, open_invoices, record
from hq.models import EInvoice as HqInvoice
from hq.models import EInvoiceBuyer, Terminal
from kiosk.core.einvoice.rules import Buyer
from tests.einvoice_helpers import invoicing, sell
from tests.sync_helpers import actor, sync_for


def test_head_office_lists_the_pending_and_refused_invoices_of_each_shop(till, hq_server):
    queue = invoicing(till)
    issued = sell(till)
    queue.send_due()
    refused = sell(till)
    with till._sf.begin() as s:  # a series the provider does not know
        s.scalar(select(EInvoice).where(EInvoice.key == str(refused.id))).symbol = "C25TAA"
    queue.send_due()
    waiting = sell(till)  # made offline: not sent yet
    sync, _editor = sync_for(till)
    sync.enrol(hq_server.url, hq_server.add_terminal("DL-07"), by=actor(till, "Hà"))
    sync.sync_once()
    sync.close()
    with hq_server.session_factory() as s:
        listed = {i.key: i for i in open_invoices(s)}
    assert set(listed) == {str(refused.id), str(waiting.id)}
    assert str(issued.id) not in listed
    assert listed[str(refused.id)].status == "failed"
    assert "INVALID_INVOICE_SERIES" in listed[str(refused.id)].reason
    assert listed[str(waiting.id)].status == "pending"
    assert {i.terminal_code for i in listed.values()} == {"DL-07"}


def test_head_office_keeps_each_invoice_state_and_the_company_buyers(till, hq_server):
    queue = invoicing(till)
    company = Buyer(name="Công ty TNHH Sen Vàng", tax_code="0100109106-997", address="Hà Nội")
    first = sell(till, buyer=company)
    person = sell(till, buyer=Buyer(name="Nguyễn Văn An", phone="0912345678"))
    sync, _editor = sync_for(till)
    sync.enrol(hq_server.url, hq_server.add_terminal("DL-07"), by=actor(till, "Hà"))
    sync.sync_once()  # both pending: sent with their sales, nothing issued yet
    with hq_server.session_factory() as s:
        rows = {r.key: r for r in s.scalars(select(HqInvoice))}
    assert {r.status for r in rows.values()} == {"pending"}
    assert rows[str(first.id)].sale_id == first.id
    assert rows[str(first.id)].buyer_tax_code == "0100109106-997"
    queue.send_due()
    sync.sync_once()
    # Any till asks head office for the company by its tax code (an unknown one: nothing).
    known = sync.known_buyer("0100109106-997")
    assert (known.name, known.address) == ("Công ty TNHH Sen Vàng", "Hà Nội")
    assert sync.known_buyer("0100109106") is None
    sync.close()
    with till._sf() as s:
        kiosk_row = s.scalar(select(EInvoice).where(EInvoice.key == str(first.id)))
    with hq_server.session_factory() as s:
        row = s.scalar(select(HqInvoice).where(HqInvoice.key == str(first.id)))
        buyers = {b.tax_code: (b.name, b.address) for b in s.scalars(select(EInvoiceBuyer))}
        assert open_invoices(s) == []
    assert row.status == "issued" and row.invoice_no == kiosk_row.invoice_no
    assert row.tax_authority_code == kiosk_row.tax_authority_code
    # The company is remembered for every till; the person who gave a phone is not sent.
    assert buyers == {"0100109106-997": ("Công ty TNHH Sen Vàng", "Hà Nội")}
    assert str(person.id) in {r.key for r in rows.values()}


def test_an_older_invoice_state_never_overwrites_a_newer_one(hq_server):
    terminal_code = "DL-08"
    hq_server.add_terminal(terminal_code)
    with hq_server.session_factory.begin() as s:
        terminal_id = s.scalar(select(Terminal.id).where(Terminal.code == terminal_code))
        at = dt.datetime.now(dt.UTC)
        issued = {"key": "k1", "status": "issued", "invoice_no": "0000007", "symbol": "C25MAA"}
        record(s, terminal_id, [Told(5, at, issued)])
        record(s, terminal_id, [Told(4, at, {**issued, "status": "pending", "invoice_no": ""})])
        record(s, terminal_id, [Told(6, at, {"key": "k2", "status": "x" * 50})])  # skipped
    with hq_server.session_factory() as s:
        rows = s.scalars(select(HqInvoice)).all()
    assert [(r.key, r.status, r.invoice_no) for r in rows] == [("k1", "issued", "0000007")]

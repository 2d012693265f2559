"""Head office learns each sale's e-invoice with the sale and at each change, and lists per
shop the ones still pending or refused."""

import pytest
from sqlalchemy import select

from db.models import EInvoice
from hq.einvoices import open_invoices
from tests.demo_till import build_template, open_till
from tests.einvoice_helpers import invoicing, sell
from tests.sync_helpers import actor, sync_for


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("demo") / "template.sqlite3")


@pytest.fixture
def till(template, tmp_path):
    return open_till(template, tmp_path)


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

"""Returns across tills meet e-invoices: K01 sold with an e-invoice and issued it; K02 refunds a
line; K01 learns of it at its next sync and its own queue issues the adjustment (a decrease naming
K01's invoice) for exactly the refunded amount and VAT, once; nothing else at K01 moves (Z
report, sales report, stock, outbox of sales and refunds). A sale with no e-invoice gets none."""

import datetime as dt
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from db.models import EInvoice
from hq.protocol_returns import FOREIGN_REFUNDS_PATH
from kiosk.core.cash.refunds import RefundItem, Refunds
from kiosk.core.einvoice.rules import Buyer
from kiosk.core.errors import SaleHasRefunds
from kiosk.core.reports.period import Period
from kiosk.core.reports.sales import sales_by_day
from kiosk.core.sale.cart import Cart
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Cash
from kiosk.core.sync import foreign_refunds
from kiosk.core.sync.errors import SyncUnavailable
from tests.einvoice_helpers import invoicing
from tests.factories import make_product
from tests.hq.test_returns import Till, same_product

COMPANY = Buyer(name="HTX Nông sản Mộc Châu", tax_code="0100109106", address="Mộc Châu, Sơn La")


@pytest.fixture
def sold(hq, make_kiosk):
    """K01 (e-invoices on) sold fish sauce at 8 % and tea at 10 % to a company and pushed it."""
    k1, k2 = Till(make_kiosk(hq, "K01")), Till(make_kiosk(hq, "K02"))
    queue = invoicing(SimpleNamespace(settings=k1.settings, _sf=k1.sf))
    fish = make_product(k1.sf, price_vnd=125_000, vat_rate_pct=8, stock=20)
    tea = make_product(k1.sf, name_vi="Trà Shan tuyết", price_vnd=210_000, vat_rate_pct=10)
    for item in (fish, tea):
        same_product(item, k2, stock=10)
    cart = Cart(k1.manager)
    cart.add(fish, 3)
    cart.add(tea, 2)
    sale = Checkout(k1.sf, k1.settings).complete(cart, [Cash(795_000)], buyer=COMPANY)
    assert queue.send_due().issued == 1
    assert k1.kiosk.client.push_all().rejected == 0
    return k1, k2, queue, fish, sale


def invoices(till) -> list[EInvoice]:
    with till.sf() as s:
        return list(s.scalars(select(EInvoice).order_by(EInvoice.created_at)))


def test_the_till_that_sold_adjusts_its_invoice_for_a_refund_at_another_till_once(sold):
    k1, k2, queue, fish, sale = sold
    k2.refunds.find(sale.receipt_no, actor=k2.manager)
    done = k2.refunds.refund(k2.manager, sale.receipt_no, [RefundItem(1, 2)], reason="vỡ chai")
    assert done.total_vnd == 250_000
    assert k2.kiosk.client.push_all().rejected == 0
    outbox_before = k1.outbox_kinds()

    k1.kiosk.client.sync_once()
    # K01 now knows what K02 gave back: its void is refused even with head office away.
    with pytest.raises(SaleHasRefunds):
        Refunds(k1.sf, k1.settings).void_sale(k1.manager, sale.receipt_no, "nhầm")
    assert queue.send_due().issued == 1
    first, adjust = invoices(k1)
    assert (adjust.kind, adjust.key, adjust.original_id) == ("adjust", str(done.id), first.id)
    assert adjust.status == "issued" and adjust.tax_authority_code
    body = queue.provider().book.find(adjust.key)["body"]
    general, summary = body["generalInvoiceInfo"], body["summarizeInfo"]
    assert general["adjustmentType"] == "5"
    assert general["originalInvoiceId"] == f"{first.symbol}{first.invoice_no}"
    assert body["buyerInfo"]["buyerTaxCode"] == COMPANY.tax_code
    assert (summary["totalAmountWithTax"], summary["totalTaxAmount"]) == (250_000, done.vat_vnd)
    assert summary["isTotalAmountPos"] is False
    assert [(i["itemName"], i["quantity"], i["itemTotalAmountWithTax"], i["taxPercentage"],
             i["isIncreaseItem"]) for i in body["itemInfo"]] == [
        (fish.name_vi, 2, 250_000, 8, False)
    ]  # fmt: skip
    assert [(t["taxPercentage"], t["taxAmount"]) for t in body["taxBreakdowns"]] == [
        (8, done.vat_vnd)
    ]

    # A second sync (the refund listed again or not) makes no second adjustment.
    k1.kiosk.client.sync_once()
    assert queue.send_due().issued == 0 and len(invoices(k1)) == 2
    # Nothing but the invoice moved at K01: its outbox took only the invoices' statuses.
    added = k1.outbox_kinds()[len(outbox_before) :]
    assert added and set(added) == {"einvoice"}
    assert k1.stock(fish.product_id) == 17
    today = sale.created_at.date()
    with k1.sf() as s:
        by_day = sales_by_day(s, Period(today - dt.timedelta(days=1), today + dt.timedelta(1)))
        assert [(r[1], r[2], r[3]) for r in by_day.rows] == [(1, 795_000, 0)]
    z1 = k1.close_day()
    assert (z1.sales_count, z1.sales_vnd, z1.refunds_vnd) == (1, 795_000, 0)
    assert z1.expected_cash_vnd == 500_000 + 795_000


def test_only_the_sale_with_an_e_invoice_gets_an_adjustment(hq, make_kiosk):
    k1, k2 = Till(make_kiosk(hq, "K01")), Till(make_kiosk(hq, "K02"))
    fish = make_product(k1.sf, price_vnd=125_000, stock=20)
    same_product(fish, k2, stock=10)
    sales = []
    for invoiced in (False, True):  # e-invoices turned on between the two sales
        if invoiced:
            queue = invoicing(SimpleNamespace(settings=k1.settings, _sf=k1.sf))
        cart = Cart(k1.manager)
        cart.add(fish, 2)
        sales.append(Checkout(k1.sf, k1.settings).complete(cart, [Cash(250_000)]))
    assert queue.send_due().issued == 1
    assert k1.kiosk.client.push_all().rejected == 0
    refunds = []
    for sale in sales:
        k2.refunds.find(sale.receipt_no, actor=k2.manager)
        refunds.append(
            k2.refunds.refund(k2.manager, sale.receipt_no, [RefundItem(1, 1)], reason="hỏng")
        )
    assert k2.kiosk.client.push_all().rejected == 0
    k1.kiosk.client.sync_once()
    assert queue.send_due().issued == 1
    rows = invoices(k1)
    assert [(r.kind, r.sale_id) for r in rows] == [("sale", sales[1].id), ("adjust", sales[1].id)]
    assert rows[1].key == str(refunds[1].id)


def test_a_pull_cut_between_pages_resumes_at_the_next_page(sold, monkeypatch):
    k1, k2, queue, _fish, sale = sold
    given = []
    for line_no in (1, 2):  # two refunds at K02, each its own push
        k2.refunds.find(sale.receipt_no, actor=k2.manager)
        given.append(
            k2.refunds.refund(k2.manager, sale.receipt_no, [RefundItem(line_no, 1)], reason="hỏng")
        )
        assert k2.kiosk.client.push_all().rejected == 0
    monkeypatch.setattr(foreign_refunds, "PAGE_SIZE", 1)
    client, asked = k1.kiosk.client, []
    real = client.request

    def cut_after_one_page(method, path, **kw):
        if path == FOREIGN_REFUNDS_PATH:  # (the sale's look-up between pages goes through)
            asked.append(kw["params"])
            if len(asked) == 2:
                raise SyncUnavailable(reason="cable pulled")
        return real(method, path, **kw)

    monkeypatch.setattr(client, "request", cut_after_one_page)
    with pytest.raises(SyncUnavailable):
        client.pull_foreign_refunds()
    assert [r.key for r in invoices(k1)[1:]] == [str(given[0].id)]  # the first page stands
    monkeypatch.setattr(client, "request", real)
    client.pull_foreign_refunds()
    assert [r.key for r in invoices(k1)[1:]] == [str(g.id) for g in given]
    assert queue.send_due().issued == 2

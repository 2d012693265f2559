"""Refunds and voids make the invoice the rules ask for, and a buyer who asks later gets theirs:
an invoice never sent is cancelled or corrected; an issued one is adjusted or replaced."""

import datetime as dt

import pytest
from sqlalchemy import select

from db.models import EInvoice
from kiosk.core.cash.refunds import RefundItem, Refunds
from kiosk.core.einvoice.invoices import Invoices
from kiosk.core.einvoice.pending import BuyerTooLate
from kiosk.core.einvoice.rules import Buyer
from tests.einvoice_helpers import invoicing, sell

COMPANY = Buyer(name="HTX Nông sản Mộc Châu", tax_code="0100109106")


def _manager(till):
    return next(p for p in till.people() if p.name == "Minh")


def _rows(till):
    with till._sf() as s:
        return list(s.scalars(select(EInvoice).order_by(EInvoice.created_at)))


def test_refund_of_an_invoiced_sale_issues_a_decrease_naming_the_invoice(till):
    queue = invoicing(till)
    sale = sell(till, weighed=True)
    queue.send_due()
    refund = Refunds(till._sf, till.settings).refund(
        _manager(till), sale.receipt_no, [RefundItem(1, 1)], reason="vỡ chai"
    )
    assert queue.send_due().issued == 1
    first, adjust = _rows(till)
    assert (adjust.kind, adjust.key, adjust.original_id) == ("adjust", str(refund.id), first.id)
    assert adjust.status == "issued" and adjust.tax_authority_code
    body = queue.provider().book.find(adjust.key)["body"]
    general = body["generalInvoiceInfo"]
    assert general["adjustmentType"] == "5" and general["originalInvoiceId"].endswith(
        first.invoice_no
    )
    assert body["summarizeInfo"]["totalAmountWithTax"] == refund.total_vnd
    assert body["summarizeInfo"]["isTotalAmountPos"] is False
    assert all(not item["isIncreaseItem"] for item in body["itemInfo"])


def test_adjustment_waits_for_the_invoice_it_adjusts(till):
    queue = invoicing(till)
    sale = sell(till)
    with till._sf.begin() as s:  # sent once without an answer: it may exist at the provider
        s.scalar(select(EInvoice)).attempts = 1
    Refunds(till._sf, till.settings).refund(
        _manager(till), sale.receipt_no, [RefundItem(1, 1)], reason="khách đổi ý"
    )
    report = queue.send_due()
    assert report.issued == 2  # the sale's first, then the decrease
    assert [r.status for r in _rows(till)] == ["issued", "issued"]


def test_void_before_sending_cancels_the_invoice_and_the_provider_never_sees_it(till):
    queue = invoicing(till)
    sale = sell(till)
    Refunds(till._sf, till.settings).void_sale(_manager(till), sale.receipt_no, "nhầm hàng")
    assert [r.status for r in _rows(till)] == ["cancelled"]
    assert queue.send_due().issued == 0
    assert str(sale.id) not in queue.provider().book.invoices


def test_void_after_issue_decreases_the_invoice_to_nothing(till):
    queue = invoicing(till)
    sale = sell(till)
    queue.send_due()
    Refunds(till._sf, till.settings).void_sale(_manager(till), sale.receipt_no, "nhầm hàng")
    queue.send_due()
    first, adjust = _rows(till)
    assert (adjust.kind, adjust.status, adjust.original_id) == ("adjust", "issued", first.id)
    body = queue.provider().book.find(adjust.key)["body"]
    assert body["summarizeInfo"]["totalAmountWithTax"] == sale.totals.total_vnd


def test_buyer_added_later_goes_on_the_pending_invoice_or_a_replacement(till):
    queue = invoicing(till)
    invoices = Invoices(till._sf, till.settings)
    clerk = till.actor or till.sign_in("Lan", "1111")
    first = sell(till)
    invoices.set_buyer(clerk, first.receipt_no, COMPANY)
    (row,) = _rows(till)
    assert (row.kind, row.buyer_tax_code) == ("sale", "0100109106")
    queue.send_due()
    second = sell(till)
    queue.send_due()
    replaced = invoices.set_buyer(clerk, second.receipt_no, COMPANY)
    assert replaced.kind == "replace" and replaced.status == "pending"
    queue.send_due()
    body = queue.provider().book.find(f"{second.id}:r1")["body"]
    assert body["generalInvoiceInfo"]["adjustmentType"] == "3"
    assert body["buyerInfo"]["buyerTaxCode"] == "0100109106"
    failed = [r for r in invoices.recent(problems_only=True)]
    assert failed == []


def test_buyer_cannot_ask_after_the_shops_days(till):
    invoicing(till, einvoice_buyer_days=3)
    sale = sell(till)
    later = Invoices(till._sf, till.settings, clock=lambda: sale.created_at + dt.timedelta(days=4))
    with pytest.raises(BuyerTooLate):
        later.set_buyer(till.actor, sale.receipt_no, COMPANY)

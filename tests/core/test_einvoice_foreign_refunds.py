"""A refund another till of the shop gave of a sale made here, as head office tells it, makes the
adjustment this till's queue sends after the sale's invoice: once per refund, its lines and VAT
per rate as told; nothing for a sale whose invoice was cancelled or that has none."""

import datetime as dt

from sqlalchemy import select

from db.ids import new_id
from db.models import EInvoice, Sale, SaleLine
from kiosk.core.einvoice.pending import for_foreign_refund
from tests.einvoice_helpers import invoicing, sell


def told(till, sale) -> dict:
    """Head office's record of a refund at K02 of every line of ``sale`` (as JSON)."""
    with till._sf() as s:
        lines = list(s.scalars(select(SaleLine).where(SaleLine.sale_id == sale.id)))
    vat = {}
    for line in lines:
        gross, tax = vat.get(line.vat_rate_pct, (0, 0))
        part = line.amount_vnd * line.vat_rate_pct // (100 + line.vat_rate_pct)
        vat[line.vat_rate_pct] = (gross + line.amount_vnd, tax + part)
    return {
        "id": str(new_id()), "refund_no": "K02-R0001", "sale_id": str(sale.id),
        "terminal_code": "K02", "created_at": "2026-12-06T09:00:00+00:00",
        "received_at": "2026-12-06T09:00:01+00:00",
        "total_vnd": sum(x.amount_vnd for x in lines),
        "vat_vnd": sum(t for _, t in vat.values()),
        "lines": [{"sale_line_id": str(x.id), "quantity": x.quantity, "amount_vnd": x.amount_vnd,
                   "vat_rate_pct": x.vat_rate_pct, "name_vi": x.name_vi, "name_en": x.name_en,
                   "unit": x.unit} for x in lines],
        "vat": [{"rate_pct": r, "gross_vnd": g, "vat_vnd": t} for r, (g, t) in vat.items()],
    }  # fmt: skip


def test_a_refund_told_twice_makes_one_adjustment_with_its_lines_and_vat(till):
    queue = invoicing(till)
    sale = sell(till, weighed=True)  # fish sauce at 10 %, pepper by weight at 8 %
    refund = told(till, sale)
    now = dt.datetime.now(dt.UTC)
    with till._sf.begin() as s:
        assert for_foreign_refund(s, refund, now) is not None
        assert for_foreign_refund(s, refund, now) is None
    assert queue.send_due().issued == 2  # the sale's invoice first, then the decrease
    body = queue.provider().book.find(refund["id"])["body"]
    assert body["generalInvoiceInfo"]["invoiceNote"] == "K02-R0001"
    assert body["summarizeInfo"]["totalAmountWithTax"] == refund["total_vnd"]
    assert body["summarizeInfo"]["totalTaxAmount"] == refund["vat_vnd"]
    assert sorted((t["taxPercentage"], t["taxAmount"]) for t in body["taxBreakdowns"]) == sorted(
        (v["rate_pct"], v["vat_vnd"]) for v in refund["vat"]
    )
    assert [i["quantity"] for i in body["itemInfo"]] == [x["quantity"] for x in refund["lines"]]


def test_no_adjustment_for_a_cancelled_invoice_or_a_sale_without_one(till):
    invoicing(till)
    sale = sell(till)
    with till._sf.begin() as s:
        s.scalar(select(EInvoice)).status = "cancelled"
    till.settings.set("einvoice_enabled", False)
    plain = sell(till)
    now = dt.datetime.now(dt.UTC)
    with till._sf.begin() as s:
        assert for_foreign_refund(s, told(till, sale), now) is None
        assert for_foreign_refund(s, told(till, plain), now) is None
    with till._sf() as s:
        assert [r.kind for r in s.scalars(select(EInvoice))] == ["sale"]


def test_no_second_decrease_for_a_sale_voided_here(till):
    """Voided at this till (head office away at the time, so it did not know another till had
    refunded it): the void's adjustment took the whole invoice down; another would go below 0."""
    invoicing(till)
    sale = sell(till)
    with till._sf.begin() as s:
        s.get(Sale, sale.id).status = "voided"
    with till._sf.begin() as s:
        assert for_foreign_refund(s, told(till, sale), dt.datetime.now(dt.UTC)) is None

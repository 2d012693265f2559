"""An invoice's content, built from what is stored (the sale, its lines, VAT and payments, or a
refund's), never from the screen: what any provider needs, in one provider-neutral shape.

Decree 123/2020 art. 10 as amended by Decree 70/2025 lists what an invoice from a cash register
carries: the seller's name, address and tax code; the buyer's name, tax code or personal ID or
phone when given; the goods, quantity, unit price; the amount, VAT rate and VAT per rate; the
total; the payment method; the date and time; the tax authority's code. Amounts here are
VAT-inclusive đồng as the shop sells; each line's VAT is its share of the VAT of its rate, the
rate's VAT rounded once (as the receipt shows it), so lines add up to the rates exactly.
"""

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import EInvoice, Refund, Sale
from kiosk.core.einvoice.rules import Buyer
from kiosk.core.localtime import VIETNAM


@dataclass(frozen=True)
class Seller:
    name: str
    address: str
    tax_code: str


@dataclass(frozen=True)
class InvoiceLine:
    """One line; ``amount_vnd`` includes its ``vat_vnd``."""

    name: str
    unit: str
    quantity: int
    unit_price_vnd: int
    amount_vnd: int
    vat_rate_pct: int
    vat_vnd: int

    @property
    def net_vnd(self) -> int:
        return self.amount_vnd - self.vat_vnd


@dataclass(frozen=True)
class RateTotal:
    rate_pct: int
    gross_vnd: int
    vat_vnd: int


@dataclass(frozen=True)
class Original:
    """The invoice an adjustment or replacement refers to."""

    template: str
    symbol: str
    invoice_no: str
    issued_at: dt.datetime | None


@dataclass(frozen=True)
class InvoiceData:
    """An invoice to issue. ``key`` is the idempotency key the provider keeps it under."""

    key: str
    kind: str
    template: str
    symbol: str
    issued_at: dt.datetime
    seller: Seller
    buyer: Buyer
    lines: tuple[InvoiceLine, ...]
    rates: tuple[RateTotal, ...]
    total_vnd: int
    payment_method: str
    receipt_no: str
    original: Original | None = None
    note: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def vat_vnd(self) -> int:
        return sum(r.vat_vnd for r in self.rates)

    @property
    def local_time(self) -> dt.datetime:
        return self.issued_at.astimezone(VIETNAM)


def payment_method(methods: Sequence[str]) -> str:
    """The invoice's payment method ("TM" cash, "CK" transfer, "TM/CK" both), as invoices write it."""
    cash = "cash" in methods
    other = any(m != "cash" for m in methods)
    return "TM/CK" if cash and other else ("TM" if cash or not methods else "CK")


def spread_vat(amounts: Sequence[tuple[int, int]], rates: Sequence[RateTotal]) -> list[int]:
    """Each (rate, amount)'s share of its rate's VAT, the last line of a rate taking the rest."""
    vat_of = {r.rate_pct: r.vat_vnd for r in rates}
    gross_of = {r.rate_pct: r.gross_vnd for r in rates}
    given: dict[int, int] = {}
    last = {rate: i for i, (rate, _) in enumerate(amounts)}
    shares = []
    for i, (rate, amount) in enumerate(amounts):
        if last[rate] == i:
            share = vat_of.get(rate, 0) - given.get(rate, 0)
        else:
            gross = gross_of.get(rate) or 1
            share = vat_of.get(rate, 0) * amount // gross
        given[rate] = given.get(rate, 0) + share
        shares.append(share)
    return shares


def seller_of(settings: Mapping[str, Any]) -> Seller:
    return Seller(settings["shop_name"], settings["shop_address"], settings["shop_tax_code"])


def buyer_of(row: EInvoice) -> Buyer:
    return Buyer(
        row.buyer_name, row.buyer_tax_code, row.buyer_id_no, row.buyer_phone, row.buyer_address
    )


def sale_invoice(s: Session, row: EInvoice, settings: Mapping[str, Any]) -> InvoiceData:
    """The invoice ``row`` stands for, from its stored sale (or refund, for an adjustment)."""
    sale = s.get(Sale, row.sale_id)
    original = _original(s, row)
    if row.refund_id is not None or row.foreign_refund is not None:
        return _refund_invoice(s, row, sale, original, settings)
    rates = tuple(RateTotal(v.rate_pct, v.gross_vnd, v.vat_vnd) for v in sale.vat_lines)
    if row.kind == "adjust":  # a whole sale voided after its invoice was issued
        rates = tuple(RateTotal(r.rate_pct, -r.gross_vnd, -r.vat_vnd) for r in rates)
    sign = -1 if row.kind == "adjust" else 1
    amounts = [(ln.vat_rate_pct, ln.amount_vnd * sign) for ln in sale.lines]
    shares = spread_vat(amounts, rates)
    lines = tuple(
        InvoiceLine(ln.name_vi, ln.unit, ln.quantity, ln.unit_price_vnd, amt, rate, vat)
        for ln, (rate, amt), vat in zip(sale.lines, amounts, shares, strict=True)
    )
    return _data(row, sale, settings, lines, rates, sum(a for _, a in amounts), original)


def _refund_invoice(s, row, sale, original, settings) -> InvoiceData:
    """The adjustment (a decrease) for the goods a refund took back."""
    if row.foreign_refund is not None:  # given at another till: as head office told it
        given = row.foreign_refund
        goods = [(x["name_vi"], x["unit"], x["quantity"], x["amount_vnd"], x["vat_rate_pct"])
                 for x in given["lines"]]  # fmt: skip
        vat = [(v["rate_pct"], v["gross_vnd"], v["vat_vnd"]) for v in given["vat"]]
        # Dated when this till learnt of it and wrote it, not at the other till's refund: the
        # series' later invoices may have gone out in between (the note names the refund).
        data = _decrease(row, sale, settings, original, goods, vat, given["total_vnd"])
        return replace(data, issued_at=row.created_at, note=given["refund_no"])
    refund = s.get(Refund, row.refund_id)
    goods = [(x.name_vi, x.unit, x.quantity, x.amount_vnd, x.vat_rate_pct) for x in refund.lines]
    vat = [(v.rate_pct, v.gross_vnd, v.vat_vnd) for v in refund.vat_lines]
    data = _decrease(row, sale, settings, original, goods, vat, refund.total_vnd)
    return replace(data, issued_at=refund.created_at, note=refund.refund_no)


def _decrease(row, sale, settings, original, goods, vat, total_vnd) -> InvoiceData:
    """A decrease of ``goods`` (name, unit, quantity, amount, rate) with ``vat`` per rate."""
    rates = tuple(RateTotal(rate, -gross, -tax) for rate, gross, tax in vat)
    amounts = [(rate, -amount) for _, _, _, amount, rate in goods]
    shares = spread_vat(amounts, rates)
    lines = tuple(
        InvoiceLine(name, unit, qty, -(-amt // qty), amt, rate, tax)
        for (name, unit, qty, _, _), (rate, amt), tax in zip(goods, amounts, shares, strict=True)
    )
    return _data(row, sale, settings, lines, rates, -total_vnd, original)


def _data(row, sale, settings, lines, rates, total, original) -> InvoiceData:
    return InvoiceData(
        key=row.key,
        kind=row.kind,
        template=row.template,
        symbol=row.symbol,
        issued_at=sale.created_at if row.kind == "sale" else row.created_at,
        seller=seller_of(settings),
        buyer=buyer_of(row),
        lines=lines,
        rates=rates,
        total_vnd=total,
        payment_method=payment_method([p.method for p in sale.payments]),
        receipt_no=sale.receipt_no,
        original=original,
    )


def _original(s: Session, row: EInvoice) -> Original | None:
    if row.original_id is None:
        return None
    first = s.get(EInvoice, row.original_id)
    return Original(first.template, first.symbol, first.invoice_no, first.issued_at)


def invoice_rows_of(s: Session, sale_id: uuid.UUID) -> list[EInvoice]:
    """A sale's invoices, oldest first."""
    return list(
        s.scalars(select(EInvoice).where(EInvoice.sale_id == sale_id).order_by(EInvoice.created_at))
    )

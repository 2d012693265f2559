"""What a receipt says of its sale's e-invoice: its title, and the invoice's block.

A slip is titled as an invoice only when it is one: with e-invoices on and the invoice issued
(number and the tax authority's code known), "HÓA ĐƠN GIÁ TRỊ GIA TĂNG" for a VAT invoice
(form 1) or "HÓA ĐƠN BÁN HÀNG" for a sales invoice (form 2), marked as generated from a cash
register; otherwise it is a payment slip ("PHIẾU THANH TOÁN"). The block prints the form and
symbol, the number, the tax authority's code, the lookup code and a QR to the lookup page
(Decree 123/2020 art. 10 and Circular 78/2021 art. 4 as amended, see docs/einvoice.md); an
invoice not issued yet says how to get it later.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import EInvoice
from hardware.document import DocumentBuilder
from kiosk.core.einvoice.rules import check_template
from kiosk.i18n import N_, translations

LABELS = {
    "slip": N_("PAYMENT SLIP"),
    "vat_invoice": N_("VAT INVOICE"),
    "sales_invoice": N_("SALES INVOICE"),
    "from_till": N_("(generated from a cash register)"),
    "form_symbol": N_("Form {form} · Symbol {symbol}"),
    "invoice_no": N_("Invoice no."),
    "tax_code": N_("Tax authority's code"),
    "lookup_code": N_("Lookup code"),
    "scan_lookup": N_("Scan to look up your e-invoice"),
    "pending": N_("E-invoice being issued (symbol {symbol})."),
    "pending_how": N_(
        "Look it up from tomorrow with receipt no. {receipt_no} at the shop, or ask for a reprint."
    ),
    "buyer": N_("Buyer"),
    "buyer_tax": N_("Buyer's tax code"),
}


@dataclass(frozen=True)
class InvoiceOnReceipt:
    """The sale's invoice as the receipt prints it."""

    status: str
    template: str
    symbol: str
    invoice_no: str
    tax_authority_code: str
    lookup_code: str
    lookup_url: str
    buyer_name: str
    buyer_tax_code: str

    @property
    def issued(self) -> bool:
        return self.status == "issued" and bool(self.invoice_no)


def invoice_on_receipt(s: Session, sale_id: uuid.UUID) -> InvoiceOnReceipt | None:
    """The invoice the receipt of ``sale_id`` shows: its latest replacement, else its own."""
    row = s.scalar(
        select(EInvoice)
        .where(EInvoice.sale_id == sale_id, EInvoice.kind.in_(("sale", "replace")))
        .where(EInvoice.status != "cancelled")
        .order_by(EInvoice.created_at.desc())
        .limit(1)
    )
    if row is None:
        return None
    return InvoiceOnReceipt(
        row.status,
        row.template,
        row.symbol,
        row.invoice_no,
        row.tax_authority_code,
        row.lookup_code,
        row.lookup_url,
        row.buyer_name,
        row.buyer_tax_code,
    )


def _say(langs: Sequence[str], key: str, **fmt: object) -> str:
    return " / ".join(translations(lang).gettext(LABELS[key]).format(**fmt) for lang in langs)


def title(langs: Sequence[str], invoice: InvoiceOnReceipt | None) -> tuple[str, str | None]:
    """The slip's title and, for an invoice, the line under it."""
    if invoice is None or not invoice.issued:
        return _say(langs, "slip"), None
    form = check_template(invoice.template)[0]
    return _say(langs, "vat_invoice" if form == "1" else "sales_invoice"), _say(langs, "from_till")


def buyer_block(b: DocumentBuilder, langs: Sequence[str], invoice: InvoiceOnReceipt | None) -> None:
    """The buyer's name and tax code, when the invoice carries them."""
    if invoice is None:
        return
    if invoice.buyer_name:
        b.text(f"{_say(langs, 'buyer')}: {invoice.buyer_name}")
    if invoice.buyer_tax_code:
        b.row(_say(langs, "buyer_tax"), invoice.buyer_tax_code)


def invoice_block(
    b: DocumentBuilder, langs: Sequence[str], invoice: InvoiceOnReceipt | None, receipt_no: str
) -> None:
    """The invoice's number, codes and lookup QR, or how to get it when it is not issued yet."""
    if invoice is None:
        return
    b.separator()
    form = check_template(invoice.template)[0]
    if not invoice.issued:
        b.center(_say(langs, "pending", symbol=f"{form}{invoice.symbol}"))
        b.center(_say(langs, "pending_how", receipt_no=receipt_no))
        return
    b.center(_say(langs, "form_symbol", form=form, symbol=invoice.symbol))
    b.row(_say(langs, "invoice_no"), invoice.invoice_no.removeprefix(invoice.symbol))
    if invoice.tax_authority_code:
        b.text(_say(langs, "tax_code"))
        b.text(f"  {invoice.tax_authority_code}", bold=True)
    if invoice.lookup_code:
        b.row(_say(langs, "lookup_code"), invoice.lookup_code, bold=True)
    if invoice.lookup_url:
        b.qr(invoice.lookup_url, size=5)
        b.center(_say(langs, "scan_lookup"))

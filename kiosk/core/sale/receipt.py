"""A sale's receipt as a device-neutral document (hardware.document), in the sale's language.

Composed from what is stored (the sale, its lines, VAT and payments), never from the cart on
screen, so a reprint next week prints exactly what the customer got. "both" prints each label
in Vietnamese and English; item names in Vietnamese with the English name below when known.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Product, Province, Refund, Sale, User
from hardware.document import Align, Document, DocumentBuilder, SeparatorStyle, Size, Symbology
from kiosk.core.einvoice.printing import (
    InvoiceOnReceipt,
    buyer_block,
    invoice_block,
    invoice_on_receipt,
    title,
)
from kiosk.core.errors import DomainError
from kiosk.core.localtime import VIETNAM
from kiosk.core.money import for_printer, format_vnd, format_weight
from kiosk.core.sale.vietqr import bank_by_bin
from kiosk.core.terms import TERMS
from kiosk.i18n import N_, translations

# Words of this receipt alone; those shared with the screen and reports are kiosk.core.terms.
LABELS = {
    "receipt_no": N_("Receipt no."),
    "date": N_("Date"),
    "clerk": N_("Clerk"),
    "tax_code": N_("Tax code"),
    "line_discount": N_("Item discount"),
    "vat_contained": N_("VAT included ({rate}%)"),
    "tendered": N_("Cash received"),
    "stars": N_("{stars}★ OCOP · {province}"),
    "transfer_paid": N_("Paid by bank transfer to {bank} · {account}"),
    "thank_you": N_("Thank you, see you again!"),
    "voided": N_("VOIDED"),
    "demo": N_("DEMO DATA — NOT A VALID RECEIPT"),
    "refund": N_("REFUND RECEIPT"),
    "refund_no": N_("Refund no."),
    "for_receipt": N_("For receipt"),
    "refund_reason": N_("Reason"),
    "damaged": N_("(damaged, not back on sale)"),
    "refund_total": N_("Total refunded"),
    "paid_back": N_("Paid back"),
    "given_back": N_("Given back"),
    "customer_signs": N_("Customer's signature"),
}
RECEIPT_LANGS = ("vi", "en", "both")


class UnknownSale(DomainError):
    """No stored sale with that id or receipt number."""


@dataclass(frozen=True)
class Shop:
    name: str
    address: str
    tax_code: str
    bank_bin: str
    account: str

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> "Shop":
        return cls(
            settings["shop_name"],
            settings["shop_address"],
            settings["shop_tax_code"],
            settings["vietqr_bank_bin"],
            settings["vietqr_account"],
        )


class _Words:
    """Labels and amounts in one language, or in both ("Tổng cộng / Total")."""

    def __init__(self, lang: str):
        if lang not in RECEIPT_LANGS:
            raise ValueError(f"receipt language {lang!r}")
        self.langs = ("vi", "en") if lang == "both" else (lang,)
        self.money_lang = "en" if lang == "en" else "vi"

    def __call__(self, key: str, **fmt: object) -> str:
        return " / ".join(
            translations(lang).gettext(LABELS.get(key) or TERMS[key]).format(**fmt)
            for lang in self.langs
        )

    def vnd(self, amount: int) -> str:
        return for_printer(format_vnd(amount, self.money_lang))


def compose(
    sale: Sale,
    *,
    shop: Shop,
    clerk: str,
    origins: Mapping[uuid.UUID, tuple[int | None, str]],
    lang: str,
    demo: bool = False,
    open_drawer: bool = False,
    invoice: InvoiceOnReceipt | None = None,
) -> Document:
    """The receipt of a stored ``sale``. ``origins`` maps product id to (stars, province);
    ``invoice`` is its e-invoice (None: the shop does not invoice, or not this sale)."""
    w = _Words(lang)
    b = DocumentBuilder()
    _shop_header(b, w, shop)
    if demo:
        b.center(w("demo"), bold=True)
    b.separator(SeparatorStyle.DOUBLE)
    _sale_header(b, w, sale, clerk, invoice)
    b.separator()
    _sale_lines(b, w, sale, origins, lang)
    b.separator()
    _sale_totals(b, w, sale)
    b.separator()
    _sale_payments(b, w, sale, shop)
    invoice_block(b, w.langs, invoice, sale.receipt_no)
    b.separator()
    b.barcode(sale.receipt_no, Symbology.CODE128, height=60, module=2)
    b.center(w("thank_you"), bold=True)
    b.feed(2)
    if open_drawer:
        b.drawer()
    b.cut()
    return b.build()


def _shop_header(b: DocumentBuilder, w: _Words, shop: Shop) -> None:
    """The shop's name, address and tax code at the head of every slip."""
    b.title(shop.name)
    if shop.address:
        b.center(shop.address)
    if shop.tax_code:
        b.center(f"{w('tax_code')}: {shop.tax_code}")


def _sale_header(b: DocumentBuilder, w: _Words, sale: Sale, clerk: str, invoice) -> None:
    """The slip's title (an invoice only when it is one; marked if the sale was voided),
    number, date, clerk and the invoice's buyer."""
    heading, under = title(w.langs, invoice)
    b.text(heading, Align.CENTER, bold=True, size=Size.DOUBLE_HEIGHT)
    if under:
        b.center(under)
    if sale.status == "voided":
        b.text(w("voided"), Align.CENTER, bold=True, size=Size.LARGE)
    local = sale.created_at.astimezone(VIETNAM)
    b.row(w("receipt_no"), sale.receipt_no)
    b.row(w("date"), f"{local:%d/%m/%Y %H:%M}")
    b.row(w("clerk"), clerk)
    buyer_block(b, w.langs, invoice)


def _sale_lines(
    b: DocumentBuilder,
    w: _Words,
    sale: Sale,
    origins: Mapping[uuid.UUID, tuple[int | None, str]],
    lang: str,
) -> None:
    """Each line: its name(s), OCOP stars and province, quantity x price, and its discount."""
    for line in sale.lines:
        name = line.name_en if lang == "en" and line.name_en else line.name_vi
        b.text(name, bold=True)
        if lang == "both" and line.name_en:
            b.text(line.name_en)
        stars, province = origins.get(line.product_id, (None, ""))
        if stars:
            b.text(w("stars", stars=stars, province=province or "—"))
        if line.unit == "gram":
            qty = f"{format_weight(line.quantity, w.money_lang)} x {w.vnd(line.unit_price_vnd)}/kg"
        else:
            qty = f"{line.quantity} x {w.vnd(line.unit_price_vnd)}"
        b.row(f"  {qty}", w.vnd(line.gross_vnd))
        if line.line_discount_vnd:
            b.row(f"  {w('line_discount')}", w.vnd(-line.line_discount_vnd))


def _sale_totals(b: DocumentBuilder, w: _Words, sale: Sale) -> None:
    """Subtotal, cart discount, total, the cash rounding and the VAT at each rate."""
    b.row(w("subtotal"), w.vnd(sale.subtotal_vnd))
    if sale.discount_vnd:
        b.row(w("discount"), w.vnd(-sale.discount_vnd))
    b.row(w("total"), w.vnd(sale.total_vnd), bold=True, size=Size.DOUBLE_HEIGHT)
    if sale.rounding_vnd:  # cash rounded to the shop's step: what the customer paid instead
        b.row(w("rounding"), w.vnd(sale.rounding_vnd))
        b.row(w("paid"), w.vnd(sale.total_vnd + sale.rounding_vnd), bold=True)
    for vat in sale.vat_lines:
        if vat.rate_pct:
            b.row(w("vat_contained", rate=vat.rate_pct), w.vnd(vat.vat_vnd))


def _sale_payments(b: DocumentBuilder, w: _Words, sale: Sale, shop: Shop) -> None:
    """Each payment (cash with what was received and the change; a transfer with its
    reference), then, for a transfer, the shop's account it went to."""
    # No VietQR code here: a code for the same amount and purpose is a live payment code, and a
    # customer scanning their paid receipt would pay again. The reference is printed as text.
    transfer = False
    for p in sale.payments:
        label = w(p.method)
        if p.reference:
            label = f"{label} ({p.reference})"
        b.row(label, w.vnd(p.amount_vnd))
        if p.method == "cash" and p.tendered_vnd:
            b.row(f"  {w('tendered')}", w.vnd(p.tendered_vnd))
            b.row(w("change"), w.vnd(p.change_vnd), bold=True)
        transfer = transfer or p.method == "vietqr"
    if transfer and shop.account:
        bank = bank_by_bin(shop.bank_bin)
        b.feed()
        b.center(
            w(
                "transfer_paid",
                bank=bank.short_name if bank else shop.bank_bin,
                account=shop.account,
            )
        )


def receipt_for_sale(
    session_factory: sessionmaker[Session],
    settings: Mapping[str, Any],
    *,
    sale_id: uuid.UUID | None = None,
    receipt_no: str | None = None,
    lang: str | None = None,
    open_drawer: bool = False,
) -> Document:
    """Load a stored sale (by id or receipt number) and compose its receipt."""
    with session_factory() as s:
        query = select(Sale)
        query = (
            query.where(Sale.id == sale_id)
            if sale_id
            else query.where(Sale.receipt_no == receipt_no)
        )
        sale = s.scalars(query).first()
        if sale is None:
            raise UnknownSale(sale_id=sale_id, receipt_no=receipt_no)
        _ = sale.lines, sale.payments, sale.vat_lines
        clerk = s.scalar(select(User.name).where(User.id == sale.user_id)) or ""
        ids = [line.product_id for line in sale.lines]
        rows = s.execute(
            select(Product.id, Product.ocop_stars, Province.name, Product.is_demo)
            .outerjoin(Province, Province.code == Product.province_code)
            .where(Product.id.in_(ids))
        ).all()
        invoice = invoice_on_receipt(s, sale.id)
    origins = {pid: (stars, _short_province(name)) for pid, stars, name, _ in rows}
    demo = any(is_demo for *_, is_demo in rows)
    return compose(
        sale,
        shop=Shop.from_settings(settings),
        clerk=clerk,
        origins=origins,
        lang=lang or sale.receipt_lang,
        demo=demo,
        open_drawer=open_drawer,
        invoice=invoice,
    )


def _short_province(name: str | None) -> str:
    """ "Thành phố Hà Nội" -> "Hà Nội": the receipt line is narrow."""
    if not name:
        return ""
    return name.removeprefix("Thành phố ").removeprefix("Tỉnh ")


class UnknownRefund(DomainError):
    """No stored refund with that id or number."""


def compose_refund(
    refund: Refund, *, sale_receipt_no: str, shop: Shop, clerk: str, lang: str
) -> Document:
    """The slip of a stored refund: what went back, how much, how it was paid back. Printed
    with a line for the customer's signature; its Code 128 carries the refund number."""
    w = _Words(lang)
    b = DocumentBuilder()
    _shop_header(b, w, shop)
    b.separator(SeparatorStyle.DOUBLE)
    b.text(w("refund"), Align.CENTER, bold=True, size=Size.DOUBLE_HEIGHT)
    local = refund.created_at.astimezone(VIETNAM)
    b.row(w("refund_no"), refund.refund_no)
    b.row(w("for_receipt"), sale_receipt_no)
    b.row(w("date"), f"{local:%d/%m/%Y %H:%M}")
    b.row(w("clerk"), clerk)
    if refund.reason:
        b.text(f"{w('refund_reason')}: {refund.reason}")
    b.separator()
    for line in refund.lines:
        name = line.name_en if lang == "en" and line.name_en else line.name_vi
        b.text(name, bold=True)
        qty = (
            format_weight(line.quantity, w.money_lang)
            if line.unit == "gram"
            else str(line.quantity)
        )
        b.row(f"  {qty}", w.vnd(-line.amount_vnd))
        if line.restock == "damaged":
            b.text(f"  {w('damaged')}")
    b.separator()
    b.row(w("refund_total"), w.vnd(-refund.total_vnd), bold=True, size=Size.DOUBLE_HEIGHT)
    if refund.rounding_vnd:  # the cash part rounded to the shop's step: what went back instead
        b.row(w("rounding"), w.vnd(-refund.rounding_vnd))
        b.row(w("given_back"), w.vnd(-(refund.total_vnd + refund.rounding_vnd)), bold=True)
    for vat in refund.vat_lines:
        if vat.rate_pct:
            b.row(w("vat_contained", rate=vat.rate_pct), w.vnd(-vat.vat_vnd))
    b.separator()
    for p in refund.payments:
        b.row(f"{w('paid_back')}: {w(p.method)}", w.vnd(p.amount_vnd))
    b.separator()
    b.barcode(refund.refund_no, Symbology.CODE128, height=60, module=2)
    b.feed(2)
    b.center("_______________________")
    b.center(w("customer_signs"))
    b.feed(2)
    b.cut()
    return b.build()


def refund_receipt(
    session_factory: sessionmaker[Session],
    settings: Mapping[str, Any],
    *,
    refund_id: uuid.UUID | None = None,
    refund_no: str | None = None,
    lang: str | None = None,
) -> Document:
    """Load a stored refund (by id or number) and compose its slip."""
    with session_factory() as s:
        query = select(Refund)
        query = (
            query.where(Refund.id == refund_id)
            if refund_id
            else query.where(Refund.refund_no == refund_no)
        )
        refund = s.scalars(query).first()
        if refund is None:
            raise UnknownRefund(refund_id=refund_id, refund_no=refund_no)
        _ = refund.lines, refund.payments, refund.vat_lines
        sale_no = s.scalar(select(Sale.receipt_no).where(Sale.id == refund.sale_id)) or ""
        clerk = s.scalar(select(User.name).where(User.id == refund.user_id)) or ""
    return compose_refund(
        refund,
        sale_receipt_no=sale_no,
        shop=Shop.from_settings(settings),
        clerk=clerk,
        lang=lang or refund.receipt_lang,
    )

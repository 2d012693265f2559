"""The rows of one sale as checkout writes them (kiosk.core.sale.checkout): lines, VAT, payments,
stock movements, audit events and the outbox entry that takes it all to head office."""

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from db.ids import new_id
from kiosk.core.einvoice import pending as einvoice
from kiosk.core.records import audit_row, outbox_row
from kiosk.core.sale.cart import Cart, Totals
from kiosk.core.sale.payments import AppliedPayment


def line_rows(sale_id: uuid.UUID, totals: Totals) -> list[dict[str, Any]]:
    """The sale's lines as priced, numbered as the receipt prints them."""
    return [
        {
            "id": new_id(),
            "sale_id": sale_id,
            "line_no": no,
            "product_id": p.line.item.product_id,
            "barcode": p.line.barcode,
            "name_vi": p.line.item.name_vi,
            "name_en": p.line.item.name_en,
            "unit": p.line.item.unit,
            "quantity": p.line.quantity,
            "unit_price_vnd": p.line.item.unit_price_vnd,
            "gross_vnd": p.gross_vnd,
            "line_discount_vnd": p.line_discount_vnd,
            "cart_discount_vnd": p.cart_discount_vnd,
            "amount_vnd": p.amount_vnd,
            "vat_rate_pct": p.line.item.vat_rate_pct,
        }
        for no, p in enumerate(totals.lines, start=1)
    ]


def vat_rows(sale_id: uuid.UUID, totals: Totals) -> list[dict[str, Any]]:
    """The VAT contained in the sale, one row per rate."""
    return [
        {
            "sale_id": sale_id,
            "rate_pct": v.rate_pct,
            "gross_vnd": v.gross_vnd,
            "vat_vnd": v.vat_vnd,
        }
        for v in totals.vat
    ]


def payment_rows(sale_id: uuid.UUID, payments: Sequence[AppliedPayment]) -> list[dict[str, Any]]:
    """The settled payments, one row each."""
    return [
        {
            "id": new_id(),
            "sale_id": sale_id,
            "method": p.method,
            "amount_vnd": p.amount_vnd,
            "tendered_vnd": p.tendered_vnd,
            "change_vnd": p.change_vnd,
            "reference": p.reference,
        }
        for p in payments
    ]


def sold_by_product(totals: Totals) -> dict[uuid.UUID, int]:
    """The quantity sold of each product (a product can be on several lines)."""
    sold: dict[uuid.UUID, int] = {}
    for p in totals.lines:
        sold[p.line.item.product_id] = sold.get(p.line.item.product_id, 0) + p.line.quantity
    return sold


def movement_rows(sale: Mapping[str, Any], sold: dict[uuid.UUID, int]) -> list[dict[str, Any]]:
    """The ledger's ``sale`` movements: one per product, out of stock.

    A movement names its sale; the receipt number and the clerk are the sale's, so they are not
    copied into every movement (they were ~50 bytes a line of every sale, kept for ever).
    """
    return [
        {
            "id": new_id(),
            "product_id": pid,
            "kind": "sale",
            "quantity": -qty,
            "unit_cost_vnd": None,
            "reason": "",
            "sale_id": sale["id"],
            "user_id": None,
            "created_at": sale["created_at"],
        }
        for pid, qty in sold.items()
    ]


def audit_rows(
    sale: Mapping[str, Any], cart: Cart, totals: Totals, below_zero: list[uuid.UUID]
) -> list[dict[str, Any]]:
    """The sale's audit events: its discounts (if any, with who authorised them), then the sale."""
    actor_id, now, sale_id = sale["user_id"], sale["created_at"], sale["id"]
    discounts = [
        {
            "line_no": no,
            "product_id": str(p.line.item.product_id),
            "discount_vnd": p.line_discount_vnd,
            "authorised_by": str(p.line.discount_authorised_by or "") or None,
        }
        for no, p in enumerate(totals.lines, start=1)
        if p.line_discount_vnd
    ]
    events = []
    if discounts or totals.cart_discount_vnd:
        authorisers = {p.line.discount_authorised_by for p in totals.lines} | {
            cart.cart_discount_authorised_by
        }
        authorisers.discard(None)
        events.append(
            audit_row(
                "discount",
                user_id=actor_id,
                at=now,
                subject_id=str(sale_id),
                authorised_by=next(iter(authorisers)) if len(authorisers) == 1 else None,
                lines=discounts,
                cart_discount_vnd=totals.cart_discount_vnd,
                cart_discount_authorised_by=cart.cart_discount_authorised_by,
            )
        )
    # The sale's own row says who sold what, when and for how much: its audit event is written
    # only for what the row does not say, goods taken below zero for the manager to look at.
    if below_zero:
        events.append(
            audit_row(
                "sale",
                user_id=actor_id,
                at=now,
                subject_id=str(sale_id),
                receipt_no=sale["receipt_no"],
                total_vnd=totals.total_vnd,
                below_zero=[str(p) for p in below_zero],
            )
        )
    return events


def sale_entry(sale, lines, vat, pays, movements, invoice=None) -> dict[str, Any]:
    """The outbox entry that takes the whole sale to head office."""
    return outbox_row(
        "sale",
        {
            "sale": sale,
            "lines": [{k: v for k, v in ln.items() if k != "sale_id"} for ln in lines],
            "vat": [{k: v for k, v in x.items() if k != "sale_id"} for x in vat],
            "payments": [{k: v for k, v in x.items() if k != "sale_id"} for x in pays],
            "movements": [
                {k: m[k] for k in ("id", "product_id", "kind", "quantity", "created_at")}
                for m in movements
            ],
            "einvoice": einvoice.wire_status(invoice) if invoice else None,
        },
    )

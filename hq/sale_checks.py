"""Does a pushed sale add up? The arithmetic the kiosk's checkout did, done again.

A sale whose figures disagree is refused with the first thing that does not add up, rather than
stored and summed into every report: lines (price x quantity, less discounts), the total, VAT per
rate, payments, the change given and the stock that left the shelf.
"""

from collections import defaultdict
from typing import Any

from hq.wire_types import div_round, vat_contained


def sale_problem(payload: Any) -> str | None:
    """What does not add up in a :class:`hq.protocol.SalePayload`, or None."""
    return (
        _totals_problem(payload)
        or _lines_problem(payload.lines)
        or _vat_problem(payload)
        or _payments_problem(payload)
        or _movements_problem(payload)
    )


def _totals_problem(payload: Any) -> str | None:
    s = payload.sale
    lines_total = sum(line.amount_vnd for line in payload.lines)
    if lines_total != s.total_vnd:
        return f"lines add up to {lines_total}, total_vnd is {s.total_vnd}"
    if s.subtotal_vnd - s.discount_vnd != s.total_vnd:
        return "subtotal_vnd - discount_vnd != total_vnd"
    cart = sum(line.cart_discount_vnd for line in payload.lines)
    if cart != s.discount_vnd:
        return f"lines' cart discounts add up to {cart}, discount_vnd is {s.discount_vnd}"
    if len({line.line_no for line in payload.lines}) != len(payload.lines):
        return "line numbers repeat"
    return None


def _lines_problem(lines: Any) -> str | None:
    for line in lines:
        if line.unit == "gram":
            gross = div_round(line.unit_price_vnd * line.quantity, 1000)
        else:
            gross = line.unit_price_vnd * line.quantity
        if gross != line.gross_vnd:
            return (
                f"line {line.line_no}: price x quantity is {gross}, gross_vnd is {line.gross_vnd}"
            )
        amount = line.gross_vnd - line.line_discount_vnd - line.cart_discount_vnd
        if amount != line.amount_vnd:
            return (
                f"line {line.line_no}: gross less discounts is {amount}, "
                f"amount_vnd is {line.amount_vnd}"
            )
    return None


def _vat_problem(payload: Any) -> str | None:
    by_rate: dict[int, int] = defaultdict(int)
    for line in payload.lines:
        by_rate[line.vat_rate_pct] += line.amount_vnd
    sent = {v.rate_pct: v for v in payload.vat}
    if len(sent) != len(payload.vat):
        return "a VAT rate repeats"
    for rate, gross in by_rate.items():
        v = sent.pop(rate, None)
        if v is None or v.gross_vnd != gross:
            return f"VAT at {rate} %: lines add up to {gross}, not {v.gross_vnd if v else 0}"
        if v.vat_vnd != vat_contained(gross, rate):
            return f"VAT at {rate} %: {v.vat_vnd} is not {vat_contained(gross, rate)}"
    if any(v.gross_vnd for v in sent.values()):
        return f"VAT at {', '.join(map(str, sent))} % has no lines"
    vat = sum(v.vat_vnd for v in payload.vat)
    if vat != payload.sale.vat_vnd:
        return f"VAT per rate adds up to {vat}, vat_vnd is {payload.sale.vat_vnd}"
    return None


def _payments_problem(payload: Any) -> str | None:
    s = payload.sale
    paid = sum(p.amount_vnd for p in payload.payments)
    if s.status == "completed" and paid != s.total_vnd:
        return f"payments add up to {paid}, total_vnd is {s.total_vnd}"
    for p in payload.payments:
        if p.method != "cash":
            if p.change_vnd or p.tendered_vnd is not None:
                return f"a {p.method} payment gives no change and has nothing tendered"
        elif p.tendered_vnd is not None and p.tendered_vnd - p.amount_vnd != p.change_vnd:
            return (
                f"cash: tendered {p.tendered_vnd} less {p.amount_vnd} is not the change "
                f"{p.change_vnd}"
            )
        elif p.tendered_vnd is None and p.change_vnd:
            return "cash: change given with nothing tendered"
    return None


def _movements_problem(payload: Any) -> str | None:
    """Stock that left the shelf: one ``sale`` movement per product sold, as much as sold."""
    sold: dict[Any, int] = defaultdict(int)
    for line in payload.lines:
        sold[line.product_id] += line.quantity
    moved: dict[Any, int] = defaultdict(int)
    for m in payload.movements:
        if m.kind != "sale":
            return f"a sale's stock movement of kind {m.kind!r}"
        moved[m.product_id] -= m.quantity
    if moved != sold:
        return "stock movements do not take out the quantities sold"
    return None

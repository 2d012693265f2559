"""Does a pushed sale add up? The arithmetic the kiosk's checkout did, done again.

A sale whose figures disagree is refused with the first thing that does not add up, rather than
stored and summed into every report: lines (price x quantity, less discounts), the total, VAT per
rate, payments, the change given and the stock that left the shelf.
"""

from typing import Any

from hq.rounding import div_round, vat_contained


def sale_problem(payload: Any) -> str | None:
    """What does not add up in a :class:`hq.protocol.SalePayload`, or None.

    One pass over the lines, then the sale's totals, VAT, payments and stock against it. This
    runs inside the parse of every sale of every push (a batch of 250 sales is checked in about
    2 ms), so the lines' checks are inline, and products are counted by their UUID's integer,
    whose hash is C's where the UUID's own is a Python method.
    """
    total = cart = 0
    by_rate: dict[int, int] = {}
    sold: dict[int, int] = {}
    for line in payload.lines:
        quantity = line.quantity
        if line.unit == "gram":
            gross = div_round(line.unit_price_vnd * quantity, 1000)
        else:
            gross = line.unit_price_vnd * quantity
        if gross != line.gross_vnd:
            return (
                f"line {line.line_no}: price x quantity is {gross}, gross_vnd is {line.gross_vnd}"
            )
        line_cart = line.cart_discount_vnd
        amount = gross - line.line_discount_vnd - line_cart
        if amount != line.amount_vnd:
            return (
                f"line {line.line_no}: gross less discounts is {amount}, "
                f"amount_vnd is {line.amount_vnd}"
            )
        total += amount
        cart += line_cart
        rate = line.vat_rate_pct
        by_rate[rate] = by_rate.get(rate, 0) + amount
        product = line.product_id.int
        sold[product] = sold.get(product, 0) + quantity
    return (
        _totals_problem(payload, total, cart)
        or _vat_problem(payload, by_rate)
        or _payments_problem(payload)
        or _movements_problem(payload, sold)
    )


def _totals_problem(payload: Any, lines_total: int, cart: int) -> str | None:
    s = payload.sale
    if lines_total != s.total_vnd:
        return f"lines add up to {lines_total}, total_vnd is {s.total_vnd}"
    if s.subtotal_vnd - s.discount_vnd != s.total_vnd:
        return "subtotal_vnd - discount_vnd != total_vnd"
    if cart != s.discount_vnd:
        return f"lines' cart discounts add up to {cart}, discount_vnd is {s.discount_vnd}"
    if len({line.line_no for line in payload.lines}) != len(payload.lines):
        return "line numbers repeat"
    return None


def _vat_problem(payload: Any, by_rate: dict[int, int]) -> str | None:
    if len(payload.vat) != len(by_rate):
        extra = sorted({v.rate_pct for v in payload.vat} - set(by_rate))
        if extra or len({v.rate_pct for v in payload.vat}) != len(payload.vat):
            return f"VAT rates do not match the lines' ({extra or 'a rate repeats'})"
    vat = 0
    for v in payload.vat:
        gross = by_rate.pop(v.rate_pct, None)
        if gross != v.gross_vnd:
            return f"VAT at {v.rate_pct} %: lines add up to {gross or 0}, not {v.gross_vnd}"
        if v.vat_vnd != vat_contained(gross, v.rate_pct):
            return f"VAT at {v.rate_pct} %: {v.vat_vnd} is not {vat_contained(gross, v.rate_pct)}"
        vat += v.vat_vnd
    if by_rate:
        return f"VAT at {', '.join(map(str, by_rate))} % is missing"
    if vat != payload.sale.vat_vnd:
        return f"VAT per rate adds up to {vat}, vat_vnd is {payload.sale.vat_vnd}"
    return None


def _payments_problem(payload: Any) -> str | None:
    s = payload.sale
    paid = 0
    for p in payload.payments:
        paid += p.amount_vnd
        if p.method != "cash":
            if p.change_vnd or p.tendered_vnd is not None:
                return f"a {p.method} payment gives no change and has nothing tendered"
        elif p.tendered_vnd is not None:
            if p.tendered_vnd - p.amount_vnd != p.change_vnd:
                return (
                    f"cash: tendered {p.tendered_vnd} less {p.amount_vnd} is not the change "
                    f"{p.change_vnd}"
                )
        elif p.change_vnd:
            return "cash: change given with nothing tendered"
    due = s.total_vnd + s.rounding_vnd  # cash rounded to 500 or 1.000 đ by the shop
    if s.status == "completed" and paid != due:
        return f"payments add up to {paid}, total_vnd + rounding_vnd is {due}"
    return None


def _movements_problem(payload: Any, sold: dict[int, int]) -> str | None:
    """Stock that left the shelf: ``sale`` movements that take out as much as was sold (both
    counted by product UUID's integer)."""
    moved: dict[int, int] = {}
    for m in payload.movements:
        if m.kind != "sale":
            return f"a sale's stock movement of kind {m.kind!r}"
        product = m.product_id.int
        moved[product] = moved.get(product, 0) - m.quantity
    if moved != sold:
        return "stock movements do not take out the quantities sold"
    return None

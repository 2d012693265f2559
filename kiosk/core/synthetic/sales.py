"""The synthetic sales history: completed sales on one till, day after day from the epoch, as
many each day as fit them in two years, with their lines, VAT per rate, payments and stock
movements, written in chunks; then the receipt counters and the stock levels the sales leave.
"""

import datetime as dt
import random
import sqlite3
from dataclasses import dataclass, field

from db.models import Payment, Sale, SaleLine, SaleVat, StockLevel, StockMovement
from db.models.sales import ReceiptCounter
from kiosk.core.pricing import vat_contained, weighed_amount
from kiosk.core.synthetic.catalogue import SyntheticCatalogue
from kiosk.core.synthetic.rows import EPOCH, SYNTHETIC_USER_ID, Ids, insert, ts

HISTORY_DAYS = 730
TERMINAL = "SYN01"
CHUNK = 20_000


@dataclass
class _Batch:
    """Rows not written yet: sales, their lines, VAT, payments and stock movements."""

    sales: list[tuple] = field(default_factory=list)
    lines: list[tuple] = field(default_factory=list)
    vats: list[tuple] = field(default_factory=list)
    payments: list[tuple] = field(default_factory=list)
    movements: list[tuple] = field(default_factory=list)

    def flush(self, con: sqlite3.Connection) -> int:
        """Write the rows and forget them; how many stock movements were written."""
        insert(
            con,
            Sale.__table__,
            ["id", "receipt_no", "terminal_code", "business_date", "seq", "user_id", "status",
             "subtotal_vnd", "discount_vnd", "total_vnd", "vat_vnd", "receipt_lang", "created_at"],
            self.sales,
        )  # fmt: skip
        insert(
            con,
            SaleLine.__table__,
            ["id", "sale_id", "line_no", "product_id", "barcode", "name_vi", "name_en", "unit",
             "quantity", "unit_price_vnd", "gross_vnd", "line_discount_vnd", "cart_discount_vnd",
             "amount_vnd", "vat_rate_pct"],
            self.lines,
        )  # fmt: skip
        insert(con, SaleVat.__table__, ["sale_id", "rate_pct", "gross_vnd", "vat_vnd"], self.vats)
        insert(
            con,
            Payment.__table__,
            ["id", "sale_id", "method", "amount_vnd", "tendered_vnd", "change_vnd", "reference"],
            self.payments,
        )
        insert(
            con,
            StockMovement.__table__,
            ["id", "product_id", "kind", "quantity", "reason", "sale_id", "user_id", "created_at"],
            self.movements,
        )
        written = len(self.movements)
        for batch in (self.sales, self.lines, self.vats, self.payments, self.movements):
            batch.clear()
        return written


def write_sales(
    con: sqlite3.Connection, rng: random.Random, ids: Ids, cat: SyntheticCatalogue, n_sales: int
) -> tuple[int, int]:
    """Write ``n_sales`` sales of ``cat``'s products; how many lines and stock movements."""
    per_day = max(1, -(-n_sales // HISTORY_DAYS))
    batch = _Batch()
    counters = []
    n_lines = n_moves = 0
    for s in range(n_sales):
        day, seq = divmod(s, per_day)
        seq += 1
        date = EPOCH.date() + dt.timedelta(days=day)
        moment = EPOCH + dt.timedelta(days=day, hours=1, seconds=seq * 40_000 // per_day)
        n_lines += _sale(batch, rng, ids, cat, date, seq, moment)
        if seq == per_day or s == n_sales - 1:
            counters.append((TERMINAL, date.isoformat(), seq))
        if len(batch.sales) >= CHUNK:
            n_moves += batch.flush(con)
    n_moves += batch.flush(con)
    insert(con, ReceiptCounter.__table__, ["terminal_code", "business_date", "last_seq"], counters)
    now = ts(EPOCH + dt.timedelta(days=HISTORY_DAYS))
    insert(
        con,
        StockLevel.__table__,
        ["product_id", "on_hand", "updated_at"],
        [(pid, q, now) for pid, q in zip(cat.ids, cat.on_hand, strict=True)],
    )
    return n_lines, n_moves


def _sale(
    batch: _Batch,
    rng: random.Random,
    ids: Ids,
    cat: SyntheticCatalogue,
    date: dt.date,
    seq: int,
    moment: dt.datetime,
) -> int:
    """Add sale number ``seq`` of ``date`` to the batch, its stock taken off ``cat``; its lines."""
    n_products = len(cat.ids)
    on_hand = cat.on_hand
    rand, randrange = rng.random, rng.randrange
    ms = int(moment.timestamp() * 1000)
    created = ts(moment)
    sale_id = ids.at(ms)
    by_rate: dict[int, int] = {}
    total = 0
    n_lines = randrange(1, 7)
    for line_no in range(1, n_lines + 1):
        # Skewed: a few products sell far more than the rest, as in a real shop.
        p = int(n_products * rand() ** 3)
        unit, price, vat = cat.units[p], cat.prices[p], cat.vats[p]
        if unit == "piece":
            qty = 1 if rand() < 0.7 else randrange(2, 6)
            gross = price * qty
        else:
            qty = randrange(100, 2_000)
            gross = weighed_amount(price, qty)
        total += gross
        by_rate[vat] = by_rate.get(vat, 0) + gross
        name_vi = cat.names[p][0]
        batch.lines.append((ids.at(ms), sale_id, line_no, cat.ids[p], cat.barcodes[p], name_vi, "",
                            unit, qty, price, gross, 0, 0, gross, vat))  # fmt: skip
        batch.movements.append((ids.at(ms), cat.ids[p], "sale", -qty, "", sale_id,
                                SYNTHETIC_USER_ID, created))  # fmt: skip
        on_hand[p] -= qty
    vat_total = 0
    for rate, gross in by_rate.items():
        v = vat_contained(gross, rate)
        vat_total += v
        batch.vats.append((sale_id, rate, gross, v))
    receipt_no = f"{TERMINAL}-{date:%Y%m%d}-{seq:05d}"
    batch.sales.append((sale_id, receipt_no, TERMINAL, date.isoformat(), seq, SYNTHETIC_USER_ID,
                        "completed", total, 0, total, vat_total, "vi", created))  # fmt: skip
    batch.payments.append(_payment(rng, ids, ms, sale_id, receipt_no, total))
    return n_lines


def _payment(
    rng: random.Random, ids: Ids, ms: int, sale_id: str, receipt_no: str, total: int
) -> tuple:
    """The payment row of a sale: cash 7 times in 10 (the total tendered rounded up to
    50.000 ₫), VietQR 2 in 10, card 1 in 10."""
    r = rng.random()
    if r < 0.7:
        tendered = -(-total // 50_000) * 50_000
        return (ids.at(ms), sale_id, "cash", total, tendered, tendered - total, "")
    if r < 0.9:
        return (ids.at(ms), sale_id, "vietqr", total, None, 0, receipt_no)
    return (ids.at(ms), sale_id, "card", total, None, 0, f"{rng.randrange(10**6):06d}")

"""Durable 5-line checkout through kiosk.core, against a raw sqlite3 transaction writing the
same rows with the same pragmas (WAL, synchronous=FULL), measured in the same run on the same
file: 100,000 products and 1,000,000 past sales (quick: 10,000 and 20,000).

Target (Foundation issue): p50 under 10 ms and within 2x of the raw transaction.
"""

import datetime as dt
import json
import random
import sqlite3
from pathlib import Path

from sqlalchemy import select

from bench.bench_catalogue import FULL, QUICK, database
from bench.stats import row, time_calls
from db import make_session_factory, upgrade
from db.ids import new_id
from db.models import Price, Product, User
from kiosk.core.cash.shifts import Shifts
from kiosk.core.people.users import Actor
from kiosk.core.sale.cart import Cart, Item, Totals
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Cash
from kiosk.core.settings import Settings


def _items(sf, n=500) -> tuple[Actor, list[Item]]:
    with sf() as s:
        user = s.scalars(select(User)).first()
        rows = s.execute(
            select(Product, Price.price_vnd).join(Price, Price.product_id == Product.id).limit(n)
        ).all()
    items = [
        Item(p.id, p.sku, p.name_vi, p.name_en, p.unit, p.vat_rate_pct, price) for p, price in rows
    ]
    return Actor(user.id, user.name, "manager"), items


def _raw_connection(path: Path) -> sqlite3.Connection:
    """The baseline's plain sqlite3 connection, with the kiosk's pragmas."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=ON")
    return con


def _raw_checkout(con: sqlite3.Connection, actor: Actor, cart: Cart) -> None:
    """The baseline: the rows of one sale written by hand with sqlite3, in one transaction."""
    t = cart.totals()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    sale_id = new_id().hex
    uid = actor.id.hex
    con.execute("BEGIN IMMEDIATE")
    seq = con.execute(
        "INSERT INTO receipt_counters VALUES ('RAW', '2026-01-01', 1) ON CONFLICT DO UPDATE "
        "SET last_seq = last_seq + 1 RETURNING last_seq"
    ).fetchone()[0]
    receipt = f"RAW-20260101-{seq:07d}"
    _raw_sale(con, t, sale_id, receipt, seq, uid, now)
    lines = _raw_lines(con, t, sale_id)
    con.execute(
        "INSERT INTO payments VALUES (?,?,?,?,?,?,?)",
        (new_id().hex, sale_id, "cash", t.total_vnd, t.total_vnd, 0, ""),
    )
    _raw_stock(con, t, sale_id, receipt, uid, now)
    _raw_audit_and_outbox(con, sale_id, receipt, uid, now, t.total_vnd, lines)
    con.execute("COMMIT")


def _raw_sale(
    con: sqlite3.Connection, t: Totals, sale_id: str, receipt: str, seq: int, uid: str, now: str
) -> None:
    """The baseline's sales row."""
    con.execute(
        "INSERT INTO sales (id, receipt_no, terminal_code, business_date, seq, user_id, "
        "shift_id, status, subtotal_vnd, discount_vnd, total_vnd, vat_vnd, "
        "discount_authorised_by, receipt_lang, created_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            sale_id,
            receipt,
            "RAW",
            "2026-01-01",
            seq,
            uid,
            None,
            "completed",
            t.subtotal_vnd,
            0,
            t.total_vnd,
            t.vat_vnd,
            None,
            "vi",
            now,
        ),
    )


def _raw_lines(con: sqlite3.Connection, t: Totals, sale_id: str) -> list[tuple]:
    """The baseline's sale lines and VAT rows; the lines, for the outbox payload."""
    lines = [
        (
            new_id().hex,
            sale_id,
            no,
            p.line.item.product_id.hex,
            "",
            p.line.item.name_vi,
            p.line.item.name_en,
            p.line.item.unit,
            p.line.quantity,
            p.line.item.unit_price_vnd,
            p.gross_vnd,
            0,
            0,
            p.amount_vnd,
            p.line.item.vat_rate_pct,
        )
        for no, p in enumerate(t.lines, 1)
    ]
    con.executemany(
        "INSERT INTO sale_lines (id, sale_id, line_no, product_id, barcode, name_vi, name_en,"
        " unit, quantity, unit_price_vnd, gross_vnd, line_discount_vnd, cart_discount_vnd, "
        "amount_vnd, vat_rate_pct) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        lines,
    )
    con.executemany(
        "INSERT INTO sale_vat VALUES (?,?,?,?)",
        [(sale_id, v.rate_pct, v.gross_vnd, v.vat_vnd) for v in t.vat],
    )
    return lines


def _raw_stock(
    con: sqlite3.Connection, t: Totals, sale_id: str, receipt: str, uid: str, now: str
) -> None:
    """The baseline's stock movements of the sale and the stock levels they change."""
    movements = [
        (
            new_id().hex,
            p.line.item.product_id.hex,
            "sale",
            -p.line.quantity,
            None,
            receipt,
            sale_id,
            uid,
            now,
        )
        for p in t.lines
    ]
    con.executemany(
        "INSERT INTO stock_movements (id, product_id, kind, quantity, unit_cost_vnd, reason,"
        " sale_id, user_id, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
        movements,
    )
    for p in t.lines:
        con.execute(
            "INSERT INTO stock_levels VALUES (?, ?, ?) ON CONFLICT DO UPDATE "
            "SET on_hand = on_hand + excluded.on_hand, updated_at = excluded.updated_at "
            "RETURNING on_hand",
            (p.line.item.product_id.hex, -p.line.quantity, now),
        ).fetchone()


def _raw_audit_and_outbox(
    con: sqlite3.Connection,
    sale_id: str,
    receipt: str,
    uid: str,
    now: str,
    total_vnd: int,
    lines: list[tuple],
) -> None:
    """The baseline's audit event of the sale and its two outbox entries (audit, sale)."""
    audit = {"receipt_no": receipt, "total_vnd": total_vnd}
    con.execute(
        "INSERT INTO audit_events (id, at, kind, user_id, authorised_by, subject_id, data) "
        "VALUES (?,?,?,?,?,?,?)",
        (new_id().hex, now, "sale", uid, None, sale_id, json.dumps(audit)),
    )
    payload = json.dumps({"sale": {"id": sale_id}, "lines": [list(map(str, ln)) for ln in lines]})
    con.executemany(
        "INSERT INTO outbox (id, kind, payload, created_at) VALUES (?,?,?,?)",
        [(new_id().hex, "audit", json.dumps(audit), now), (new_id().hex, "sale", payload, now)],
    )


def run(workdir: Path, quick: bool) -> list[dict]:
    # The catalogue bench's database: each run adds its sales to it, as a shop's day would.
    path = database(workdir, *(QUICK if quick else FULL))
    engine = upgrade(path)
    sf = make_session_factory(engine)
    actor, items = _items(sf)
    checkout = Checkout(sf, Settings(sf))
    shifts = Shifts(sf, Settings(sf))
    if shifts.current() is None:  # a sale needs an open shift
        shifts.open(actor, 0)
    rng = random.Random(1)
    n = 200 if quick else 1000

    def carts(i):
        cart = Cart(actor)
        for it in rng.sample(items, 5):
            cart.add(it, 1 + i % 3)
        return cart

    prepared = [carts(i) for i in range(n + 20)]

    def ours(i):
        cart = prepared[i]
        checkout.complete(cart, [Cash(cart.totals().total_vnd)])

    ours_ms = time_calls(ours, n)

    con = _raw_connection(path)
    baseline_carts = [carts(i) for i in range(n + 20)]

    def raw(i):
        _raw_checkout(con, actor, baseline_carts[i])

    raw_ms = time_calls(raw, n)
    con.close()
    engine.dispose()
    return [
        row("checkout, 5 lines, durable (kiosk.core)", ours_ms, raw_ms, "p50 < 10 ms, ratio ≤ 2"),
    ]


if __name__ == "__main__":
    import sys

    from bench.__main__ import main

    sys.exit(main(["checkout", *sys.argv[1:]]))

import datetime as dt
import json
import sqlite3

import pytest
from sqlalchemy import func, select

import db.raw
from db.models import (
    AuditEvent,
    OutboxEntry,
    Payment,
    ReceiptCounter,
    Sale,
    SaleLine,
    SaleVat,
    StockLevel,
    StockMovement,
)
from kiosk.core.errors import EmptyCart, PaymentShort, StorageError
from kiosk.core.localtime import VIETNAM
from kiosk.core.people.permissions import Permission
from kiosk.core.sale.cart import Cart
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Card, Cash, VietQR
from tests.factories import make_product

TABLES = (Sale, SaleLine, SaleVat, Payment, StockMovement, AuditEvent, OutboxEntry, ReceiptCounter)


def counts(session_factory):
    with session_factory() as s:
        return {t.__tablename__: s.scalar(select(func.count()).select_from(t)) for t in TABLES}


def levels(session_factory):
    with session_factory() as s:
        return dict(s.execute(select(StockLevel.product_id, StockLevel.on_hand)).all())


def ledger(session_factory):
    with session_factory() as s:
        return dict(
            s.execute(
                select(StockMovement.product_id, func.sum(StockMovement.quantity)).group_by(
                    StockMovement.product_id
                )
            ).all()
        )


@pytest.fixture
def checkout(session_factory, settings, shift):
    return Checkout(session_factory, settings)


@pytest.fixture
def goods(session_factory):
    return [
        make_product(session_factory, name_vi="Nước mắm Phú Quốc", price_vnd=125_000),
        make_product(
            session_factory,
            name_vi="Cà phê Buôn Ma Thuột",
            price_vnd=180_000,
            vat_rate_pct=10,
            group_code="beverage",
        ),
        make_product(session_factory, name_vi="Mật ong U Minh", price_vnd=95_000),
        make_product(
            session_factory, name_vi="Chè Thái Nguyên", price_vnd=400_000, unit="gram", stock=5_000
        ),
        make_product(
            session_factory,
            name_vi="Nón lá Huế",
            price_vnd=60_000,
            vat_rate_pct=10,
            group_code="handicraft",
        ),
    ]


def five_line_cart(clerk, goods, *, discount: bool = False):
    cart = Cart(clerk)
    for it in goods:
        cart.add(it, 250 if it.unit == "gram" else 2)
    if discount:  # within the clerk's limit: audited (a sale in stock alone writes no event)
        cart.set_line_discount(cart.lines[0].id, percent=5)
    return cart


def test_cash_sale_is_written_whole(checkout, clerk, goods, session_factory):
    cart = five_line_cart(clerk, goods)
    total = cart.totals().total_vnd
    assert total == 2 * (125_000 + 180_000 + 95_000 + 60_000) + 100_000
    done = checkout.complete(cart, [Cash(1_100_000)])
    assert done.change_vnd == 1_100_000 - total

    with session_factory() as s:
        sale = s.get(Sale, done.id)
        assert sale.receipt_no == done.receipt_no
        assert sale.total_vnd == total
        assert sale.lines[0].name_vi == "Nước mắm Phú Quốc"
        assert sum(ln.amount_vnd for ln in sale.lines) == total
        assert sum(p.amount_vnd for p in sale.payments) == total
        assert {v.rate_pct: v.vat_vnd for v in sale.vat_lines} == {8: 40_000, 10: 43_636}
        assert sale.vat_vnd == 40_000 + 43_636
        entry = s.scalars(select(OutboxEntry).where(OutboxEntry.kind == "sale")).one()
        assert entry.payload["sale"]["receipt_no"] == done.receipt_no
        assert len(entry.payload["lines"]) == 5
        assert entry.payload["sale"]["total_vnd"] == total
    assert levels(session_factory) == ledger(session_factory)
    assert levels(session_factory)[goods[3].product_id] == 5_000 - 250


def test_sale_rows_are_stored_as_the_orm_stores_them(
    clerk, goods, session_factory, settings, shift, db_path
):
    """Checkout writes through the DB-API; what it stores must read and compare like ORM rows
    (the shift's row was written by the ORM). On a whole second, where sqlite3's own datetime
    adapter would drop the microseconds SQLAlchemy writes."""
    on_the_second = dt.datetime.now(dt.UTC).replace(microsecond=0)
    checkout = Checkout(session_factory, settings, clock=lambda: on_the_second)
    done = checkout.complete(five_line_cart(clerk, goods), [Cash(2_000_000)])
    con = sqlite3.connect(db_path)
    try:
        sale = con.execute(
            "SELECT id, business_date, created_at, shift_id, user_id FROM sales"
        ).fetchone()
        orm = con.execute("SELECT id, opened_at FROM shifts").fetchone()
        moved = con.execute("SELECT DISTINCT updated_at FROM stock_levels").fetchall()
        payload = con.execute("SELECT payload FROM outbox WHERE kind = 'sale'").fetchone()[0]
    finally:
        con.close()
    assert sale[0] == done.id.hex and sale[3] == orm[0] == shift.id.hex
    assert sale[4] == clerk.id.hex
    assert sale[1] == done.created_at.astimezone(VIETNAM).date().isoformat()
    stored = done.created_at.astimezone(dt.UTC).replace(tzinfo=None)
    assert sale[2] == stored.isoformat(" ", "microseconds") and len(sale[2]) == len(orm[1])
    assert sale[2].endswith(".000000") and {m[0] for m in moved} == {sale[2]}
    assert json.loads(payload)["sale"]["created_at"] == done.created_at.isoformat()
    with session_factory() as s:
        # Found by a timestamp comparison, as the reports find their sales.
        found = s.scalars(select(Sale).where(Sale.created_at >= done.created_at)).one()
        assert (found.id, found.shift_id, found.created_at) == (done.id, shift.id, done.created_at)


def test_receipt_numbers_follow_per_terminal_and_restart_each_day(
    session_factory, settings, clerk, goods, shifts, manager
):
    now = [dt.datetime(2026, 11, 30, 16, 55, tzinfo=dt.UTC)]  # 23:55 in Vietnam
    checkout = Checkout(session_factory, settings, clock=lambda: now[0])
    settings.set("terminal_code", "HN02")
    shifts.open(manager, 0)
    numbers = []
    for minutes in (0, 1, 10):
        now[0] += dt.timedelta(minutes=minutes)
        cart = Cart(clerk)
        cart.add(goods[0])
        numbers.append(checkout.complete(cart, [Cash(200_000)]).receipt_no)
    assert numbers == ["HN02-20261130-0001", "HN02-20261130-0002", "HN02-20261201-0001"]


def test_split_payment_by_transfer_and_card(checkout, clerk, goods, session_factory):
    cart = Cart(clerk)
    cart.add(goods[1])
    done = checkout.complete(cart, [VietQR(100_000), Card(80_000, "VCB-778812")])
    with session_factory() as s:
        methods = sorted(s.execute(select(Payment.method, Payment.amount_vnd)).all())
    assert methods == [("card", 80_000), ("vietqr", 100_000)]
    assert done.change_vnd == 0


def test_short_payment_or_empty_cart_writes_nothing(checkout, clerk, goods, session_factory):
    before = counts(session_factory)
    cart = Cart(clerk)
    cart.add(goods[0])
    with pytest.raises(PaymentShort):
        checkout.complete(cart, [Cash(100_000)])
    with pytest.raises(EmptyCart):
        checkout.complete(Cart(clerk), [Cash(100_000)])
    assert counts(session_factory) == before


def test_selling_below_zero_is_allowed_and_flagged(checkout, manager, session_factory):
    rare = make_product(session_factory, stock=1)
    cart = Cart(manager)
    cart.add(rare, 3)
    done = checkout.complete(cart, [Cash(500_000)])
    assert done.below_zero == (rare.product_id,)
    assert levels(session_factory)[rare.product_id] == -2
    with session_factory() as s:
        event_row = s.scalars(select(AuditEvent).where(AuditEvent.kind == "sale")).one()
    assert event_row.data["below_zero"] == [str(rare.product_id)]


def test_discounts_are_audited_with_who_authorised(
    checkout, users, clerk, manager, goods, session_factory
):
    cart = Cart(clerk, proofs=users.proofs)
    line = cart.add(goods[0])
    proof = users.authorise(Permission.DISCOUNT_OVER_LIMIT, "2222", for_actor=clerk)
    cart.set_line_discount(line.id, percent=30, authorised_by=proof)
    checkout.complete(cart, [Cash(100_000)])
    with session_factory() as s:
        ev = s.scalars(select(AuditEvent).where(AuditEvent.kind == "discount")).one()
    assert ev.authorised_by == manager.id
    assert ev.data["lines"][0]["discount_vnd"] == 37_500


class FailingConnection:
    """The sqlite3 connection of a write, counting its statements and failing the
    ``fail_at``-th one (0: none) before SQLite sees it."""

    def __init__(self, real: sqlite3.Connection, fail_at: int, statements: list[str]):
        self._real, self._fail_at, self.statements = real, fail_at, statements

    def _step(self, statement: str) -> None:
        self.statements.append(statement)
        if len(self.statements) == self._fail_at:
            raise sqlite3.OperationalError(f"injected failure at {statement[:30]!r}")

    def execute(self, statement, *params):
        self._step(statement)
        return self._real.execute(statement, *params)

    def executemany(self, statement, rows):
        self._step(statement)
        return self._real.executemany(statement, rows)

    def __getattr__(self, name):
        return getattr(self._real, name)


def test_a_failure_at_any_statement_leaves_nothing_behind(
    checkout, clerk, goods, session_factory, settings, monkeypatch
):
    real = db.raw.driver_connection

    def inject(fail_at: int, statements: list[str]) -> None:
        monkeypatch.setattr(
            db.raw,
            "driver_connection",
            lambda pooled: FailingConnection(real(pooled), fail_at, statements),
        )

    dict(settings)  # settings are read once and cached: keep that read out of the count
    statements: list[str] = []
    inject(0, statements)
    checkout.complete(five_line_cart(clerk, goods, discount=True), [Cash(2_000_000)])
    assert statements[0] == "BEGIN IMMEDIATE" and statements[-1] == "COMMIT"
    written = " ".join(statements)
    for table in (*TABLES, StockLevel):
        assert f"INSERT INTO {table.__tablename__} " in written, table.__tablename__

    before, stock_before = counts(session_factory), levels(session_factory)
    for fail_at in range(1, len(statements) + 1):
        inject(fail_at, [])
        with pytest.raises(StorageError, match="injected failure"):
            checkout.complete(five_line_cart(clerk, goods, discount=True), [Cash(2_000_000)])
        assert counts(session_factory) == before, f"rows left after failing at {fail_at}"
        assert levels(session_factory) == stock_before
    # And the till still works afterwards, with the next receipt number.
    monkeypatch.setattr(db.raw, "driver_connection", real)
    done = checkout.complete(five_line_cart(clerk, goods), [Cash(2_000_000)])
    assert done.receipt_no.endswith("-0002")


def test_locked_database_gives_storage_error_and_writes_nothing(
    checkout, clerk, goods, session_factory, db_path, monkeypatch
):
    monkeypatch.setattr("db.engine.BUSY_TIMEOUT_MS", 100)
    before = counts(session_factory)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("PRAGMA busy_timeout=0")
    other.execute("BEGIN IMMEDIATE")
    try:
        cart = Cart(clerk)
        cart.add(goods[0])
        with pytest.raises(StorageError):
            # The engine's connections were made with the 5 s timeout; a fresh pool uses 100 ms.
            session_factory.kw["bind"].dispose()
            checkout.complete(cart, [Cash(200_000)])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert counts(session_factory) == before

"""The ledger always equals on-hand stock: random sequences of receipts, reversals, sales,
counts and adjustments, with sum(movements) == stock_levels checked for every product after
every step, and against a model of what the shelf should hold."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import func, select

from db import make_session_factory, upgrade
from db.models import StockLevel, StockMovement
from kiosk.core.cash.shifts import Shifts
from kiosk.core.catalogue.producers import Producers
from kiosk.core.catalogue.products import Products
from kiosk.core.people.users import Users
from kiosk.core.sale.cart import Cart, Item
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Cash
from kiosk.core.settings import Settings
from kiosk.core.stock.adjustments import Adjustments
from kiosk.core.stock.counts import StockCounts
from kiosk.core.stock.goods_receipts import GoodsReceipts
from tests.factories import FAST_HASHER

NOW = dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC)
PRICES = (185_000, 120_000, 45_000)


class StockMachine(RuleBasedStateMachine):
    """Drives the real services on a fresh database per run; ``self.model`` is what each
    product's level must be."""

    def __init__(self, tmp_dir):
        super().__init__()
        self.tmp_dir = tmp_dir

    @initialize()
    def shop(self):
        self.engine = upgrade(self.tmp_dir / f"inv-{id(self)}.sqlite3")
        sf = make_session_factory(self.engine)
        self.sf = sf
        clock = lambda: NOW  # noqa: E731
        settings_ = Settings(sf)
        users = Users(sf, settings_, hasher=FAST_HASHER)
        admin = users.create("admin", "admin", "9999", by=None)
        self.manager = users.create("manager", "manager", "2222", by=admin)
        self.clerk = users.create("clerk", "clerk", "1111", by=admin)
        producer = Producers(sf).add(name="HTX Thử", kind="cooperative", by=self.manager)
        self.producer = producer
        products = Products(sf, clock=clock)
        self.items = []
        for n, price in enumerate(PRICES):
            record = products.add(
                by=self.manager, name_vi=f"Sản phẩm {n}", group="handicraft", price_vnd=price
            )
            self.items.append(
                Item(record.product_id, record.sku, record.name_vi, "", "piece", 8, price)
            )
        self.model = {item.product_id: 0 for item in self.items}
        self.receipts = GoodsReceipts(sf, clock=clock)
        self.counts = StockCounts(sf, clock=clock)
        self.adjustments = Adjustments(sf, clock=clock)
        self.checkout = Checkout(sf, settings_, clock=clock)
        Shifts(sf, settings_, clock=clock).open(self.manager, 0)  # a sale needs an open shift
        self.confirmed: list[tuple[object, dict]] = []
        self.open_count = None
        self.count_entries: dict = {}

    def teardown(self):
        if hasattr(self, "engine"):
            self.engine.dispose()

    product = st.integers(min_value=0, max_value=len(PRICES) - 1)

    @rule(which=st.lists(st.tuples(product, st.integers(1, 50)), min_size=1, max_size=3))
    def receive(self, which):
        receipt = self.receipts.create(self.producer, by=self.manager)
        added: dict = {}
        for index, qty in which:
            pid = self.items[index].product_id
            self.receipts.add_line(receipt, pid, qty, 10_000, by=self.manager)
            added[pid] = added.get(pid, 0) + qty
        self.receipts.confirm(receipt, by=self.manager)
        for pid, qty in added.items():
            self.model[pid] += qty
        self.confirmed.append((receipt, added))

    @rule(data=st.data())
    def reverse(self, data):
        if not self.confirmed:
            return
        receipt, added = self.confirmed.pop(data.draw(st.integers(0, len(self.confirmed) - 1)))
        self.receipts.reverse(receipt, by=self.manager)
        for pid, qty in added.items():
            self.model[pid] -= qty

    @rule(lines=st.lists(st.tuples(product, st.integers(1, 5)), min_size=1, max_size=3))
    def sell(self, lines):
        cart = Cart(self.clerk)
        for index, qty in lines:
            cart.add(self.items[index], qty)
            self.model[self.items[index].product_id] += -qty
        self.checkout.complete(cart, [Cash(cart.totals().total_vnd)])

    @rule(index=product, qty=st.integers(1, 5), reason=st.sampled_from(["damaged", "lost"]))
    def adjust(self, index, qty, reason):
        pid = self.items[index].product_id
        self.adjustments.record(pid, qty, reason, by=self.manager)
        self.model[pid] -= qty

    @rule()
    def open_count_(self):
        if self.open_count is None:
            self.open_count = self.counts.open("shop", by=self.manager)
            self.count_entries = {}

    @rule(index=product, counted=st.integers(0, 80))
    def count(self, index, counted):
        if self.open_count is None:
            return
        pid = self.items[index].product_id
        self.counts.set_counted(self.open_count, pid, counted, by=self.manager)
        # The rule of kiosk.core.stock.counts: the shelf held `counted` when the product was
        # counted; what moved after that (sales, receipts) still applies.
        self.count_entries[pid] = counted - self.model[pid]

    @rule(zero=st.booleans())
    def apply_count(self, zero):
        if self.open_count is None:
            return
        sheet = self.counts.apply(self.open_count, by=self.manager, zero_uncounted=zero)
        for pid, variance in self.count_entries.items():
            self.model[pid] += variance
        if zero:
            for line in sheet.lines:
                if line.product_id not in self.count_entries:
                    self.model[line.product_id] += line.variance
        self.open_count = None

    @invariant()
    def ledger_equals_levels_and_model(self):
        if not hasattr(self, "sf"):
            return
        with self.sf() as s:
            ledger = dict(
                s.execute(
                    select(StockMovement.product_id, func.sum(StockMovement.quantity)).group_by(
                        StockMovement.product_id
                    )
                ).all()
            )
            levels = dict(s.execute(select(StockLevel.product_id, StockLevel.on_hand)).all())
        for pid, expected in self.model.items():
            assert ledger.get(pid, 0) == levels.get(pid, 0) == expected


@pytest.mark.slow
def test_ledger_equals_stock_levels_after_random_sequences(tmp_path):
    machine = type(
        "Run", (StockMachine,), {"__init__": lambda self: StockMachine.__init__(self, tmp_path)}
    )
    machine.TestCase.settings = settings(
        max_examples=25,
        stateful_step_count=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    machine.TestCase().runTest()

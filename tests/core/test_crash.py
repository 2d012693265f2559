"""Kill processes that sell in a loop with SIGKILL at random moments, then check the books.

Two sellers run at once on the same file (as the app and a second process could), so receipt
numbers are also drawn concurrently.
"""

import os
import random
import signal
import sys
import time
import uuid
from collections import Counter

import pytest
from sqlalchemy import func, select

from db.models import (
    OutboxEntry,
    Payment,
    ReceiptCounter,
    Sale,
    SaleLine,
    StockLevel,
    StockMovement,
)
from tests.core import crash_seller
from tests.factories import make_product

KILLS = int(os.environ.get("OCOP_CRASH_KILLS", "200"))


def start(db_path, seed):
    """Fork a seller (forking keeps start-up instant, so many kills fit in a few seconds).

    The child opens its own engine: no SQLite connection crosses the fork.
    """
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        try:
            os.dup2(write_fd, 1)
            sys.stdout = os.fdopen(1, "w", buffering=1)
            crash_seller.main(str(db_path), seed)
        finally:
            os._exit(1)
    os.close(write_fd)
    out = os.fdopen(read_fd, "r")
    assert out.readline().strip() == "ready"
    return pid, out


def kill(pid, out):
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, "seller died alone"
    lines = out.read().splitlines()
    out.close()
    return [line.split()[0] for line in lines if line.strip()]


@pytest.mark.slow
def test_sales_survive_sigkill_whole_or_not_at_all(session_factory, db_path, clerk, shift):
    for i in range(12):
        make_product(
            session_factory,
            name_vi=f"Sản phẩm {i}",
            price_vnd=10_000 + 1_000 * i,
            vat_rate_pct=8 if i % 2 else 10,
            stock=50,
        )
    rng = random.Random(20261130)
    reported: list[str] = []
    kills = 0
    sellers = {}

    def launch():
        sellers[start(db_path, rng.randrange(10**6))] = time.monotonic() + rng.uniform(0, 0.12)

    session_factory.kw["bind"].dispose()  # nothing open in the parent across the forks
    launch()
    launch()
    while sellers:
        for seller, deadline in list(sellers.items()):
            if time.monotonic() >= deadline:
                del sellers[seller]
                reported.extend(kill(*seller))
                kills += 1
                if kills + len(sellers) < KILLS:
                    launch()
        time.sleep(0.002)

    with session_factory() as s:
        sales = s.execute(select(Sale.id, Sale.receipt_no, Sale.total_vnd)).all()
        receipt_nos = [r.receipt_no for r in sales]
        assert sales, "no sale was ever committed"
        # No duplicates, and no gaps: a killed transaction takes its number back with it.
        assert len(set(receipt_nos)) == len(receipt_nos)
        assert s.scalar(select(func.sum(ReceiptCounter.last_seq))) == len(sales)
        # Every sale the seller reported as done is there.
        assert set(reported) <= set(receipt_nos)
        # Every sale is whole: lines, payments, movements and outbox entry all present.
        line_sums = dict(
            s.execute(
                select(SaleLine.sale_id, func.sum(SaleLine.amount_vnd)).group_by(SaleLine.sale_id)
            ).all()
        )
        paid = dict(
            s.execute(
                select(Payment.sale_id, func.sum(Payment.amount_vnd)).group_by(Payment.sale_id)
            ).all()
        )
        moved = Counter(
            s.scalars(select(StockMovement.sale_id).where(StockMovement.sale_id.is_not(None)))
        )
        queued = {
            uuid.UUID(e.payload["sale"]["id"])
            for e in s.scalars(select(OutboxEntry).where(OutboxEntry.kind == "sale"))
        }
        for sale in sales:
            assert line_sums.get(sale.id) == sale.total_vnd, sale.receipt_no
            assert paid.get(sale.id) == sale.total_vnd, sale.receipt_no
            assert moved[sale.id] >= 1, sale.receipt_no
            assert sale.id in queued, sale.receipt_no
        assert len(queued) == len(sales)
        # The ledger equals the stock levels.
        ledger = dict(
            s.execute(
                select(StockMovement.product_id, func.sum(StockMovement.quantity)).group_by(
                    StockMovement.product_id
                )
            ).all()
        )
        stock = dict(s.execute(select(StockLevel.product_id, StockLevel.on_hand)).all())
        assert ledger == stock
    print(f"{kills} kills, {len(sales)} sales committed, {len(reported)} reported")

"""Producer settlement: the statement of the demo day recomputed with SQL, and settling it."""

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import select

from db.models import Refund
from hardware.fakes import FakePrinter
from kiosk.core.cash.refunds import RefundItem
from kiosk.core.errors import InvalidPeriod, PermissionDenied, StaleStatement
from kiosk.core.sale.print_queue import PrintQueue
from tests.core.full_day import DAY, run_day


@pytest.fixture
def day(session_factory, settings, manager, clerk):
    return run_day(session_factory, settings, manager=manager, clerk=clerk)


@pytest.fixture
def bat_trang(day):
    return next(pid for pid, name in day.settlements.consignment_producers() if "Bát Tràng" in name)


def test_statement_matches_the_raw_rows(day, bat_trang, manager, db_path):
    st = day.settlements.statement(manager, bat_trang, DAY)
    con = sqlite3.connect(db_path)
    try:
        per_product = con.execute(
            "SELECT p.id, p.commission_pct,"
            " (SELECT coalesce(sum(l.amount_vnd), 0) FROM sale_lines l JOIN sales s"
            "   ON s.id = l.sale_id WHERE l.product_id = p.id AND s.status = 'completed'),"
            " (SELECT coalesce(sum(r.amount_vnd), 0) FROM refund_lines r WHERE r.product_id = p.id)"
            " FROM products p WHERE p.producer_id = ? AND p.consignment = 1",
            (bat_trang.hex,),
        ).fetchall()
    finally:
        con.close()
    sold = sum(s for _, _, s, _ in per_product)
    back = sum(r for _, _, _, r in per_product)
    commission = sum((2 * (s - r) * pct + 100) // 200 for _, pct, s, r in per_product)
    assert (st.sold_vnd, st.refunded_vnd) == (sold, back) == (1_746_500, 40_500)
    assert st.commission_vnd == commission == 426_500
    assert st.owed_vnd == sold - back - commission == 1_279_500
    assert [x.sku for x in st.lines] == ["TC-016", "TC-017", "TC-018"]


def test_settled_statement_is_numbered_and_the_next_one_starts_after_it(
    day, bat_trang, manager, clerk
):
    st = day.settlements.statement(manager, bat_trang, DAY)
    done = day.settlements.settle(manager, st)
    assert done.statement_no.startswith("QN01-DS20261130-")
    assert done.owed_vnd == 1_279_500
    with pytest.raises(StaleStatement):
        day.settlements.settle(manager, st)
    with pytest.raises(InvalidPeriod):
        day.settlements.statement(manager, bat_trang, DAY)  # nothing left in that period
    # The next day a bowl of day 1 comes back: the next statement deducts it.
    day.clock.now += dt.timedelta(days=1)
    day.shifts.open(manager, 0)
    day.refunds.refund(manager, day.receipts[0], [RefundItem(1, 1)], reason="Khách trả")
    nxt = day.settlements.statement(manager, bat_trang, DAY + dt.timedelta(days=1))
    assert nxt.period_start == st.period_end
    assert (nxt.sold_vnd, nxt.refunded_vnd, nxt.owed_vnd) == (0, 45_000, -33_750)
    assert [x for x, *_ in day.settlements.settled(bat_trang)] == [
        s for s, *_ in day.settlements.settled(bat_trang)
    ]
    again = day.settlements.statement_of(day.settlements.settled(bat_trang)[0][0])
    assert again.owed_vnd == 1_279_500 and again.statement_no == done.statement_no
    with pytest.raises(PermissionDenied):
        day.settlements.statement(clerk, bat_trang)


def test_refund_slip_goes_through_the_print_queue(day, session_factory, settings):
    printer = FakePrinter()
    queue = PrintQueue(session_factory, settings, printer)
    with session_factory() as s:
        refund_id = s.scalar(select(Refund.id).where(Refund.refund_no == day.refund_nos[0]))
    queue.enqueue_refund(refund_id)
    assert [j.receipt_no for j in queue.pending()] == [day.refund_nos[0]]
    assert queue.process() == 1
    [slip] = printer.documents
    assert any(getattr(e, "data", None) == day.refund_nos[0] for e in slip)

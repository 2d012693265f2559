"""Issue 18, a lean database: a sale keeps no copy of what its own row says, and the upkeep that
follows the Z report drops old printed jobs and compacts a file that is mostly free."""

import datetime as dt

import pytest
from sqlalchemy import func, select, update

from db.models import AuditEvent, OutboxEntry, PrintJob, Sale, StockMovement
from kiosk.core.backoffice import BackOffice, Visit
from kiosk.core.sale.cart import Cart
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Cash
from kiosk.core.sync.pruning import KEY_PRUNED_BYTES, prune_outbox
from kiosk.core.sync.state import get_state
from kiosk.core.upkeep import after_day_end, free_fraction, reclaimable
from tests.factories import make_product

NOW = dt.datetime(2026, 12, 6, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def checkout(session_factory, settings, shift):
    return Checkout(session_factory, settings, clock=lambda: NOW)


def test_sale_in_stock_writes_no_audit_copy_of_itself_and_one_outbox_entry(
    checkout, clerk, session_factory
):
    goods = make_product(session_factory, stock=10)
    cart = Cart(clerk)
    cart.add(goods, 2)
    with session_factory() as s:
        last_seq = s.scalar(select(func.max(OutboxEntry.seq)))
    done = checkout.complete(cart, [Cash(300_000)])
    with session_factory() as s:
        assert s.scalar(select(func.count()).where(AuditEvent.kind == "sale")) == 0
        entries = s.scalars(select(OutboxEntry).where(OutboxEntry.seq > last_seq)).all()
        sale = s.get(Sale, done.id)
        [movement] = s.scalars(select(StockMovement).where(StockMovement.kind == "sale")).all()
    assert [e.kind for e in entries] == ["sale"]
    assert entries[0].payload["sale"]["user_id"] == str(clerk.id)  # head office has the clerk
    # The movement names its sale; the receipt number and the clerk are the sale's.
    assert movement.sale_id == sale.id and movement.quantity == -2
    assert movement.reason == "" and movement.user_id is None
    assert sale.receipt_no == done.receipt_no and sale.user_id == clerk.id


def _job(created_at: dt.datetime, status: str) -> PrintJob:
    return PrintJob(kind="report", status=status, created_at=created_at)


def test_day_end_drops_printed_jobs_after_a_month_and_keeps_waiting_ones(
    session_factory, settings, users, manager, tmp_path
):
    old, recent = NOW - dt.timedelta(days=31), NOW - dt.timedelta(days=2)
    with session_factory.begin() as s:
        s.add_all([_job(old, "printed"), _job(old, "sent"), _job(old, "failed")])
        s.add_all([_job(old, "queued"), _job(recent, "printed")])
    office = BackOffice(
        session_factory, settings, users, documents_dir=tmp_path / "docs", clock=lambda: NOW
    )
    office.open_shift(manager, {100_000: 5})
    office.close_shift(Visit(manager), {100_000: 5})
    office.end_day(Visit(manager))
    with session_factory() as s:
        left = sorted((j.created_at, j.status) for j in s.scalars(select(PrintJob)))
    assert left == [(old, "failed"), (old, "queued"), (recent, "printed")]


def _fill_and_free(session_factory, rows: int, keep: int) -> None:
    """A scratch table of ``rows`` rows of 1 KB, then all but ``keep`` of them deleted."""
    with session_factory.begin() as s:
        conn = s.connection()
        conn.exec_driver_sql("CREATE TABLE scratch (x BLOB)")
        conn.exec_driver_sql(
            f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) "
            "INSERT INTO scratch SELECT randomblob(1000) FROM n"
        )
    with session_factory.begin() as s:
        s.connection().exec_driver_sql(f"DELETE FROM scratch WHERE rowid > {keep}")
    with session_factory() as s:
        s.connection().exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def test_day_end_compacts_the_file_when_most_of_it_is_free(session_factory):
    _fill_and_free(session_factory, 4000, 100)
    assert free_fraction(session_factory) > 0.5
    done = after_day_end(session_factory, now=NOW)
    assert done.compacted and done.size_after < done.size_before / 2
    assert free_fraction(session_factory) == 0
    with session_factory() as s:
        assert s.connection().exec_driver_sql("SELECT count(*) FROM scratch").scalar() == 100


def test_day_end_leaves_the_file_alone_when_little_is_free(session_factory):
    _fill_and_free(session_factory, 4000, 3800)
    assert 0 < free_fraction(session_factory) < 0.25
    done = after_day_end(session_factory, now=NOW)
    assert not done.compacted and done.size_after == done.size_before


def test_day_end_gives_back_the_space_of_payloads_pruned_a_month_after_sync(
    checkout, clerk, session_factory
):
    goods = [make_product(session_factory, name_vi=f"Mắm {i}", stock=1000) for i in range(5)]
    for _ in range(150):
        cart = Cart(clerk)
        for item in goods:
            cart.add(item)
        checkout.complete(cart, [Cash(1_000_000)])
    with session_factory.begin() as s:
        s.execute(update(OutboxEntry).values(sent_at=NOW - dt.timedelta(days=40)))
    assert after_day_end(session_factory, now=NOW).compacted is False  # nothing to give back

    assert prune_outbox(session_factory, keep_days=30, now=NOW) >= 150
    with session_factory() as s:
        pruned = int(get_state(s, KEY_PRUNED_BYTES))
    assert pruned > 150 * 1000  # a five-line sale's payload is over a kilobyte
    assert reclaimable(session_factory) >= pruned
    done = after_day_end(session_factory, now=NOW)
    assert done.compacted and done.size_before - done.size_after > pruned / 2
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Sale)) == 150
        assert get_state(s, KEY_PRUNED_BYTES) == "0"


def test_day_end_leaves_compaction_for_later_when_the_file_is_locked(
    session_factory, monkeypatch, caplog
):
    import sqlite3

    import kiosk.core.upkeep

    def locked(engine):
        raise sqlite3.OperationalError("database is locked")

    _fill_and_free(session_factory, 4000, 100)
    monkeypatch.setattr(kiosk.core.upkeep, "compact", locked)
    done = after_day_end(session_factory, now=NOW)
    assert not done.compacted and "left for the next day end" in caplog.text
    assert free_fraction(session_factory) > 0.5  # still there for the next day end

"""Pushing the outbox to a real head office: applied once, duplicates answered, bad entries kept."""

import datetime as dt
import random
import uuid

from sqlalchemy import func, select

from db.models import OutboxEntry
from db.models import Sale as KioskSale
from hq.models import (
    AuditEvent,
    DailyPayments,
    DailyProductSales,
    DailyTerminalSales,
    Entry,
    RejectedEntry,
    Sale,
    SaleLine,
    StockMovement,
    StockOnHand,
    Terminal,
)
from hq.reports import rollup
from kiosk.core.cash.shifts import Shifts
from kiosk.core.people.users import Users
from kiosk.core.sale.cart import Cart
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Card, Cash, VietQR
from kiosk.core.settings import Settings
from tests.factories import FAST_HASHER, make_product
from tests.hq.sales import queue_entry, queue_sales, sale_payload


def _hq_totals(hq, code):
    with hq.session_factory() as s:
        rows = s.execute(select(Sale.id, Sale.total_vnd).where(Sale.terminal_code == code)).all()
    return {str(i): t for i, t in rows}


def test_sales_arrive_once_when_pushed(hq, make_kiosk):
    kiosk = make_kiosk(hq)
    totals = queue_sales(kiosk.session_factory, "K01", 250)
    report = kiosk.client.push_all()
    assert (report.applied, report.duplicate, report.rejected, report.backlog) == (250, 0, 0, 0)
    assert _hq_totals(hq, "K01") == totals
    with hq.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(SaleLine)) == 250 * 5
        assert s.scalar(select(func.count()).select_from(StockMovement)) == 250 * 5
        # Payloads travel as the kiosk stored them, UTF-8 bytes: Vietnamese arrives intact.
        assert set(s.scalars(select(SaleLine.name_vi).where(SaleLine.line_no == 1))) == {
            "Nước mắm số 0"
        }
    assert kiosk.client.status().backlog == 0
    assert kiosk.client.status().online is True


def test_batch_resent_changes_nothing_when_answer_was_lost(hq, make_kiosk):
    kiosk = make_kiosk(hq)
    totals = queue_sales(kiosk.session_factory, "K01", 30)
    kiosk.client.push_all()
    with kiosk.session_factory.begin() as s:  # as if the answer never came
        s.execute(OutboxEntry.__table__.update().values(sent_at=None))
    report = kiosk.client.push_all()
    assert (report.applied, report.duplicate) == (0, 30)
    assert _hq_totals(hq, "K01") == totals


def test_malformed_entry_is_rejected_and_does_not_block_later_ones(hq, make_kiosk):
    kiosk = make_kiosk(hq)
    rng = random.Random(3)
    good1 = sale_payload("K01", 1, rng)
    bad = sale_payload("K01", 2, rng)
    bad["sale"]["total_vnd"] += 1  # does not add up
    float_money = sale_payload("K01", 3, rng)
    float_money["lines"][0]["unit_price_vnd"] = 1000.5
    good2 = sale_payload("K01", 5, rng)
    ids = [
        queue_entry(kiosk.session_factory, "sale", good1),
        queue_entry(kiosk.session_factory, "sale", bad),
        queue_entry(kiosk.session_factory, "sale", float_money),
        queue_entry(kiosk.session_factory, "refund", {"sale_id": good1["sale"]["id"], "x": 1}),
        queue_entry(kiosk.session_factory, "sale", good2),
    ]
    report = kiosk.client.push_all()
    assert (report.applied, report.rejected, report.backlog) == (2, 3, 0)
    assert set(_hq_totals(hq, "K01")) == {good1["sale"]["id"], good2["sale"]["id"]}
    rejected = kiosk.client.rejected_entries()
    assert set(rejected) == {str(ids[1]), str(ids[2]), str(ids[3])}
    assert "total_vnd" in rejected[str(ids[1])]
    assert "unit_price_vnd" in rejected[str(ids[2])]
    assert "refund" in rejected[str(ids[3])]
    assert kiosk.client.status().rejected == 3
    with hq.session_factory() as s:
        kept = {r.entry_id: r.raw for r in s.scalars(select(RejectedEntry))}
        assert set(kept) == {ids[1], ids[2], ids[3]}
        # Kept as sent, though the first two were read typed.
        assert kept[ids[1]]["payload"] == bad and kept[ids[1]]["id"] == str(ids[1])
        assert kept[ids[2]]["payload"] == float_money
        assert kept[ids[3]]["payload"] == {"sale_id": good1["sale"]["id"], "x": 1}
        assert s.get(Entry, ids[3]) is None


def test_sales_made_before_enrolment_go_up_under_the_enrolled_terminal(hq, make_kiosk):
    kiosk = make_kiosk(hq, "DL-07")
    before = sale_payload("K01", 1, random.Random(4))  # the code a new kiosk has out of the box
    queue_entry(kiosk.session_factory, "sale", before)
    report = kiosk.client.push_all()
    assert (report.applied, report.rejected) == (1, 0)
    with hq.session_factory() as s:
        sale = s.get(Sale, uuid.UUID(before["sale"]["id"]))
        terminal = s.scalar(select(Terminal).where(Terminal.code == "DL-07"))
        assert (sale.terminal_id, sale.terminal_code) == (terminal.id, "DL-07")
        assert sale.receipt_no == before["sale"]["receipt_no"]  # as printed on the receipt


def test_times_arrive_as_the_same_instant_whatever_their_zone(hq, make_kiosk):
    kiosk = make_kiosk(hq)
    sale = sale_payload("K01", 1, random.Random(9))
    sale["sale"]["created_at"] = "2026-11-30T17:05:06.123456+07:00"
    sale["sale"]["business_date"] = "2026-11-30"
    sale["movements"][0]["created_at"] = "2026-11-30T10:05:06.5Z"
    entry_id = queue_entry(kiosk.session_factory, "sale", sale)
    assert kiosk.client.push_all().applied == 1
    utc = dt.UTC
    with kiosk.session_factory() as s:
        queued_at = s.get(OutboxEntry, 1).created_at
    with hq.session_factory() as s:
        assert s.get(Sale, uuid.UUID(sale["sale"]["id"])).created_at == dt.datetime(
            2026, 11, 30, 10, 5, 6, 123456, tzinfo=utc
        )
        movement = s.get(StockMovement, uuid.UUID(sale["movements"][0]["id"]))
        assert movement.created_at == dt.datetime(2026, 11, 30, 10, 5, 6, 500000, tzinfo=utc)
        entry = s.get(Entry, entry_id)
        assert entry.created_at == queued_at.astimezone(utc)
        assert abs(entry.received_at - dt.datetime.now(utc)) < dt.timedelta(hours=1)


def test_sale_recorded_under_another_entry_is_rejected_alone(hq, make_kiosk):
    kiosk = make_kiosk(hq)
    rng = random.Random(5)
    first = sale_payload("K01", 1, rng)
    queue_entry(kiosk.session_factory, "sale", first)
    kiosk.client.push_all()
    again = queue_entry(kiosk.session_factory, "sale", first)  # same sale, new entry id
    after = sale_payload("K01", 2, rng)
    queue_entry(kiosk.session_factory, "sale", after)
    report = kiosk.client.push_all()
    assert (report.applied, report.rejected) == (1, 1)
    assert "already recorded" in kiosk.client.rejected_entries()[str(again)]
    assert set(_hq_totals(hq, "K01")) == {first["sale"]["id"], after["sale"]["id"]}
    with hq.session_factory() as s:
        kept = s.scalars(select(RejectedEntry)).one()
        assert kept.entry_id == again and kept.raw["payload"] == first and kept.kind == "sale"


def test_sales_from_the_kiosk_checkout_reach_head_office_with_their_audit_trail(
    hq_sqlite, make_kiosk
):
    kiosk = make_kiosk(hq_sqlite)  # the kiosk's settings say terminal K01
    factory = kiosk.session_factory
    settings = Settings(factory)
    users = Users(factory, settings, hasher=FAST_HASHER)
    admin = users.create("Hà", "admin", "9999", by=None)
    clerk = users.create("Lan", "clerk", "1111", by=admin)
    Shifts(factory, settings).open(admin, 0)  # a sale needs an open shift
    goods = [
        make_product(factory, price_vnd=125_000),
        make_product(factory, name_vi="Cà phê", price_vnd=180_000, vat_rate_pct=10),
        make_product(factory, name_vi="Chè", price_vnd=400_000, unit="gram", stock=5_000),
    ]
    checkout = Checkout(factory, settings)
    done = []
    for n in range(3):
        cart = Cart(clerk)
        for item in goods[: n + 1]:
            cart.add(item, 250 if item.unit == "gram" else 2)
        total = cart.totals().total_vnd
        tender = [Cash(total + 50_000)] if n != 1 else [VietQR(total - 80_000), Card(80_000, "X")]
        done.append(checkout.complete(cart, tender))
    with factory() as s:
        queued = s.scalar(select(func.count()).select_from(OutboxEntry))
    report = kiosk.client.push_all()
    assert (report.applied, report.rejected, report.backlog) == (queued, 0, 0)
    with factory() as s:
        kiosk_totals = dict(s.execute(select(KioskSale.id, KioskSale.total_vnd)).all())
    with hq_sqlite.session_factory() as s:
        hq_totals = dict(s.execute(select(Sale.id, Sale.total_vnd)).all())
        assert s.scalar(select(func.count()).select_from(AuditEvent)) >= 3
    assert hq_totals == kiosk_totals and set(hq_totals) == {d.id for d in done}


def test_batch_replayed_entry_by_entry_counts_each_sale_once_in_the_reports(hq, make_kiosk):
    """A batch the database refuses as a whole (a sale already recorded under another entry) is
    made again entry by entry in a new transaction: the first attempt's rows and report sums
    are gone with it, the good sales of the batch are counted once, the terminal's seq noted."""
    kiosk = make_kiosk(hq)
    rng = random.Random(11)
    first = sale_payload("K01", 1, rng)
    queue_entry(kiosk.session_factory, "sale", first)
    kiosk.client.push_all()
    before = sale_payload("K01", 2, rng)
    queue_entry(kiosk.session_factory, "sale", before)
    queue_entry(kiosk.session_factory, "sale", first)  # same sale, new entry id: refused
    after = sale_payload("K01", 3, rng)
    queue_entry(kiosk.session_factory, "sale", after)
    report = kiosk.client.push_all()
    assert (report.applied, report.rejected) == (2, 1)
    sold = [first, before, after]
    with hq.session_factory() as s:
        kept = {
            model.__tablename__: sorted(s.execute(select(*model.__table__.c)).all())
            for model in (DailyTerminalSales, DailyProductSales, DailyPayments, StockOnHand)
        }
        (day,) = kept["report_days"]
        assert (day.sales_count, day.sales_vnd) == (3, sum(p["sale"]["total_vnd"] for p in sold))
        assert s.scalar(select(func.count()).select_from(SaleLine)) == 15
        assert s.scalar(select(Terminal.last_seq).where(Terminal.code == "K01")) == 4
    with hq.session_factory.begin() as s:
        rollup.rebuild(s)  # recounted from the applied rows: the running sums were exact
    with hq.session_factory() as s:
        for model in (DailyTerminalSales, DailyProductSales, DailyPayments, StockOnHand):
            rows = sorted(s.execute(select(*model.__table__.c)).all())
            assert rows == kept[model.__tablename__], model.__tablename__

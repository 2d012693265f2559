"""Goods receipts: draft, confirm into stock, warnings, reversal, bad input, two managers."""

import datetime as dt
import threading

import pytest
from sqlalchemy import select

from db import make_session_factory
from db.models import (
    AuditEvent,
    GoodsReceipt,
    GoodsReceiptLine,
    OutboxEntry,
    StockLevel,
    StockMovement,
)
from kiosk.core import errors
from kiosk.core.stock.goods_receipts import GoodsReceipts
from tests.core.stock_fixtures import FISH_SAUCE_CODE, TODAY, ledger_sum, on_hand, row_counts

LATER = TODAY + dt.timedelta(days=365)
TABLES = (GoodsReceipt, GoodsReceiptLine, StockMovement, StockLevel, AuditEvent, OutboxEntry)


@pytest.fixture
def receipts(session_factory, stock_clock):
    return GoodsReceipts(session_factory, clock=stock_clock["fn"])


@pytest.fixture
def draft(receipts, shop, manager):
    receipt = receipts.create(shop.khai_hoan, by=manager, delivery_note_no="PGH-0042")
    receipts.add_line(
        receipt, shop.fish, 24, 120_000, by=manager, batch_no="L2406", expiry_date=LATER
    )
    receipts.add_line(receipt, shop.basket, 5, 150_000, by=manager)
    return receipt


def test_confirming_a_receipt_adds_its_lines_to_stock_in_one_go(
    receipts, draft, shop, manager, session_factory
):
    confirmed = receipts.confirm(draft, by=manager)
    assert confirmed.receipt.status == "confirmed"
    assert confirmed.receipt.cost_vnd == 24 * 120_000 + 5 * 150_000
    assert on_hand(session_factory, shop.fish) == 24 == ledger_sum(session_factory, shop.fish)
    assert on_hand(session_factory, shop.basket) == 5
    with session_factory() as s:
        moves = s.scalars(select(StockMovement).where(StockMovement.kind == "receipt")).all()
        assert sorted((m.quantity, m.unit_cost_vnd) for m in moves) == [
            (5, 150_000),
            (24, 120_000),
        ]
        lines = s.scalars(select(GoodsReceiptLine)).all()
        assert {ln.movement_id for ln in lines} == {m.id for m in moves}
        kinds = [e.kind for e in s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]
        assert "goods_receipt" in kinds
        assert s.scalar(select(AuditEvent).where(AuditEvent.kind == "goods_receipt_confirmed"))


def test_a_draft_changes_nothing_in_stock(receipts, draft, shop, session_factory):
    assert on_hand(session_factory, shop.fish) == 0
    assert receipts.get(draft).status == "draft"


def test_scanning_adds_one_to_the_line_of_that_product(receipts, shop, manager):
    receipt = receipts.create(shop.khai_hoan, by=manager)
    for _ in range(3):
        receipts.scan(receipt, FISH_SAUCE_CODE, by=manager)
    view = receipts.get(receipt)
    assert [(ln.name_vi, ln.quantity) for ln in view.lines] == [("Nước mắm Phú Quốc", 3)]


def test_unit_cost_defaults_to_the_last_confirmed_one(receipts, draft, shop, manager):
    receipts.confirm(draft, by=manager)
    again = receipts.create(shop.khai_hoan, by=manager)
    receipts.scan(again, FISH_SAUCE_CODE, by=manager)
    assert receipts.get(again).lines[0].unit_cost_vnd == 120_000


def test_consignment_and_commission_default_to_the_products(receipts, shop, manager):
    receipt = receipts.create(shop.tan_cuong, by=manager)
    receipts.add_line(receipt, shop.tea, 10, by=manager)
    line = receipts.get(receipt).lines[0]
    assert (line.consignment, line.commission_pct, line.unit_cost_vnd) == (True, 20, None)
    # Consigned goods need no unit cost: the shop pays for what sells, less commission.
    receipts.confirm(receipt, by=manager)


def test_warns_when_certificate_expires_within_60_days_or_batch_is_near_expiry(
    receipts, shop, manager
):
    receipt = receipts.create(shop.tan_cuong, by=manager)
    added = receipts.add_line(receipt, shop.tea, 10, by=manager)
    assert [w.kind for w in added.warnings] == ["certificate_expiring"]
    assert added.warnings[0].days_left == 30
    near = receipts.add_line(
        receipt,
        shop.fish,
        6,
        100_000,
        by=manager,
        batch_no="L0601",
        expiry_date=TODAY + dt.timedelta(days=10),
    )
    assert {w.kind for w in near.warnings} == {"batch_near_expiry", "other_producer"}
    confirmed = receipts.confirm(receipt, by=manager)
    assert {w.kind for w in confirmed.warnings} == {
        "certificate_expiring",
        "batch_near_expiry",
        "other_producer",
    }


def test_warns_when_certificate_has_expired(receipts, products, shop, manager, stock_clock):
    stock_clock["now"] += dt.timedelta(days=45)
    receipt = receipts.create(shop.tan_cuong, by=manager)
    added = receipts.add_line(receipt, shop.tea, 1, by=manager)
    assert [w.kind for w in added.warnings] == ["certificate_expired"]


def test_reversing_a_receipt_takes_its_stock_back_and_keeps_both(
    receipts, draft, shop, manager, session_factory
):
    receipts.confirm(draft, by=manager)
    reversal = receipts.reverse(draft, by=manager, note="wrong delivery")
    assert reversal.receipt.reverses_id == draft
    assert [ln.quantity for ln in reversal.receipt.lines] == [-24, -5]
    assert on_hand(session_factory, shop.fish) == 0 == ledger_sum(session_factory, shop.fish)
    assert receipts.get(draft).reversed_by_id == reversal.receipt.id
    with pytest.raises(errors.ReceiptNotReversible):
        receipts.reverse(draft, by=manager)
    with pytest.raises(errors.ReceiptNotReversible):
        receipts.reverse(reversal.receipt.id, by=manager)
    corrected = receipts.copy_as_draft(draft, by=manager)
    assert [ln.quantity for ln in receipts.get(corrected).lines] == [24, 5]


def test_confirmed_receipt_cannot_be_edited(receipts, draft, shop, manager):
    receipts.confirm(draft, by=manager)
    line = receipts.get(draft).lines[0]
    with pytest.raises(errors.ReceiptNotDraft):
        receipts.update_line(line.id, by=manager, quantity=99)
    with pytest.raises(errors.ReceiptNotDraft):
        receipts.add_line(draft, shop.fish, 1, 1, by=manager, expiry_date=LATER)
    with pytest.raises(errors.ReceiptNotDraft):
        receipts.remove_line(line.id, by=manager)
    with pytest.raises(errors.ReceiptNotDraft):
        receipts.discard(draft, by=manager)


@pytest.mark.parametrize(
    ("quantity", "cost", "error"),
    [
        (0, 1000, errors.InvalidQuantity),
        (-5, 1000, errors.InvalidQuantity),
        (1_000_000, 1000, errors.InvalidQuantity),
        (2.5, 1000, errors.InvalidQuantity),
        (True, 1000, errors.InvalidQuantity),
        (5, -1, errors.InvalidCost),
        (5, 12.5, errors.InvalidCost),
        (5, 10**12, errors.InvalidCost),
    ],
)
def test_bad_quantity_or_cost_is_refused_and_nothing_written(
    receipts, draft, shop, manager, session_factory, quantity, cost, error
):
    before = row_counts(session_factory, *TABLES)
    with pytest.raises(error):
        receipts.add_line(draft, shop.basket, quantity, cost, by=manager)
    assert row_counts(session_factory, *TABLES) == before


def test_expiry_in_the_past_for_a_new_batch_is_refused(
    receipts, draft, shop, manager, session_factory
):
    before = row_counts(session_factory, *TABLES)
    with pytest.raises(errors.InvalidBatch) as caught:
        receipts.add_line(
            draft, shop.fish, 5, 1000, by=manager, expiry_date=TODAY - dt.timedelta(days=1)
        )
    assert caught.value.data["reason"] == "expired"
    assert row_counts(session_factory, *TABLES) == before


def test_food_without_expiry_date_cannot_be_confirmed(receipts, shop, manager, session_factory):
    receipt = receipts.create(shop.khai_hoan, by=manager)
    receipts.add_line(receipt, shop.fish, 5, 1000, by=manager)
    before = row_counts(session_factory, *TABLES)
    with pytest.raises(errors.InvalidBatch) as caught:
        receipts.confirm(receipt, by=manager)
    assert caught.value.data["reason"] == "required"
    assert row_counts(session_factory, *TABLES) == before
    assert receipts.get(receipt).status == "draft"


def test_batch_that_expired_while_in_draft_is_refused_at_confirmation(
    receipts, shop, manager, stock_clock
):
    receipt = receipts.create(shop.khai_hoan, by=manager)
    receipts.add_line(
        receipt, shop.fish, 5, 1000, by=manager, expiry_date=TODAY + dt.timedelta(days=2)
    )
    stock_clock["now"] += dt.timedelta(days=3)
    with pytest.raises(errors.InvalidBatch):
        receipts.confirm(receipt, by=manager)


def test_owned_line_without_cost_and_empty_receipt_cannot_be_confirmed(receipts, shop, manager):
    empty = receipts.create(shop.khai_hoan, by=manager)
    with pytest.raises(errors.EmptyReceipt):
        receipts.confirm(empty, by=manager)
    receipts.add_line(empty, shop.basket, 5, by=manager)
    with pytest.raises(errors.InvalidCost):
        receipts.confirm(empty, by=manager)


def test_a_clerk_cannot_receive_goods(receipts, shop, clerk):
    with pytest.raises(errors.PermissionDenied):
        receipts.create(shop.khai_hoan, by=clerk)


def test_confirmed_twice_is_refused(receipts, draft, manager, session_factory):
    receipts.confirm(draft, by=manager)
    before = row_counts(session_factory, *TABLES)
    with pytest.raises(errors.ReceiptNotDraft) as caught:
        receipts.confirm(draft, by=manager)
    assert caught.value.data["confirmed_by"] == manager.id
    assert row_counts(session_factory, *TABLES) == before


def test_two_managers_confirming_the_same_draft_at_once_only_one_succeeds(
    draft, shop, manager, users, admin, engine, stock_clock, session_factory
):
    second = users.create("Tuấn", "manager", "3333", by=admin)
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def confirm(actor):
        # Each manager at their own terminal session: a session factory of their own.
        own = GoodsReceipts(make_session_factory(engine), clock=stock_clock["fn"])
        start.wait()
        try:
            outcomes.append(own.confirm(draft, by=actor))
        except errors.DomainError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=confirm, args=(a,)) for a in (manager, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    refused = [o for o in outcomes if isinstance(o, errors.ReceiptNotDraft)]
    assert len(outcomes) == 2 and len(refused) == 1
    assert on_hand(session_factory, shop.fish) == 24 == ledger_sum(session_factory, shop.fish)
    with session_factory() as s:
        assert len(s.scalars(select(StockMovement)).all()) == 2


def test_receipts_list_newest_first_with_their_cost(receipts, draft, shop, manager, stock_clock):
    receipts.confirm(draft, by=manager)
    stock_clock["now"] += dt.timedelta(minutes=5)
    other = receipts.create(shop.tan_cuong, by=manager)
    listed = receipts.list()
    assert [r.id for r in listed] == [other, draft]
    assert listed[1].cost_vnd == 24 * 120_000 + 5 * 150_000
    assert [r.id for r in receipts.list(status="draft")] == [other]


def test_draft_line_edits_are_checked_like_new_lines(receipts, draft, manager, session_factory):
    line = receipts.get(draft).lines[0]
    receipts.update_line(line.id, by=manager, quantity=30, batch_no="L2407")
    assert (receipts.get(draft).lines[0].quantity, receipts.get(draft).lines[0].batch_no) == (
        30,
        "L2407",
    )
    before = row_counts(session_factory, *TABLES)
    with pytest.raises(errors.InvalidBatch):
        receipts.update_line(line.id, by=manager, expiry_date=TODAY - dt.timedelta(days=1))
    with pytest.raises(errors.InvalidQuantity):
        receipts.update_line(line.id, by=manager, quantity=-1)
    assert row_counts(session_factory, *TABLES) == before
    assert receipts.get(draft).lines[0].expiry_date == LATER

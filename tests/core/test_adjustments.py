"""Adjustments: quantity and a required reason, one movement, nothing half-written."""

import pytest
from sqlalchemy import select

from db.models import AuditEvent, OutboxEntry, StockAdjustment, StockMovement
from kiosk.core import errors
from kiosk.core.stock.adjustments import Adjustments
from tests.core.stock_fixtures import ledger_sum, on_hand, row_counts

TABLES = (StockAdjustment, StockMovement, AuditEvent, OutboxEntry)


@pytest.fixture
def adjustments(session_factory, stock_clock):
    return Adjustments(session_factory, clock=stock_clock["fn"])


@pytest.mark.parametrize("reason", ["damaged", "expired", "lost", "sample", "gift", "returned"])
def test_adjustment_takes_stock_off_with_its_reason(
    adjustments, shop, manager, session_factory, reason
):
    done = adjustments.record(shop.basket, 2, reason, by=manager, note="rơi vỡ khi xếp kệ")
    assert done.on_hand_after == -2
    assert on_hand(session_factory, shop.basket) == -2 == ledger_sum(session_factory, shop.basket)
    with session_factory() as s:
        move = s.scalar(select(StockMovement).where(StockMovement.kind == "adjustment"))
        assert (move.quantity, move.reason) == (-2, f"{reason}: rơi vỡ khi xếp kệ")
        entry = s.scalar(select(OutboxEntry).where(OutboxEntry.kind == "adjustment"))
        assert entry.payload["reason"] == reason
    assert [a.reason for a in adjustments.list(product_id=shop.basket)] == [reason]


@pytest.mark.parametrize(
    ("quantity", "reason", "error"),
    [
        (2, "", errors.InvalidAdjustment),
        (2, "because", errors.InvalidAdjustment),
        (0, "lost", errors.InvalidQuantity),
        (-4, "lost", errors.InvalidQuantity),
        (10**8, "lost", errors.InvalidQuantity),
        (1.5, "lost", errors.InvalidQuantity),
    ],
)
def test_bad_adjustment_is_refused_and_nothing_written(
    adjustments, shop, manager, session_factory, quantity, reason, error
):
    before = row_counts(session_factory, *TABLES)
    with pytest.raises(error):
        adjustments.record(shop.basket, quantity, reason, by=manager)
    assert row_counts(session_factory, *TABLES) == before


def test_a_clerk_cannot_adjust_stock(adjustments, shop, clerk):
    with pytest.raises(errors.PermissionDenied):
        adjustments.record(shop.basket, 1, "lost", by=clerk)

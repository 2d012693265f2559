"""Ending the session (SIGTERM, the window closed) without a window: the cart parked on disk and
found at the next start, the WAL checkpointed, the log saying so."""

import logging

import pytest

from kiosk.core.sale.session_end import end_session
from tests.demo_till import FISH_SAUCE, FISH_SAUCE_750, build_template, open_till


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("demo") / "template.sqlite3")


@pytest.fixture
def till(template, tmp_path):
    t = open_till(template, tmp_path)
    t.sign_in("Lan", "1111")
    return t


def next_start(tmp_path):
    """A till on a copy of the database file alone: whole only if the WAL was checkpointed."""
    (tmp_path / "next").mkdir()
    return open_till(tmp_path / "kiosk.sqlite3", tmp_path / "next")


def test_ending_with_goods_on_the_till_parks_them_for_the_next_start(till, tmp_path, caplog):
    till.scan(FISH_SAUCE)
    till.scan(FISH_SAUCE)
    till.scan(FISH_SAUCE_750)
    with caplog.at_level(logging.INFO):
        ended = end_session(till, reason="SIGTERM")
    assert ended.parked_lines == 2 and ended.checkpointed and not ended.payment_interrupted
    assert "session ended (SIGTERM): cart parked (2 lines), WAL checkpointed" in caplog.text
    wal = tmp_path / "kiosk.sqlite3-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    again = next_start(tmp_path)
    again.sign_in("Minh", "2222")
    [parked] = again.parked()
    assert parked.parked_by == "Lan" and parked.total_vnd == 2 * 185_000 + 145_000
    cart = again.recall(parked.id)
    assert [(ln.item.sku, ln.quantity) for ln in cart.lines] == [("TP-001", 2), ("TP-002", 1)]
    assert again.parked() == []


def test_a_recalled_cart_is_gone_from_disk_and_a_parked_one_stays(till, tmp_path):
    till.scan(FISH_SAUCE)
    first = till.park()
    till.scan(FISH_SAUCE_750)
    till.park()
    till.recall(first.id)
    till.cart.clear()
    end_session(till)
    again = next_start(tmp_path)
    again.sign_in("Lan", "1111")
    [parked] = again.parked()
    assert [ln.item.sku for ln in parked.cart.lines] == ["TP-002"]


def test_ending_during_a_payment_parks_the_cart_and_logs_what_was_tendered(till, caplog):
    till.scan(FISH_SAUCE)
    draft = till.begin_payment()
    draft.add_card(100_000, "A123")
    with caplog.at_level(logging.INFO):
        ended = end_session(till, payment=draft)
    assert ended.payment_interrupted and ended.parked_lines == 1
    assert "not recorded: card 100000 VND ref A123" in caplog.text


def test_ending_with_an_empty_till_parks_nothing(till, caplog):
    with caplog.at_level(logging.INFO):
        ended = end_session(till)
    assert ended.parked_lines == 0
    assert "no cart to park, WAL checkpointed" in caplog.text

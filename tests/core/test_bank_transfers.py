"""VietQR sales confirmed by the bank: the kiosk's watch on head office, with the SePay
simulator playing the bank; and the clerk's confirmation by hand when head office is away."""

import datetime as dt
import queue
import time

import pytest
from sqlalchemy import select

from db.models import AuditEvent
from kiosk.core.errors import MissingReason
from kiosk.core.localtime import VIETNAM
from kiosk.core.sale.transfer_list import transfers_of_day
from kiosk.core.sale.transfers import (
    TransferStatus,
    confirm_by_hand,
    take_from_bank,
)
from kiosk.core.sync.transfers import TransferWatch
from tests.bank_helpers import bank_hq, enrolled_sync, notify
from tests.demo_till import FISH_SAUCE


@pytest.fixture
def hq(tmp_path):
    made = bank_hq(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    yield made
    made.close()


@pytest.fixture
def sync(till, hq):
    service, line = enrolled_sync(till, hq)
    service.line = line
    yield service
    service.close()


def _begin(till):
    till.sign_in("Lan", "1111")
    till.scan(FISH_SAUCE)
    draft = till.begin_payment()
    return draft, till.vietqr(draft.due_vnd, draft.reference)


def _watch(sync, qr, **kw):
    seen: queue.Queue = queue.Queue()
    watch = TransferWatch(sync.transfer_link(), qr.purpose, qr.amount_vnd, seen.put, **kw)
    return watch.start(), seen


def _audit(till, kind="vietqr_confirmed"):
    with till.session_factory() as s:
        return s.scalars(select(AuditEvent).where(AuditEvent.kind == kind)).all()


def test_sale_completes_within_two_seconds_of_the_bank_notification(till, hq, sync):
    draft, qr = _begin(till)
    assert len(qr.purpose) <= 25 and qr.purpose in qr.payload  # tag 62-08
    watch, seen = _watch(sync, qr)
    assert seen.get(timeout=5).status is TransferStatus.WAITING
    sent = time.monotonic()
    notify(hq, 185_000, f"NGUYEN VAN A chuyen khoan {qr.purpose}", bank_reference="FT26001")
    progress = seen.get(timeout=5)
    assert time.monotonic() - sent < 2.0
    assert progress.complete and progress.bank_reference == "FT26001"
    take_from_bank(draft, progress)
    sale = till.complete(draft)
    watch.stop()
    (payment,) = sale.payments
    assert (payment.confirmed_by, payment.bank_reference) == ("bank", "FT26001")
    (event,) = _audit(till)
    assert event.data["by"] == "bank" and event.data["bank_reference"] == "FT26001"
    assert event.subject_id == str(sale.id)


def test_underpaid_transfer_is_shown_and_never_taken(till, hq, sync):
    draft, qr = _begin(till)
    watch, seen = _watch(sync, qr)
    seen.get(timeout=5)
    notify(hq, 85_000, qr.purpose)
    progress = seen.get(timeout=5)
    watch.stop()
    assert progress.status is TransferStatus.UNDERPAID and progress.received_vnd == 85_000
    with pytest.raises(ValueError):
        take_from_bank(draft, progress)
    assert draft.tenders == []


def test_kiosk_offline_then_back_hears_of_the_transfer_that_came_meanwhile(till, hq, sync):
    sync.line.offline = True
    draft, qr = _begin(till)
    watch, seen = _watch(sync, qr, retry_s=0.2)
    assert seen.get(timeout=5).status is TransferStatus.OFFLINE
    notify(hq, 185_000, qr.purpose)  # the bank was quicker than the kiosk's line
    sync.line.offline = False
    progress = seen.get(timeout=5)
    watch.stop()
    assert progress.complete
    take_from_bank(draft, progress)
    assert till.complete(draft).payments[0].confirmed_by == "bank"


def test_offline_confirmation_by_hand_needs_a_reason_is_audited_and_reconciled_later(
    till, hq, sync
):
    sync.line.offline = True
    draft, qr = _begin(till)
    with pytest.raises(MissingReason):
        confirm_by_hand(draft, qr.amount_vnd, qr.purpose, "  ")
    confirm_by_hand(draft, qr.amount_vnd, qr.purpose, "Seen in the shop's bank app")
    sale = till.complete(draft)
    (event,) = _audit(till)
    assert event.data["by"] == "clerk" and event.data["reason"] == "Seen in the shop's bank app"
    assert event.user_id == till.actor.id
    # Back online: the sale goes up, then the transfer arrives late, and is reconciled.
    sync.line.offline = False
    sync.sync_once()
    notify(hq, 185_000, f"CT {qr.purpose}", bank_reference="FT26999")
    today = dt.datetime.now(VIETNAM).date()
    (row,) = sync.transfer_link().day(today).rows
    assert row.status == "matched" and row.receipt_no == sale.receipt_no
    assert row.confirmed_by_hand and row.bank_reference == "FT26999"


def test_second_transfer_of_a_split_payment_gets_its_own_reference(till):
    draft, qr = _begin(till)
    confirm_by_hand(draft, 85_000, qr.purpose, "Head office offline")
    assert draft.reference != qr.purpose and draft.due_vnd == 100_000


def test_back_office_list_shows_hand_confirmed_reconciled_and_unmatched_transfers(till, hq, sync):
    draft, qr = _begin(till)
    confirm_by_hand(draft, qr.amount_vnd, qr.purpose, "Head office offline")
    sale = till.complete(draft)
    sync.sync_once()
    notify(hq, 185_000, qr.purpose, bank_reference="FT1")
    notify(hq, 42_000, "tien an sang", bank_reference="FT2")  # no code: no sale took it
    today = dt.datetime.now(VIETNAM).date()
    assert [x.bank_status for x in transfers_of_day(till.session_factory, today)] == [""]
    lines = transfers_of_day(till.session_factory, today, sync.transfer_link().day(today))
    taken = next(x for x in lines if x.receipt_no == sale.receipt_no)
    assert (taken.confirmed_by, taken.bank_status, taken.bank_reference) == (
        "clerk",
        "matched",
        "FT1",
    )
    (stray,) = [x for x in lines if x is not taken]
    assert (stray.confirmed_by, stray.bank_status, stray.amount_vnd) == ("", "unmatched", 42_000)

"""Sent outbox entries keep their payload for outbox_keep_days (30), then only their ids;
unsent and rejected entries keep theirs."""

import datetime as dt

from sqlalchemy import func, select, update

from db.models import OutboxEntry, SyncState
from kiosk.core.sync.pruning import prune_outbox
from tests.sync_helpers import sell, sync_for


def payloads(sf) -> dict:
    with sf() as s:
        return {row.id: row.payload for row in s.scalars(select(OutboxEntry))}


def test_payloads_older_than_30_days_are_dropped_keeping_ids_when_head_office_confirmed(till):
    sf = till._sf
    sell(till, 4)
    now = dt.datetime.now(dt.UTC)
    with sf.begin() as s:
        sales = s.scalars(
            select(OutboxEntry).where(OutboxEntry.kind == "sale").order_by(OutboxEntry.seq)
        ).all()
        old, recent, rejected, _unsent = sales
        old.sent_at = rejected.sent_at = now - dt.timedelta(days=31)
        recent.sent_at = now - dt.timedelta(days=29)
        s.add(SyncState(key=f"rejected:{rejected.id}", value="unknown product"))
        ids = [e.id for e in sales]
    before = payloads(sf)
    with sf() as s:
        rows_before = s.scalar(select(func.count()).select_from(OutboxEntry))

    assert prune_outbox(sf) == 1
    after = payloads(sf)
    assert after[ids[0]] == {}  # confirmed a month ago: id only
    for kept in ids[1:]:  # recent, rejected, unsent: whole
        assert after[kept] == before[kept] and after[kept]["lines"]
    with sf() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == rows_before
    assert prune_outbox(sf, keep_days=20) == 1  # the setting decides; recent goes now
    assert payloads(sf)[ids[1]] == {}


def test_sync_drops_old_confirmed_payloads_when_it_pushes(till, hq_server):
    sync, _ = sync_for(till)
    try:
        sync.enrol_at_console(hq_server.url, hq_server.add_terminal("DL-12"))
        sell(till, 2)
        sync.sync_once()
        with till._sf.begin() as s:
            s.execute(
                update(OutboxEntry).values(sent_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=40))
            )
        sell(till, 1)
        assert sync.sync_once().push.applied >= 1
        cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
        with till._sf() as s:
            entries = s.scalars(select(OutboxEntry)).all()
        old = [e.payload for e in entries if e.sent_at < cutoff]
        new = [e.payload for e in entries if e.sent_at >= cutoff]
        assert old and all(p == {} for p in old)
        assert new and all(p for p in new)  # what was just sent is whole
    finally:
        sync.close()

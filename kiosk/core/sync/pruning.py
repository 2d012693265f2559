"""Outbox entries that head office confirmed keep their payload for ``outbox_keep_days`` (30),
then only their id, kind and times.

The payload of a sale is most of its outbox row (4.4 KB a sale: half an 8 GB database per
million sales), and once head office applied it, it exists there. The row stays: its id is
what head office de-duplicates on and what an operator looks up. Entries head office rejected
keep their payload (the operator needs it to fix them), and so does everything unsent.

The rows shrink where they are: their pages stay the outbox's, nearly empty, and new entries
(appended at the end) never use them, so the file does not shrink or stop growing by itself.
The payload bytes dropped are added up under :data:`KEY_PRUNED_BYTES` for the day-end upkeep
(:mod:`kiosk.core.upkeep`), which compacts the file once enough of it is such dead space.
"""

import datetime as dt
import logging
import uuid

from sqlalchemy import LargeBinary, String, cast, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from db.models import OutboxEntry, SyncState, utcnow
from kiosk.core.settings import Settings
from kiosk.core.sync.state import REJECTED_PREFIX, get_state, put_state

log = logging.getLogger(__name__)

EMPTY = "{}"
BATCH = 2000  # rows per transaction: the till's checkout never waits long for the lock
# Where the last pruning stopped: entries sent before it are done, so each round (every sync)
# reads only what has aged past the line since, not the whole history.
KEY_PRUNED_BEFORE = "outbox_pruned_before"
# Payload bytes dropped since the file was last compacted: space the file holds but never reuses.
KEY_PRUNED_BYTES = "outbox_pruned_bytes"


def prune_outbox(
    session_factory: sessionmaker[Session],
    *,
    keep_days: int | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Drop the payloads of confirmed entries sent before ``now - keep_days``; how many."""
    if keep_days is None:
        keep_days = int(Settings(session_factory)["outbox_keep_days"])
    cutoff = (now or utcnow()) - dt.timedelta(days=keep_days)
    with session_factory() as s:
        done_before = get_state(s, KEY_PRUNED_BEFORE)
        rejected = {
            uuid.UUID(key[len(REJECTED_PREFIX) :]).hex
            for key in s.scalars(
                select(SyncState.key).where(SyncState.key.startswith(REJECTED_PREFIX))
            )
        }
        query = (
            select(
                OutboxEntry.seq,
                OutboxEntry.id,
                func.length(cast(OutboxEntry.payload, LargeBinary)) - len(EMPTY),
            )
            .where(OutboxEntry.sent_at.is_not(None), OutboxEntry.sent_at < cutoff)
            .where(cast(OutboxEntry.payload, String) != EMPTY)
            .order_by(OutboxEntry.seq)
        )
        if done_before:
            query = query.where(OutboxEntry.sent_at >= dt.datetime.fromisoformat(done_before))
        rows = s.execute(query).all()
    pruned = [(seq, size) for seq, id_, size in rows if id_.hex not in rejected]
    seqs = [seq for seq, _ in pruned]
    for start in range(0, len(seqs), BATCH):
        with session_factory.begin() as s:
            s.execute(
                update(OutboxEntry)
                .where(OutboxEntry.seq.in_(seqs[start : start + BATCH]))
                .values(payload={})
            )
    if seqs:
        with session_factory.begin() as s:
            put_state(s, KEY_PRUNED_BEFORE, cutoff.isoformat())
            dropped = int(get_state(s, KEY_PRUNED_BYTES) or 0) + sum(n for _, n in pruned)
            put_state(s, KEY_PRUNED_BYTES, str(dropped))
        log.info("outbox: payloads of %d confirmed entries dropped (ids kept)", len(seqs))
    return len(seqs)

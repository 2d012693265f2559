"""The outbox's side of the push: the oldest unsent entries, the request body made of them, and
head office's answers marked on them (rejected ones recorded for the operator).
"""

import datetime as dt
import json
import logging
from collections.abc import Sequence

from sqlalchemy import LargeBinary, Row, cast, select, update
from sqlalchemy.orm import Session

from db.models import OutboxEntry
from hq import protocol
from kiosk.core.sync.state import (
    KEY_LAST_PUSH,
    KEY_REJECTED_COUNT,
    REJECTED_PREFIX,
    get_state,
    iso_utc,
    put_state,
)

log = logging.getLogger(__name__)


def unsent_batch(session: Session, batch_size: int) -> Sequence[Row]:
    """The oldest ``batch_size`` unsent entries: seq, id, kind, created_at and payload."""
    return session.execute(
        select(
            OutboxEntry.seq,
            OutboxEntry.id,
            OutboxEntry.kind,
            OutboxEntry.created_at,
            # The payload as stored (JSON text), as the database's UTF-8 bytes: forwarded
            # as is, never decoded into a str and encoded again.
            cast(OutboxEntry.payload, LargeBinary).label("payload"),
        )
        .where(OutboxEntry.sent_at.is_(None))
        .order_by(OutboxEntry.seq)
        .limit(batch_size)
    ).all()


def push_body(batch: Sequence[Row], terminal_code: str, backlog: int) -> bytes:
    """The push request, as bytes: the entries' heads made here, their payloads as stored."""
    code = json.dumps(terminal_code)
    kinds: dict[str, str] = {}
    entries = []
    for row in batch:
        kind = kinds.get(row.kind)
        if kind is None:
            kind = kinds[row.kind] = json.dumps(row.kind)
        head = (
            f'{{"id":"{row.id}","seq":{row.seq},"kind":{kind},'
            f'"created_at":"{iso_utc(row.created_at)}","terminal_code":{code},"payload":'
        )
        entries.append(b"%s%s}" % (head.encode(), row.payload or b"null"))
    return b'{"backlog":%d,"entries":[%s]}' % (backlog, b",".join(entries))


def answered(
    batch: Sequence[Row], answer: protocol.PushResponse
) -> dict[int, protocol.EntryResult]:
    """Head office's result for each entry of the batch it answered, by the entry's seq."""
    seq_of = {row.id: row.seq for row in batch}
    results: dict[int, protocol.EntryResult] = {}
    for result in answer.results:
        if result.id in seq_of:
            results[seq_of[result.id]] = result
    return results


def mark_answered(
    session: Session, results: dict[int, protocol.EntryResult], now: dt.datetime
) -> dict[str, int]:
    """Mark the answered entries sent, record the rejected ones; how many had each status."""
    counts = {"applied": 0, "duplicate": 0, "rejected": 0}
    seqs = sorted(results)
    for start in range(0, len(seqs), 500):
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.seq.in_(seqs[start : start + 500]))
            .where(OutboxEntry.sent_at.is_(None))
            .values(sent_at=now)
        )
    for result in results.values():
        counts[result.status] += 1
        if result.status == "rejected":
            reason = (result.reason or "rejected")[:400]
            log.warning("head office rejected outbox entry %s: %s", result.id, reason)
            put_state(session, f"{REJECTED_PREFIX}{result.id}", reason)
    if counts["rejected"]:
        total = int(get_state(session, KEY_REJECTED_COUNT) or 0) + counts["rejected"]
        put_state(session, KEY_REJECTED_COUNT, str(total))
    put_state(session, KEY_LAST_PUSH, iso_utc(now))
    return counts

"""Applying a terminal's pushed outbox entries, exactly once each.

Every entry is judged on its own: validated against :mod:`hq.protocol`, checked to come from the
token's terminal, de-duplicated by its id. Well-formed entries of the kinds head office applies
arrive validated by the request's one pass over the JSON (:class:`protocol.PushRequest`); any
other entry arrives as a dict and is validated here, so that a malformed one gets its reason.
Good entries of a batch are written in one transaction with bulk inserts (the fast path). If the
database refuses that (a sale id already recorded under another entry, say), the batch is replayed
entry by entry in savepoints so that only the offending entry is rejected and the rest still
apply. Rejected entries are kept, as they came, in ``rejected_entries`` for an operator.

Two pushes of one terminal at once (a retry racing a stalled first attempt) are serialised: by an
advisory lock on PostgreSQL, by SQLite's single writer (``BEGIN IMMEDIATE``) on SQLite. So the
duplicate check reads what the other push committed.
"""

import datetime as dt
import functools
import json
import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from pydantic import BaseModel, ValidationError
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from hq import einvoices, entry_checks, kiosk_users, protocol
from hq.entry_rows import Rows
from hq.models import Entry, RejectedEntry, Terminal, utcnow

log = logging.getLogger(__name__)

MAX_REASON = 1000
# A constraint refused the rows: through SQLAlchemy, or straight from psycopg's COPY.
_REFUSED = (IntegrityError, psycopg.IntegrityError)
MAX_RAW_CHARS = 200_000


# The entry as it came, by its index in the batch: needed only for an entry to reject.
RawOf = Callable[[int], Any]


@dataclass
class _Judged:
    """One entry of the batch and what became of it so far.

    ``raw`` is the entry as it came when it came as a dict; None when it came validated.
    """

    index: int
    raw: Any
    entry: protocol.OutboxEntry | protocol.TypedEntry | None = None
    payload: BaseModel | None = None
    status: str | None = None  # None while it may still apply
    reason: str | None = None

    @property
    def entry_id(self) -> uuid.UUID | None:
        if self.entry is not None:
            return self.entry.id
        if isinstance(self.raw, dict):
            try:
                return uuid.UUID(str(self.raw.get("id")))
            except ValueError:
                return None
        return None


def _describe(exc: ValidationError, prefix: str = "") -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err["loc"])
        parts.append(f"{prefix}{loc}: {err['msg']}" if loc else f"{prefix}{err['msg']}")
    more = len(exc.errors()) - 5
    if more > 0:
        parts.append(f"and {more} more")
    return "; ".join(parts)


def _judge(index: int, raw: Any, terminal_code: str) -> _Judged:
    if isinstance(raw, protocol.TypedEntry):  # validated with the request
        judged = _Judged(index=index, raw=None, entry=raw, payload=raw.payload)
        return _check_terminal(judged, terminal_code)
    judged = _Judged(index=index, raw=raw)
    if not isinstance(raw, dict):
        judged.status, judged.reason = "rejected", "entry is not a JSON object"
        return judged
    try:
        entry = protocol.OutboxEntry.model_validate(raw)
    except ValidationError as exc:
        judged.status, judged.reason = "rejected", _describe(exc)
        return judged
    judged.entry = entry
    model = protocol.PAYLOAD_MODELS.get(entry.kind)  # None: a kind for later versions, kept as is
    if model is not None and entry.terminal_code == terminal_code:  # else refused for its terminal
        try:
            judged.payload = model.model_validate(entry.payload)
        except ValidationError as exc:
            judged.status, judged.reason = "rejected", _describe(exc, "payload.")
            return judged
    return _check_terminal(judged, terminal_code)


def _check_terminal(judged: _Judged, terminal_code: str) -> _Judged:
    entry = judged.entry
    assert entry is not None
    if entry.terminal_code != terminal_code:
        judged.status = "rejected"
        judged.reason = (
            f"terminal_code {entry.terminal_code!r} is not this token's terminal {terminal_code!r}"
        )
        return judged
    # A record made before enrolment carries the terminal's code of then: it is taken as this
    # terminal's (hq.entry_rows stores it under the token's terminal and code), not refused.
    return judged


def entries_as_sent(body: bytes) -> RawOf:
    """``raw_of`` for :func:`push`: entry ``index`` of a push request's body, decoded when first
    asked for (a batch without rejections never decodes it twice)."""

    @functools.cache
    def entries() -> list[Any]:
        return json.loads(body)["entries"]

    return lambda index: entries()[index]


def _lock_terminal(session: Session, terminal_id: int) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(7001, :t)"), {"t": terminal_id})


def _existing_ids(session: Session, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    if session.get_bind().dialect.name == "postgresql":  # one array parameter, not 1,000
        found = session.scalars(text("SELECT id FROM entries WHERE id = ANY(:ids)"), {"ids": ids})
        return set(found)
    found: set[uuid.UUID] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.update(session.scalars(select(Entry.id).where(Entry.id.in_(chunk))))
    return found


def _keep_rejected(
    session: Session, terminal: Terminal, judged: _Judged, now: dt.datetime, raw_of: RawOf | None
) -> None:
    entry_id = judged.entry_id
    raw = judged.raw
    if raw is None:  # it came validated: the entry as sent, else as head office read it
        assert judged.entry is not None
        raw = raw_of(judged.index) if raw_of else judged.entry.model_dump(mode="json")
    if len(json.dumps(raw, default=str)) > MAX_RAW_CHARS:
        raw = {"truncated": True, "head": json.dumps(raw, default=str)[:MAX_RAW_CHARS]}
    existing = None
    if entry_id is not None:
        existing = session.scalar(
            select(RejectedEntry).where(
                RejectedEntry.terminal_id == terminal.id, RejectedEntry.entry_id == entry_id
            )
        )
    if existing is not None:
        existing.attempts += 1
        existing.last_received_at = now
        existing.reason = judged.reason or ""
        existing.raw = raw
        return
    seq = raw.get("seq") if isinstance(raw, dict) else None
    kind = raw.get("kind") if isinstance(raw, dict) else ""
    session.add(
        RejectedEntry(
            terminal_id=terminal.id,
            entry_id=entry_id,
            seq=seq if type(seq) is int and 0 <= seq < 2**63 else None,
            kind=kind[:40] if isinstance(kind, str) else "",
            reason=(judged.reason or "")[:MAX_REASON],
            raw=raw,
            received_at=now,
            last_received_at=now,
        )
    )


def _rows_of(judged: Iterable[_Judged], terminal: Terminal, now: dt.datetime) -> Rows:
    """The rows the judged entries become, to write at once."""
    rows = Rows()
    for j in judged:
        assert j.entry is not None
        rows.add(j.entry, j.payload, terminal.id, now)
    return rows


def _apply(session: Session, terminal: Terminal, candidates: list[_Judged], now: dt.datetime):
    """Write the candidates; on a database refusal, fall back to one savepoint per entry."""
    rows = _rows_of(candidates, terminal, now)
    try:
        with session.begin_nested():
            rows.write(session)
    except _REFUSED:
        log.info("batch of terminal %s refused as a whole: replaying entry by entry", terminal.code)
    else:
        for judged in candidates:
            judged.status = "applied"
        return
    for judged in candidates:
        one = _rows_of([judged], terminal, now)
        try:
            with session.begin_nested():
                one.write(session)
        except _REFUSED as exc:
            judged.status = "rejected"
            detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            judged.reason = f"conflicts with data already recorded: {detail}"[:MAX_REASON]
        else:
            judged.status = "applied"


def push(
    session_factory: sessionmaker[Session],
    terminal_id: int,
    raw_entries: Iterable[Any],
    *,
    backlog: int = 0,
    now: dt.datetime | None = None,
    raw_of: RawOf | None = None,
    refused: dict[int, str] | None = None,
) -> list[protocol.EntryResult]:
    """Apply a batch pushed by terminal ``terminal_id``; one result per entry, in order.

    ``raw_entries`` are the request's entries: validated models of applied kinds, or dicts.
    ``raw_of(index)`` gives an entry as it was sent, to keep a rejected one (see
    :func:`entries_as_sent`). ``refused`` are entries refused already, {index: reason}.
    """
    now = now or utcnow()
    with session_factory.begin() as session:
        terminal = session.get(Terminal, terminal_id)
        if terminal is None:
            raise LookupError(terminal_id)
        judged = [_judge(i, raw, terminal.code) for i, raw in enumerate(raw_entries)]
        _refuse(judged, refused, now)
        _lock_terminal(session, terminal.id)
        candidates = _new_entries(session, judged)
        problems = entry_checks.reference_problems(session, terminal.id, candidates)
        for j in candidates:
            if j.index in problems:
                j.status, j.reason = "rejected", problems[j.index]
        candidates = [j for j in candidates if j.status is None]
        if candidates:
            _apply(session, terminal, candidates, now)
            _record_invoices(session, terminal.id, candidates)
            kiosk_users.record(session, terminal.shop_id, _told(candidates))
        for j in judged:
            if j.status == "rejected":
                _keep_rejected(session, terminal, j, now, raw_of)
        _note_push(session, terminal, judged, now, backlog)

    rejected = sum(1 for j in judged if j.status == "rejected")
    if rejected:
        log.warning("terminal %s: %d of %d entries rejected", terminal.code, rejected, len(judged))
    return [
        protocol.EntryResult(id=j.entry_id, index=j.index, status=j.status, reason=j.reason)
        for j in judged
    ]


def _record_invoices(session: Session, terminal_id: int, applied: list[_Judged]) -> None:
    """Fold the e-invoice states of the entries just written into head office's invoices."""
    told = []
    for j in applied:
        if j.status != "applied" or j.entry is None:
            continue
        wire = einvoices.told_by(j.entry.kind, getattr(j.entry, "payload", None), j.payload)
        if wire is not None:
            told.append(einvoices.Told(j.entry.seq, j.entry.created_at, wire))
    if told:
        einvoices.record(session, terminal_id, told)


def _told(applied: list[_Judged]) -> list[tuple[str, Any]]:
    """(kind, payload) of the applied entries: the model of an applied kind, else as it came."""
    return [
        (j.entry.kind, j.payload if j.payload is not None else getattr(j.entry, "payload", None))
        for j in applied
        if j.status == "applied" and j.entry is not None
    ]


def _refuse(judged: list[_Judged], refused: dict[int, str] | None, now: dt.datetime) -> None:
    """Reject the entries refused at the door, and those whose times are implausible."""
    for j in judged:
        if refused and j.index in refused:
            j.status, j.reason = "rejected", refused[j.index]
        elif j.status is None and j.entry is not None:
            problem = entry_checks.time_problem(j.entry, j.payload, now)
            if problem:
                j.status, j.reason = "rejected", problem


def _new_entries(session: Session, judged: list[_Judged]) -> list[_Judged]:
    """The entries still to apply; those seen earlier in the batch or already recorded are
    marked duplicates."""
    seen: set[uuid.UUID] = set()
    candidates: list[_Judged] = []
    for j in judged:
        if j.status is not None:
            continue
        assert j.entry is not None
        if j.entry.id in seen:
            j.status = "duplicate"
            continue
        seen.add(j.entry.id)
        candidates.append(j)
    already = _existing_ids(session, [j.entry.id for j in candidates if j.entry])
    for j in candidates:
        if j.entry is not None and j.entry.id in already:
            j.status = "duplicate"
    return [j for j in candidates if j.status is None]


def _note_push(
    session: Session, terminal: Terminal, judged: list[_Judged], now: dt.datetime, backlog: int
) -> None:
    """Record the push on the terminal: when, its backlog, and the highest seq accepted so far."""
    accepted = [j.entry.seq for j in judged if j.entry is not None and j.status != "rejected"]
    values: dict[str, Any] = {"last_push_at": now, "backlog": backlog}
    if accepted:
        values["last_seq"] = func.coalesce(
            func.greatest(Terminal.last_seq, max(accepted))
            if session.get_bind().dialect.name == "postgresql"
            else func.max(func.coalesce(Terminal.last_seq, 0), max(accepted)),
            max(accepted),
        )
    session.execute(update(Terminal).where(Terminal.id == terminal.id).values(**values))

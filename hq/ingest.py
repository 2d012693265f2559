"""Applying a terminal's pushed outbox entries, exactly once each.

Every entry is judged on its own: validated against :mod:`hq.protocol`, checked to come from the
token's terminal, de-duplicated by its id. Well-formed entries of the kinds head office applies
arrive validated by the request's one pass over the JSON (:class:`protocol.PushRequest`); any
other entry arrives as a dict and is validated here, so that a malformed one gets its reason.
Good entries of a batch are written in one transaction with bulk inserts (the fast path). If the
database refuses that (a sale id already recorded under another entry, say), the transaction is
rolled back and the batch replayed in a new one, entry by entry in savepoints, so that only the
offending entry is rejected and the rest still apply. Rejected entries are kept, as they came, in ``rejected_entries`` for an operator.

Two pushes of one terminal at once (a retry racing a stalled first attempt) are serialised: by an
advisory lock on PostgreSQL, by SQLite's single writer (``BEGIN IMMEDIATE``) on SQLite. So the
duplicate check reads what the other push committed.
"""

import datetime as dt
import functools
import json
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import psycopg
from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from hq import einvoices, entry_checks, kiosk_users, protocol, push_terminal
from hq.entry_rows import Rows
from hq.models import RejectedEntry, utcnow

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


def _keep_rejected(
    session: Session,
    terminal: push_terminal.PushingTerminal,
    judged: _Judged,
    now: dt.datetime,
    raw_of: RawOf | None,
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


def _rows_of(
    judged: Iterable[_Judged], terminal: push_terminal.PushingTerminal, now: dt.datetime
) -> Rows:
    """The rows the judged entries become, to write at once."""
    rows = Rows()
    for j in judged:
        assert j.entry is not None
        rows.add(j.entry, j.payload, terminal.id, now)
    return rows


class _Refused(Exception):
    """The database refused a batch's rows as a whole (see :func:`push`)."""


def _apply_whole(
    session: Session,
    terminal: push_terminal.PushingTerminal,
    candidates: list[_Judged],
    now: dt.datetime,
) -> None:
    """Write the candidates at once, in the push's transaction itself: no savepoint (two round
    trips a push) guards it, so a refusal ends the transaction (:class:`_Refused`)."""
    try:
        _rows_of(candidates, terminal, now).write(session)
    except _REFUSED as exc:
        raise _Refused from exc
    for judged in candidates:
        judged.status = "applied"


def _apply_one_by_one(
    session: Session,
    terminal: push_terminal.PushingTerminal,
    candidates: list[_Judged],
    now: dt.datetime,
) -> None:
    """Write the candidates each in its savepoint: one the database refuses is rejected alone."""
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

    The batch's rows are written at once. If the database refuses them (a sale id already
    recorded under another entry, say), that transaction is rolled back and the push is made
    again from the start, each entry in its own savepoint, so that only the offending entry is
    rejected: locked, judged and de-duplicated again, nothing can apply twice.
    """
    now = now or utcnow()
    once = functools.partial(
        _push_once, session_factory, terminal_id, list(raw_entries), now, backlog, raw_of, refused
    )
    try:
        terminal, judged = once(_apply_whole)
    except _Refused:
        log.info("batch of terminal %s refused as a whole: replaying entry by entry", terminal_id)
        terminal, judged = once(_apply_one_by_one)
    rejected = sum(1 for j in judged if j.status == "rejected")
    if rejected:
        log.warning("terminal %s: %d of %d entries rejected", terminal.code, rejected, len(judged))
    return [
        protocol.EntryResult(id=j.entry_id, index=j.index, status=j.status, reason=j.reason)
        for j in judged
    ]


def _push_once(
    session_factory: sessionmaker[Session],
    terminal_id: int,
    raw_entries: list[Any],
    now: dt.datetime,
    backlog: int,
    raw_of: RawOf | None,
    refused: dict[int, str] | None,
    apply: Callable[..., None],
) -> tuple[push_terminal.PushingTerminal, list[_Judged]]:
    """The push in one transaction, its candidates written by ``apply``: the terminal and the
    entries as judged."""
    with session_factory.begin() as session:
        # The ids of the entries that came validated, looked up with the lock (one round trip).
        ids = [raw.id for raw in raw_entries if isinstance(raw, protocol.TypedEntry)]
        terminal, known = push_terminal.lock(session, terminal_id, ids)
        if terminal is None:
            raise LookupError(terminal_id)
        judged = [_judge(i, raw, terminal.code) for i, raw in enumerate(raw_entries)]
        _refuse(judged, refused, now)
        candidates = _new_entries(session, judged, known)
        problems = entry_checks.reference_problems(session, terminal.id, candidates)
        for j in candidates:
            if j.index in problems:
                j.status, j.reason = "rejected", problems[j.index]
        candidates = [j for j in candidates if j.status is None]
        if candidates:
            apply(session, terminal, candidates, now)
            _record_invoices(session, terminal.id, candidates)
            kiosk_users.record(session, terminal.shop_id, _told(candidates))
        for j in judged:
            if j.status == "rejected":
                _keep_rejected(session, terminal, j, now, raw_of)
        push_terminal.note_push(session, terminal.id, now, backlog, _highest_accepted(judged))
    return terminal, judged


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
    if refused:
        for j in judged:
            if j.index in refused:
                j.status, j.reason = "rejected", refused[j.index]
    times = entry_checks.time_problems(
        [(j.index, j.entry, j.payload) for j in judged if j.status is None and j.entry is not None],
        now,
    )
    for j in judged:
        if j.index in times:
            j.status, j.reason = "rejected", times[j.index]


def _new_entries(
    session: Session, judged: list[_Judged], known: set[uuid.UUID] | None
) -> list[_Judged]:
    """The entries still to apply; those seen earlier in the batch or already recorded are
    marked duplicates. ``known`` are the recorded ones among those that came validated (None:
    not looked up); the others are looked up here. (Ids compared as their integers: a UUID's
    hash is a Python method.)"""
    seen: set[int] = set()
    candidates: list[_Judged] = []
    for j in judged:
        if j.status is not None:
            continue
        assert j.entry is not None
        key = j.entry.id.int
        if key in seen:
            j.status = "duplicate"
            continue
        seen.add(key)
        candidates.append(j)
    if not candidates:
        return []
    # An entry that came as a dict has ``raw``; one that came validated was looked up already.
    ids = [j.entry.id for j in candidates if j.entry and (known is None or j.raw is not None)]
    already = {found.int for found in push_terminal.existing_ids(session, ids)}
    if known:
        already.update(found.int for found in known)
    if already:
        for j in candidates:
            if j.entry is not None and j.entry.id.int in already:
                j.status = "duplicate"
    return [j for j in candidates if j.status is None]


def _highest_accepted(judged: list[_Judged]) -> int | None:
    """The highest seq of the batch's entries that were not rejected."""
    return max(
        (j.entry.seq for j in judged if j.entry is not None and j.status != "rejected"),
        default=None,
    )

"""Writing the audit trail and the sync outbox, always inside the caller's transaction."""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy.orm import Session

from db.ids import new_id
from db.models import AuditEvent, OutboxEntry

_AUDIT, _OUTBOX = AuditEvent.__table__, OutboxEntry.__table__


def audit_row(
    kind: str,
    *,
    user_id: uuid.UUID | None,
    authorised_by: uuid.UUID | None = None,
    subject_id: str = "",
    at: dt.datetime | None = None,
    **data: Any,
) -> dict[str, Any]:
    """An audit event's row, to write with :func:`audit` (or, at checkout, through the DB-API)."""
    return {
        "id": new_id(),
        "at": at or dt.datetime.now(dt.UTC),
        "kind": kind,
        "user_id": user_id,
        "authorised_by": authorised_by,
        "subject_id": subject_id,
        "data": data,
    }


def outbox_row(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """An outbox entry's row (its ``seq`` is given by the database, in order of writing)."""
    return {"id": new_id(), "kind": kind, "payload": payload, "created_at": dt.datetime.now(dt.UTC)}


# The outbox columns a new entry sets; seq is the table's rowid and sent_at is NULL until sent.
OUTBOX_COLUMNS = ("id", "kind", "payload", "created_at")


def audit(session: Session, kind: str, **fields: Any) -> dict[str, Any]:
    """Append an audit event (``fields`` as :func:`audit_row` takes them) and queue it for head
    office. Returns the row as written."""
    row = audit_row(kind, **fields)
    session.connection().execute(_AUDIT.insert(), [row])
    enqueue(session, "audit", row)
    return row


def enqueue(session: Session, kind: str, payload: dict[str, Any]) -> uuid.UUID:
    """Queue ``payload`` for head office in the caller's transaction. Ids and timestamps in it
    are written as ISO strings (db.engine.dumps_json)."""
    row = outbox_row(kind, payload)
    session.connection().execute(_OUTBOX.insert(), [row])
    return row["id"]

"""The back office's list of a day's VietQR transfers: the ones this terminal took (confirmed by
the bank or by hand, from the sales' audit events) beside what head office heard from the bank
(matched, underpaid, unmatched), so a transfer confirmed by hand shows whether the money came,
and money that came for no sale shows at all."""

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import AuditEvent
from hq.bank.wire import TransferDay
from kiosk.core.localtime import VIETNAM
from kiosk.core.sale.transfers import AUDIT_KIND


@dataclass(frozen=True)
class TransferLine:
    """One transfer of the day. ``confirmed_by``: "bank", "clerk" or "" (no sale took it);
    ``bank_status``: head office's word ("matched", "underpaid", "unmatched", "" not known)."""

    at: str
    receipt_no: str
    amount_vnd: int
    reference: str
    confirmed_by: str = ""
    reason: str = ""
    bank_reference: str = ""
    bank_status: str = ""
    bank_amount_vnd: int | None = None


def transfers_of_day(
    sf: sessionmaker[Session], day: dt.date, remote: TransferDay | None = None
) -> list[TransferLine]:
    """The day's transfers taken here, with head office's ``remote`` report merged in."""
    start = dt.datetime.combine(day, dt.time(), VIETNAM)
    with sf() as session:
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.kind == AUDIT_KIND, AuditEvent.at >= start)
            .where(AuditEvent.at < start + dt.timedelta(days=1))
            .order_by(AuditEvent.at)
        ).all()
    lines = {
        e.data.get("reference", ""): TransferLine(
            at=f"{e.at.astimezone(VIETNAM):%H:%M:%S}",
            receipt_no=e.data.get("receipt_no", ""),
            amount_vnd=int(e.data.get("amount_vnd", 0)),
            reference=e.data.get("reference", ""),
            confirmed_by=e.data.get("by", ""),
            reason=e.data.get("reason", ""),
            bank_reference=e.data.get("bank_reference", ""),
        )
        for e in events
    }
    for row in remote.rows if remote else []:
        heard = {"bank_status": row.status, "bank_amount_vnd": row.amount_vnd}
        if row.reference in lines:
            line = lines[row.reference]
            lines[row.reference] = replace(
                line, bank_reference=line.bank_reference or row.bank_reference, **heard
            )
        else:  # money head office heard of that no sale here took
            key = row.reference or f"{row.at}/{row.bank_reference}"
            lines[key] = TransferLine(row.at, row.receipt_no, row.amount_vnd, row.reference,
                                      bank_reference=row.bank_reference, **heard)  # fmt: skip
    return sorted(lines.values(), key=lambda t: t.at)

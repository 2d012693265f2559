"""Cash shifts at a terminal: open with a counted float, pay-ins and pay-outs, close with the
cash counted note by note, and the Z report that ends the business day.

One shift at a time per terminal (the database enforces it); a sale needs it open (checkout
looks it up). Each write is one transaction with its audit event and outbox entry. Opening,
closing, paying in or out and ending the day are a manager's actions: a clerk needs a manager's
authorisation (``Users.authorise``) passed as ``authorised_by``.
"""

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from db.ids import new_id
from db.models import CashMovement, Shift, ZReport
from hq.text_limits import REASON_MAX
from kiosk.core.errors import (
    InvalidAmount,
    InvalidCashCount,
    MissingReason,
    NoOpenShift,
    NothingToReport,
    ShiftAlreadyClosed,
    ShiftAlreadyOpen,
    ShiftStillOpen,
)
from kiosk.core.localtime import VIETNAM
from kiosk.core.people.permissions import Permission, require, require_or_authorised
from kiosk.core.people.proofs import Proofs
from kiosk.core.records import audit, enqueue
from kiosk.core.reports.xz import DENOMINATIONS, CashReport, ShiftInfo, compute, shift_infos

MAX_CASH_VND = 10_000_000_000  # ten billion đồng in one drawer is a typing slip
MAX_NOTES = 100_000


def _amount(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_CASH_VND:
        raise InvalidAmount(amount_vnd=value)
    return value


def _reason(reason: object, action: str) -> str:
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise MissingReason(action=action)
    return text.replace("\x00", "")[:REASON_MAX]  # as head office takes it


def count_cash(notes: Mapping[int, int]) -> tuple[int, dict[str, int]]:
    """The total of a count given as {denomination: how many}, and the count as stored."""
    stored: dict[str, int] = {}
    for denomination, count in notes.items():
        if denomination not in DENOMINATIONS:
            raise InvalidCashCount(denomination=denomination, count=count)
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_NOTES:
            raise InvalidCashCount(denomination=denomination, count=count)
        if count:
            stored[str(denomination)] = count
    total = sum(int(d) * c for d, c in stored.items())
    return total, stored


def carry_open_shift(session_factory: sessionmaker[Session], old_code: str, new_code: str):
    """The terminal was given a new code (enrolment at head office): its open shift goes on
    under the new code, so the clerk keeps selling. Closed shifts and Z reports keep theirs."""
    with session_factory.begin() as s:
        moved = s.execute(
            update(Shift)
            .where(Shift.terminal_code == old_code, Shift.closed_at.is_(None))
            .values(terminal_code=new_code)
        ).rowcount
        if moved:
            audit(s, "shift_recoded", user_id=None, old_code=old_code, new_code=new_code)
    return bool(moved)


class Shifts:
    """Shifts of this terminal (``settings["terminal_code"]``). ``clock`` is injectable."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        settings: Mapping[str, Any],
        *,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        proofs: Proofs | None = None,
    ):
        self._sf = session_factory
        self._settings = settings
        self._clock = clock
        # Where a clerk's authorisations are redeemed (Users.proofs); None: only managers act.
        self._proofs = proofs

    @property
    def terminal(self) -> str:
        return self._settings["terminal_code"]

    # -- reading -------------------------------------------------------------------------

    def current(self) -> ShiftInfo | None:
        """The shift open at this terminal, or None."""
        with self._sf() as s:
            shift_id = self._open_id(s)
            return shift_infos(s, [shift_id])[0] if shift_id else None

    def _open_id(self, s: Session) -> uuid.UUID | None:
        return s.scalar(
            select(Shift.id).where(Shift.terminal_code == self.terminal, Shift.closed_at.is_(None))
        )

    def x_report(self, shift_id: uuid.UUID | None = None) -> CashReport:
        """The figures of a shift so far (the open one by default). Writes nothing."""
        with self._sf() as s:
            shift_id = shift_id or self._open_id(s)
            if shift_id is None:
                raise NoOpenShift(terminal_code=self.terminal)
            notes = s.scalar(select(Shift.counted_notes).where(Shift.id == shift_id))
            return compute(s, [shift_id], kind="x", made_at=self._clock(), notes=notes)

    def z_report(self, z_report_id: uuid.UUID) -> CashReport:
        """A Z report made earlier, recomputed from its shifts (for a reprint or the PDF)."""
        with self._sf() as s:
            z = s.get(ZReport, z_report_id)
            if z is None:
                raise NothingToReport(z_report_id=str(z_report_id))
            ids = list(s.scalars(select(Shift.id).where(Shift.z_report_id == z.id)))
            return compute(s, ids, kind="z", made_at=z.created_at, z_no=z.z_no)

    def z_reports(self, limit: int = 50) -> list[tuple[uuid.UUID, int, dt.date]]:
        """(id, number, business date) of this terminal's Z reports, newest first."""
        with self._sf() as s:
            return [
                tuple(r)
                for r in s.execute(
                    select(ZReport.id, ZReport.z_no, ZReport.business_date)
                    .where(ZReport.terminal_code == self.terminal)
                    .order_by(ZReport.z_no.desc())
                    .limit(limit)
                )
            ]

    # -- writing -------------------------------------------------------------------------

    def open(self, actor, float_vnd: int, *, authorised_by=None) -> ShiftInfo:
        """Open a shift with the float counted into the drawer."""
        approver = require_or_authorised(
            actor, Permission.MANAGE_SHIFT, authorised_by, self._proofs
        )
        float_vnd = _amount(float_vnd)
        now = self._clock()
        shift_id = new_id()
        with self._sf.begin() as s:
            open_id = self._open_id(s)
            if open_id is not None:
                raise ShiftAlreadyOpen(terminal_code=self.terminal, shift_id=open_id)
            row = {
                "id": shift_id,
                "terminal_code": self.terminal,
                "business_date": now.astimezone(VIETNAM).date(),
                "opened_by": actor.id,
                "opened_at": now,
                "float_vnd": float_vnd,
            }
            try:
                s.connection().execute(Shift.__table__.insert(), [row])
            except IntegrityError as exc:  # another process opened one meanwhile
                raise ShiftAlreadyOpen(terminal_code=self.terminal) from exc
            audit(
                s,
                "shift_open",
                user_id=actor.id,
                authorised_by=approver,
                subject_id=str(shift_id),
                at=now,
                float_vnd=float_vnd,
            )
            enqueue(s, "shift_open", {**row, "authorised_by": approver})
            return shift_infos(s, [shift_id])[0]

    def pay_in(self, actor, amount_vnd: int, reason: str, *, authorised_by=None) -> uuid.UUID:
        """Cash put into the drawer that is no sale (change from the bank)."""
        return self._movement("pay_in", actor, amount_vnd, reason, authorised_by)

    def pay_out(self, actor, amount_vnd: int, reason: str, *, authorised_by=None) -> uuid.UUID:
        """Cash taken from the drawer that is no refund (ice, a courier, a banking drop)."""
        return self._movement("pay_out", actor, amount_vnd, reason, authorised_by)

    def _movement(self, kind, actor, amount_vnd, reason, authorised_by) -> uuid.UUID:
        require(actor, Permission.SELL)
        approver = require_or_authorised(
            actor, Permission.MANAGE_SHIFT, authorised_by, self._proofs
        )
        amount = _amount(amount_vnd)
        if amount == 0:
            raise InvalidAmount(amount_vnd=amount)
        reason = _reason(reason, kind)
        now = self._clock()
        with self._sf.begin() as s:
            shift_id = self._open_id(s)
            if shift_id is None:
                raise NoOpenShift(terminal_code=self.terminal)
            row = {
                "id": new_id(),
                "shift_id": shift_id,
                "kind": kind,
                "amount_vnd": amount,
                "reason": reason,
                "user_id": actor.id,
                "authorised_by": approver,
                "created_at": now,
            }
            s.connection().execute(CashMovement.__table__.insert(), [row])
            audit(
                s,
                kind,
                user_id=actor.id,
                authorised_by=approver,
                subject_id=str(row["id"]),
                at=now,
                amount_vnd=amount,
                reason=reason,
            )
            enqueue(s, "cash_movement", row)
            return row["id"]

    def close(
        self,
        actor,
        notes: Mapping[int, int],
        *,
        shift_id: uuid.UUID | None = None,
        authorised_by=None,
    ) -> CashReport:
        """Close the open shift (or ``shift_id``, which must be it) with the cash counted per
        denomination; returns the shift's report with expected, counted and difference."""
        approver = require_or_authorised(
            actor, Permission.MANAGE_SHIFT, authorised_by, self._proofs
        )
        counted, stored = count_cash(notes)
        now = self._clock()
        with self._sf.begin() as s:
            if shift_id is not None:
                closed_at = s.scalar(select(Shift.closed_at).where(Shift.id == shift_id))
                if closed_at is not None:
                    raise ShiftAlreadyClosed(shift_id=shift_id, closed_at=closed_at)
            open_id = self._open_id(s)
            if open_id is None or (shift_id is not None and shift_id != open_id):
                raise NoOpenShift(terminal_code=self.terminal, shift_id=shift_id)
            before = compute(s, [open_id], kind="shift", made_at=now)
            s.execute(
                update(Shift)
                .where(Shift.id == open_id, Shift.closed_at.is_(None))
                .values(
                    closed_by=actor.id,
                    closed_at=now,
                    counted_cash_vnd=counted,
                    counted_notes=stored,
                    expected_cash_vnd=before.expected_cash_vnd,
                )
            )
            figures = {
                "expected_cash_vnd": before.expected_cash_vnd,
                "counted_cash_vnd": counted,
                "difference_vnd": counted - before.expected_cash_vnd,
                "notes": stored,
            }
            audit(
                s,
                "shift_close",
                user_id=actor.id,
                authorised_by=approver,
                subject_id=str(open_id),
                at=now,
                **figures,
            )
            enqueue(
                s,
                "shift_close",
                {"id": open_id, "closed_by": actor.id, "closed_at": now, **figures},
            )
            return compute(s, [open_id], kind="shift", made_at=now, notes=stored)

    def end_day(self, actor, *, authorised_by=None) -> CashReport:
        """The Z report: takes in every shift closed since the last Z at this terminal and
        numbers it. Refused while a shift is open or when there is nothing to report."""
        approver = require_or_authorised(
            actor, Permission.MANAGE_SHIFT, authorised_by, self._proofs
        )
        now = self._clock()
        with self._sf.begin() as s:
            open_id = self._open_id(s)
            if open_id is not None:
                raise ShiftStillOpen(shift_id=open_id)
            ids = list(
                s.scalars(
                    select(Shift.id).where(
                        Shift.terminal_code == self.terminal,
                        Shift.z_report_id.is_(None),
                        Shift.closed_at.is_not(None),
                    )
                )
            )
            if not ids:
                raise NothingToReport(terminal_code=self.terminal)
            last = s.scalar(
                select(func.max(ZReport.z_no)).where(ZReport.terminal_code == self.terminal)
            )
            z_no = (last or 0) + 1
            report = compute(s, ids, kind="z", made_at=now, z_no=z_no)
            z_id = new_id()
            row = {
                "id": z_id,
                "terminal_code": self.terminal,
                "z_no": z_no,
                "business_date": report.business_date,
                "first_opened_at": report.shifts[0].opened_at,
                "closed_by": actor.id,
                "created_at": now,
                "sales_count": report.sales_count,
                "sales_vnd": report.sales_vnd,
                "refunds_vnd": report.refunds_vnd,
                "net_vnd": report.net_vnd,
                "expected_cash_vnd": report.expected_cash_vnd,
                "counted_cash_vnd": report.counted_cash_vnd or 0,
            }
            s.connection().execute(ZReport.__table__.insert(), [row])
            s.execute(update(Shift).where(Shift.id.in_(ids)).values(z_report_id=z_id))
            audit(
                s,
                "z_report",
                user_id=actor.id,
                authorised_by=approver,
                subject_id=str(z_id),
                at=now,
                z_no=z_no,
                net_vnd=report.net_vnd,
            )
            enqueue(s, "z_report", {**row, "shift_ids": ids})
            return report

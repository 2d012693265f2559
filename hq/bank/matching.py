"""Bank notifications kept once and matched to the VietQR codes terminals show.

A provider resends a notification until it hears 200, and may send two in either order, so a
notification is stored once per (provider, provider id) and matching never depends on order:
every notification carrying a reference adds to that reference's total, and the status of all
of them is worked out again from the total and the amount asked. A customer who sent too little
and then the rest ends up "matched"; one who sent too little stays "underpaid", shown, never
taken as paid. A reference with nothing expected yet stays "unmatched" until a terminal says it
shows that code (the notification came first) or a sale pushed later carries it.
"""

import dataclasses
import datetime as dt
import threading

from sqlalchemy import select
from sqlalchemy.orm import Session

from hq.bank.wire import TransferState, references_in
from hq.models import BankNotification, ExpectedTransfer, Payment, utcnow

IN, OUT = "in", "out"


@dataclasses.dataclass(frozen=True)
class Notification:
    """One transaction as a provider's adapter hands it over, amounts in đồng."""

    provider: str
    provider_id: str
    account: str
    direction: str  # "in" or "out"
    amount_vnd: int
    content: str
    bank_reference: str
    transaction_at: dt.datetime


class ReferenceTaken(Exception):
    """Another terminal already waits for this reference."""


class Bell:
    """Wakes the terminals' long polls when a notification is stored (in this process; other
    processes are caught by the poll's own one-second look at the database)."""

    def __init__(self):
        self._cond = threading.Condition()
        self._rung = 0

    def ring(self) -> None:
        with self._cond:
            self._rung += 1
            self._cond.notify_all()

    def wait(self, timeout_s: float) -> None:
        with self._cond:
            seen = self._rung
            self._cond.wait_for(lambda: self._rung != seen, timeout_s)


def record(session: Session, n: Notification, account: str = "") -> tuple[BankNotification, bool]:
    """Store ``n`` unless it is stored already; (the row, whether it is new). ``account``: the
    shop's account, when set a transfer to another account is kept but matched to nothing."""
    found = session.scalar(
        select(BankNotification).where(
            BankNotification.provider == n.provider,
            BankNotification.provider_id == n.provider_id,
        )
    )
    if found is not None:
        return found, False
    fields = {k: v for k, v in dataclasses.asdict(n).items()}
    row = BankNotification(**fields, reference="", status="unmatched", received_at=utcnow())
    if n.direction != IN:
        row.status = "outgoing"
    elif account and n.account != account:
        row.status = "other_account"
    else:
        row.reference = _known_reference(session, references_in(n.content))
    session.add(row)
    session.flush()
    if row.reference:
        settle(session, row.reference)
    return row, True


def _known_reference(session: Session, candidates: list[str]) -> str:
    """The first candidate a terminal waits for or a sale carries, else the first one."""
    for ref in candidates:
        if session.get(ExpectedTransfer, ref) is not None or _sale_amount(session, ref):
            return ref
    return candidates[0] if candidates else ""


def _sale_amount(session: Session, reference: str) -> int | None:
    return session.scalar(
        select(Payment.amount_vnd).where(Payment.method == "vietqr", Payment.reference == reference)
    )


def settle(session: Session, reference: str) -> None:
    """Work out again what the notifications under ``reference`` add up to, and their status."""
    notes = session.scalars(
        select(BankNotification).where(
            BankNotification.reference == reference, BankNotification.direction == IN
        )
    ).all()
    expected = session.get(ExpectedTransfer, reference)
    asked = expected.amount_vnd if expected is not None else _sale_amount(session, reference)
    received = sum(n.amount_vnd for n in notes)
    status = "unmatched" if asked is None else _status(received, asked)
    for n in notes:
        n.status = status
    if expected is not None:
        expected.received_vnd = received
        expected.bank_reference = ", ".join(n.bank_reference for n in notes)[:80]
        expected.received_at = max((n.received_at for n in notes), default=None)


def _status(received: int, asked: int) -> str:
    if received == asked:
        return "matched"
    return "underpaid" if received < asked else "overpaid"


def expect(session: Session, terminal_id: int, reference: str, amount_vnd: int) -> TransferState:
    """A terminal shows the code ``reference`` for ``amount_vnd`` (again: the amount may change
    while nothing came). Notifications that came first are matched now."""
    row = session.get(ExpectedTransfer, reference)
    if row is not None and row.terminal_id != terminal_id:
        raise ReferenceTaken(reference)
    if row is None:
        row = ExpectedTransfer(
            reference=reference, terminal_id=terminal_id, amount_vnd=amount_vnd, received_vnd=0
        )
        session.add(row)
    elif not row.received_vnd:
        row.amount_vnd = amount_vnd
    session.flush()
    settle(session, reference)
    return state_of(row)


def state(session: Session, terminal_id: int, reference: str) -> TransferState | None:
    """Where the transfer ``reference`` stands for the terminal that expects it (None: unknown)."""
    row = session.get(ExpectedTransfer, reference)
    if row is None or row.terminal_id != terminal_id:
        return None
    return state_of(row)


def state_of(row: ExpectedTransfer) -> TransferState:
    received = row.received_vnd
    status = "waiting" if not received else _status(received, row.amount_vnd)
    if status == "matched":
        status = "received"
    return TransferState(
        reference=row.reference,
        status=status,
        amount_vnd=row.amount_vnd,
        received_vnd=received,
        bank_reference=row.bank_reference,
    )

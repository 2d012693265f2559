"""A VietQR transfer being waited for, and how it is taken: confirmed by the bank or by hand.

Head office hears from the bank-notification service and matches the notification to the
code's reference and amount (:mod:`hq.bank`); the kiosk asks it while the code is shown
(:mod:`kiosk.core.sync.transfers`). What the payment screen and the customer display show is a
:class:`TransferProgress`. Only a transfer the bank reported for exactly the amount asked is
taken by itself; an underpaid or overpaid one is shown and waits for the clerk. The clerk may
always confirm by hand (head office offline, the service late), with a reason; either way the
sale's audit trail says who confirmed the transfer, the bank's reference or the clerk's reason.
"""

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hq.text_limits import REASON_MAX
from kiosk.core.errors import MissingReason
from kiosk.core.records import audit_row
from kiosk.core.sale.payments import AppliedPayment, VietQR
from kiosk.core.sale.tendering import PaymentDraft

AUDIT_KIND = "vietqr_confirmed"  # head office reads it too (hq.bank.report)
BY_BANK, BY_CLERK = "bank", "clerk"


class TransferStatus(enum.Enum):
    WAITING = "waiting"  # the code is shown; head office has heard nothing yet
    RECEIVED = "received"  # the bank reported the amount asked: the sale completes
    UNDERPAID = "underpaid"  # the bank reported less than asked
    OVERPAID = "overpaid"  # more than asked: the clerk decides
    OFFLINE = "offline"  # head office cannot be reached: confirm by hand
    CONFIRMED_BY_HAND = "confirmed_by_hand"


@dataclass(frozen=True)
class TransferProgress:
    """Where the transfer under ``reference`` stands, for the screens (Qt-free)."""

    status: TransferStatus
    reference: str
    amount_vnd: int
    received_vnd: int = 0
    bank_reference: str = ""

    @property
    def complete(self) -> bool:
        """The bank reported exactly what was asked: take it without the clerk."""
        return self.status is TransferStatus.RECEIVED and self.received_vnd == self.amount_vnd


def take_from_bank(draft: PaymentDraft, progress: TransferProgress) -> VietQR:
    """Add the transfer the bank reported to ``draft``, confirmed by the bank."""
    if not progress.complete:
        raise ValueError(f"transfer {progress.reference} is {progress.status.value}")
    return draft.add_vietqr(
        progress.amount_vnd,
        progress.reference,
        confirmed_by=BY_BANK,
        bank_reference=progress.bank_reference[:80],
    )


def confirm_by_hand(draft: PaymentDraft, amount_vnd: int, reference: str, reason: str) -> VietQR:
    """The clerk confirms the transfer came (MissingReason without a reason)."""
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise MissingReason(action="vietqr")
    return draft.add_vietqr(
        amount_vnd, reference, confirmed_by=BY_CLERK, reason=text.replace("\x00", "")[:REASON_MAX]
    )


def transfer_audit_rows(
    sale: Mapping[str, Any], payments: Sequence[AppliedPayment]
) -> list[dict[str, Any]]:
    """One audit event per transfer of the sale: who confirmed it, with what."""
    return [
        audit_row(
            AUDIT_KIND,
            user_id=sale["user_id"],
            at=sale["created_at"],
            subject_id=str(sale["id"]),
            receipt_no=sale["receipt_no"],
            reference=p.reference,
            amount_vnd=p.amount_vnd,
            by=p.confirmed_by or BY_CLERK,
            bank_reference=p.bank_reference,
            reason=p.reason,
        )
        for p in payments
        if p.method == "vietqr"
    ]

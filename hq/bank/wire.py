"""What a terminal and head office say about bank transfers, and the payment reference's form.

The reference goes in the VietQR code's purpose (tag 62, sub-tag 08) and so into the transfer's
content. Banks keep that content but may add their own words around it, drop spaces and
punctuation, or change the case, so the reference is letters and digits only, short (10
characters, well within the 25 a purpose may hold and what banks keep), and found again in the
content wherever it sits: "OC" and eight characters of base32 (40 random bits).
"""

from typing import Literal

from pydantic import BaseModel, Field, StrictInt

from hq.bank.references import REFERENCE_PREFIX as REFERENCE_PREFIX
from hq.bank.references import REFERENCE_RE as REFERENCE_RE
from hq.bank.references import new_reference as new_reference
from hq.bank.references import references_in as references_in

WAIT_MAX_S = 30

TransferStatusName = Literal["waiting", "received", "underpaid", "overpaid"]


class TransferExpected(BaseModel):
    """A terminal shows a VietQR code: head office, tell me when this transfer comes."""

    reference: str = Field(pattern=REFERENCE_RE.pattern)
    amount_vnd: StrictInt = Field(gt=0, le=1_000_000_000_000)


class TransferState(BaseModel):
    """Where a transfer stands: nothing yet, or what the bank reported under its reference."""

    reference: str
    status: TransferStatusName
    amount_vnd: int
    received_vnd: int = 0
    bank_reference: str = ""


class TransferRow(BaseModel):
    """One bank transaction of a day for the transfers list, with the sale it paid if any."""

    at: str
    amount_vnd: int
    content: str
    bank_reference: str
    reference: str
    status: str
    terminal_code: str = ""
    expected_vnd: int | None = None
    receipt_no: str = ""
    confirmed_by_hand: bool = False


class TransferDay(BaseModel):
    day: str
    rows: list[TransferRow]

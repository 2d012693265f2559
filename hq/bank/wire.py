"""What a terminal and head office say about bank transfers, and the payment reference's form.

The reference goes in the VietQR code's purpose (tag 62, sub-tag 08) and so into the transfer's
content. Banks keep that content but may add their own words around it, drop spaces and
punctuation, or change the case, so the reference is letters and digits only, short (10
characters, well within the 25 a purpose may hold and what banks keep), and found again in the
content wherever it sits: "OC" and eight characters of base32 (40 random bits).
"""

import re
import secrets
from typing import Literal

from pydantic import BaseModel, Field, StrictInt

REFERENCE_PREFIX = "OC"
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
REFERENCE_RE = re.compile(r"OC[A-Z2-7]{8}")
_CANDIDATE = re.compile(r"(?=(OC[A-Z2-7]{8}))")  # overlapping: the bank may glue words on
WAIT_MAX_S = 30

TransferStatusName = Literal["waiting", "received", "underpaid", "overpaid"]


def new_reference() -> str:
    """A fresh payment reference, "OC" and eight random base32 characters."""
    return REFERENCE_PREFIX + "".join(secrets.choice(_ALPHABET) for _ in range(8))


def references_in(content: str) -> list[str]:
    """Every well-formed reference in a transfer's content, ignoring case, spaces and
    punctuation the bank may have changed ("MBVCB.123.oc-ab cd2345.CT tu" finds OCABCD2345)."""
    squeezed = re.sub(r"[^0-9A-Z]", "", content.upper())
    return [m.group(1) for m in _CANDIDATE.finditer(squeezed)]


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

"""The payment reference of a bank transfer: made by the terminal, found again in the bank's
content by head office. Apart from :mod:`hq.bank.wire` (pydantic models) so that the till makes
one without loading the wire schema at start.
"""

import re
import secrets

REFERENCE_PREFIX = "OC"
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
REFERENCE_RE = re.compile(r"OC[A-Z2-7]{8}")
_CANDIDATE = re.compile(r"(?=(OC[A-Z2-7]{8}))")  # overlapping: the bank may glue words on


def new_reference() -> str:
    """A fresh payment reference, "OC" and eight random base32 characters."""
    return REFERENCE_PREFIX + "".join(secrets.choice(_ALPHABET) for _ in range(8))


def references_in(content: str) -> list[str]:
    """Every well-formed reference in a transfer's content, ignoring case, spaces and
    punctuation the bank may have changed ("MBVCB.123.oc-ab cd2345.CT tu" finds OCABCD2345)."""
    squeezed = re.sub(r"[^0-9A-Z]", "", content.upper())
    return [m.group(1) for m in _CANDIDATE.finditer(squeezed)]

"""The building blocks of the wire schema, and the limits both sides keep.

:mod:`hq.protocol` and :mod:`hq.operations` build their records from these. The limits on text
(names, numbers, references, codes) are here once: head office refuses what passes them, and the
kiosk refuses the same when it is typed, so a record the kiosk accepted is never refused upstream.
"""

import datetime as dt
from typing import Annotated, Literal

from pydantic import AwareDatetime, ConfigDict, Field, StrictInt

# The limits live in hq.text_limits (no pydantic there, for the kiosk's start); named here too.
from hq.text_limits import (  # noqa: F401 - named for hq.protocol and hq.operations
    BARCODE_MAX,
    BATCH_NO_MAX,
    DELIVERY_NOTE_MAX,
    MAX_QUANTITY,
    MAX_VND,
    NAME_MAX,
    NOTE_MAX,
    NUMBER_MAX,
    REASON_MAX,
    REFERENCE_MAX,
    SKU_MAX,
    text_refused,
)

Vnd = Annotated[StrictInt, Field(ge=0, le=MAX_VND)]
SignedVnd = Annotated[StrictInt, Field(ge=-MAX_VND, le=MAX_VND)]
# Cash rounded to the shop's step (500 or 1.000 đ): what the payments take or give beyond the goods.
RoundingVnd = Annotated[StrictInt, Field(ge=-1_000, le=1_000)]
Quantity = Annotated[StrictInt, Field(ge=-MAX_QUANTITY, le=MAX_QUANTITY)]
PositiveQuantity = Annotated[StrictInt, Field(gt=0, le=MAX_QUANTITY)]
TerminalCode = Annotated[str, Field(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9_.-]+$")]
# What a database's 64-bit integer holds: a larger sequence or backlog is refused, not overflowed.
Count = Annotated[StrictInt, Field(ge=0, le=2**63 - 1)]
ProvinceCode = Annotated[int, Field(ge=1, le=999)]
VatRate = Literal[0, 5, 8, 10]
MovementKind = Literal["receipt", "sale", "refund", "void", "adjustment", "count"]
PaymentMethod = Literal["cash", "vietqr", "card"]


# A time that can be stored in UTC: 0001-01-01 at +07:00 cannot. pydantic-core compares aware
# times by their instant, so these bounds refuse exactly the times that would overflow when turned
# to UTC, in Rust: an AfterValidator calling astimezone() in Python cost a push of 500 entries
# about a third of its parse (~2,500 times a batch).
_FIRST_UTC = dt.datetime.min.replace(tzinfo=dt.UTC)
_LAST_UTC = dt.datetime.max.replace(tzinfo=dt.UTC)
Moment = Annotated[AwareDatetime, Field(ge=_FIRST_UTC, le=_LAST_UTC)]


# Every wire record: immutable, and fields of later versions ignored. (Each module defines its
# base class on this, so that linters see a pydantic model where its fields are declared.)
RECORD_CONFIG = ConfigDict(extra="ignore", frozen=True)

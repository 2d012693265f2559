"""The wire records of a shop's kiosk users (issue 13): a clerk works at any till of the shop.

Up: a terminal sends a ``user`` outbox entry (:class:`UserPayload`) when a user is made or a PIN
changed there, next to the ``user_created`` / ``pin_changed`` audit events (which carry no hash).
Down: ``GET /api/v1/users?since=N`` answers :class:`KioskUsers`, the users of the terminal's shop
changed after version ``N`` (new, changed, deactivated). Re-exported by :mod:`hq.protocol`, the
one module of head office the kiosk imports.

PINs never travel: only their argon2 hashes (``$argon2id$...``).
"""

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from hq.text_limits import USER_ENTRY as USER_ENTRY
from hq.wire_types import RECORD_CONFIG, Count, Moment

USER_NAME_MAX = 80  # as the kiosk's users.name
KioskRole = Literal["clerk", "manager", "admin"]
PinHash = Annotated[str, Field(min_length=20, max_length=200, pattern=r"^\$argon2(id|i|d)\$")]


class UserPayload(BaseModel):
    """A kiosk user as the terminal has them now (made, or their PIN changed, at ``at``)."""

    model_config = RECORD_CONFIG

    id: uuid.UUID
    name: str = Field(min_length=1, max_length=USER_NAME_MAX)
    role: KioskRole
    pin_hash: PinHash
    active: bool = True
    at: Moment


class KioskUserRecord(BaseModel):
    """A user of the terminal's shop as head office has them, stamped with its version."""

    model_config = RECORD_CONFIG

    id: uuid.UUID
    name: str = Field(min_length=1, max_length=USER_NAME_MAX)
    role: KioskRole
    pin_hash: PinHash
    active: bool
    version: Count


class KioskUsers(BaseModel):
    """The shop's users changed after ``since``; the terminal asks from ``version`` next time."""

    since: int
    version: int
    users: list[KioskUserRecord] = []

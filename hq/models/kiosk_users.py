"""The kiosk users of each shop, kept at head office and pulled by the shop's terminals."""

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from hq.models.base import Base, utcnow


class KioskUser(Base):
    """A person who signs in at the tills of one shop with a PIN, kept as its argon2 hash only.

    ``id`` is the kiosk's id of the user (made at a terminal, or here). ``pin_hash`` is None for
    a user known only from a terminal's ``user_created`` audit event (older kiosks send no hash):
    such a user is not sent to terminals until head office sets a PIN. Every change stamps a new
    ``version`` (one counter over the table): a terminal asks for what changed after its own.
    ``changed_at`` is when the row last changed: an older change from a terminal does not undo it.
    """

    __tablename__ = "kiosk_users"
    __table_args__ = (CheckConstraint("role IN ('clerk', 'manager', 'admin')", name="role"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(10))
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

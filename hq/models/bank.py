"""Bank transfers: what the bank-notification service reported, and what the terminals wait for.

A notification is kept once per provider and provider id (providers resend until they hear 200),
whatever order they come in. An expected transfer is a VietQR code a terminal is showing: its
reference (in the transfer's content) and the amount asked. Matching one to the other is
:mod:`hq.bank.matching`.
"""

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hq.models.base import Base, utcnow


class BankNotification(Base):
    """One transaction as the provider reported it. ``status``: matched, underpaid, overpaid,
    unmatched, outgoing or other_account; ``reference`` is ours found in ``content`` (or "")."""

    __tablename__ = "bank_notifications"
    __table_args__ = (UniqueConstraint("provider", "provider_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    provider_id: Mapped[str] = mapped_column(String(64))
    account: Mapped[str] = mapped_column(String(40))
    direction: Mapped[str] = mapped_column(String(3))
    amount_vnd: Mapped[int]
    content: Mapped[str] = mapped_column(String(400))
    bank_reference: Mapped[str] = mapped_column(String(80))
    transaction_at: Mapped[dt.datetime] = mapped_column(index=True)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reference: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(16))


class ExpectedTransfer(Base):
    """A VietQR code shown at ``terminal_id`` asking ``amount_vnd`` with ``reference``;
    ``received_vnd`` is what the matched notifications brought (0 until one comes)."""

    __tablename__ = "expected_transfers"

    reference: Mapped[str] = mapped_column(String(20), primary_key=True)
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminals.id"), index=True)
    amount_vnd: Mapped[int]
    received_vnd: Mapped[int] = mapped_column(default=0)
    bank_reference: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    received_at: Mapped[dt.datetime | None]

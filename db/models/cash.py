"""Cash that moves in and out of the drawer outside sales, and the numbered end-of-day reports."""

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, id_column, utcnow

CASH_MOVEMENT_KINDS = ("pay_in", "pay_out")


class CashMovement(Base):
    """A pay-in (change brought to the till) or pay-out (ice, a courier) during a shift."""

    __tablename__ = "cash_movements"
    __table_args__ = (
        CheckConstraint(f"kind IN {CASH_MOVEMENT_KINDS!r}", name="kind"),
        CheckConstraint("amount_vnd > 0", name="amount_vnd"),
    )

    id: Mapped[uuid.UUID] = id_column()
    shift_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shifts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    amount_vnd: Mapped[int]
    reason: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    authorised_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ZReport(Base):
    """The end of a business day at one terminal: numbered 1, 2, 3... per terminal, it takes
    in every shift closed since the previous one. The figures are a copy of what was printed;
    the shifts it took in (``Shift.z_report_id``) are the source they are recomputed from."""

    __tablename__ = "z_reports"
    __table_args__ = (UniqueConstraint("terminal_code", "z_no"),)

    id: Mapped[uuid.UUID] = id_column()
    terminal_code: Mapped[str] = mapped_column(String(16))
    z_no: Mapped[int]
    business_date: Mapped[dt.date]
    first_opened_at: Mapped[dt.datetime]
    closed_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sales_count: Mapped[int]
    sales_vnd: Mapped[int]
    refunds_vnd: Mapped[int]
    net_vnd: Mapped[int]
    expected_cash_vnd: Mapped[int]
    counted_cash_vnd: Mapped[int]

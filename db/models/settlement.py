"""Producer settlements (đối soát hàng ký gửi): what the showroom owed a producer for a period."""

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, id_column, utcnow


class Settlement(Base):
    """A settled statement: consignment goods of one producer sold in [period_start, period_end),
    less refunds and the showroom's commission. The next statement starts at ``period_end``."""

    __tablename__ = "settlements"
    __table_args__ = (Index("ix_settlements_producer_end", "producer_id", "period_end"),)

    id: Mapped[uuid.UUID] = id_column()
    statement_no: Mapped[str] = mapped_column(String(40), unique=True)
    producer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("producers.id"))
    period_start: Mapped[dt.datetime]
    period_end: Mapped[dt.datetime]
    sold_vnd: Mapped[int]
    refunded_vnd: Mapped[int]
    net_vnd: Mapped[int]
    commission_vnd: Mapped[int]
    owed_vnd: Mapped[int]
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

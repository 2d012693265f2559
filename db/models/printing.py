"""The print queue: a job per receipt (or report), made after the sale is committed."""

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, id_column, utcnow

#: ``sent``: the bytes went to a printer that cannot confirm a job (done, but not known printed).
PRINT_JOB_STATUSES = ("queued", "printing", "printed", "sent", "failed")


class PrintJob(Base):
    """A document to print. A failed job keeps its error and is retried until printed.

    ``status`` is ``printing`` only while a printer has the job; a job found in that state at
    start-up was interrupted and goes back to ``failed`` (it may have printed: reprinting a
    receipt is harmless, losing one is not). A failed job is tried again from
    ``next_attempt_at`` (backing off); one job stands for one document until it is done.
    """

    __tablename__ = "print_jobs"
    __table_args__ = (
        CheckConstraint(f"status IN {PRINT_JOB_STATUSES!r}", name="status"),
        Index("ix_print_jobs_status_created", "status", "created_at"),
    )

    id: Mapped[uuid.UUID] = id_column()
    kind: Mapped[str] = mapped_column(String(20), default="receipt")
    sale_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("sales.id"), index=True)
    refund_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("refunds.id"), index=True)
    lang: Mapped[str] = mapped_column(String(8), default="vi")
    open_drawer: Mapped[bool] = mapped_column(default=False)
    reprint: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    printed_at: Mapped[dt.datetime | None]
    next_attempt_at: Mapped[dt.datetime | None]

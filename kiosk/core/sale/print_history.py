"""What the back office's print-queue section shows and does: the day's jobs with their state
and error, the day's receipts and refund slips, and a reprint of any of them by number.

Everything is read from disk, so it is all there after a restart; reprints go through
:class:`kiosk.core.sale.print_queue.PrintQueue`, so a document whose job still waits is sent
once, not twice.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import or_, select

from db.models import PrintJob, Refund, Sale, own_sale
from kiosk.core.localtime import VIETNAM
from kiosk.core.sale.print_queue import UNFINISHED, JobView, PrintQueue, _view_query, job_view
from kiosk.core.sale.receipt import UnknownSale


@dataclass(frozen=True)
class PrintedDocument:
    """A receipt or refund slip of the day, as the reprint list shows it."""

    kind: str  # "receipt" or "refund"
    number: str
    at: dt.datetime
    total_vnd: int
    status: str  # the sale's or refund's own status (a voided sale still reprints)


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(), VIETNAM).astimezone(dt.UTC)
    return start, start + dt.timedelta(days=1)


def jobs_of_day(queue: PrintQueue, day: dt.date) -> list[JobView]:
    """The jobs made on ``day`` (Vietnam time) and every job still waiting, newest first."""
    start, end = _day_bounds(day)
    with queue._sf() as s:
        rows = s.execute(
            _view_query()
            .where(
                or_(
                    PrintJob.created_at.between(start, end),
                    PrintJob.status.in_(UNFINISHED),
                )
            )
            .order_by(PrintJob.created_at.desc())
        ).all()
    return [job_view(j, number) for j, number in rows]


def documents_of_day(queue: PrintQueue, day: dt.date) -> list[PrintedDocument]:
    """The receipts and refund slips of ``day``'s business, newest first."""
    with queue._sf() as s:
        sales = s.execute(
            select(Sale.receipt_no, Sale.created_at, Sale.total_vnd, Sale.status).where(
                Sale.business_date == day, own_sale(Sale.id)
            )
        ).all()
        refunds = s.execute(
            select(Refund.refund_no, Refund.created_at, Refund.total_vnd).where(
                Refund.business_date == day
            )
        ).all()
    docs = [PrintedDocument("receipt", no, at, total, status) for no, at, total, status in sales]
    docs += [PrintedDocument("refund", no, at, total, "refund") for no, at, total in refunds]
    return sorted(docs, key=lambda d: d.at, reverse=True)


def reprint(queue: PrintQueue, number: str) -> uuid.UUID:
    """Queue a reprint of the receipt or refund slip numbered ``number`` (as printed under its
    barcode); raises :class:`UnknownSale` when there is none."""
    number = number.strip()
    with queue._sf() as s:
        # Another till's sale, copied here for a refund, is reprinted where it was sold.
        sale_id = s.scalar(select(Sale.id).where(Sale.receipt_no == number, own_sale(Sale.id)))
        refund_id = None
        if sale_id is None:
            refund_id = s.scalar(select(Refund.id).where(Refund.refund_no == number))
    if sale_id is not None:
        return queue.enqueue_receipt(sale_id, reprint=True)
    if refund_id is not None:
        return queue.enqueue_refund(refund_id, reprint=True)
    raise UnknownSale(sale_id=None, receipt_no=number)

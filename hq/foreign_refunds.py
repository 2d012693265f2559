"""Refunds given at other terminals of the shop of a terminal's own sales (issue 13's returns
across tills, for e-invoices): the till that sold issued the sale's e-invoice, so it issues the
adjustment for a refund given elsewhere, once it learns of it here.

Listed oldest first by the moment head office received each refund (its entry's
``received_at``) and then its id: a page ends at a position the terminal sends back as
``after`` and ``after_id`` for the next one. A refund by the terminal itself is not listed (it
made its own adjustment), nor any refund of another terminal's sale.
"""

import datetime as dt
import uuid

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from hq.models import Entry, Refund, RefundLine, RefundVat, Sale, Terminal
from hq.protocol_returns import FOREIGN_REFUNDS_PAGE, ForeignRefund, ForeignRefunds


def foreign_refunds(
    session: Session,
    terminal: Terminal,
    *,
    after: dt.datetime | None = None,
    after_id: uuid.UUID | None = None,
    limit: int = FOREIGN_REFUNDS_PAGE,
) -> ForeignRefunds:
    """The refunds given at other terminals of ``terminal``'s shop of the sales ``terminal``
    made, received after (``after``, ``after_id``), at most ``limit`` of them."""
    query = (
        select(Refund, Entry.received_at)
        .join(Entry, Entry.id == Refund.entry_id)
        .join(Sale, Sale.id == Refund.sale_id)
        .join(Terminal, Terminal.id == Refund.terminal_id)
        .where(
            Sale.terminal_id == terminal.id,
            Refund.terminal_id != terminal.id,
            Terminal.shop_id == terminal.shop_id,
        )
        .order_by(Entry.received_at, Refund.id)
        .limit(limit + 1)
    )
    if after is not None:
        later = Entry.received_at > after
        if after_id is not None:
            later = or_(later, and_(Entry.received_at == after, Refund.id > after_id))
        query = query.where(later)
    found = session.execute(query).all()
    page = found[:limit]
    ids = [refund.id for refund, _ in page]
    lines: dict[uuid.UUID, list[RefundLine]] = {i: [] for i in ids}
    vat: dict[uuid.UUID, list[RefundVat]] = {i: [] for i in ids}
    if ids:
        for line in session.scalars(
            select(RefundLine).where(RefundLine.refund_id.in_(ids)).order_by(RefundLine.line_no)
        ):
            lines[line.refund_id].append(line)
        for rate in session.scalars(
            select(RefundVat).where(RefundVat.refund_id.in_(ids)).order_by(RefundVat.rate_pct)
        ):
            vat[rate.refund_id].append(rate)
    return ForeignRefunds(
        refunds=[
            _record(refund, received_at, lines[refund.id], vat[refund.id])
            for refund, received_at in page
        ],
        more=len(found) > limit,
    )


def _record(refund: Refund, received_at, lines, vat) -> ForeignRefund:
    return ForeignRefund.model_validate(
        {
            **_columns(refund, _HEADER),
            "received_at": received_at,
            "lines": [_columns(x, _LINE) for x in lines],
            "vat": [_columns(v, ("rate_pct", "gross_vnd", "vat_vnd")) for v in vat],
        }
    )


_HEADER = ("id", "refund_no", "sale_id", "terminal_code", "created_at", "total_vnd", "vat_vnd")
_LINE = ("sale_line_id", "quantity", "amount_vnd", "vat_rate_pct", "name_vi", "name_en", "unit")


def _columns(row, names) -> dict:
    return {name: getattr(row, name) for name in names}

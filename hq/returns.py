"""Returns across terminals (issue 13): a sale of the shop, as a terminal that did not make it
needs it to refund it, and the checks on the refunds that then come up.

A terminal may look up only the sales of its own shop (:func:`sale_for_return`); another
shop's receipt is refused as if unknown, with a reason and none of its data. A refund that comes
up is applied against its sale wherever in the shop the sale was made (:class:`RefundCheck`):
never against another shop's sale or a voided one, and never for more than was sold of a line,
whichever tills gave the earlier refunds. Head office's day figures count a refund at the
terminal that gave it (:mod:`hq.figures`), as its Z report does.
"""

import uuid
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hq import operations as ops
from hq import protocol
from hq.errors import HqError
from hq.models import KioskUser, Payment, Refund, RefundLine, Sale, SaleLine, SaleVat, Terminal
from hq.protocol_returns import NOT_FOUND, OTHER_SHOP, ReturnLine, SaleForReturn


class NotReturnable(HqError):
    """No sale of the terminal's shop answers (``reason``: :data:`NOT_FOUND`,
    :data:`OTHER_SHOP`, or "ambiguous": several sales of the shop carry that number)."""


def _candidates(session: Session, receipt_no: str | None, sale_id: uuid.UUID | None):
    query = select(Sale, Terminal.shop_id).join(Terminal, Terminal.id == Sale.terminal_id)
    if sale_id is not None:
        query = query.where(Sale.id == sale_id)
    else:
        query = query.where(Sale.receipt_no == receipt_no)
    return session.execute(query).all()


def find_sale(
    session: Session,
    terminal: Terminal,
    *,
    receipt_no: str | None = None,
    sale_id: uuid.UUID | None = None,
) -> Sale:
    """The sale of ``terminal``'s shop with that receipt number (or id), else NotReturnable."""
    found = _candidates(session, receipt_no, sale_id)
    ours = [sale for sale, shop_id in found if shop_id == terminal.shop_id]
    if not ours:
        raise NotReturnable(reason=OTHER_SHOP if found else NOT_FOUND)
    if len(ours) > 1:
        # Two tills of the shop that both sold as K01 before enrolment: the one asking has
        # its own sale locally, so it means the other's.
        ours = [sale for sale in ours if sale.terminal_id != terminal.id] or ours
    if len(ours) > 1:
        raise NotReturnable(reason="ambiguous")
    return ours[0]


def sale_for_return(
    session: Session,
    terminal: Terminal,
    *,
    receipt_no: str | None = None,
    sale_id: uuid.UUID | None = None,
) -> SaleForReturn:
    """The sale as the wire carries it, with what head office has refunded of each line."""
    sale = find_sale(session, terminal, receipt_no=receipt_no, sale_id=sale_id)
    refunded: dict[uuid.UUID, list[int]] = {}
    for line_id, terminal_id, qty, amount in session.execute(
        select(RefundLine.sale_line_id, Refund.terminal_id, func.sum(RefundLine.quantity),
               func.sum(RefundLine.amount_vnd))
        .join(Refund, Refund.id == RefundLine.refund_id)
        .where(Refund.sale_id == sale.id)
        .group_by(RefundLine.sale_line_id, Refund.terminal_id)
    ):  # fmt: skip
        sums = refunded.setdefault(line_id, [0, 0, 0, 0])
        sums[0] += int(qty)
        sums[1] += int(amount)
        if terminal_id == terminal.id:
            sums[2] += int(qty)
            sums[3] += int(amount)
    lines = [
        ReturnLine.model_validate(
            {
                **_columns(line),
                **dict(zip(_REFUNDED, refunded.get(line.id, (0, 0, 0, 0)), strict=True)),
            }
        )
        for line in session.scalars(
            select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.line_no)
        )
    ]
    payments = session.scalars(select(Payment).where(Payment.sale_id == sale.id)).all()
    vat = session.scalars(select(SaleVat).where(SaleVat.sale_id == sale.id)).all()
    refund_nos = session.scalars(
        select(Refund.refund_no).where(Refund.sale_id == sale.id).order_by(Refund.created_at)
    ).all()
    clerk = session.scalar(select(KioskUser.name).where(KioskUser.id == sale.user_id)) or ""
    return SaleForReturn.model_validate(
        {
            **_columns(sale),
            "clerk": clerk,
            "lines": lines,
            "vat": [_columns(v) for v in vat],
            "payments": [_columns(p) for p in payments],
            "refunds": list(refund_nos),
        }
    )


_REFUNDED = ("refunded_quantity", "refunded_vnd", "refunded_here_quantity", "refunded_here_vnd")


def _columns(row) -> dict:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}


class RefundCheck:
    """What the refunds of one batch may take back: the sales they name (head office's and
    those earlier in the batch), their lines as sold, and what has been refunded of each line.

    Fed the batch's entries in order: :meth:`sold` for a sale, :meth:`voided` for a void,
    :meth:`problem` for a refund (which, when it passes, counts as refunded for the next).
    """

    def __init__(self, session: Session, terminal_id: int, payloads: Iterable[object]):
        wanted = {p.refund.sale_id for p in payloads if isinstance(p, ops.RefundPayload)}
        self.shop_id = session.scalar(select(Terminal.shop_id).where(Terminal.id == terminal_id))
        self.sales: dict[uuid.UUID, tuple[int, str]] = {}
        self.lines: dict[uuid.UUID, tuple[uuid.UUID, int]] = {}
        self.refunded: dict[uuid.UUID, int] = {}
        if not wanted:
            return
        ids = list(wanted)
        for sale_id, shop_id, status in session.execute(
            select(Sale.id, Terminal.shop_id, Sale.status)
            .join(Terminal, Terminal.id == Sale.terminal_id)
            .where(Sale.id.in_(ids))
        ):
            self.sales[sale_id] = (shop_id, status)
        for line_id, sale_id, quantity in session.execute(
            select(SaleLine.id, SaleLine.sale_id, SaleLine.quantity).where(
                SaleLine.sale_id.in_(ids)
            )
        ):
            self.lines[line_id] = (sale_id, quantity)
        for line_id, quantity in session.execute(
            select(RefundLine.sale_line_id, func.sum(RefundLine.quantity))
            .join(Refund, Refund.id == RefundLine.refund_id)
            .where(Refund.sale_id.in_(ids))
            .group_by(RefundLine.sale_line_id)
        ):
            self.refunded[line_id] = int(quantity)

    def sold(self, p: protocol.SalePayload) -> None:
        self.sales[p.sale.id] = (self.shop_id, p.sale.status)
        self.lines.update({line.id: (p.sale.id, line.quantity) for line in p.lines})

    def voided(self, sale_id: uuid.UUID) -> None:
        if sale_id in self.sales:
            self.sales[sale_id] = (self.sales[sale_id][0], "voided")

    def problem(self, p: ops.RefundPayload) -> str | None:
        """Why the refund cannot be applied, or None (and then it counts as refunded)."""
        sale_id = p.refund.sale_id
        if sale_id not in self.sales:
            return f"refund of sale {sale_id}, not recorded at head office"
        shop_id, status = self.sales[sale_id]
        if shop_id != self.shop_id:
            return f"refund of sale {sale_id}, sold at another shop"
        if status != "completed":
            return f"refund of sale {sale_id}, which was voided"
        asked: dict[uuid.UUID, int] = {}
        for line in p.lines:
            of_sale, sold = self.lines.get(line.sale_line_id, (None, 0))
            if of_sale != sale_id:
                return f"refund line {line.line_no}: not a line of sale {sale_id}"
            asked[line.sale_line_id] = asked.get(line.sale_line_id, 0) + line.quantity
            already = self.refunded.get(line.sale_line_id, 0)
            if already + asked[line.sale_line_id] > sold:
                return (
                    f"refund line {line.line_no}: {asked[line.sale_line_id]} more of "
                    f"{sold} sold, {already} refunded already (at this or another till)"
                )
        for line_id, quantity in asked.items():
            self.refunded[line_id] = self.refunded.get(line_id, 0) + quantity
        return None

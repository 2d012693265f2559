"""One receipt as head office knows it: lines, VAT, payments, discounts, its void and refunds
(with their lines and payments), and the audit trail of who did and authorised what. Users are
named from the ``user_created`` audit events their terminal sent, else shown by a short id."""

import dataclasses
import uuid
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from hq import access
from hq.models import (
    AuditEvent,
    Operator,
    Payment,
    Refund,
    RefundLine,
    RefundPayment,
    Sale,
    SaleLine,
    SaleVat,
    SaleVoid,
    Shop,
    Terminal,
)
from hq.pages import scope
from hq.pages.common import short_id


@dataclasses.dataclass
class ReceiptDetail:
    sale: Sale
    shop: Shop
    lines: list[SaleLine]
    vat: list[SaleVat]
    payments: list[Payment]
    void: SaleVoid | None
    refunds: list[tuple[Refund, list[RefundLine], list[RefundPayment]]]
    events: list[AuditEvent]
    names: dict[str, str]
    full: bool  # False for a producer: their own lines only, no money of the whole sale

    def who(self, user_id: Any) -> str:
        if not user_id:
            return "—"
        return self.names.get(str(user_id)) or short_id(user_id)


def _refunds(session: Session, sale_id: uuid.UUID):
    refunds = list(
        session.scalars(select(Refund).where(Refund.sale_id == sale_id).order_by(Refund.created_at))
    )
    out = []
    for r in refunds:
        lines = session.scalars(
            select(RefundLine).where(RefundLine.refund_id == r.id).order_by(RefundLine.line_no)
        )
        pays = session.scalars(select(RefundPayment).where(RefundPayment.refund_id == r.id))
        out.append((r, list(lines), list(pays)))
    return out


def _events(session: Session, sale: Sale, refunds: list[Refund]) -> list[AuditEvent]:
    """The audit events about the sale from its till, and about each refund from the till that
    gave it (another till of the shop, for a return across terminals): a terminal is believed
    only about what it did itself."""
    about = [(str(sale.id), sale.terminal_id)] + [(str(r.id), r.terminal_id) for r in refunds]
    mine = [and_(AuditEvent.subject_id == s, AuditEvent.terminal_id == t) for s, t in about]
    return list(session.scalars(select(AuditEvent).where(or_(*mine)).order_by(AuditEvent.at)))


def user_names(session: Session, ids: set[str]) -> dict[str, str]:
    """The names the terminals gave these users (from their ``user_created`` audit events)."""
    ids.discard("None")
    if not ids:
        return {}
    events = session.execute(
        select(AuditEvent.subject_id, AuditEvent.data).where(
            AuditEvent.kind == "user_created", AuditEvent.subject_id.in_(sorted(ids))
        )
    )
    return {subject: str(data.get("name", "")) for subject, data in events if data.get("name")}


def load(session: Session, op: Operator, sale_id: uuid.UUID) -> ReceiptDetail | None:
    """The receipt ``sale_id`` as the operator may see it, or None (no such receipt for them)."""
    found = session.execute(
        select(Sale, Shop)
        .join(Terminal, Terminal.id == Sale.terminal_id)
        .join(Shop, Shop.id == Terminal.shop_id)
        .where(Sale.id == sale_id, scope.sale_visible(op))
    ).first()
    if found is None:
        return None
    sale, shop = found
    full = access.sees_payments(op)
    lines = session.scalars(
        select(SaleLine)
        .where(SaleLine.sale_id == sale.id, scope.line_visible(op))
        .order_by(SaleLine.line_no)
    )
    detail = ReceiptDetail(sale, shop, list(lines), [], [], None, [], [], {}, full)
    if full:
        detail.vat = list(session.scalars(select(SaleVat).where(SaleVat.sale_id == sale.id)))
        detail.payments = list(session.scalars(select(Payment).where(Payment.sale_id == sale.id)))
        detail.void = session.get(SaleVoid, sale.id)
        detail.refunds = _refunds(session, sale.id)
        detail.events = _events(session, sale, [r for r, _, _ in detail.refunds])
    people = {str(sale.user_id), str(sale.discount_authorised_by)}
    if detail.void:
        people |= {str(detail.void.user_id), str(detail.void.authorised_by)}
    for r, _, _ in detail.refunds:
        people |= {str(r.user_id), str(r.authorised_by)}
    for e in detail.events:
        people |= {str(e.user_id), str(e.authorised_by)}
        people |= {
            str(x.get("authorised_by")) for x in e.data.get("lines", []) if isinstance(x, dict)
        }
        people.add(str(e.data.get("cart_discount_authorised_by")))
    detail.names = user_names(session, people)
    return detail

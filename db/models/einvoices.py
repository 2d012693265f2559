"""E-invoices generated from the till (hóa đơn điện tử khởi tạo từ máy tính tiền).

One row per invoice the shop owes the tax authority: the sale's own (written pending in the
sale's transaction), and the adjustment or replacement invoices that a refund, a void or
corrected buyer details call for. ``key`` is the idempotency key the provider sees (the sale's id
for the sale's invoice): a row is sent until the provider answers, and however often it goes,
the provider keeps one invoice for it.
"""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, id_column, utcnow

#: ``pending``: not yet accepted by the provider (never sent, or sent without an answer);
#: ``issued``: the provider answered with the number (and, when it came, the tax code);
#: ``failed``: the provider refused it (the reason says why; a retry sends it again);
#: ``cancelled``: voided before it was ever sent, so no invoice exists.
EINVOICE_STATUSES = ("pending", "issued", "failed", "cancelled")
#: ``sale``: the sale's own; ``adjust``: a decrease for a refund or a void of an issued invoice;
#: ``replace``: the sale's invoice again with corrected buyer details.
EINVOICE_KINDS = ("sale", "adjust", "replace")


class EInvoice(Base):
    """An e-invoice the shop issues, and what the provider and the tax authority gave back."""

    __tablename__ = "einvoices"
    __table_args__ = (
        CheckConstraint(f"status IN {EINVOICE_STATUSES!r}", name="status"),
        CheckConstraint(f"kind IN {EINVOICE_KINDS!r}", name="kind"),
        Index("ix_einvoices_status_next", "status", "next_attempt_at"),
    )

    id: Mapped[uuid.UUID] = id_column()
    key: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="sale")
    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales.id"), index=True)
    refund_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("refunds.id"))
    #: A refund given at another till of the shop of this till's sale, as head office told it
    #: (its number, time, total, lines and VAT per rate): there is no Refund row for it here.
    foreign_refund: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: The invoice this one adjusts or replaces.
    original_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("einvoices.id"))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    template: Mapped[str] = mapped_column(String(16))
    symbol: Mapped[str] = mapped_column(String(8))
    buyer_name: Mapped[str] = mapped_column(String(200), default="")
    buyer_tax_code: Mapped[str] = mapped_column(String(14), default="")
    buyer_id_no: Mapped[str] = mapped_column(String(20), default="")
    buyer_phone: Mapped[str] = mapped_column(String(20), default="")
    buyer_address: Mapped[str] = mapped_column(String(300), default="")
    invoice_no: Mapped[str] = mapped_column(String(20), default="")
    tax_authority_code: Mapped[str] = mapped_column(String(40), default="")
    lookup_code: Mapped[str] = mapped_column(String(40), default="")
    lookup_url: Mapped[str] = mapped_column(String(300), default="")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[dt.datetime | None]
    issued_at: Mapped[dt.datetime | None]

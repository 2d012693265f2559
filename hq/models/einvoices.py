"""The shops' e-invoices as head office knows them: each invoice's latest state, and the company
buyers seen on them (the till asks for a buyer's name by tax code)."""

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hq.models.base import Base, utcnow


class EInvoice(Base):
    """One invoice of a terminal (its ``key``: the sale's id, or the adjustment's), in the state
    of the newest ``einvoice`` entry (``seq``) that spoke of it: pending, issued, failed or
    cancelled, with the number, the tax authority's code and the provider's reason."""

    __tablename__ = "einvoices"
    __table_args__ = (
        UniqueConstraint("terminal_id", "key"),
        Index("ix_einvoices_status_updated", "status", "updated_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminals.id"))
    key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(10))
    sale_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(10))
    symbol: Mapped[str] = mapped_column(String(8))
    invoice_no: Mapped[str] = mapped_column(String(20))
    tax_authority_code: Mapped[str] = mapped_column(String(40))
    buyer_tax_code: Mapped[str] = mapped_column(String(14))
    reason: Mapped[str] = mapped_column(String(200))
    seq: Mapped[int]
    updated_at: Mapped[dt.datetime]  # when the terminal recorded this state
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class EInvoiceBuyer(Base):
    """A company that asked for an invoice at one of the shops: its name and address as the
    latest invoice carried them."""

    __tablename__ = "einvoice_buyers"

    tax_code: Mapped[str] = mapped_column(String(14), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    updated_at: Mapped[dt.datetime]

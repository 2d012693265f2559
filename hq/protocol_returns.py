"""The wire records of returns across terminals (issue 13): a kiosk refunding a receipt sold at
another till of the same shop asks head office for it.

``GET /api/v1/returns?receipt_no=K01-20261130-0001`` (or ``?sale_id=<uuid>``, for a sale the
kiosk has already) answers :class:`SaleForReturn`: the sale as head office has it, its lines with
what has been refunded of each at head office (from every terminal, and how much of that by the
asking terminal), its VAT and payments. Only a sale made at a terminal of the asking terminal's
shop is answered; another shop's receipt is 404, with a reason and none of its data.

Built on :mod:`hq.protocol`'s records; the kiosk imports it as it imports ``hq.bank.wire``,
when it first asks.
"""

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, Field

from hq.protocol import PaymentRecord, SaleLineRecord, SaleVatRecord
from hq.text_limits import RECEIPT_NO_PATTERN as RECEIPT_NO_PATTERN
from hq.wire_types import (
    NAME_MAX,
    NUMBER_MAX,
    RECORD_CONFIG,
    Count,
    Moment,
    PositiveQuantity,
    RoundingVnd,
    TerminalCode,
    VatRate,
    Vnd,
)

RETURNS_PATH = "/returns"
# Why head office does not answer with a sale (the 404's ``detail``).
NOT_FOUND = "no such receipt"
OTHER_SHOP = "receipt sold at another shop"


class ReturnLine(SaleLineRecord):
    """A sale line with what head office has recorded as refunded of it: by every terminal
    (``refunded_*``) and, of that, by the terminal that asks (``refunded_here_*``)."""

    refunded_quantity: Count = 0
    refunded_vnd: Vnd = 0
    refunded_here_quantity: Count = 0
    refunded_here_vnd: Vnd = 0


class SaleForReturn(BaseModel):
    """A sale of the asking terminal's shop, as head office has it."""

    model_config = RECORD_CONFIG

    id: uuid.UUID
    receipt_no: str = Field(min_length=1, max_length=NUMBER_MAX)
    terminal_code: TerminalCode
    business_date: dt.date
    status: Literal["completed", "voided"]
    user_id: uuid.UUID
    clerk: str = Field(default="", max_length=NAME_MAX)
    subtotal_vnd: Vnd
    discount_vnd: Vnd
    total_vnd: Vnd
    vat_vnd: Vnd
    rounding_vnd: RoundingVnd = 0
    receipt_lang: str = Field(default="vi", max_length=8)
    created_at: Moment
    lines: list[ReturnLine] = Field(min_length=1)
    vat: list[SaleVatRecord] = []
    payments: list[PaymentRecord] = []
    refunds: list[str] = []  # refund numbers at head office, oldest first


# Refunds other tills gave of a terminal's sales (``GET /api/v1/returns/refunds``), so that the
# till that sold, which issued the sale's e-invoice, issues its adjustment. Paged by the moment
# head office received each refund and its id (``after``, ``after_id``), oldest first.
FOREIGN_REFUNDS_PATH = "/returns/refunds"
FOREIGN_REFUNDS_PAGE = 200


class ForeignRefundLine(BaseModel):
    model_config = RECORD_CONFIG

    sale_line_id: uuid.UUID
    quantity: PositiveQuantity
    amount_vnd: Vnd
    vat_rate_pct: VatRate
    name_vi: str = Field(max_length=NAME_MAX)
    name_en: str = Field(default="", max_length=NAME_MAX)
    unit: Literal["piece", "gram"]


class ForeignRefund(BaseModel):
    """A refund given at another terminal of a sale made by the asking one."""

    model_config = RECORD_CONFIG

    id: uuid.UUID
    refund_no: str = Field(min_length=1, max_length=NUMBER_MAX)
    sale_id: uuid.UUID
    terminal_code: TerminalCode
    created_at: Moment
    received_at: Moment
    total_vnd: Vnd
    vat_vnd: Vnd
    lines: list[ForeignRefundLine] = Field(min_length=1)
    vat: list[SaleVatRecord] = []


class ForeignRefunds(BaseModel):
    """A page of them; ``more``: another page follows the last one here."""

    model_config = RECORD_CONFIG

    refunds: list[ForeignRefund] = []
    more: bool = False

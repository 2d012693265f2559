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
from hq.wire_types import NAME_MAX, NUMBER_MAX, RECORD_CONFIG, Count, Moment, TerminalCode, Vnd

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
    rounding_vnd: int = Field(default=0, ge=-1_000, le=1_000)
    receipt_lang: str = Field(default="vi", max_length=8)
    created_at: Moment
    lines: list[ReturnLine] = Field(min_length=1)
    vat: list[SaleVatRecord] = []
    payments: list[PaymentRecord] = []
    refunds: list[str] = []  # refund numbers at head office, oldest first

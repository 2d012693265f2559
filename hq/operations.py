"""The wire records of everything a terminal does besides selling: voids, refunds, shifts and
their cash, Z reports, producer settlements, goods receipts, stock counts and adjustments, and
its own edits of the catalogue. Each arrives as one outbox entry and is applied by head office
into its own tables (:mod:`hq.operation_rows`).

The field names are those of the kiosk's outbox payloads; extra fields are ignored.
"""

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from hq.wire_types import (
    BATCH_NO_MAX,
    DELIVERY_NOTE_MAX,
    NAME_MAX,
    NOTE_MAX,
    NUMBER_MAX,
    REASON_MAX,
    RECORD_CONFIG,
    REFERENCE_MAX,
    Count,
    Moment,
    MovementKind,
    PaymentMethod,
    PositiveQuantity,
    Quantity,
    RoundingVnd,
    SignedVnd,
    TerminalCode,
    VatRate,
    Vnd,
)


class Record(BaseModel):
    model_config = RECORD_CONFIG


class MovementRecord(Record):
    """A stock movement that came with an operation (its kind says which)."""

    id: uuid.UUID
    product_id: uuid.UUID
    kind: MovementKind
    quantity: Quantity
    unit_cost_vnd: Vnd | None = None
    reason: str = Field(default="", max_length=REASON_MAX)
    created_at: Moment


class VoidPayload(Record):
    """A completed sale taken back whole, in the shift that made it."""

    sale_id: uuid.UUID
    receipt_no: str = Field(min_length=1, max_length=NUMBER_MAX)
    shift_id: uuid.UUID | None = None
    user_id: uuid.UUID
    authorised_by: uuid.UUID | None = None
    reason: str = Field(default="", max_length=REASON_MAX)
    total_vnd: Vnd
    created_at: Moment
    movements: list[MovementRecord] = []

    @model_validator(mode="after")
    def _movements_are_voids(self) -> "VoidPayload":
        if any(m.kind != "void" or m.quantity < 0 for m in self.movements):
            raise ValueError("a void's stock movements put goods back (kind void, quantity ≥ 0)")
        return self


class RefundHeader(Record):
    id: uuid.UUID
    refund_no: str = Field(min_length=1, max_length=NUMBER_MAX)
    sale_id: uuid.UUID
    terminal_code: TerminalCode
    business_date: dt.date
    shift_id: uuid.UUID | None = None
    user_id: uuid.UUID
    authorised_by: uuid.UUID | None = None
    reason: str = Field(default="", max_length=REASON_MAX)
    total_vnd: Vnd  # the goods' value: the lines', and the VAT's
    vat_vnd: Vnd
    # The cash part rounded to the shop's step, as a sale's (hq.protocol.SaleHeader): the
    # payments give back total + rounding. Older kiosks send none: 0.
    rounding_vnd: RoundingVnd = 0
    receipt_lang: str = Field(default="vi", max_length=8)
    created_at: Moment


class RefundLineRecord(Record):
    id: uuid.UUID
    line_no: Count
    sale_line_id: uuid.UUID
    product_id: uuid.UUID
    name_vi: str = Field(max_length=NAME_MAX)
    name_en: str = Field(default="", max_length=NAME_MAX)
    unit: Literal["piece", "gram"]
    quantity: PositiveQuantity
    amount_vnd: Vnd
    vat_rate_pct: VatRate
    restock: Literal["shelf", "damaged"]


class RefundVatRecord(Record):
    rate_pct: VatRate
    gross_vnd: Vnd
    vat_vnd: Vnd


class RefundPaymentRecord(Record):
    id: uuid.UUID
    method: PaymentMethod
    amount_vnd: Vnd
    reference: str = Field(default="", max_length=REFERENCE_MAX)


class AdjustmentRecord(Record):
    """Goods written off or found: ``quantity`` pieces or grams out (the movement is signed)."""

    id: uuid.UUID
    product_id: uuid.UUID
    quantity: Quantity
    reason: str = Field(min_length=1, max_length=40)
    note: str = Field(default="", max_length=NOTE_MAX)
    batch_no: str = Field(default="", max_length=BATCH_NO_MAX)
    movement_id: uuid.UUID | None = None
    user_id: uuid.UUID
    created_at: Moment


class RefundPayload(Record):
    """Lines of an earlier sale given back: the money per method, and where the goods went."""

    refund: RefundHeader
    lines: list[RefundLineRecord] = Field(min_length=1)
    vat: list[RefundVatRecord]
    payments: list[RefundPaymentRecord]
    movements: list[MovementRecord] = []
    adjustments: list[AdjustmentRecord] = []

    @model_validator(mode="after")
    def _sums_agree(self) -> "RefundPayload":
        total = self.refund.total_vnd
        for what, amount in (
            ("lines", sum(x.amount_vnd for x in self.lines)),
            ("VAT per rate", sum(x.gross_vnd for x in self.vat)),
        ):
            if amount != total:
                raise ValueError(f"{what} add up to {amount}, total_vnd is {total}")
        paid, due = sum(x.amount_vnd for x in self.payments), total + self.refund.rounding_vnd
        if paid != due:
            raise ValueError(f"payments add up to {paid}, total_vnd + rounding_vnd is {due}")
        # Only cash is rounded: more back than the goods needs cash. Less back may come with no
        # cash at all (a refund whose cash went back, rounded up, with an earlier one).
        if self.refund.rounding_vnd > 0 and not any(x.method == "cash" for x in self.payments):
            raise ValueError("rounding_vnd above 0 without a cash payment (only cash is rounded)")
        if sum(v.vat_vnd for v in self.vat) != self.refund.vat_vnd:
            raise ValueError("VAT per rate does not add up to vat_vnd")
        back = sum(x.quantity for x in self.lines)
        moved = sum(m.quantity for m in self.movements if m.kind == "refund")
        damaged = sum(x.quantity for x in self.lines if x.restock == "damaged")
        written_off = -sum(m.quantity for m in self.movements if m.kind == "adjustment")
        if self.movements and (moved != back or written_off != damaged):
            raise ValueError("stock movements do not bring back the quantities refunded")
        return self


class ShiftOpenPayload(Record):
    id: uuid.UUID
    terminal_code: TerminalCode
    business_date: dt.date
    opened_by: uuid.UUID
    opened_at: Moment
    float_vnd: Vnd
    authorised_by: uuid.UUID | None = None


class ShiftClosePayload(Record):
    """The cash counted at a shift's close; ``notes`` is pieces per denomination."""

    id: uuid.UUID
    closed_by: uuid.UUID
    closed_at: Moment
    expected_cash_vnd: SignedVnd
    counted_cash_vnd: Vnd
    difference_vnd: SignedVnd
    notes: dict[str, Count] = {}

    @model_validator(mode="after")
    def _difference(self) -> "ShiftClosePayload":
        if self.counted_cash_vnd - self.expected_cash_vnd != self.difference_vnd:
            raise ValueError("counted_cash_vnd - expected_cash_vnd != difference_vnd")
        if sum(int(k) * n for k, n in self.notes.items() if k.isdigit()) != self.counted_cash_vnd:
            raise ValueError("the notes counted do not add up to counted_cash_vnd")
        return self


class CashMovementPayload(Record):
    id: uuid.UUID
    shift_id: uuid.UUID
    kind: Literal["pay_in", "pay_out"]
    amount_vnd: Vnd
    reason: str = Field(default="", max_length=REASON_MAX)
    user_id: uuid.UUID
    authorised_by: uuid.UUID | None = None
    created_at: Moment


class ZReportPayload(Record):
    id: uuid.UUID
    terminal_code: TerminalCode
    z_no: Count
    business_date: dt.date
    first_opened_at: Moment
    closed_by: uuid.UUID
    created_at: Moment
    sales_count: Count
    sales_vnd: Vnd
    refunds_vnd: Vnd
    net_vnd: SignedVnd
    expected_cash_vnd: SignedVnd
    counted_cash_vnd: Vnd
    shift_ids: list[uuid.UUID] = Field(min_length=1)

    @model_validator(mode="after")
    def _net(self) -> "ZReportPayload":
        if self.sales_vnd - self.refunds_vnd != self.net_vnd:
            raise ValueError("sales_vnd - refunds_vnd != net_vnd")
        return self


class SettlementPayload(Record):
    id: uuid.UUID
    statement_no: str = Field(min_length=1, max_length=NUMBER_MAX)
    producer_id: uuid.UUID
    period_start: Moment
    period_end: Moment
    sold_vnd: Vnd
    refunded_vnd: Vnd
    net_vnd: SignedVnd
    commission_vnd: SignedVnd
    owed_vnd: SignedVnd
    created_by: uuid.UUID
    created_at: Moment

    @model_validator(mode="after")
    def _sums(self) -> "SettlementPayload":
        if self.sold_vnd - self.refunded_vnd != self.net_vnd:
            raise ValueError("sold_vnd - refunded_vnd != net_vnd")
        if self.net_vnd - self.commission_vnd != self.owed_vnd:
            raise ValueError("net_vnd - commission_vnd != owed_vnd")
        if self.period_end < self.period_start:
            raise ValueError("period_end is before period_start")
        return self


class GoodsReceiptLineRecord(Record):
    id: uuid.UUID
    product_id: uuid.UUID
    quantity: Quantity
    unit_cost_vnd: Vnd | None = None
    batch_no: str = Field(default="", max_length=BATCH_NO_MAX)
    expiry_date: dt.date | None = None
    consignment: bool = False
    commission_pct: int = Field(default=0, ge=0, le=100)


class GoodsReceiptPayload(Record):
    """Goods received from a producer (or such a receipt reversed: ``reverses_id``)."""

    id: uuid.UUID
    producer_id: uuid.UUID | None = None
    delivery_note_no: str = Field(default="", max_length=DELIVERY_NOTE_MAX)
    reverses_id: uuid.UUID | None = None
    confirmed_by: uuid.UUID
    confirmed_at: Moment
    lines: list[GoodsReceiptLineRecord]
    movements: list[MovementRecord] = []

    @model_validator(mode="after")
    def _movements_receive(self) -> "GoodsReceiptPayload":
        if any(m.kind != "receipt" for m in self.movements):
            raise ValueError("a goods receipt's stock movements are of kind receipt")
        return self


class StockCountLineRecord(Record):
    product_id: uuid.UUID
    expected: Quantity | None = None
    counted: Quantity | None = None
    counted_at: Moment | None = None


class StockCountPayload(Record):
    """A count applied: the variances posted as ``count`` movements."""

    id: uuid.UUID
    scope: str = Field(max_length=20)
    scope_value: str | None = Field(default=None, max_length=40)
    opened_at: Moment
    applied_by: uuid.UUID
    applied_at: Moment
    lines: list[StockCountLineRecord] = []
    movements: list[MovementRecord] = []

    @model_validator(mode="after")
    def _movements_count(self) -> "StockCountPayload":
        if any(m.kind != "count" for m in self.movements):
            raise ValueError("a stock count's movements are of kind count")
        return self


class AdjustmentPayload(AdjustmentRecord):
    movement: MovementRecord

    @model_validator(mode="after")
    def _movement_matches(self) -> "AdjustmentPayload":
        m = self.movement
        if (
            m.kind != "adjustment"
            or m.product_id != self.product_id
            or m.quantity != -self.quantity
        ):
            raise ValueError("the adjustment's movement is not its quantity out of stock")
        return self


class CatalogueEditPayload(Record):
    """A terminal's own edit of a product, a producer or a price: kept for head office to see
    (head office owns the catalogue; it does not take a terminal's edit into it)."""

    id: uuid.UUID | None = None
    product_id: uuid.UUID | None = None
    data: dict[str, Any] = {}

    @model_validator(mode="before")
    @classmethod
    def _keep_all(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {"id": value.get("id"), "product_id": value.get("product_id"), "data": value}
        return value

    @property
    def subject_id(self) -> uuid.UUID | None:
        return self.product_id or self.id


OPERATION_MODELS = {
    "void": VoidPayload,
    "refund": RefundPayload,
    "shift_open": ShiftOpenPayload,
    "shift_close": ShiftClosePayload,
    "cash_movement": CashMovementPayload,
    "z_report": ZReportPayload,
    "settlement": SettlementPayload,
    "goods_receipt": GoodsReceiptPayload,
    "stock_count": StockCountPayload,
    "adjustment": AdjustmentPayload,
    "product": CatalogueEditPayload,
    "producer": CatalogueEditPayload,
    "price_change": CatalogueEditPayload,
}

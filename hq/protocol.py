"""The wire schema between a terminal and head office, version 1.

Head office owns it; the kiosk's sync client imports it (and nothing else of ``hq``). Money is
integer đồng (strict: a float or a string is refused, never rounded), ids are UUIDs, times are
ISO-8601 with a zone. A push request carries entries as loose JSON objects on purpose: each one is
validated on its own, so one malformed entry is rejected with a reason instead of failing the batch.
"""

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    model_validator,
)

API_PREFIX = "/api/v1"
MAX_BATCH = 1000

Vnd = Annotated[StrictInt, Field(ge=0, le=1_000_000_000_000)]
SignedVnd = Annotated[StrictInt, Field(ge=-1_000_000_000_000, le=1_000_000_000_000)]
Quantity = Annotated[StrictInt, Field(ge=-1_000_000_000, le=1_000_000_000)]
TerminalCode = Annotated[str, Field(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9_.-]+$")]
# What a database's 64-bit integer holds: a larger sequence or backlog is refused, not overflowed.
Count = Annotated[StrictInt, Field(ge=0, le=2**63 - 1)]
ProvinceCode = Annotated[int, Field(ge=1, le=999)]
VatRate = Literal[0, 5, 8, 10]
MovementKind = Literal["receipt", "sale", "refund", "void", "adjustment", "count"]


def _fits_utc(value: dt.datetime) -> dt.datetime:
    """A time that can be stored in UTC: 0001-01-01 at +07:00 cannot, and is refused here."""
    try:
        value.astimezone(dt.UTC)
    except OverflowError as exc:
        raise ValueError("time out of range") from exc
    return value


Moment = Annotated[AwareDatetime, AfterValidator(_fits_utc)]

# Kinds head office applies into its own tables; any other well-formed kind is kept as it came.
APPLIED_KINDS = ("sale", "audit", "stock_movement")


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


# --- Up: outbox entries -------------------------------------------------------------------------


class SaleHeader(_Record):
    id: uuid.UUID
    receipt_no: str = Field(min_length=1, max_length=40)
    terminal_code: TerminalCode
    business_date: dt.date
    seq: Count
    user_id: uuid.UUID
    shift_id: uuid.UUID | None = None
    status: Literal["completed", "voided"]
    subtotal_vnd: Vnd
    discount_vnd: Vnd
    total_vnd: Vnd
    vat_vnd: Vnd
    # Cash rounding (the shop rounds cash to 500 or 1.000 đ): payments = total + rounding.
    rounding_vnd: Annotated[StrictInt, Field(ge=-1_000, le=1_000)] = 0
    discount_authorised_by: uuid.UUID | None = None
    receipt_lang: str = Field(max_length=8)
    created_at: Moment


class SaleLineRecord(_Record):
    id: uuid.UUID
    line_no: Count
    product_id: uuid.UUID
    barcode: str = Field(default="", max_length=48)
    name_vi: str = Field(max_length=200)
    name_en: str = Field(default="", max_length=200)
    unit: Literal["piece", "gram"]
    quantity: Annotated[StrictInt, Field(gt=0, le=1_000_000_000)]
    unit_price_vnd: Vnd
    gross_vnd: Vnd
    line_discount_vnd: Vnd
    cart_discount_vnd: Vnd
    amount_vnd: Vnd
    vat_rate_pct: VatRate


class SaleVatRecord(_Record):
    rate_pct: VatRate
    gross_vnd: Vnd
    vat_vnd: Vnd


class PaymentRecord(_Record):
    id: uuid.UUID
    method: Literal["cash", "vietqr", "card"]
    amount_vnd: Annotated[StrictInt, Field(gt=0, le=1_000_000_000_000)]
    tendered_vnd: Vnd | None = None
    change_vnd: Vnd = 0
    reference: str = Field(default="", max_length=80)


class SaleMovementRecord(_Record):
    id: uuid.UUID
    product_id: uuid.UUID
    kind: MovementKind
    quantity: Quantity
    created_at: Moment


class SalePayload(_Record):
    """A completed sale as the checkout wrote it, with everything that came with it.

    The sums must agree (lines make the total, payments cover it exactly but for the cash
    rounding, the cart discount is what separates subtotal from total): a sale that does not
    add up is rejected, not guessed at.
    """

    sale: SaleHeader
    lines: list[SaleLineRecord] = Field(min_length=1)
    vat: list[SaleVatRecord]
    payments: list[PaymentRecord]
    movements: list[SaleMovementRecord] = []

    @model_validator(mode="after")
    def _sums_agree(self) -> "SalePayload":
        s = self.sale
        lines_total = sum(line.amount_vnd for line in self.lines)
        if lines_total != s.total_vnd:
            raise ValueError(f"lines add up to {lines_total}, total_vnd is {s.total_vnd}")
        if s.subtotal_vnd - s.discount_vnd != s.total_vnd:
            raise ValueError("subtotal_vnd - discount_vnd != total_vnd")
        paid = sum(p.amount_vnd for p in self.payments)
        if s.status == "completed" and paid != s.total_vnd + s.rounding_vnd:
            raise ValueError(
                f"payments add up to {paid}, total_vnd + rounding_vnd is "
                f"{s.total_vnd + s.rounding_vnd}"
            )
        vat = sum(v.vat_vnd for v in self.vat)
        if vat != s.vat_vnd:
            raise ValueError(f"VAT per rate adds up to {vat}, vat_vnd is {s.vat_vnd}")
        if len({line.line_no for line in self.lines}) != len(self.lines):
            raise ValueError("line numbers repeat")
        return self


class AuditPayload(_Record):
    id: uuid.UUID
    at: Moment
    kind: str = Field(min_length=1, max_length=40)
    user_id: uuid.UUID | None = None
    authorised_by: uuid.UUID | None = None
    subject_id: str = Field(default="", max_length=40)
    data: dict[str, Any] = {}


class StockMovementPayload(_Record):
    id: uuid.UUID
    product_id: uuid.UUID
    kind: MovementKind
    quantity: Quantity
    unit_cost_vnd: Vnd | None = None
    reason: str = Field(default="", max_length=200)
    user_id: uuid.UUID | None = None
    created_at: Moment


PAYLOAD_MODELS: dict[str, type[BaseModel]] = {
    "sale": SalePayload,
    "audit": AuditPayload,
    "stock_movement": StockMovementPayload,
}


class OutboxEntry(_Record):
    """One entry of a terminal's outbox. ``id`` is what head office de-duplicates on."""

    id: uuid.UUID
    seq: Count
    kind: str = Field(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")
    created_at: Moment
    terminal_code: TerminalCode
    payload: dict[str, Any]


class TypedEntry(_Record):
    """An entry of a kind head office applies, with its payload validated in the same pass."""

    id: uuid.UUID
    seq: Count
    created_at: Moment
    terminal_code: TerminalCode


class SaleEntry(TypedEntry):
    kind: Literal["sale"]
    payload: SalePayload


class AuditEntry(TypedEntry):
    kind: Literal["audit"]
    payload: AuditPayload


class StockMovementEntry(TypedEntry):
    kind: Literal["stock_movement"]
    payload: StockMovementPayload


AppliedEntry = Annotated[SaleEntry | AuditEntry | StockMovementEntry, Field(discriminator="kind")]


class PushRequest(BaseModel):
    """A batch of outbox entries in outbox order; ``backlog`` is what is still queued after it.

    Parsed in one pass straight from JSON: an entry of an applied kind that is well formed comes
    out as its model (:data:`AppliedEntry`); any other JSON object (a kind for later versions, or
    a malformed entry) comes out as it came, a dict, for head office to keep or to reject with a
    reason, on its own. Anything but an object fails the whole request.
    """

    entries: list[Annotated[AppliedEntry | dict[str, Any], Field(union_mode="left_to_right")]] = (
        Field(max_length=MAX_BATCH)
    )
    backlog: Annotated[int, Field(ge=0, le=2**63 - 1)] = 0


EntryStatus = Literal["applied", "duplicate", "rejected"]


class EntryResult(BaseModel):
    """What became of one entry. ``id`` is null only when the entry carried no readable id."""

    id: uuid.UUID | None
    index: int
    status: EntryStatus
    reason: str | None = None


class PushResponse(BaseModel):
    results: list[EntryResult]


# --- Enrolment --------------------------------------------------------------------------------


class EnrolRequest(BaseModel):
    # The code is base32 as printed, typed with any case, spaces or dashes.
    code: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9 \t-]+$")


class EnrolResponse(BaseModel):
    terminal_code: str
    token: str


# --- Down: catalogue changes -------------------------------------------------------------------


class ProducerChange(_Record):
    id: uuid.UUID
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["enterprise", "cooperative", "coop_group", "household"]
    province_code: ProvinceCode | None = None
    address: str = Field(default="", max_length=300)
    phone: str = Field(default="", max_length=40)
    tax_code: str = Field(default="", max_length=20)
    bank_bin: str = Field(default="", max_length=6)
    bank_account: str = Field(default="", max_length=30)
    version: int


class ProductChange(_Record):
    id: uuid.UUID
    sku: str = Field(min_length=1, max_length=40)
    name_vi: str = Field(min_length=1, max_length=200)
    name_en: str = Field(default="", max_length=200)
    unit: Literal["piece", "gram"] = "piece"
    vat_rate_pct: VatRate
    group_code: Literal["food", "beverage", "herbal", "handicraft", "ornamental", "tourism"]
    producer_id: uuid.UUID | None = None
    province_code: ProvinceCode | None = None
    former_province: str = Field(default="", max_length=80)
    ocop_stars: Annotated[int, Field(ge=3, le=5)] | None = None
    certificate_no: str = Field(default="", max_length=60)
    certificate_expiry: dt.date | None = None
    consignment: bool = False
    commission_pct: Annotated[int, Field(ge=0, le=100)] = 0
    active: bool = True
    version: int


class BarcodeChange(_Record):
    code: str = Field(min_length=1, max_length=48)
    product_id: uuid.UUID
    kind: Literal["ean13", "ean8", "upca", "code128", "instore"]
    removed: bool = False
    version: int


class PriceChange(_Record):
    """A price in force from ``valid_from`` on: added as history, never overwriting a price."""

    id: uuid.UUID
    product_id: uuid.UUID
    price_vnd: Vnd
    valid_from: Moment
    version: int


class CatalogueChanges(BaseModel):
    """Everything that changed after version ``since``, up to and including ``version``.

    ``removed_products`` are products taken off sale: terminals keep them for history.
    """

    since: int
    version: int
    producers: list[ProducerChange] = []
    products: list[ProductChange] = []
    barcodes: list[BarcodeChange] = []
    prices: list[PriceChange] = []
    removed_products: list[uuid.UUID] = []


class Health(BaseModel):
    status: Literal["ok"]
    database: str
    catalogue_version: int
    time: dt.datetime

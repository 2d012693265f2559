"""The wire schema between a terminal and head office, version 1.

Head office owns it; the kiosk's sync client imports it (and nothing else of ``hq``). Money is
integer đồng (strict: a float or a string is refused, never rounded), ids are UUIDs, times are
ISO-8601 with a zone. A push request carries entries as loose JSON objects on purpose: each one is
validated on its own, so one malformed entry is rejected with a reason instead of failing the batch.
"""

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StrictInt, model_validator

from hq.operations import OPERATION_MODELS

# A shop's kiosk users, up and down (issue 13).
from hq.protocol_users import USER_ENTRY as USER_ENTRY
from hq.protocol_users import KioskUserRecord as KioskUserRecord
from hq.protocol_users import KioskUsers as KioskUsers
from hq.sale_checks import sale_problem
from hq.text_limits import MAX_BATCH as MAX_BATCH
from hq.wire_types import (
    BARCODE_MAX,
    NAME_MAX,
    NUMBER_MAX,
    RECORD_CONFIG,
    REFERENCE_MAX,
    SKU_MAX,
    Count,
    Moment,
    MovementKind,
    PaymentMethod,
    PositiveQuantity,
    ProvinceCode,
    Quantity,
    RoundingVnd,
    TerminalCode,
    VatRate,
    Vnd,
)

# The limits both sides keep, re-exported for the kiosk to check what is typed: it never accepts
# locally what head office would refuse.
from hq.wire_types import DELIVERY_NOTE_MAX as DELIVERY_NOTE_MAX
from hq.wire_types import REASON_MAX as REASON_MAX
from hq.wire_types import text_refused as text_refused


class _Record(BaseModel):
    model_config = RECORD_CONFIG


API_PREFIX = "/api/v1"
CATALOGUE_PAGE_MAX = 2000  # rows of one page of the catalogue pull

# --- Up: outbox entries -------------------------------------------------------------------------


class SaleHeader(_Record):
    id: uuid.UUID
    receipt_no: str = Field(min_length=1, max_length=NUMBER_MAX)
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
    rounding_vnd: RoundingVnd = 0
    discount_authorised_by: uuid.UUID | None = None
    receipt_lang: str = Field(max_length=8)
    created_at: Moment


class SaleLineRecord(_Record):
    id: uuid.UUID
    line_no: Count
    product_id: uuid.UUID
    barcode: str = Field(default="", max_length=BARCODE_MAX)
    name_vi: str = Field(max_length=NAME_MAX)
    name_en: str = Field(default="", max_length=NAME_MAX)
    unit: Literal["piece", "gram"]
    quantity: PositiveQuantity
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
    method: PaymentMethod
    amount_vnd: Annotated[StrictInt, Field(gt=0, le=1_000_000_000_000)]
    tendered_vnd: Vnd | None = None
    change_vnd: Vnd = 0
    reference: str = Field(default="", max_length=REFERENCE_MAX)


class SaleMovementRecord(_Record):
    id: uuid.UUID
    product_id: uuid.UUID
    kind: MovementKind
    quantity: Quantity
    created_at: Moment


class SalePayload(_Record):
    """A completed sale as the checkout wrote it, with everything that came with it.

    The sums must agree, payments covering the total but for the cash rounding (see
    :func:`hq.sale_checks.sale_problem`): a sale that does not add up is
    rejected, not guessed at.
    """

    sale: SaleHeader
    lines: list[SaleLineRecord] = Field(min_length=1)
    vat: list[SaleVatRecord]
    payments: list[PaymentRecord]
    movements: list[SaleMovementRecord] = []
    # The sale's e-invoice as written with it (pending), read by hq.einvoices.record, which
    # checks it: a malformed invoice state is skipped there, never the reason to refuse a sale.
    einvoice: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _sums_agree(self) -> "SalePayload":
        problem = sale_problem(self)
        if problem:
            raise ValueError(problem)
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
    **OPERATION_MODELS,
}
# Kinds head office applies into its own tables; any other well-formed kind is kept as it came.
APPLIED_KINDS = tuple(PAYLOAD_MODELS)


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
    name: str = Field(min_length=1, max_length=NAME_MAX)
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
    sku: str = Field(min_length=1, max_length=SKU_MAX)
    name_vi: str = Field(min_length=1, max_length=NAME_MAX)
    name_en: str = Field(default="", max_length=NAME_MAX)
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
    code: str = Field(min_length=1, max_length=BARCODE_MAX)
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
    """Everything that changed after version ``since``, up to and including ``version``, or one
    page of it: ``next_cursor`` asks for the next page, None on the last one. The terminal's
    version becomes ``version`` when it has applied the last page.

    ``removed_products`` are products taken off sale: terminals keep them for history.
    """

    since: int
    version: int
    producers: list[ProducerChange] = []
    products: list[ProductChange] = []
    barcodes: list[BarcodeChange] = []
    prices: list[PriceChange] = []
    removed_products: list[uuid.UUID] = []
    next_cursor: str | None = Field(default=None, max_length=1000)


class KnownBuyer(BaseModel):
    """A company buyer as head office knows it from the shops' invoices (``name`` empty: none
    of them invoiced it)."""

    tax_code: str
    name: str = ""
    address: str = ""


class Health(BaseModel):
    status: Literal["ok"]
    database: str
    catalogue_version: int
    time: dt.datetime


# --- Kiosk updates ------------------------------------------------------------------------------

# Every request of a terminal says which kiosk version it runs, and what it knows of its update
# ("staged 0.2.0", "failed 0.2.0: ..."): head office's terminals page shows both.
VERSION_HEADER = "X-Ocop-Kiosk-Version"
UPDATE_HEADER = "X-Ocop-Kiosk-Update"


class UpdateOffer(BaseModel):
    """The newest kiosk package newer than the terminal's (``GET /updates/latest``); the
    terminal downloads ``download_path`` (under the API prefix) and checks sha256 and size."""

    version: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size_bytes: int = Field(ge=1)
    download_path: str

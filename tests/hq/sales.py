"""Sales as the kiosk's checkout writes them into its outbox, made up for sync tests."""

import datetime as dt
import random
import uuid
import zoneinfo

from sqlalchemy import insert

from db.ids import new_id
from db.models import OutboxEntry, utcnow

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
PRODUCTS = [uuid.UUID(int=0x0193_0000_0000_7000_8000_0000_0000_0000 + i) for i in range(40)]
USER = uuid.UUID("01930000-0000-7000-8000-00000000aaaa")


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def sale_payload(terminal_code: str, n: int, rng: random.Random, *, lines: int = 5) -> dict:
    """A well-formed sale: lines add up to the total, one cash payment, VAT per rate."""
    now = utcnow()
    sale_id = str(new_id())
    out_lines, movements = [], []
    for i in range(lines):
        product = rng.choice(PRODUCTS)
        qty = rng.randint(1, 3)
        unit_price = rng.randrange(10_000, 500_000, 1_000)
        gross = qty * unit_price
        line_discount = rng.choice((0, 0, 0, 1_000))
        cart_discount = rng.choice((0, 0, 0, 0, 500))
        out_lines.append(
            {
                "id": str(new_id()),
                "line_no": i + 1,
                "product_id": str(product),
                "barcode": f"893{rng.randrange(10**9, 10**10)}",
                "name_vi": f"Nước mắm số {i}",
                "name_en": "Fish sauce",
                "unit": "piece",
                "quantity": qty,
                "unit_price_vnd": unit_price,
                "gross_vnd": gross,
                "line_discount_vnd": line_discount,
                "cart_discount_vnd": cart_discount,
                "amount_vnd": gross - line_discount - cart_discount,
                "vat_rate_pct": rng.choice((8, 10)),
            }
        )
        movements.append(
            {
                "id": str(new_id()),
                "product_id": str(product),
                "kind": "sale",
                "quantity": -qty,
                "created_at": _iso(now),
            }
        )
    subtotal = sum(ln["gross_vnd"] - ln["line_discount_vnd"] for ln in out_lines)
    discount = sum(ln["cart_discount_vnd"] for ln in out_lines)
    total = subtotal - discount
    vat = []
    for rate in sorted({ln["vat_rate_pct"] for ln in out_lines}):
        gross = sum(ln["amount_vnd"] for ln in out_lines if ln["vat_rate_pct"] == rate)
        vat.append(
            {"rate_pct": rate, "gross_vnd": gross, "vat_vnd": round(gross * rate / (100 + rate))}
        )
    tendered = -(-total // 500_000) * 500_000
    business_date = now.astimezone(VN).date()
    return {
        "sale": {
            "id": sale_id,
            "receipt_no": f"{terminal_code}-{business_date:%Y%m%d}-{n:06d}",
            "terminal_code": terminal_code,
            "business_date": business_date.isoformat(),
            "seq": n,
            "user_id": str(USER),
            "shift_id": None,
            "status": "completed",
            "subtotal_vnd": subtotal,
            "discount_vnd": discount,
            "total_vnd": total,
            "vat_vnd": sum(v["vat_vnd"] for v in vat),
            "discount_authorised_by": None,
            "receipt_lang": "vi",
            "created_at": _iso(now),
        },
        "lines": out_lines,
        "vat": vat,
        "payments": [
            {
                "id": str(new_id()),
                "method": "cash",
                "amount_vnd": total,
                "tendered_vnd": tendered,
                "change_vnd": tendered - total,
                "reference": "",
            }
        ],
        "movements": movements,
    }


def queue_sales(session_factory, terminal_code: str, count: int, *, seed: int = 1, lines: int = 5):
    """Write ``count`` sales into the kiosk's outbox; return {sale id: total_vnd}."""
    rng = random.Random(seed)
    totals: dict[str, int] = {}
    rows = []
    for n in range(count):
        payload = sale_payload(terminal_code, n + 1, rng, lines=lines)
        totals[payload["sale"]["id"]] = payload["sale"]["total_vnd"]
        rows.append({"id": new_id(), "kind": "sale", "payload": payload, "created_at": utcnow()})
    with session_factory.begin() as session:
        for start in range(0, len(rows), 1000):
            session.execute(insert(OutboxEntry), rows[start : start + 1000])
    return totals


def queue_entry(session_factory, kind: str, payload) -> uuid.UUID:
    entry_id = new_id()
    with session_factory.begin() as session:
        session.add(OutboxEntry(id=entry_id, kind=kind, payload=payload))
    return entry_id

"""What arrives is checked: a sale whose lines, VAT, payments, change or stock movements do not
add up, a time outside a plausible window, a void or refund of a sale head office never got,
is rejected on its own with its reason, and the rest of the batch is applied."""

import datetime as dt
import random
import uuid

import pytest

from db.ids import new_id
from tests.hq.sales import sale_payload


def _entry(kind: str, payload: dict, seq: int, created_at: str | None = None) -> dict:
    return {"id": str(new_id()), "seq": seq, "kind": kind, "terminal_code": "K01",
            "created_at": created_at or dt.datetime.now(dt.UTC).isoformat(),
            "payload": payload}  # fmt: skip


def _push(app_hq, entries: list[dict]) -> list[dict]:
    bearer = {"Authorization": f"Bearer {app_hq.terminal_token()}"}
    answer = app_hq.client.post("/api/v1/push", json={"entries": entries}, headers=bearer)
    assert answer.status_code == 200, answer.text
    return answer.json()["results"]


def _gross_off(p):
    p["lines"][0]["gross_vnd"] += 1000
    p["lines"][0]["line_discount_vnd"] += 1000  # the amount stays: only price x quantity is off


def _vat_off(p):
    p["vat"][0]["vat_vnd"] += 1
    p["sale"]["vat_vnd"] += 1  # the sum follows, so only the rate's VAT is off


def _change_off(p):
    p["payments"][0]["change_vnd"] += 1_000


def _stock_off(p):
    p["movements"][0]["quantity"] -= 1


def _stock_missing(p):
    p["movements"].pop()


def _business_day_off(p):
    p["sale"]["business_date"] = (dt.date.today() - dt.timedelta(days=5)).isoformat()


def _card_with_change(p):
    p["payments"][0].update(method="card", tendered_vnd=None, reference="X")


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (_gross_off, "price x quantity"),
        (_vat_off, "VAT at"),
        (_change_off, "change"),
        (_stock_off, "stock movements"),
        (_stock_missing, "stock movements"),
        (_business_day_off, "business_date"),
        (_card_with_change, "no change"),
    ],
    ids=["gross", "vat", "change", "stock-quantity", "stock-missing", "business-day", "card"],
)
def test_sale_that_does_not_add_up_is_rejected_with_its_reason(app_hq, spoil, reason):
    rng = random.Random(5)
    bad, good = sale_payload("K01", 1, rng), sale_payload("K01", 2, rng)
    spoil(bad)
    first, second = _push(app_hq, [_entry("sale", bad, 1), _entry("sale", good, 2)])
    assert first["status"] == "rejected" and reason in first["reason"], first
    assert second["status"] == "applied"


@pytest.mark.parametrize(
    "created_at",
    [
        "2019-12-31T23:00:00+07:00",
        (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).isoformat(),
    ],
    ids=["before-2020", "days-ahead"],
)
def test_entry_at_an_implausible_time_is_rejected(app_hq, created_at):
    first, second = _push(
        app_hq,
        [_entry("note", {}, 1, created_at), _entry("note", {}, 2)],
    )
    assert first["status"] == "rejected" and "created_at" in first["reason"]
    assert second["status"] == "applied"


def _void(sale_id: str) -> dict:
    now = dt.datetime.now(dt.UTC).isoformat()
    return {"sale_id": sale_id, "receipt_no": "K01-1", "user_id": str(uuid.uuid4()),
            "reason": "x", "total_vnd": 1, "created_at": now, "movements": []}  # fmt: skip


def test_void_of_a_sale_head_office_never_got_or_voided_already_is_rejected(app_hq):
    sale = sale_payload("K01", 1, random.Random(6))
    sale_id = sale["sale"]["id"]
    results = _push(app_hq, [
        _entry("void", _void(str(uuid.uuid4())), 1),
        _entry("sale", sale, 2),
        _entry("void", _void(sale_id), 3),
        _entry("void", _void(sale_id), 4),
    ])  # fmt: skip
    assert [r["status"] for r in results] == ["rejected", "applied", "applied", "rejected"]
    assert "not recorded" in results[0]["reason"] and "voided" in results[3]["reason"]


def test_a_sale_at_an_implausible_time_among_good_sales_is_rejected_alone(app_hq):
    """A push's sales and audit events have their times checked together: one sale made days
    ahead of head office's clock is still found and named, and only it is rejected."""
    rng = random.Random(9)
    ahead = (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).isoformat()
    payloads = [sale_payload("K01", n, rng) for n in range(1, 5)]
    payloads[2]["sale"]["created_at"] = ahead
    for movement in payloads[2]["movements"]:
        movement["created_at"] = ahead
    audit = {"id": str(uuid.uuid4()), "at": dt.datetime.now(dt.UTC).isoformat(),
             "kind": "discount", "user_id": None, "authorised_by": None, "subject_id": "",
             "data": {}}  # fmt: skip
    entries = [_entry("sale", p, n + 1) for n, p in enumerate(payloads)]
    results = _push(app_hq, [*entries, _entry("audit", audit, 5)])
    assert [r["status"] for r in results] == ["applied"] * 2 + ["rejected"] + ["applied"] * 2
    assert "sale.created_at" in results[2]["reason"], results[2]

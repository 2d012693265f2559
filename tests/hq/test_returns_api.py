"""Head office's answer to a terminal asking for a sale to refund (``GET /api/v1/returns``):
only a sale of the asking terminal's shop, with what was refunded of each line and by whom;
another shop's receipt is 404 with its reason and none of its data; odd input is 422, never a
500. And a refund pushed for another shop's sale, or past what was sold, is refused alone."""

import datetime as dt
import random
import uuid

import pytest

from db.ids import new_id
from hq import terminals
from tests.hq.sales import sale_payload

ROUTE = "/api/v1/returns"


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat()


def entry(kind: str, code: str, payload: dict, seq: int = 1) -> dict:
    now = dt.datetime.now(dt.UTC)
    return {"id": str(new_id()), "seq": seq, "kind": kind, "created_at": _iso(now),
            "terminal_code": code, "payload": payload}  # fmt: skip


def refund_payload(sale: dict, code: str, line: dict, quantity: int) -> dict:
    """A refund in cash of ``quantity`` of ``line`` (of ``sale``), back on the shelf."""
    now = dt.datetime.now(dt.UTC)
    amount = line["amount_vnd"] * quantity // line["quantity"]
    vat = round(amount * line["vat_rate_pct"] / (100 + line["vat_rate_pct"]))
    refund_id = str(new_id())
    return {
        "refund": {"id": refund_id, "refund_no": f"{code}-R{refund_id[-6:]}",
                   "sale_id": sale["sale"]["id"], "terminal_code": code,
                   "business_date": sale["sale"]["business_date"], "user_id": str(new_id()),
                   "total_vnd": amount, "vat_vnd": vat, "created_at": _iso(now)},
        "lines": [{"id": str(new_id()), "line_no": 1, "sale_line_id": line["id"],
                   "product_id": line["product_id"], "name_vi": line["name_vi"],
                   "unit": line["unit"], "quantity": quantity, "amount_vnd": amount,
                   "vat_rate_pct": line["vat_rate_pct"], "restock": "shelf"}],
        "vat": [{"rate_pct": line["vat_rate_pct"], "gross_vnd": amount, "vat_vnd": vat}],
        "payments": [{"id": str(new_id()), "method": "cash", "amount_vnd": amount}],
    }  # fmt: skip


@pytest.fixture
def chain(app_hq):
    """K01 and K02 of the first shop, H01 of another; K01 sold a sale of three lines."""
    tokens = {code: app_hq.terminal_token(code) for code in ("K01", "K02")}
    with app_hq.session_factory.begin() as s:
        other = terminals.add_shop(s, "HN", "Cửa hàng Hà Nội")
        s.flush()
        enrol_code = terminals.add_terminal(s, "H01", shop_id=other.id)
    tokens["H01"] = app_hq.client.post("/api/v1/enrol", json={"code": enrol_code}).json()["token"]
    sale = sale_payload("K01", 1, random.Random(7), lines=3)
    answer = push(app_hq, tokens["K01"], [entry("sale", "K01", sale)])
    assert answer == ["applied"]
    return app_hq, tokens, sale


def push(app_hq, token: str, entries: list[dict]) -> list[str]:
    response = app_hq.client.post(
        "/api/v1/push", json={"entries": entries}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    return [
        r["status"] if r["status"] != "rejected" else r["reason"]
        for r in response.json()["results"]
    ]


def ask(app_hq, token: str, **params):
    return app_hq.client.get(ROUTE, params=params, headers={"Authorization": f"Bearer {token}"})


def test_a_till_of_the_shop_gets_the_sale_with_what_each_till_refunded(chain):
    hq, tokens, sale = chain
    line = sale["lines"][0]
    refund = entry("refund", "K02", refund_payload(sale, "K02", line, 1))
    assert push(hq, tokens["K02"], [refund]) == ["applied"]
    got = ask(hq, tokens["K02"], receipt_no=sale["sale"]["receipt_no"])
    assert got.status_code == 200, got.text
    body = got.json()
    assert (body["id"], body["terminal_code"], body["total_vnd"]) == (
        sale["sale"]["id"], "K01", sale["sale"]["total_vnd"]
    )  # fmt: skip
    first = body["lines"][0]
    assert (first["refunded_quantity"], first["refunded_here_quantity"]) == (1, 1)
    assert [x["refunded_quantity"] for x in body["lines"][1:]] == [0, 0]
    assert len(body["payments"]) == 1 and len(body["refunds"]) == 1
    # The till that sold it asks by the sale's id: refunded elsewhere, none of it here.
    own = ask(hq, tokens["K01"], sale_id=sale["sale"]["id"]).json()
    assert (own["lines"][0]["refunded_quantity"], own["lines"][0]["refunded_here_quantity"]) == (
        1, 0,
    )  # fmt: skip


def test_another_shops_receipt_is_404_with_a_reason_and_no_data(chain):
    hq, tokens, sale = chain
    for params in ({"receipt_no": sale["sale"]["receipt_no"]}, {"sale_id": sale["sale"]["id"]}):
        got = ask(hq, tokens["H01"], **params)
        assert got.status_code == 404
        assert got.json() == {"detail": "receipt sold at another shop"}
    unknown = ask(hq, tokens["K02"], receipt_no="K01-20990101-0001")
    assert (unknown.status_code, unknown.json()) == (404, {"detail": "no such receipt"})
    # Nor may that shop refund it: the entry is refused alone, with its reason.
    line = sale["lines"][0]
    answer = push(hq, tokens["H01"], [entry("refund", "H01", refund_payload(sale, "H01", line, 1))])
    assert answer[0].endswith("sold at another shop")


@pytest.mark.parametrize(
    "params",
    [
        {"receipt_no": "x" * 5000},
        {"receipt_no": "K01-20261206-0001\x00"},
        {"receipt_no": "K01-2026'; DROP TABLE sales; --"},
        {"receipt_no": "Ḱ01-20261206-0001"},
        {"receipt_no": ""},
        {"sale_id": "not-a-uuid"},
        {},
        {"receipt_no": "K01-20261206-0001", "sale_id": str(uuid.uuid4())},
    ],
)
def test_odd_input_is_refused_with_422_never_500(chain, params):
    hq, tokens, _sale = chain
    got = ask(hq, tokens["K02"], **params)
    assert got.status_code == 422, got.text
    assert ask(hq, "not a token", receipt_no="K01-20261206-0001").status_code == 401


def test_refunds_past_what_was_sold_are_refused_entry_by_entry_across_tills(chain):
    hq, tokens, sale = chain
    line = sale["lines"][1]
    sold = line["quantity"]
    first = entry("refund", "K02", refund_payload(sale, "K02", line, sold))
    assert push(hq, tokens["K02"], [first]) == ["applied"]
    again = refund_payload(sale, "K01", line, 1)
    other_line = refund_payload(sale, "K01", sale["lines"][2], 1)
    answer = push(hq, tokens["K01"], [entry("refund", "K01", again, 1),
                                      entry("refund", "K01", other_line, 2)])  # fmt: skip
    assert answer[0] == (
        f"refund line 1: 1 more of {sold} sold, {sold} refunded already (at this or another till)"
    )
    assert answer[1] == "applied"
    # A line of another sale is no line of this one.
    wrong = refund_payload(sale, "K02", {**line, "id": str(new_id())}, 1)
    assert "not a line of sale" in push(hq, tokens["K02"], [entry("refund", "K02", wrong)])[0]

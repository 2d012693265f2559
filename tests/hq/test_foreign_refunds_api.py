"""Head office's list of the refunds other tills gave of a terminal's own sales
(``GET /api/v1/returns/refunds``), which the till that sold reads to adjust its e-invoices: only
other tills' refunds of that terminal's sales, with their lines and VAT per rate, oldest first in
pages that resume after the last one seen; another shop's terminal sees nothing."""

import random

from tests.hq.sales import sale_payload
from tests.hq.test_returns_api import chain as chain  # the fixture
from tests.hq.test_returns_api import entry, push, refund_payload

ROUTE = "/api/v1/returns/refunds"


def listed(app_hq, token: str, **params):
    got = app_hq.client.get(ROUTE, params=params, headers={"Authorization": f"Bearer {token}"})
    assert got.status_code == 200, got.text
    return got.json()


def test_the_till_that_sold_gets_other_tills_refunds_of_its_sales_with_lines_and_vat(chain):
    hq, tokens, sale = chain
    first, second = sale["lines"][0], sale["lines"][1]
    at_k02 = refund_payload(sale, "K02", first, 1)
    own = refund_payload(sale, "K01", second, 1)
    assert push(hq, tokens["K02"], [entry("refund", "K02", at_k02)]) == ["applied"]
    assert push(hq, tokens["K01"], [entry("refund", "K01", own, seq=2)]) == ["applied"]
    body = listed(hq, tokens["K01"])
    assert body["more"] is False and len(body["refunds"]) == 1  # its own refund is not listed
    got = body["refunds"][0]
    sent = at_k02["refund"]
    assert (got["id"], got["refund_no"], got["sale_id"], got["terminal_code"]) == (
        sent["id"], sent["refund_no"], sale["sale"]["id"], "K02"
    )  # fmt: skip
    assert (got["total_vnd"], got["vat_vnd"]) == (sent["total_vnd"], sent["vat_vnd"])
    assert got["lines"] == [
        {"sale_line_id": first["id"], "quantity": 1, "amount_vnd": sent["total_vnd"],
         "vat_rate_pct": first["vat_rate_pct"], "name_vi": first["name_vi"], "name_en": "",
         "unit": first["unit"]}
    ]  # fmt: skip
    assert got["vat"] == at_k02["vat"]
    # The refunding till, and another shop's, are told of none: they sold nothing refunded.
    assert listed(hq, tokens["K02"])["refunds"] == []
    assert listed(hq, tokens["H01"])["refunds"] == []


def test_pages_resume_after_the_last_refund_seen_and_each_is_listed_once(chain):
    hq, tokens, sale = chain
    payloads = [refund_payload(sale, "K02", line, 1) for line in sale["lines"]]
    pushed = [p["refund"]["id"] for p in payloads]
    # One push: the three were received at the same moment; their ids order them.
    batch = [entry("refund", "K02", p, seq=i + 1) for i, p in enumerate(payloads)]
    assert push(hq, tokens["K02"], batch) == ["applied"] * 3
    # K02's refund of its own sale is no business of K01's.
    k02_sale = sale_payload("K02", 1, random.Random(8), lines=1)
    assert push(hq, tokens["K02"], [entry("sale", "K02", k02_sale, seq=9)]) == ["applied"]
    theirs = refund_payload(k02_sale, "K01", k02_sale["lines"][0], 1)
    assert push(hq, tokens["K01"], [entry("refund", "K01", theirs, seq=2)]) == ["applied"]
    seen, params = [], {"limit": 2}
    for _ in range(5):
        body = listed(hq, tokens["K01"], **params)
        seen += [r["id"] for r in body["refunds"]]
        if not body["more"]:
            break
        last = body["refunds"][-1]
        params = {"limit": 2, "after": last["received_at"], "after_id": last["id"]}
    assert sorted(seen) == sorted(pushed) and len(seen) == 3
    last = body["refunds"][-1]
    after = listed(hq, tokens["K01"], after=last["received_at"], after_id=last["id"])
    assert after == {"refunds": [], "more": False}


def test_odd_cursors_are_refused_with_422_and_no_token_401(chain):
    hq, tokens, _sale = chain
    auth = {"Authorization": f"Bearer {tokens['K01']}"}
    for params in ({"after": "yesterday"}, {"after": "2026-12-06T10:00:00"},
                   {"after_id": "not-a-uuid"}, {"limit": 0}, {"limit": 10_000},
                   {"after_id": "00000000-0000-0000-0000-000000000001"}):  # fmt: skip
        got = hq.client.get(ROUTE, params=params, headers=auth)
        assert got.status_code == 422, (params, got.text)
    assert hq.client.get(ROUTE, headers={"Authorization": "Bearer nope"}).status_code == 401

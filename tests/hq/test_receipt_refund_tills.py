"""A receipt at head office says which till gave each of its refunds: a sale made at K01 is
refunded once at K01 and once at K02 of the same shop (as tests/hq/test_returns_api.py sets it
up), and the receipt's page names the till beside each refund, marks the one that did not sell
it, and holds in its audit trail the refund that other till reported."""

import datetime as dt
import random
import re
import uuid

import pytest

from tests.hq.sales import sale_payload
from tests.hq.test_returns_api import entry, push, refund_payload
from tests.hq.test_security import sign_in


def audit(kind: str, subject_id: str, user_id: str | None, **data) -> dict:
    return {"id": str(uuid.uuid4()), "at": dt.datetime.now(dt.UTC).isoformat(), "kind": kind,
            "user_id": user_id, "authorised_by": None, "subject_id": subject_id, "data": data}  # fmt: skip


@pytest.fixture
def refunded(app_hq):
    """The page of K01's sale after a refund at K01 and one at K02 (whose user K02 names
    "Bình"), and the two refunds' numbers."""
    tokens = {code: app_hq.terminal_token(code) for code in ("K01", "K02")}
    sale = sale_payload("K01", 1, random.Random(11), lines=2)
    here = refund_payload(sale, "K01", sale["lines"][0], 1)
    there = refund_payload(sale, "K02", sale["lines"][1], 1)
    at_k01 = [entry("sale", "K01", sale, 1), entry("refund", "K01", here, 2)]
    assert push(app_hq, tokens["K01"], at_k01) == ["applied", "applied"]
    refund, user = there["refund"], there["refund"]["user_id"]
    named = audit("user_created", user, None, name="Bình")
    refunded = audit("refund", refund["id"], user, refund_no=refund["refund_no"])
    at_k02 = [entry("audit", "K02", named, 1), entry("refund", "K02", there, 2),
              entry("audit", "K02", refunded, 3)]  # fmt: skip
    assert push(app_hq, tokens["K02"], at_k02) == ["applied"] * 3
    app_hq.add_operator("lan")
    assert sign_in(app_hq).status_code == 303
    page = app_hq.client.get(f"/receipts/{sale['sale']['id']}")
    assert page.status_code == 200
    return page.text, here["refund"]["refund_no"], refund["refund_no"]


def refund_section(page: str, refund_no: str) -> str:
    """The part of the page under the refund's heading, up to the next heading."""
    start = page.index(f"<h2>Trả hàng / Refund {refund_no}</h2>")
    return page[start:].split("<h2>")[1]


def test_each_refund_names_its_till_and_marks_another_till_than_the_sellers(refunded):
    page, at_k01, at_k02 = refunded
    assert "<th>Máy / Terminal</th><td>K01</td>" in page  # the till that sold it
    own = refund_section(page, at_k01)
    assert "<th>Máy / Terminal</th>" in own and "<td>K01</td>" in own
    assert "máy khác" not in own and "another till" not in own
    other = refund_section(page, at_k02)
    assert "<td>K02 (máy khác: bán ở K01 / another till: sold at K01)</td>" in other


def test_the_audit_trail_holds_the_refund_another_till_sent(refunded):
    page, _, _ = refunded
    trail = page[page.index("<h2>Nhật ký") :]
    assert re.search(r"<td>Trả hàng / Refund</td><td>Bình</td>", trail)

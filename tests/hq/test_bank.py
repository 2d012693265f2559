"""Head office and the bank: SePay's webhook through the simulator, matched to the codes
terminals show, whatever the order, the resends and the amounts."""

import datetime as dt
import threading
import time

import pytest

from hq.bank import simulator
from hq.bank.routes import BankSettings
from hq.bank.wire import new_reference, references_in
from tests.hq.conftest import InProcessHq

KEY = "sepay-key-for-tests"
ACCOUNT = "0123456789"


@pytest.fixture
def bank_hq(hq_database):
    made = InProcessHq(hq_database, bank=BankSettings(sepay_api_key=KEY, account=ACCOUNT))
    made.token = made.terminal_token("K01")
    yield made
    made.close()


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def expect(hq, reference, amount, token=None):
    return hq.client.post(
        "/api/v1/transfers",
        json={"reference": reference, "amount_vnd": amount},
        headers=_auth(token or hq.token),
    )


def notify(hq, amount, content, **kw):
    body = simulator.webhook_body(amount, content, account=ACCOUNT, **kw)
    return simulator.send("", KEY, body, http=hq.client)


def state(hq, reference, **params):
    return hq.client.get(
        f"/api/v1/transfers/{reference}", params=params, headers=_auth(hq.token)
    ).json()


def day(hq, token=None):
    today = dt.datetime.now(simulator.VIETNAM).date().isoformat()
    return hq.client.get(
        "/api/v1/transfers", params={"day": today}, headers=_auth(token or hq.token)
    ).json()["rows"]


def test_reference_is_found_in_the_content_the_bank_rewrote():
    ref = new_reference()
    assert len(ref) == 10 and ref.isalnum() and ref.startswith("OC")
    mangled = f"MBVCB.3278907687.{ref[:5].lower()} {ref[5:]}.CT tu 0123 NGUYEN VAN A"
    assert ref in references_in(mangled)


def test_matched_transfer_is_received_with_the_banks_reference(bank_hq):
    ref = new_reference()
    assert expect(bank_hq, ref, 185_000).json()["status"] == "waiting"
    answer = notify(bank_hq, 185_000, f"{ref} thanh toan", bank_reference="FT2612345")
    assert answer.status_code == 200 and answer.json() == {"success": True}
    got = state(bank_hq, ref)
    assert got["status"] == "received"
    assert got["received_vnd"] == 185_000 and got["bank_reference"] == "FT2612345"


def test_wrong_api_key_is_refused_and_nothing_is_stored(bank_hq):
    ref = new_reference()
    expect(bank_hq, ref, 185_000)
    body = simulator.webhook_body(185_000, ref, account=ACCOUNT)
    assert simulator.send("", "guess", body, http=bank_hq.client).status_code == 401
    assert state(bank_hq, ref)["status"] == "waiting"


def test_resent_notification_counts_once(bank_hq):
    ref = new_reference()
    expect(bank_hq, ref, 100_000)
    for _ in range(3):  # SePay retries until it hears 200
        assert notify(bank_hq, 100_000, ref, provider_id=777).status_code == 200
    assert state(bank_hq, ref)["received_vnd"] == 100_000
    assert len(day(bank_hq)) == 1


def test_underpaid_transfer_is_shown_not_taken_until_the_rest_comes(bank_hq):
    ref = new_reference()
    expect(bank_hq, ref, 300_000)
    notify(bank_hq, 200_000, ref)
    got = state(bank_hq, ref)
    assert got["status"] == "underpaid" and got["received_vnd"] == 200_000
    assert day(bank_hq)[0]["status"] == "underpaid"
    notify(bank_hq, 100_000, ref)
    assert state(bank_hq, ref)["status"] == "received"


def test_notification_before_the_code_was_registered_matches_when_it_is(bank_hq):
    ref = new_reference()
    notify(bank_hq, 50_000, f"CK {ref}")  # out of order: the bank was faster than the kiosk
    assert day(bank_hq)[0]["status"] == "unmatched"
    assert expect(bank_hq, ref, 50_000).json()["status"] == "received"
    assert day(bank_hq)[0]["status"] == "matched"


def test_unmatched_transfer_is_listed_with_no_sale(bank_hq):
    notify(bank_hq, 75_000, "chuyen tien an trua")
    (row,) = day(bank_hq)
    assert row["status"] == "unmatched" and row["receipt_no"] == "" and row["amount_vnd"] == 75_000


def test_other_terminal_cannot_take_or_read_a_reference(bank_hq):
    ref = new_reference()
    expect(bank_hq, ref, 10_000)
    other = bank_hq.terminal_token("K02")
    assert expect(bank_hq, ref, 10_000, token=other).status_code == 409
    answer = bank_hq.client.get(f"/api/v1/transfers/{ref}", headers=_auth(other))
    assert answer.status_code == 404


def test_long_poll_answers_within_two_seconds_of_the_notification(bank_hq):
    ref = new_reference()
    expect(bank_hq, ref, 185_000)
    result = {}

    def wait():
        result["state"] = state(bank_hq, ref, wait=20, seen="waiting")
        result["at"] = time.monotonic()

    waiter = threading.Thread(target=wait)
    waiter.start()
    time.sleep(0.5)
    assert "state" not in result  # held while nothing came
    sent = time.monotonic()
    notify(bank_hq, 185_000, ref)
    waiter.join(10)
    assert result["state"]["status"] == "received"
    assert result["at"] - sent < 2.0

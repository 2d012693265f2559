"""A local stand-in for SePay, for tests and the demo: it sends head office the webhook SePay
would send for a transfer, with the API key, so the whole path (key check, storing once,
matching, the waiting kiosk) runs as in production. ``ocop-hq bank-simulate`` calls it."""

import datetime as dt
import itertools
import time
import zoneinfo
from typing import Any

import httpx

from hq.protocol import API_PREFIX

VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
_ids = itertools.count(int(time.time() * 1000) % 10**12)


def webhook_body(
    amount_vnd: int,
    content: str,
    *,
    provider_id: int | None = None,
    account: str = "0123456789",
    when: dt.datetime | None = None,
    direction: str = "in",
    bank_reference: str | None = None,
) -> dict[str, Any]:
    """The JSON SePay posts for one transaction (its documented fields)."""
    pid = provider_id if provider_id is not None else next(_ids)
    local = (when or dt.datetime.now(dt.UTC)).astimezone(VIETNAM)
    return {
        "id": pid,
        "gateway": "Vietcombank",
        "transactionDate": local.strftime("%Y-%m-%d %H:%M:%S"),
        "accountNumber": account,
        "code": None,
        "content": content,
        "transferType": direction,
        "transferAmount": amount_vnd,
        "accumulated": 0,
        "subAccount": None,
        "referenceCode": bank_reference or f"FT{pid:010d}",
    }


def send(base_url: str, api_key: str, body: dict[str, Any], *, http: Any = None) -> httpx.Response:
    """POST ``body`` to head office's SePay webhook as SePay does."""
    url = f"{base_url.rstrip('/')}{API_PREFIX}/bank/sepay"
    headers = {"Authorization": f"Apikey {api_key}"}
    if http is not None:
        return http.post(url, json=body, headers=headers)
    return httpx.post(url, json=body, headers=headers, timeout=10)

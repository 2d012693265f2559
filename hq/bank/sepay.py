"""SePay (https://sepay.vn): its webhook, and its transactions API for polling.

Written from SePay's published documentation (see docs/bank-transfers.md):
- the webhook POSTs JSON ``{id, gateway, transactionDate, accountNumber, code, content,
  transferType ("in"/"out"), transferAmount, accumulated, subAccount, referenceCode}`` with
  ``Authorization: Apikey <key>`` when the webhook is set up with an API key; SePay retries until
  it gets a 2xx answered ``{"success": true}``, so the same ``id`` may come several times;
- the transactions API, ``GET https://my.sepay.vn/userapi/transactions/list`` with
  ``Authorization: Bearer <API token>`` and ``since_id``, answers ``{"transactions": [{id,
  account_number, transaction_date, amount_in, amount_out, transaction_content,
  reference_number, ...}]}``, amounts as decimal strings ("18067000.00").
SePay's dates are the bank's, in Vietnam's time.
"""

import datetime as dt
import hmac
import zoneinfo
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

import httpx
from pydantic import BaseModel, Field

from hq.bank.matching import Notification

PROVIDER = "sepay"
API_BASE = "https://my.sepay.vn"
VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


class BadNotification(ValueError):
    """A body that is not a SePay transaction (the field that is wrong, in the message)."""


class SePayWebhook(BaseModel):
    id: int
    gateway: str = Field(default="", max_length=80)
    transactionDate: str  # SePay's field names, as it spells them
    accountNumber: str = Field(default="", max_length=40)
    code: str | None = None
    content: str = Field(default="", max_length=400)
    transferType: Literal["in", "out"]
    transferAmount: int | float = Field(ge=0)
    referenceCode: str | None = Field(default=None, max_length=80)


def api_key_ok(authorization: str | None, key: str) -> bool:
    """Whether the header is ``Apikey <key>`` (compared in constant time); never with no key."""
    if not key or not authorization or not authorization.startswith("Apikey "):
        return False
    return hmac.compare_digest(authorization[len("Apikey ") :].encode(), key.encode())


def _when(text: str) -> dt.datetime:
    try:
        local = dt.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError as exc:
        raise BadNotification(f"transaction date {text!r}") from exc
    return local.replace(tzinfo=VIETNAM).astimezone(dt.UTC)


def _dong(value: Any) -> int:
    """An amount as SePay writes it (2277000, 2277000.0 or "2277000.00") in whole đồng."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise BadNotification(f"amount {value!r}") from exc
    if amount != amount.to_integral_value() or amount < 0:
        raise BadNotification(f"amount {value!r}")
    return int(amount)


def from_webhook(body: dict[str, Any]) -> Notification:
    """The webhook's JSON as a notification, or BadNotification."""
    try:
        w = SePayWebhook.model_validate(body)
    except ValueError as exc:
        raise BadNotification(str(exc)) from exc
    return Notification(
        provider=PROVIDER,
        provider_id=str(w.id),
        account=w.accountNumber,
        direction=w.transferType,
        amount_vnd=_dong(w.transferAmount),
        content=w.content,
        bank_reference=w.referenceCode or "",
        transaction_at=_when(w.transactionDate),
    )


def from_api(t: dict[str, Any]) -> Notification:
    """One transaction of the transactions API as a notification (same ids as the webhook's)."""
    amount_in, amount_out = _dong(t.get("amount_in") or 0), _dong(t.get("amount_out") or 0)
    return Notification(
        provider=PROVIDER,
        provider_id=str(t["id"]),
        account=str(t.get("account_number") or ""),
        direction="in" if amount_in else "out",
        amount_vnd=amount_in or amount_out,
        content=str(t.get("transaction_content") or "")[:400],
        bank_reference=str(t.get("reference_number") or "")[:80],
        transaction_at=_when(str(t.get("transaction_date") or "")),
    )


class SePayPoller:
    """Polls SePay's transactions API, for a head office that cannot take webhooks (no public
    address). State: the API token, the account to watch and the HTTP client."""

    def __init__(self, token: str, account: str = "", *, http: httpx.Client | None = None):
        self._token, self._account = token, account
        self._http = http or httpx.Client(base_url=API_BASE, timeout=20)

    def fetch(self, since_id: int) -> list[Notification]:
        """Transactions with an id of ``since_id`` or more, oldest first."""
        params: dict[str, Any] = {"since_id": since_id, "limit": 5000}
        if self._account:
            params["account_number"] = self._account
        response = self._http.get(
            "/userapi/transactions/list",
            params=params,
            headers={"Authorization": f"Bearer {self._token}"},
        )
        response.raise_for_status()
        found = [from_api(t) for t in response.json().get("transactions") or []]
        return sorted(found, key=lambda n: int(n.provider_id))

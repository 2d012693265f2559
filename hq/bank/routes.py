"""Head office's bank routes: the provider's webhook, and the terminals' transfer calls.

- ``POST /api/v1/bank/sepay``: SePay's webhook, refused (401) without the configured API key;
  a resent notification is answered 200 again and stored once.
- ``POST /api/v1/transfers`` (terminal token): "I show this code, for this amount".
- ``GET /api/v1/transfers/{reference}?wait=S&seen=STATUS``: the transfer's state, held up to S
  seconds while it is still STATUS (a long poll: the kiosk hears of a notification at once).
- ``GET /api/v1/transfers?day=YYYY-MM-DD``: the day's transfers for the terminal's back office.
"""

import dataclasses
import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from hq.bank import matching, report, sepay
from hq.bank.wire import REFERENCE_RE, WAIT_MAX_S, TransferDay, TransferExpected, TransferState
from hq.models import Terminal
from hq.protocol import API_PREFIX

log = logging.getLogger(__name__)
RECHECK_S = 1.0  # a notification stored by another process is seen within this


@dataclasses.dataclass(frozen=True)
class BankSettings:
    """What an operator configures: SePay's webhook API key (empty: the webhook is off) and
    the shop's account number (empty: every account's transfers are matched)."""

    sepay_api_key: str = ""
    account: str = ""


def store_notification(
    session_factory: sessionmaker[Session], n: matching.Notification, account: str, bell
) -> bool:
    """Keep ``n`` once and match it; True if it was new. Wakes the waiting terminals."""
    try:
        with session_factory.begin() as session:
            _row, new = matching.record(session, n, account)
    except IntegrityError:  # the same notification, resent while the first was being stored
        return False
    if new:
        bell.ring()
    return new


def add_bank_routes(
    app: FastAPI,
    session_factory: sessionmaker[Session],
    terminal_of: Callable[..., Terminal],
    settings: BankSettings,
    bell: matching.Bell,
) -> None:
    @app.post(f"{API_PREFIX}/bank/sepay", include_in_schema=False)
    async def sepay_webhook(request: Request) -> JSONResponse:
        if not sepay.api_key_ok(request.headers.get("authorization"), settings.sepay_api_key):
            return JSONResponse({"success": False, "message": "Unauthorized"}, status_code=401)
        try:
            n = sepay.from_webhook(json.loads(await request.body()))
        except (ValueError, TypeError, AttributeError) as exc:
            log.warning("SePay notification refused: %s", exc)
            return JSONResponse({"success": False, "message": "bad notification"}, 400)
        new = await run_in_threadpool(
            store_notification, session_factory, n, settings.account, bell
        )
        log.info("SePay notification %s %s", n.provider_id, "stored" if new else "resent")
        return JSONResponse({"success": True})

    @app.post(f"{API_PREFIX}/transfers", response_model=TransferState)
    def expect(
        body: TransferExpected, terminal: Annotated[Terminal, Depends(terminal_of)]
    ) -> TransferState:
        try:
            with session_factory.begin() as session:
                return matching.expect(session, terminal.id, body.reference, body.amount_vnd)
        except (matching.ReferenceTaken, IntegrityError) as exc:
            raise HTTPException(status_code=409, detail="reference in use") from exc

    @app.get(f"{API_PREFIX}/transfers/{{reference}}", response_model=TransferState)
    def transfer_state(
        reference: str,
        terminal: Annotated[Terminal, Depends(terminal_of)],
        wait: Annotated[float, Query(ge=0, le=WAIT_MAX_S)] = 0,
        seen: str = "",
    ) -> TransferState:
        if not REFERENCE_RE.fullmatch(reference):
            raise HTTPException(status_code=404, detail="no such transfer")
        deadline = time.monotonic() + wait
        while True:
            with session_factory() as session:
                found = matching.state(session, terminal.id, reference)
            if found is None:
                raise HTTPException(status_code=404, detail="no such transfer")
            remaining = deadline - time.monotonic()
            if found.status != seen or remaining <= 0:
                return found
            bell.wait(min(remaining, RECHECK_S))

    @app.get(f"{API_PREFIX}/transfers", response_model=TransferDay)
    def transfers_of_day(
        terminal: Annotated[Terminal, Depends(terminal_of)], day: dt.date
    ) -> TransferDay:
        with session_factory() as session:
            return report.day_report(session, day, terminal.id)

"""Refunds other tills of the shop gave of this till's sales, pulled from head office in the sync
round, so that this till, which issued the sale's e-invoice, issues its adjustment (a decrease
naming it) through its own e-invoice queue (:func:`kiosk.core.einvoice.pending.for_foreign_refund`).

Nothing else here changes: no refund row, no stock, cash, shift or Z report; only the adjustment
invoice row (and its status for head office, as for any invoice). A sale with no invoice, or whose
invoice was cancelled, gets none.

Head office lists them oldest first by the moment it received each (and its id), in pages; each
page is applied in one transaction with the position reached (``sync_state``), so a cut resumes
at the next page. A round starts :data:`LOOKBACK_S` (ten minutes) before the position kept: a
push that head office received earlier but committed later than the last one listed is not
missed; a refund listed again finds its adjustment made (its key is the refund's id) and is
passed over.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.orm import Session, sessionmaker

from db.models import utcnow
from kiosk.core.cash.foreign_sales import note_refunded_elsewhere
from kiosk.core.einvoice.pending import for_foreign_refund
from kiosk.core.sync import returns
from kiosk.core.sync.errors import SyncUnavailable
from kiosk.core.sync.state import get_state, put_state

if TYPE_CHECKING:
    from hq.protocol_returns import ForeignRefunds

log = logging.getLogger(__name__)

KEY_FOREIGN_REFUNDS = "foreign_refunds.after"  # "<received_at ISO> <refund id>"
LOOKBACK_S = 600.0  # a push waits for its locks before it commits: ten minutes of margin
PAGE_SIZE = 200  # head office answers 200 at most
MAX_PAGES = 1_000  # a round's bound; the next round goes on from where this one stopped


class SyncClient(Protocol):
    """What is used of :class:`kiosk.core.sync.client.SyncClient` (which imports this)."""

    session_factory: sessionmaker[Session]

    def request(self, method: str, path: str, **kw: Any) -> Any: ...
    def note_reached(self) -> None: ...


@dataclass(frozen=True)
class ForeignRefundsReport:
    """What a pull brought: refunds listed, and adjustments they made here."""

    listed: int = 0
    adjustments: int = 0


def _kept(session_factory: sessionmaker[Session]) -> tuple[dt.datetime, str] | None:
    with session_factory() as session:
        value = get_state(session, KEY_FOREIGN_REFUNDS)
    if not value:
        return None
    moment, refund_id = value.split(" ", 1)
    return dt.datetime.fromisoformat(moment), refund_id


def pull_foreign_refunds(client: SyncClient) -> ForeignRefundsReport:
    """Page through head office's refunds of this till's sales given at other tills, from a
    little before the position kept, making the adjustments they call for."""
    sf = client.session_factory
    kept = _kept(sf)
    params: dict[str, str] = {"limit": str(PAGE_SIZE)}
    if kept is not None:
        params["after"] = (kept[0] - dt.timedelta(seconds=LOOKBACK_S)).isoformat()
    listed = made = 0
    for _ in range(MAX_PAGES):
        page = _page(client, params)
        if page is None:
            break
        listed += len(page.refunds)
        made += _apply(sf, page, kept)
        _note_refunded_elsewhere(client, page, kept)
        if not page.more or not page.refunds:
            break
        last = page.refunds[-1]
        params = {"limit": str(PAGE_SIZE), "after": last.received_at.isoformat(),
                  "after_id": str(last.id)}  # fmt: skip
    return ForeignRefundsReport(listed, made)


def _note_refunded_elsewhere(client: SyncClient, page: ForeignRefunds, kept) -> None:
    """What other tills refunded of each sale newly listed, as head office now has it, kept for
    the void here (:func:`kiosk.core.cash.voids.void` refuses a sale refunded elsewhere), so that
    it holds even when head office is away at the moment of the void. Best effort: a failure is
    logged, and the void's own look-up and head office's refusal remain."""
    new = {r.sale_id for r in page.refunds if kept is None or (r.received_at, str(r.id)) > kept}
    for sale_id in sorted(new):
        try:
            record = returns.sale_for_return(client, sale_id=sale_id)
        except SyncUnavailable as exc:
            log.info("refunds elsewhere of sale %s not noted: %s", sale_id, exc)
            continue
        if record is not None:
            with client.session_factory.begin() as session:
                note_refunded_elsewhere(session, record, utcnow())


def _page(client: SyncClient, params: dict[str, str]) -> ForeignRefunds | None:
    from pydantic import ValidationError

    from hq.protocol_returns import FOREIGN_REFUNDS_PATH, ForeignRefunds

    try:
        response = client.request("GET", FOREIGN_REFUNDS_PATH, params=params)
    except SyncUnavailable as exc:
        if exc.data.get("status") != 404:
            raise
        client.note_reached()  # a head office from before this route: nothing to learn
        return None
    try:
        return ForeignRefunds.model_validate_json(response.content)
    except ValidationError as exc:
        raise SyncUnavailable(reason="malformed refunds answer") from exc


def _apply(sf: sessionmaker[Session], page: ForeignRefunds, kept) -> int:
    made = 0
    now = utcnow()
    with sf.begin() as session:
        for refund in page.refunds:
            made += for_foreign_refund(session, refund.model_dump(mode="json"), now) is not None
        if page.refunds:
            last = page.refunds[-1]
            if kept is None or (last.received_at, str(last.id)) > kept:
                put_state(session, KEY_FOREIGN_REFUNDS, f"{last.received_at.isoformat()} {last.id}")
    if made:
        log.info("%d refunds at other tills of sales made here: adjustments pending", made)
    return made

"""Asking head office for a sale of the shop to refund here (issue 13), over the terminal's
existing connection (its token, its address, its TLS settings), with a short timeout: the
manager waits at the refund screen.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.core.sync.errors import SyncUnavailable

if TYPE_CHECKING:  # the wire schema is loaded by the first look-up
    from hq.protocol_returns import SaleForReturn


class SyncClient(Protocol):
    """What is used of :class:`kiosk.core.sync.client.SyncClient` (whose sync round pulls
    :mod:`kiosk.core.sync.foreign_refunds`, which asks here)."""

    def request(self, method: str, path: str, **kw: Any) -> Any: ...
    def note_reached(self) -> None: ...


RETURN_TIMEOUT_S = 4.0


def sale_for_return(
    client: SyncClient, *, receipt_no: str | None = None, sale_id: uuid.UUID | None = None
) -> SaleForReturn | None:
    """The sale of this terminal's shop with ``receipt_no`` (or ``sale_id``) as head office has
    it, None when it has none (or it is another shop's). Raises SyncUnavailable or SyncRefused
    (after :data:`RETURN_TIMEOUT_S` at most)."""
    from pydantic import ValidationError

    from hq.protocol_returns import RETURNS_PATH, SaleForReturn

    params = {"receipt_no": receipt_no} if receipt_no is not None else {"sale_id": str(sale_id)}
    try:
        response = client.request("GET", RETURNS_PATH, params=params, timeout=RETURN_TIMEOUT_S)
    except SyncUnavailable as exc:
        if exc.data.get("status") not in (404, 409):
            raise
        client.note_reached()  # head office answered: it has no such sale of this shop
        return None
    try:
        return SaleForReturn.model_validate_json(response.content)
    except ValidationError as exc:
        raise SyncUnavailable(reason="malformed sale for return") from exc

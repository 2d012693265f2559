"""The route a terminal asks for a sale of its shop by, to refund it at a till that did not
make it (issue 13; :mod:`hq.returns`)."""

import uuid
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session, sessionmaker

from hq import protocol, returns
from hq.models import Terminal
from hq.protocol_returns import RECEIPT_NO_PATTERN, RETURNS_PATH, SaleForReturn
from hq.wire_types import NUMBER_MAX


def add_return_routes(
    app: FastAPI, session_factory: sessionmaker[Session], terminal_of: Callable[..., Terminal]
) -> None:
    @app.get(f"{protocol.API_PREFIX}{RETURNS_PATH}", response_model=SaleForReturn)
    def sale_for_return(
        terminal: Annotated[Terminal, Depends(terminal_of)],
        receipt_no: Annotated[
            str | None, Query(max_length=NUMBER_MAX, pattern=RECEIPT_NO_PATTERN)
        ] = None,
        sale_id: uuid.UUID | None = None,
    ) -> Response:
        """The sale with ``receipt_no`` (or ``sale_id``) if it was made at a till of this
        terminal's shop, with what head office has refunded of each line; 404 otherwise, the
        reason in ``detail`` (another shop's sale is never shown)."""
        if (receipt_no is None) == (sale_id is None):
            raise HTTPException(status_code=422, detail="give receipt_no or sale_id")
        with session_factory() as session:
            try:
                found = returns.sale_for_return(
                    session, terminal, receipt_no=receipt_no, sale_id=sale_id
                )
            except returns.NotReturnable as exc:
                reason = str(exc.data["reason"])
                raise HTTPException(
                    status_code=409 if reason == "ambiguous" else 404, detail=reason
                ) from exc
        return Response(found.model_dump_json(), media_type="application/json")

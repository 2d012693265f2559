"""The routes of returns across tills (issue 13): a terminal asks for a sale of its shop, to refund
it at a till that did not make it (:mod:`hq.returns`), and for the refunds other tills gave of
its own sales, to adjust their e-invoices (:mod:`hq.foreign_refunds`)."""

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session, sessionmaker

from hq import foreign_refunds, protocol, returns
from hq.models import Terminal
from hq.protocol_returns import (
    FOREIGN_REFUNDS_PAGE,
    FOREIGN_REFUNDS_PATH,
    RECEIPT_NO_PATTERN,
    RETURNS_PATH,
    ForeignRefunds,
    SaleForReturn,
)
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

    @app.get(f"{protocol.API_PREFIX}{FOREIGN_REFUNDS_PATH}", response_model=ForeignRefunds)
    def refunds_elsewhere(
        terminal: Annotated[Terminal, Depends(terminal_of)],
        after: dt.datetime | None = None,
        after_id: uuid.UUID | None = None,
        limit: Annotated[int, Query(ge=1, le=FOREIGN_REFUNDS_PAGE)] = FOREIGN_REFUNDS_PAGE,
    ) -> Response:
        """The refunds given at other tills of the shop of the sales this terminal made,
        received after ``after`` (and ``after_id``), oldest first, a page at a time."""
        if after is not None and after.tzinfo is None:
            raise HTTPException(status_code=422, detail="after needs its time zone")
        if after_id is not None and after is None:
            raise HTTPException(status_code=422, detail="after_id goes with after")
        with session_factory() as session:
            page = foreign_refunds.foreign_refunds(
                session, terminal, after=after, after_id=after_id, limit=limit
            )
        return Response(page.model_dump_json(), media_type="application/json")

"""The route a terminal pulls its shop's kiosk users from, with its token, in the same sync round
as the catalogue (:mod:`hq.kiosk_users` keeps them)."""

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, FastAPI, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session, sessionmaker

from hq import kiosk_users, protocol
from hq.models import Terminal


def add_kiosk_user_routes(
    app: FastAPI, session_factory: sessionmaker[Session], terminal_of: Callable[..., Terminal]
) -> None:
    @app.get(f"{protocol.API_PREFIX}/users", response_model=protocol.KioskUsers)
    def kiosk_users_since(
        terminal: Annotated[Terminal, Depends(terminal_of)],
        since: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
    ) -> Response:
        """The users of the terminal's shop changed after version ``since``: new, changed (a
        PIN reset: a new hash) and deactivated ones. PIN hashes only, never PINs."""
        with session_factory() as session:
            changes = kiosk_users.changes_since(session, terminal.shop_id, since)
        return Response(changes.model_dump_json(), media_type="application/json")

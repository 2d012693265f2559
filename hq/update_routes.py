"""The kiosk packages as terminals see them: the newest one for them, and its file, streamed.

A terminal authenticates with its token as it does to sync, and says which version it runs in
the :data:`hq.protocol.VERSION_HEADER` of every request (recorded by :func:`note_versions`).
"""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request, Response
from fastapi.responses import FileResponse
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from hq import packages, protocol
from hq.models import Terminal

_HEADER_MAX = 200


def _header(request: Request, name: str, limit: int) -> str | None:
    value = request.headers.get(name)
    if value is None:
        return None
    value = "".join(c for c in value if c.isprintable())[:limit]
    return value or None


def note_versions(
    session_factory: sessionmaker[Session], terminal: Terminal, request: Request
) -> None:
    """Record the version the terminal runs and its update state, when they changed: a write
    only when a terminal restarts on another version or its update moves on."""
    running = _header(request, protocol.VERSION_HEADER, 64)
    state = _header(request, protocol.UPDATE_HEADER, _HEADER_MAX)
    if running is None:
        return
    if (running, state) == (terminal.app_version, terminal.update_state):
        return
    with session_factory.begin() as session:
        session.execute(
            update(Terminal)
            .where(Terminal.id == terminal.id)
            .values(app_version=running, update_state=state)
        )


def add_update_routes(
    app: FastAPI, session_factory: sessionmaker[Session], terminal_of: Callable[..., Terminal]
) -> None:
    """``GET /updates/latest`` and ``GET /updates/{version}/package`` for terminals."""

    @app.get(
        f"{protocol.API_PREFIX}/updates/latest",
        response_model=protocol.UpdateOffer,
        responses={204: {"description": "no newer package"}},
    )
    def latest(request: Request, terminal: Annotated[Terminal, Depends(terminal_of)]):
        running = _header(request, protocol.VERSION_HEADER, 64)
        with session_factory() as session:
            newest = packages.newest_for(session, running)
        if newest is None:
            return Response(status_code=204)
        return protocol.UpdateOffer(
            version=newest.version,
            sha256=newest.sha256,
            size_bytes=newest.size_bytes,
            download_path=f"/updates/{newest.version}/package",
        )

    @app.get(f"{protocol.API_PREFIX}/updates/{{version}}/package")
    def download(version: str, terminal: Annotated[Terminal, Depends(terminal_of)]):
        with session_factory() as session:
            found = packages.package(session, version)
        if found is None or not Path(found.path).is_file():
            raise HTTPException(status_code=404, detail="no such package")
        with session_factory.begin() as session:
            session.execute(
                update(Terminal).where(Terminal.id == terminal.id).values(update_version=version)
            )
        # Streamed from the file in chunks; the size is known, so the terminal sees a
        # truncated download for what it is.
        return FileResponse(
            found.path,
            media_type="application/vnd.debian.binary-package",
            filename=f"{packages.PACKAGE_NAME}_{version}.deb",
        )

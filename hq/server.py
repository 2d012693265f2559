"""The HTTP API terminals sync with (``/api/v1``), on FastAPI; OpenAPI at ``/openapi.json``.

Handlers are plain functions: FastAPI runs them on its thread pool, and the database work is
synchronous SQLAlchemy shared with the CLI.
"""

import dataclasses
import logging
import re
from collections.abc import Callable
from importlib.resources import files
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from fastapi.security import (
    HTTPAuthorizationCredentials,
    HTTPBasic,
    HTTPBasicCredentials,
    HTTPBearer,
)
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from sqlalchemy import Engine, text, update
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

from hq import (
    catalogue,
    catalogue_pages,
    headers,
    ingest,
    inputs,
    operators,
    protocol,
    terminals,
    web,
)
from hq import pages as chain_pages
from hq.bank import pages as bank_pages
from hq.bank.matching import Bell
from hq.bank.routes import BankSettings, add_bank_routes
from hq.einvoice_routes import add_einvoice_routes
from hq.errors import CatalogueImportFailed, EnrolmentRefused
from hq.kiosk_user_routes import add_kiosk_user_routes
from hq.limits import BodyLimit
from hq.models import Operator, Terminal, utcnow
from hq.pages import reports as reports_page
from hq.return_routes import add_return_routes
from hq.throttle import Throttle, TooManyAttempts
from hq.update_routes import add_update_routes, note_versions

log = logging.getLogger(__name__)
DOCS_STATIC = "/docs-static"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_bearer = HTTPBearer(auto_error=False)
_basic = HTTPBasic(auto_error=False)


def create_app(
    engine: Engine,
    session_factory: sessionmaker[Session],
    *,
    throttle: Throttle | None = None,
    docs: bool = True,
    bank: BankSettings | None = None,
) -> FastAPI:
    """The head-office app: the terminals' API, the operators' catalogue import and web pages.

    ``throttle`` counts wrong operator passwords (a fresh one by default); ``docs`` serves the
    API's description at /docs and /openapi.json to signed-in operators (off: not at all);
    ``bank`` configures the bank-notification webhook (off without a key).
    """
    throttle = throttle or Throttle()
    app = FastAPI(
        title="OCOP head office",
        version="1",
        description="Terminals push their outbox and pull the master catalogue.",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.session_factory = session_factory
    app.add_exception_handler(RequestValidationError, inputs.validation_failed)
    app.add_exception_handler(inputs.InputRefused, inputs.input_refused)
    app.add_middleware(headers.SecurityHeaders, policy=headers.page_policy(web.STYLE))
    app.add_middleware(BodyLimit)
    _add_open_routes(app, engine, session_factory)
    _add_terminal_routes(app, session_factory)
    app.state.bank_bell = Bell()
    add_bank_routes(
        app,
        session_factory,
        _terminal_of(session_factory),
        bank or BankSettings(),
        app.state.bank_bell,
    )
    _add_operator_routes(app, session_factory, throttle)
    if docs:
        _add_docs_routes(app, session_factory, throttle)

    app.include_router(web.router(session_factory, throttle))
    app.include_router(bank_pages.router(session_factory))
    chain_pages.install(app, session_factory)
    app.include_router(reports_page.router(session_factory))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        if web.wants_page(request, exc.status_code):  # a browser at a wrong address
            return web.error_page(exc.status_code, exc.headers)
        return await http_exception_handler(request, exc)

    @app.exception_handler(web.SignInRequired)
    def _to_sign_in(request: Request, exc: web.SignInRequired):
        return web.redirect_to_sign_in()

    return app


def _add_open_routes(app: FastAPI, engine: Engine, session_factory: sessionmaker[Session]) -> None:
    """The routes that need no credentials: health, and enrolment with a one-time code."""

    @app.get(f"{protocol.API_PREFIX}/health", response_model=protocol.Health)
    def health() -> protocol.Health:
        with session_factory() as session:
            session.execute(text("SELECT 1"))
            version = catalogue.current_version(session)
        return protocol.Health(
            status="ok", database=engine.dialect.name, catalogue_version=version, time=utcnow()
        )

    @app.post(f"{protocol.API_PREFIX}/enrol", response_model=protocol.EnrolResponse)
    def enrol(body: protocol.EnrolRequest) -> protocol.EnrolResponse:
        try:
            with session_factory.begin() as session:
                code, token = terminals.enrol(session, body.code)
        except EnrolmentRefused as exc:
            raise HTTPException(status_code=403, detail="enrolment code refused") from exc
        log.info("terminal %s enrolled", code)
        return protocol.EnrolResponse(terminal_code=code, token=token)


def _terminal_of(session_factory: sessionmaker[Session]) -> Callable[..., Terminal]:
    """The dependency that gives the terminal of the request's bearer token, else answers 401."""

    def terminal_of(
        request: Request,
        creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Terminal:
        with session_factory() as session:
            terminal = terminals.authenticate(session, creds.credentials if creds else "")
        if terminal is None:
            raise HTTPException(
                status_code=401,
                detail="unknown or revoked terminal token",
                headers={"WWW-Authenticate": "Bearer"},
            )
        note_versions(session_factory, terminal, request)
        return terminal

    return terminal_of


def _push_request(raw: bytes) -> tuple[protocol.PushRequest, ingest.RawOf, dict[int, str]]:
    """The push request in ``raw``, each entry as sent (by index), and the entries refused already.

    Parsed and validated straight from JSON by pydantic-core, entries and their payloads in one
    pass: on a batch of 1,000 sales several times faster than json.loads followed by validating
    entry after entry. A body that carries U+0000 (rare) takes the slow way: its entries that
    carry it are rejected one by one.
    """
    refused: dict[int, str] = {}
    try:
        if inputs.has_json_nul(raw):
            data, refused = inputs.without_nul_entries(raw)
            return protocol.PushRequest.model_validate(data), data["entries"].__getitem__, refused
        return protocol.PushRequest.model_validate_json(raw), ingest.entries_as_sent(raw), refused
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_input=False, include_url=False)) from exc


def apply_push(
    session_factory: sessionmaker[Session], terminal_id: int, raw: bytes
) -> protocol.PushResponse:
    """What ``POST /api/v1/push`` does with a request's body once the terminal is known: parse
    it and apply its entries. On the thread pool, so that a large batch's parse does not hold up
    the event loop's other requests. bench/bench_hq_ingest.py times this very function."""
    body, raw_of, refused = _push_request(raw)
    results = ingest.push(
        session_factory,
        terminal_id,
        body.entries,
        backlog=body.backlog,
        raw_of=raw_of,
        refused=refused,
    )
    return protocol.PushResponse(results=results)


def _catalogue_changes(
    session: Session, since: int, cursor: str | None, limit: int | None
) -> protocol.CatalogueChanges:
    """A page of the changes after ``since``, or all of them when the terminal pages not."""
    if limit is None and cursor is None:
        return catalogue.changes_since(session, since)
    try:
        at = catalogue_pages.Cursor.decode(cursor) if cursor else None
        return catalogue_pages.changes_page(
            session, since, at, limit or protocol.CATALOGUE_PAGE_MAX
        )
    except catalogue_pages.BadCursor as exc:
        raise HTTPException(status_code=422, detail="unknown cursor") from exc


def _add_terminal_routes(app: FastAPI, session_factory: sessionmaker[Session]) -> None:
    """The routes of an enrolled terminal's bearer token: push the outbox, pull the catalogue,
    the kiosk packages (hq.update_routes), the e-invoice buyers (hq.einvoice_routes), the shop's
    users (hq.kiosk_user_routes) and its sales to refund at another till (hq.return_routes)."""
    terminal_of = _terminal_of(session_factory)
    add_update_routes(app, session_factory, terminal_of)
    add_einvoice_routes(app, session_factory, terminal_of)
    add_kiosk_user_routes(app, session_factory, terminal_of)
    add_return_routes(app, session_factory, terminal_of)

    @app.post(
        f"{protocol.API_PREFIX}/push",
        response_model=protocol.PushResponse,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": protocol.PushRequest.model_json_schema()}
                },
            }
        },
    )
    async def push(
        request: Request, terminal: Annotated[Terminal, Depends(terminal_of)]
    ) -> protocol.PushResponse:
        raw = await request.body()
        return await run_in_threadpool(apply_push, session_factory, terminal.id, raw)

    @app.get(f"{protocol.API_PREFIX}/catalogue", response_model=protocol.CatalogueChanges)
    def pull_catalogue(  # the answer is serialised once, not validated again on the way out
        terminal: Annotated[Terminal, Depends(terminal_of)],
        since: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
        cursor: Annotated[str | None, Query(max_length=1000)] = None,
        limit: Annotated[int | None, Query(ge=1)] = None,
    ) -> Response:
        """The changes after ``since``: a page of at most ``limit`` rows (capped) and a cursor
        for the next, or without ``limit`` and ``cursor`` all of them in one answer (kiosks from
        before paging)."""
        with session_factory() as session:
            changes = _catalogue_changes(session, since, cursor, limit)
        with session_factory.begin() as session:
            session.execute(
                update(Terminal)
                .where(Terminal.id == terminal.id)
                .values(last_pull_at=utcnow(), catalogue_version=since)
            )
        return Response(changes.model_dump_json(), media_type="application/json")


def _operator_of(
    session_factory: sessionmaker[Session], throttle: Throttle
) -> Callable[..., Operator]:
    """The dependency that gives the operator of the request's password or cookie, else 401.

    A password goes through the throttle (429 while locked out). A cookie is sent by the browser
    whatever page makes the request, so a call with a cookie that is not a plain read must come
    from a page of this site (Origin), else 403.
    """

    def operator_of(
        request: Request,
        basic: Annotated[HTTPBasicCredentials | None, Depends(_basic)],
    ) -> Operator:
        address = request.client.host if request.client else ""
        with session_factory.begin() as session:  # committed: a wrong password is counted
            if basic is not None:
                try:
                    operator = operators.check_throttled(
                        session, basic.username, basic.password, throttle, address
                    )
                except TooManyAttempts as exc:
                    wait = exc.data["retry_after"]
                    raise HTTPException(
                        status_code=429,
                        detail=f"too many wrong passwords: try again in {wait} s",
                        headers={"Retry-After": str(wait)},
                    ) from exc
            else:
                operator = operators.operator_of(session, request.cookies.get(web.COOKIE))
                unsafe = request.method not in ("GET", "HEAD")
                if operator is not None and unsafe and not web.same_origin(request):
                    raise HTTPException(status_code=403, detail="cross-site request refused")
        if operator is None:
            raise HTTPException(
                status_code=401,
                detail="operator name and password required",
                headers={"WWW-Authenticate": "Basic"},
            )
        return operator

    return operator_of


def _add_operator_routes(
    app: FastAPI, session_factory: sessionmaker[Session], throttle: Throttle
) -> None:
    """The routes of a head-office operator (password or signed-in cookie): catalogue import."""
    operator_of = _operator_of(session_factory, throttle)

    @app.post(
        f"{protocol.API_PREFIX}/catalogue/import",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}},
                },
            }
        },
    )
    async def import_catalogue(
        request: Request, operator: Annotated[Operator, Depends(operator_of)]
    ) -> dict:
        """Apply a catalogue CSV or Excel workbook (the format of ``ocop-hq catalogue import``);
        all rows or none."""
        data = await request.body()

        def run() -> catalogue.ImportSummary:
            with session_factory.begin() as session:
                return catalogue.import_file(session, data)

        try:
            summary = await run_in_threadpool(run)
        except CatalogueImportFailed as exc:
            errors = [{"line": line, "reason": reason} for line, reason in exc.data["errors"]]
            raise HTTPException(status_code=422, detail={"errors": errors}) from exc
        log.info("catalogue imported by operator %s: version %d", operator.name, summary.version)
        result = dataclasses.asdict(summary)
        result.pop("errors")
        return result


def _add_docs_routes(app: FastAPI, session_factory: sessionmaker[Session], throttle: Throttle):
    """/openapi.json and /docs, for signed-in operators only: the map of the API is not handed to
    whoever asks."""
    operator_of = _operator_of(session_factory, throttle)

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(_operator: Annotated[Operator, Depends(operator_of)]) -> dict:
        return app.openapi()

    # Swagger UI's script, style sheet and icon from the fastapi-offline package: an operator's
    # browser without internet (a showroom's back office) still shows the docs.
    app.mount(
        DOCS_STATIC, StaticFiles(directory=files("fastapi_offline") / "static"), "docs-static"
    )

    @app.get("/docs", include_in_schema=False)
    def swagger(_operator: Annotated[Operator, Depends(operator_of)]) -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="OCOP head office API",
            swagger_js_url=f"{DOCS_STATIC}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_STATIC}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_STATIC}/favicon.png",
        )
        body = bytes(page.body).decode()
        inline = re.findall(r"<script>(.*?)</script>", body, flags=re.S)
        page.headers["Content-Security-Policy"] = headers.docs_policy("".join(inline[-1:]))
        return page

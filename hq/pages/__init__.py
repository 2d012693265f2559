"""Operator pages for running the chain: receipts and shift closes, shops, terminals and
operators, each behind the sign-in and the operator's role and scope (hq.access)."""

from fastapi import FastAPI, Request
from sqlalchemy.orm import Session, sessionmaker

from hq.pages import (
    admin_operators,
    admin_shops,
    admin_terminals,
    catalogue,
    catalogue_import,
    common,
    kiosk_users,
    producer,
    receipts,
    shifts,
)


def install(app: FastAPI, session_factory: sessionmaker[Session]) -> None:
    """Add the pages' routes to ``app``, and the pages that answer a refusal (403, 404)."""
    for module in (receipts, shifts, admin_shops, admin_terminals, admin_operators,
                   producer, catalogue_import, catalogue, kiosk_users):  # fmt: skip
        app.include_router(module.router(session_factory))

    @app.exception_handler(common.Refused)
    def _refused(request: Request, exc: common.Refused):
        return common.refused_page(exc)

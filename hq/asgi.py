"""Head office's app as a worker process builds it: from the environment, for servers that start
several processes over one database.

    ocop-hq --database URL serve --workers 4          # uvicorn's own worker processes
    OCOP_HQ_DATABASE=URL uvicorn --factory hq.asgi:app_from_env --workers 4
    OCOP_HQ_DATABASE=URL gunicorn -w 4 -k uvicorn.workers.UvicornWorker 'hq.asgi:app_from_env()'

Every process opens its own engine (``store.make_engine``: a pool of up to 20 connections on
PostgreSQL) and keeps nothing another process would need to see: a terminal's pushes are
serialised by an advisory lock in the database; operators' sessions, wrong passwords
(:mod:`hq.throttle`), bank notifications and expected transfers are rows. What stays per process
is said where it lives: the long poll's bell (:class:`hq.bank.matching.Bell`: other processes'
notifications are seen by the poll's look at the database each second), the body budget
(:mod:`hq.limits`, memory being per process) and the bank poller (each process polls; storing is
idempotent).

The environment: ``$OCOP_HQ_DATABASE`` (SQLAlchemy URL), ``$OCOP_HQ_DOCS`` (``0``: no /docs),
and the bank's variables of docs/bank-transfers.md.
"""

import gc
import os

from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hq import store
from hq.bank.routes import BankSettings

DATABASE_ENV = "OCOP_HQ_DATABASE"
DOCS_ENV = "OCOP_HQ_DOCS"


def bank_settings() -> BankSettings:
    return BankSettings(
        sepay_api_key=os.environ.get("OCOP_HQ_SEPAY_API_KEY", ""),
        account=os.environ.get("OCOP_HQ_BANK_ACCOUNT", ""),
    )


def tune_gc() -> None:
    """Fewer, cheaper cyclic-garbage collections for a server whose requests make many objects.

    Parsing a push of 1,000 sales makes about 74,000 objects the collector tracks (the validated
    entries; then come the rows for COPY), and they live as long as the request. With the default
    thresholds they set off collections that scan the whole heap again and again: the parse took
    190 ms with them, 60 ms without. The objects of the started server (modules, the app,
    SQLAlchemy's caches) are frozen out of the collector's way, and the youngest generation is
    collected every 100,000 new objects instead of every 700. Garbage with cycles is still
    collected, only in fewer passes.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 10, 10)


def build_app(engine: Engine, session_factory: sessionmaker[Session], *, docs: bool) -> FastAPI:
    """The app over ``engine``, polling the bank's API when a token is set; the collector tuned."""
    from hq.server import create_app

    app = create_app(engine, session_factory, docs=docs, bank=bank_settings())
    token = os.environ.get("OCOP_HQ_SEPAY_API_TOKEN", "")
    if token:
        from hq.bank.polling import start_polling
        from hq.bank.sepay import SePayPoller

        start_polling(session_factory, SePayPoller(token, bank_settings().account), app)
    tune_gc()
    return app


def app_from_env() -> FastAPI:
    """The app of one worker process, configured by the environment (see the module's doc)."""
    engine, session_factory = store.open_database(
        os.environ.get(DATABASE_ENV) or store.default_url()
    )
    return build_app(engine, session_factory, docs=os.environ.get(DOCS_ENV, "1") != "0")

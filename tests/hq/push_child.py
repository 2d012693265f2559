"""A kiosk process that pushes its whole outbox: the kill test runs it and kills it mid-push."""

import sys

from db import make_engine, make_session_factory
from kiosk.core.sync.client import SyncClient


def main(db_path: str, base_url: str, token: str, code: str) -> None:
    factory = make_session_factory(make_engine(db_path))
    client = SyncClient(factory, base_url, token, code, timeout_s=60, batch_size=100)
    client.push_all()


if __name__ == "__main__":
    main(*sys.argv[1:5])

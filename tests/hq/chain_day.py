"""Two shops' day at head office, for the tests that look at it as different operators:
shops MAIN (kiosk DL-01) and HN (kiosk HN-01), each kiosk running a day (a void, a refund, a
shift closed, a settlement) and pushing it."""

import contextlib
import uuid
from collections.abc import Iterator

import psycopg
from sqlalchemy import update

from hq import terminals
from hq.models import Terminal
from tests.hq.conftest import HqServer, InProcessHq, Kiosk, _admin_conninfo
from tests.hq.test_applied import _kiosk_day

SHOPS = {"DL-01": "MAIN", "HN-01": "HN"}


@contextlib.contextmanager
def two_shop_day(request, folder, prefix: str) -> Iterator[tuple[InProcessHq, list[Kiosk], int]]:
    """(head office in process, the two kiosks, shop HN's id), on SQLite or a fresh PostgreSQL
    database as ``request.param`` says; everything is closed and dropped on the way out."""
    if request.param == "sqlite":
        url, drop = f"sqlite:///{folder / 'hq.sqlite3'}", None
    else:
        server_url = request.getfixturevalue("pg_server_url")
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(_admin_conninfo(server_url), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        url = server_url.rsplit("/", 1)[0] + "/" + name
        drop = (_admin_conninfo(server_url), name)
    server = HqServer(url, folder).start()
    kiosks = [Kiosk(folder / f"{code}.sqlite3", server, code) for code in SHOPS]
    with server.session_factory.begin() as s:
        hn = terminals.add_shop(s, "HN", "Showroom Hà Nội", "Hà Nội")
        s.execute(update(Terminal).where(Terminal.code == "HN-01").values(shop_id=hn.id))
        hn_id = hn.id
    for kiosk in kiosks:
        _kiosk_day(kiosk)
        assert kiosk.client.push_all().rejected == 0
    office = InProcessHq(url)
    office.server = server  # the real server, for a browser
    try:
        yield office, kiosks, hn_id
    finally:
        office.close()
        for kiosk in kiosks:
            kiosk.close()
        server.stop()
        if drop:
            with psycopg.connect(drop[0], autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {drop[1]} WITH (FORCE)")

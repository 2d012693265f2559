"""Backups as docs/hq.md tells an operator to take and restore them: the shipped script
(packaging/hq/ocop-hq-backup, what ocop-hq-backup.service runs) makes a ``pg_dump -Fc`` of a
head office that has run two shops' day, and ``pg_restore`` into a new database gives back the
same sales and the same report totals, and a head office that goes on working.

PostgreSQL only (skipped without it, as the other PostgreSQL cases); pg_dump and pg_restore
come with it.
"""

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from hq import store, terminals
from hq.models import Sale, utcnow
from hq.reports.choice import REPORTS, make
from hq.reports.table import Period
from tests.hq.chain_day import two_shop_day

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging/hq/ocop-hq-backup"

pytestmark = pytest.mark.skipif(
    not (shutil.which("pg_dump") and shutil.which("pg_restore")),
    reason="pg_dump and pg_restore are needed (Debian's postgresql-client)",
)


@pytest.fixture(params=["postgresql"])
def chain(request, tmp_path):
    with two_shop_day(request, tmp_path, "hq_backup") as (office, _kiosks, _hn):
        yield office


def _backup(url: str, folder: Path, keep: int = 14) -> subprocess.CompletedProcess:
    env = {**os.environ, "OCOP_HQ_DATABASE": url, "OCOP_HQ_BACKUP_DIR": str(folder),
           "OCOP_HQ_BACKUP_KEEP": str(keep)}  # fmt: skip
    return subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=120)


def _figures(session_factory) -> tuple[list, dict]:
    """Every sale and every report's rows over the days around today."""
    today = dt.date.today()
    period, now = Period(today - dt.timedelta(days=2), today + dt.timedelta(days=1)), utcnow()
    with session_factory() as s:
        sales = s.execute(
            select(Sale.id, Sale.receipt_no, Sale.status, Sale.total_vnd).order_by(Sale.id)
        ).all()
        reports = {key: make(s, key, period, now).rows for key in REPORTS}
    return sales, reports


def test_a_dump_restored_into_a_new_database_has_the_same_sales_and_reports(
    chain, pg_database, tmp_path
):
    made = _backup(chain.engine.url.render_as_string(hide_password=False), tmp_path / "dumps")
    assert made.returncode == 0, made.stderr
    (dump,) = (tmp_path / "dumps").glob("ocop-hq-*.dump")
    # The restore as docs/hq.md gives it, into an empty database.
    restore_url = pg_database.replace("postgresql+psycopg:", "postgresql:")
    restored = subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "--jobs=2", f"--dbname={restore_url}",
         str(dump)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert restored.returncode == 0, restored.stderr
    engine, session_factory = store.open_database(pg_database)
    try:
        sales, reports = _figures(session_factory)
        assert (sales, reports) == _figures(chain.session_factory)
        assert {status for *_, status, _total in sales} >= {"completed", "voided"}
        assert reports["day"] and reports["voids"]  # the day's sales and its void and refund
        with session_factory.begin() as s:  # its sequences came too: new rows take new ids
            assert terminals.add_terminal(s, "NEW-01")
    finally:
        engine.dispose()


def test_the_backup_keeps_the_newest_dumps_and_only_after_a_good_one(chain, tmp_path):
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    old = [dumps / f"ocop-hq-2026010{d}T023000Z.dump" for d in range(1, 5)]
    for path in old:
        path.write_bytes(b"an older dump")
    (dumps / "notes.txt").write_text("not a dump: left alone")
    url = chain.engine.url.render_as_string(hide_password=False)
    failed = _backup(url.replace("/hq_backup_", "/no_such_db_"), dumps, keep=2)
    assert failed.returncode != 0 and all(p.exists() for p in old)  # nothing pruned
    assert sorted(p.name for p in dumps.iterdir()) == sorted([*(p.name for p in old), "notes.txt"])
    made = _backup(url, dumps, keep=2)
    assert made.returncode == 0, made.stderr
    left = sorted(p.name for p in dumps.glob("ocop-hq-*.dump"))
    assert len(left) == 2 and left[0] == old[-1].name  # the new dump and the newest old one
    assert (dumps / "notes.txt").exists()

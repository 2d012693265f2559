"""The nightly backup script (packaging/hq/ocop-hq-backup) keeps the database password off
pg_dump's command line, where any user of the server could read it with ``ps``: it goes in
PGPASSWORD, which only the backup's own user can read. pg_dump and pg_restore are stand-ins here
that write down what they were given; tests/hq/test_backup_restore.py runs the real ones.
"""

import os
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "packaging/hq/ocop-hq-backup"

FAKE_PG_DUMP = """#!/bin/sh
printf '%s\\n' "$@" > "$RECORD/argv"
printf '%s' "${PGPASSWORD-<unset>}" > "$RECORD/password"
for arg; do
  case "$arg" in --file=*) printf 'dump' > "${arg#--file=}" ;; esac
done
"""


@pytest.fixture
def fake_tools(tmp_path):
    bin_dir, record = tmp_path / "bin", tmp_path / "record"
    bin_dir.mkdir()
    record.mkdir()
    (bin_dir / "pg_dump").write_text(FAKE_PG_DUMP)
    (bin_dir / "pg_restore").write_text("#!/bin/sh\nexit 0\n")
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    return bin_dir, record


def _run(fake_tools, tmp_path, url: str) -> tuple[subprocess.CompletedProcess, list[str], str]:
    bin_dir, record = fake_tools
    env = {k: v for k, v in os.environ.items() if k != "PGPASSWORD"}
    env |= {"PATH": f"{bin_dir}:{env['PATH']}", "RECORD": str(record),
            "OCOP_HQ_DATABASE": url, "OCOP_HQ_BACKUP_DIR": str(tmp_path / "dumps")}  # fmt: skip
    done = subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return done, (record / "argv").read_text().splitlines(), (record / "password").read_text()


def test_the_password_reaches_pg_dump_in_its_environment_not_its_arguments(fake_tools, tmp_path):
    url = "postgresql+psycopg://ocop_hq:s%40cret%3Aw0rd@db.example:5433/ocop_hq?sslmode=require"
    done, argv, password = _run(fake_tools, tmp_path, url)
    assert password == "s@cret:w0rd"  # percent-decoded, as libpq wants it
    assert "--dbname=postgresql://ocop_hq@db.example:5433/ocop_hq?sslmode=require" in argv
    assert not any("cret" in arg for arg in argv)
    assert "cret" not in done.stdout + done.stderr
    assert len(list((tmp_path / "dumps").glob("ocop-hq-*.dump"))) == 1


def test_a_url_without_a_password_leaves_pgpassword_unset(fake_tools, tmp_path):
    _done, argv, password = _run(fake_tools, tmp_path, "postgresql+psycopg://ocop_hq@/ocop_hq")
    assert password == "<unset>"  # libpq then uses ~/.pgpass or peer authentication
    assert "--dbname=postgresql://ocop_hq@/ocop_hq" in argv


def test_a_local_socket_url_keeps_its_three_slashes(fake_tools, tmp_path):
    """postgresql:///ocop_hq (no host: the local socket, peer login) stays a URL pg_dump reads
    as one; with two slashes less it would take the whole string for a database's name."""
    _done, argv, password = _run(fake_tools, tmp_path, "postgresql+psycopg:///ocop_hq")
    assert "--dbname=postgresql:///ocop_hq" in argv and password == "<unset>"

"""Updates on a real machine (``make package-test``, as root): the .deb installed, a second
build installed over it by the root-side installer once the kiosk has staged it, and a broken
third (its window never comes up, and it upgrades the schema) rolled back to the second by
itself, database included.

The kiosk session unit is played by this test, as the unit would run the app: the installed
command, its user and clean environment, offscreen, restarted two seconds after it ends.
"""

import os
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from db.migrate import scripted_head
from tests.packaging.conftest import build, run
from tests.packaging.test_deb import VERSION

SECOND, THIRD = f"{VERSION}+u1", f"{VERSION}+u2"
UPDATER = "/usr/lib/ocop-kiosk/ocop-kiosk-update"
DATA = Path("/var/lib/ocop-kiosk")
UPDATES = DATA / "updates"
SITE = "opt/ocop-kiosk/venv/lib/python3.11/site-packages"
UNITS = [f"/lib/systemd/system/ocop-kiosk-update.{kind}" for kind in ("path", "service")]
APP_ENV = {
    "HOME": str(DATA),
    "OCOP_KIOSK_DATA": str(DATA),
    "QT_QPA_PLATFORM": "offscreen",
    "OCOP_ALLOW_OFFSCREEN": "1",  # no display here: offscreen on purpose
    "PATH": "/usr/bin:/bin",
}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("OCOP_PACKAGE_TEST") != "1" or os.geteuid() != 0,
        reason="builds and installs the .deb: OCOP_PACKAGE_TEST=1 as root (make package-test)",
    ),
]


def broken_build(second: Path, out: Path) -> Path:
    """The second build as THIRD, with a schema migration and a window that never opens."""
    tree = out / "broken"
    run("dpkg-deb", "-R", str(second), str(tree))
    control = tree / "DEBIAN" / "control"
    control.write_text(control.read_text().replace(f"Version: {SECOND}", f"Version: {THIRD}"))
    init = tree / SITE / "kiosk" / "__init__.py"
    init.write_text(init.read_text().replace(SECOND, THIRD))
    window = tree / SITE / "kiosk" / "ui" / "application.py"
    text = window.read_text()
    marker = "    started = time.perf_counter()\n"
    assert marker in text
    window.write_text(text.replace(marker, '    raise RuntimeError("broken build")\n', 1))
    (tree / SITE / "db" / "migrations" / "versions" / "9999_probe.py").write_text(
        f'"""A schema change of the broken build."""\n\nfrom alembic import op\n'
        f'import sqlalchemy as sa\n\nrevision = "9999"\ndown_revision = "{scripted_head()}"\n'
        "branch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n"
        '    op.create_table("update_probe", sa.Column("id", sa.Integer, primary_key=True))\n'
    )
    deb = out / f"ocop-kiosk_{THIRD}_amd64.deb"
    run("dpkg-deb", "--root-owner-group", "-Znone", "--build", str(tree), str(deb))
    return deb


@pytest.fixture(scope="module")
def packages(built_deb, dist):
    second = build(dist, SECOND)
    third = broken_build(second, dist)
    run("dpkg", "--purge", "ocop-kiosk", check=False)
    run("rm", "-rf", "/var/lib/ocop-kiosk-update", str(UPDATES))
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", str(built_deb),
        env={"DEBIAN_FRONTEND": "noninteractive"})  # fmt: skip
    yield second, third
    run("dpkg", "--purge", "ocop-kiosk", check=False)


def installed() -> str:
    done = run("dpkg-query", "-W", "-f=${Version} ${Status}", "ocop-kiosk", check=False)
    return done.stdout.strip()


def revision() -> str:
    """The database's schema revision, read as the kiosk user (root would leave its own WAL)."""
    script = (
        "import sqlite3, sys; con = sqlite3.connect(sys.argv[1]); "
        "print(con.execute('select version_num from alembic_version').fetchone()[0])"
    )
    return run("runuser", "-u", "ocop-kiosk", "--", "/usr/bin/python3.11", "-c", script,
               str(DATA / "kiosk.sqlite3")).stdout.strip()  # fmt: skip


def stage(deb: Path, version: str) -> None:
    """What the kiosk's updater leaves after a checked download and the Z report."""
    owner = ("-o", "ocop-kiosk", "-g", "ocop-kiosk")
    run("install", "-d", *owner, "-m", "700", str(UPDATES))
    run("install", *owner, "-m", "600", str(deb), str(UPDATES / f"ocop-kiosk_{version}.deb"))
    run("runuser", "-u", "ocop-kiosk", "--", "sh", "-c", 'echo "$2" > "$1/ready"', "_",
        str(UPDATES), version)  # fmt: skip


def start_app() -> subprocess.Popen:
    return subprocess.Popen(
        ["runuser", "-u", "ocop-kiosk", "--", "env", "-i",
         *(f"{k}={v}" for k, v in APP_ENV.items()), "/opt/ocop-kiosk/venv/bin/ocop-kiosk"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd="/",
    )  # fmt: skip


# What the session unit's stop and start do, for the updater without systemd: "stop" ends the
# app (again and again, should it be started meanwhile) and returns only once none runs.
SESSION_CONTROL = """#!/bin/sh
app=/opt/ocop-kiosk/venv/bin/ocop-kiosk
case "$1" in
  stop) : > @MARK@
        while pgrep -f "$app" >/dev/null; do pkill -TERM -f "$app"; sleep 0.2; done ;;
  *) rm -f @MARK@ ;;
esac
"""


def install_as_the_units_would(version: str, timeout_s: int) -> tuple[int, str, int]:
    """The path unit's installer run, and the session unit's app started once ``version`` is
    installed and again two seconds after each end. (exit status, installer's log, app starts)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "OCOP_KIOSK"))}
    stopped = Path(tempfile.mkdtemp()) / "session-stopped"
    control = stopped.with_name("session-control")
    control.write_text(SESSION_CONTROL.replace("@MARK@", str(stopped)))
    control.chmod(0o755)
    updater = subprocess.Popen(
        [UPDATER], cwd="/", stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**clean, "OCOP_KIOSK_UPDATE_TIMEOUT": str(timeout_s),
             "OCOP_KIOSK_SESSION_CONTROL": str(control)},
    )  # fmt: skip
    deadline = time.monotonic() + 300
    app, starts = None, 0
    try:
        while updater.poll() is None:
            assert time.monotonic() < deadline, "the installer did not finish"
            up = app is not None and app.poll() is None
            # not restarted while the updater holds the session stopped (a rollback)
            held = stopped.exists()
            if installed() == f"{version} install ok installed" and not up and not held:
                app, starts = start_app(), starts + 1
            time.sleep(2)  # the session unit's RestartSec
    finally:
        if app is not None and app.poll() is None:
            app.terminate()
            app.communicate(timeout=20)
    return updater.returncode, updater.communicate()[0], starts


def test_update_units_verify(packages):
    done = run("systemd-analyze", "verify", *UNITS, check=False)
    assert done.returncode == 0, done.stderr


def test_a_staged_update_is_installed_and_kept_once_its_sign_in_screen_shows(packages):
    second, _third = packages
    stage(second, SECOND)
    status, log, starts = install_as_the_units_would(SECOND, timeout_s=90)
    assert status == 0, log
    assert starts == 1
    assert run("/usr/bin/ocop-kiosk", "--version").stdout.strip() == f"ocop-kiosk {SECOND}"
    assert (UPDATES / "result").read_text().strip() == f"installed {SECOND}"
    assert run("/usr/bin/ocop-kiosk", "db", "check").returncode == 0
    assert Path("/var/lib/ocop-kiosk-update/previous.deb").exists()  # the first, to go back to
    assert not (UPDATES / "ready").exists()


def test_a_broken_update_is_rolled_back_with_its_schema_change(packages):
    _second, third = packages
    before = revision()
    stage(third, THIRD)
    status, log, starts = install_as_the_units_would(THIRD, timeout_s=25)
    assert status == 1, log
    assert starts >= 2  # it crashed and was started again until the time ran out
    assert run("/usr/bin/ocop-kiosk", "--version").stdout.strip() == f"ocop-kiosk {SECOND}"
    result = (UPDATES / "result").read_text()
    assert result.startswith(f"rolled-back {THIRD} no sign-in screen within 25s")
    assert "database restored from" in result
    assert revision() == before  # the broken build's migration is undone
    assert run("/usr/bin/ocop-kiosk", "db", "check").returncode == 0
    doctor = run("/usr/bin/ocop-kiosk", "doctor", check=False).stdout
    assert any(line.startswith("OK") and "database" in line for line in doctor.splitlines())

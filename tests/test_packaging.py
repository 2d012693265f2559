"""A plain, non-editable install works: the wheel carries the migrations and resources."""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    # Build from a copy: setuptools leaves build/ behind in the tree it builds.
    source = out / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "build",
            "out",
            "*.egg-info",
            "__pycache__",
            ".pytest_cache",
            ".ruff_cache",
            "docs",
        ),
    )
    # -v: pip shows the build backend's warnings only when verbose.
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(out), str(source)],
        check=True,
        cwd=out,
        capture_output=True,
        text=True,
    )
    [whl] = out.glob("ocop_kiosk-*.whl")
    return whl, built.stdout + built.stderr


def test_building_prints_no_deprecation_warning_from_our_pyproject(wheel):
    _whl, log = wheel
    warnings = [line for line in log.splitlines() if "deprecat" in line.lower()]
    assert warnings == []


def test_wheel_ships_migrations_and_resources(wheel):
    names = set(zipfile.ZipFile(wheel[0]).namelist())
    for needed in (
        "db/migrations/env.py",
        "db/migrations/script.py.mako",
        "db/migrations/versions/0001_initial.py",
        "resources/locale/vi/LC_MESSAGES/ocop.po",
        "resources/locale/en/LC_MESSAGES/ocop.po",
        "resources/provinces-2025.tsv",
        "kiosk/core/sale/checkout.py",
        "hq/migrations/env.py",
        "hq/migrations/versions/0001_initial.py",
    ):
        assert needed in names, needed
    assert not any(n.startswith("tests/") for n in names)


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """The wheel installed into a folder of its own (dependencies from the test's venv)."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel[0]),
        ],
        check=True,
    )
    return target


def test_installed_wheel_upgrades_a_database_outside_the_source_tree(installed, tmp_path):
    target = installed
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = subprocess.run(
        [sys.executable, "-c", "import kiosk, db; print(kiosk.__file__); print(db.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert all(line.startswith(str(target)) for line in probe.stdout.split()), probe.stdout
    data = tmp_path / "data"
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "--data-dir", str(data), "db", "upgrade"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (data / "kiosk.sqlite3").stat().st_size > 0


def test_installed_wheel_migrates_a_head_office_database(installed, tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "hq",
            "--database",
            f"sqlite:///{tmp_path / 'hq.sqlite3'}",
            "migrate",
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    # the newest of head office's migrations, as shipped in the wheel
    newest = max(p.stem.split("_")[0] for p in (ROOT / "hq/migrations/versions").glob("0*.py"))
    assert f"revision {newest}" in done.stdout

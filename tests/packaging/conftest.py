"""The package tests' shared pieces: commands run as the installed package would be, and the
.deb built once for the whole session (``make package-test``)."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*cmd: str, check: bool = True, env=None) -> subprocess.CompletedProcess:
    """Run from / with no PYTHONPATH: nothing may come from the source tree."""
    # The suite's own settings (ESCPOS_CAPABILITIES_PICKLE_DIR in a root-only folder, ...) stay
    # in place on purpose: the package must not trust the environment root calls it from.
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "OCOP_KIOSK"))}
    done = subprocess.run(
        cmd, capture_output=True, text=True, cwd="/", env={**clean, **(env or {})}
    )
    if check and done.returncode != 0:
        raise AssertionError(f"{cmd} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="session")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # apt reads local .debs as its _apt user where it can: pytest's folders are private.
    for folder in (out, *out.parents[:2]):
        folder.chmod(0o755)
    return out


def build(out: Path, version: str | None = None) -> Path:
    """packaging/deb/build.sh into ``out`` (VERSION=``version`` when given)."""
    env = {"VERSION": version} if version else None
    done = run("bash", str(ROOT / "packaging/deb/build.sh"), str(out), env=env)
    return Path(done.stdout.split()[-1])


@pytest.fixture(scope="session")
def built_deb(dist) -> Path:
    deb = build(dist)
    assert deb.name.startswith("ocop-kiosk_") and deb.name.endswith("_amd64.deb")
    return deb

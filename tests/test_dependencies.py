"""What pyproject declares matches what the code imports, and a kiosk carries no head-office stack."""

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIRST_PARTY = {"kiosk", "hardware", "db", "hq", "resources", "tests", "bench"}
HQ_STACK = ("fastapi", "uvicorn", "psycopg")
# Libraries that come with a declared one at its exact version, and are not pinned twice.
COMES_WITH = {"shiboken6": "pyside6-essentials"}


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _names(requirements) -> set[str]:
    return {_normal(re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0]) for r in requirements}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_modules(package: str) -> set[str]:
    """Top-level names of every module the package imports, at any depth of its code."""
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" in path.parts and "versions" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - FIRST_PARTY - set(sys.stdlib_module_names)


def _distributions(modules: set[str]) -> dict[str, set[str]]:
    index = importlib.metadata.packages_distributions()
    return {
        m: {_normal(d) for d in index.get(m, [])} | ({COMES_WITH[m]} if m in COMES_WITH else set())
        for m in modules
    }


@pytest.mark.parametrize(
    ("packages", "extras"),
    [(("kiosk", "hardware", "db"), ()), (("hq",), ("hq",))],
    ids=["kiosk", "hq"],
)
def test_every_imported_library_is_declared_when_installed_from_pyproject(packages, extras):
    project = _pyproject()["project"]
    declared = _names(project["dependencies"])
    for extra in extras:
        declared |= _names(project["optional-dependencies"][extra])
    modules = set().union(*(_imported_modules(p) for p in packages))
    undeclared = {
        module: dists for module, dists in _distributions(modules).items() if not dists & declared
    }
    assert undeclared == {}, f"imported but not declared in pyproject.toml: {undeclared}"


def test_head_office_stack_is_an_extra_when_a_kiosk_is_installed():
    project = _pyproject()["project"]
    assert not _names(project["dependencies"]) & set(HQ_STACK)
    assert set(HQ_STACK) <= _names(project["optional-dependencies"]["hq"])
    assert "pyside6-addons" not in _names(project["dependencies"])


def test_usb_printers_have_their_library_when_the_kiosk_is_installed():
    declared = _pyproject()["project"]["dependencies"]
    assert any(re.match(r"python-escpos\[[^]]*usb", r) for r in declared) or "pyusb" in _names(
        declared
    )


def test_the_kiosk_loads_no_head_office_library_when_it_starts():
    code = (
        "import sys\n"
        "import kiosk.__main__, kiosk.cli, kiosk.app, kiosk.core.sync.client, kiosk.ui.window\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HQ_STACK!r}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
        check=True,
    )
    assert done.stdout.strip() == "[]"


def test_head_office_image_installs_every_library_hq_imports():
    listed = _names(
        line
        for line in (ROOT / "packaging/hq/requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )
    missing = {
        module: dists
        for module, dists in _distributions(_imported_modules("hq")).items()
        if not dists & listed
    }
    assert missing == {}, f"hq imports these; packaging/hq/requirements.txt lacks them: {missing}"

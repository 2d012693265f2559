"""Benchmark: the kiosk's cold start, `ocop-kiosk` as a shop starts it, to the sign-in screen.

A new process runs ``kiosk.__main__.main`` (arguments, logging, the database, the services,
run_kiosk) and is stopped at the first turn of its event loop with the sign-in screen shown and
its people listed (asserted; a child that fails the check or never signs in ends, the bench with
it): at most 1 s, on the demo database (``--demo``, as `make run` starts it), on the demo shop
enrolled at a head office out of reach (its sync client and worker start), and on one of
1,000,000 past sales (issue 18). The enrolled shop is also timed to its workers started off the
GUI thread (sync, updates, e-invoices, backups: the sign-in marker, the updater's proof that a
version works). Baseline: a process that only starts Python and creates a QApplication.

Our modules' byte code is compiled first, as an installed kiosk has it (the package's postinst
runs compileall; `make run` does too): where PYTHONDONTWRITEBYTECODE is set and nothing compiled
them, every start compiles ~190 modules from source. That start is a row of its own.

Offscreen Qt; the 1,000,000-sale file is the catalogue bench's, copied once into ``workdir``.
Run alone: ``python -m bench start`` (``--quick``: the demo and enrolled folders, 3 starts).
"""

import os
import shutil
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from bench.stats import row

STARTS = 7
ROOT = Path(__file__).resolve().parents[1]


# The kiosk as a shop starts it: `ocop-kiosk` (kiosk.__main__.main: arguments, logging, the
# database, the services, run_kiosk), stopped at the first of its event loop with the sign-in
# screen shown and its people listed (``screen``), or where run_kiosk writes the sign-in marker,
# its workers started off the GUI thread (``workers``: the updater's proof that a version works).
_CHILD = textwrap.dedent(
    """
    import faulthandler, os, sys
    from PySide6.QtWidgets import QApplication
    import kiosk.app
    import kiosk.ui.application
    from kiosk.__main__ import main

    faulthandler.dump_traceback_later(120, exit=True)  # a kiosk that never signs in ends
    until, argv = sys.argv[1], sys.argv[2:]

    def ready():
        try:
            window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "kiosk")
            assert window.signin.pin.isVisible() and window.signin.people.count() > 0
        except Exception as exc:  # the kiosk's excepthook would keep it running
            print("the sign-in screen is not ready:", repr(exc), file=sys.stderr, flush=True)
            os._exit(1)
        print("READY", flush=True)
        QApplication.quit()  # the session ends as a closed window ends it (untimed)

    if until == "screen":
        opened = kiosk.ui.application.open_window

        def open_window(*args, on_shown=None, **kwargs):
            def shown():
                ready()
                if on_shown is not None:
                    on_shown()

            return opened(*args, on_shown=shown, **kwargs)

        kiosk.ui.application.open_window = open_window
    else:
        noted = kiosk.app.note_sign_in

        def note_sign_in(updates):
            noted(updates)
            ready()

        kiosk.app.note_sign_in = note_sign_in
    sys.exit(main(argv))
    """
)
_BASELINE_CHILD = "from PySide6.QtWidgets import QApplication; QApplication([]); print('READY')"


PACKAGES = ("kiosk", "hardware", "db", "hq", "resources")


def compile_bytecode() -> None:
    """Our modules' byte code in their __pycache__ folders, as the package's postinst leaves it."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", *PACKAGES], cwd=ROOT, check=True)


def _start(code: str, *args: str, env_extra: dict[str, str] | None = None) -> float:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "OCOP_KIOSK_WINDOWED": "1",
        # As ocop-kiosk sets it (kiosk.__main__): python-escpos's capabilities cache is kept,
        # not parsed again from YAML into a new temporary folder at every start.
        "ESCPOS_CAPABILITIES_PICKLE_DIR": str(ROOT / "bench" / "out" / "escpos-cache"),
        **(env_extra or {}),
    }
    # Timed from the process's start to its READY line (the sign-in screen up and drawn), not to
    # its exit: quitting, closing the database and the interpreter's shutdown come after.
    t0 = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    elapsed = None
    for line in child.stdout:  # type: ignore[union-attr]
        if line.startswith("READY"):
            elapsed = (time.perf_counter() - t0) * 1000
            break
    _out, err = child.communicate(timeout=300)
    if elapsed is None or child.returncode != 0:
        raise RuntimeError(f"the kiosk did not start: {err[-2000:]}")
    return elapsed


def cold_start(
    data: Path,
    runs: int,
    name: str,
    *,
    bytecode: bool = True,
    demo: bool = False,
    until: str = "screen",
) -> dict:
    """``bytecode``: our modules' byte code compiled beforehand (an installed kiosk); without,
    a start that compiles them from source (no cache read, none written). ``demo``: started as
    `make run` starts it (``--demo``: demo catalogue if empty, fake devices). ``until``:
    ``screen`` (the sign-in screen up) or ``workers`` (its workers started too)."""
    if bytecode:
        compile_bytecode()
        extra = None
    else:  # ours only: the installed libraries keep the byte code pip compiled
        for package in PACKAGES:
            for cache in list((ROOT / package).rglob("__pycache__")):
                shutil.rmtree(cache, ignore_errors=True)
        extra = {"PYTHONDONTWRITEBYTECODE": "1"}
        name += ", our modules compiled from source at each start"
    args = (until, "--offscreen", "--data-dir", str(data), *(("--demo",) if demo else ()))
    try:
        _start(_CHILD, *args, env_extra=extra)  # not timed: fills python-escpos's cache
        starts = [_start(_CHILD, *args, env_extra=extra) for _ in range(runs)]
    finally:
        if not bytecode:
            compile_bytecode()  # back, even when the bench stops here
    base = [_start(_BASELINE_CHILD) for _ in range(runs)]
    if until == "workers":
        what, target = "cold start to its workers started (sign-in marker)", "—"
    else:
        what, target = "cold start to sign-in ready", "p99 ≤ 1000 ms"
    return row(f"ui: {what}, {name}", starts, base, target)


def demo_data(workdir: Path) -> Path:
    from kiosk.app import close_services, load_demo, open_services
    from kiosk.config import default_paths

    data = workdir / "ui-coldstart"
    shutil.rmtree(data, ignore_errors=True)
    services = open_services(default_paths(data))
    load_demo(services)  # a shop's database, made once
    close_services(services)  # closed cleanly, as the kiosk does on exit
    return data


def enrolled_data(workdir: Path) -> Path:
    """The demo shop enrolled at a head office that does not answer (a closed local port): its
    start brings up the sync client (httpx, pydantic) and the sync worker's rounds, as a shop's
    does, and its sales wait in the outbox."""
    from kiosk.app import close_services, load_demo, open_services
    from kiosk.config import default_paths
    from kiosk.core.sync.state import Enrolment, save_enrolment

    data = workdir / "ui-coldstart-enrolled"
    shutil.rmtree(data, ignore_errors=True)
    services = open_services(default_paths(data))
    load_demo(services)
    save_enrolment(services.session_factory, Enrolment("http://127.0.0.1:9", "K01", "t" * 43))
    close_services(services)
    return data


def big_data(workdir: Path) -> Path:
    """A shop's data folder whose database holds 1,000,000 past sales (3.4 GB), copied once
    from the catalogue bench's file and reused: starting the kiosk hardly changes it."""
    from bench.bench_catalogue import FULL
    from bench.bench_catalogue import database as catalogue_database
    from kiosk.config import default_paths

    source = catalogue_database(workdir, *FULL)
    data = workdir / "ui-coldstart-1m"
    target = default_paths(data).database
    stamp = data / "source.txt"
    if not stamp.exists() or stamp.read_text() != source.name:
        shutil.rmtree(data, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
        _add_clerk(target)  # the sign-in screen lists the shop's people: it needs one
        stamp.write_text(source.name)
    return data


def _add_clerk(path: Path) -> None:
    from db import make_engine, make_session_factory
    from kiosk.core.people.users import Actor, Users
    from kiosk.core.settings import Settings
    from kiosk.core.synthetic import SYNTHETIC_USER_ID

    engine = make_engine(path)
    sf = make_session_factory(engine)
    owner = Actor(uuid.UUID(SYNTHETIC_USER_ID), "synthetic", "admin")
    Users(sf, Settings(sf)).create("Lan", "clerk", "1111", by=owner)
    engine.dispose()


def run(workdir: Path, quick: bool) -> Iterator[dict]:
    """The rows, each yielded when measured (the runner prints it at once)."""
    workdir = Path(workdir)
    runs = STARTS if not quick else 3
    yield cold_start(demo_data(workdir), runs, "demo database, ocop-kiosk --demo", demo=True)
    enrolled = enrolled_data(workdir)
    shop = "demo shop enrolled, head office out of reach, ocop-kiosk"
    yield cold_start(enrolled, runs, shop)
    yield cold_start(enrolled, runs, shop, until="workers")
    if not quick:
        yield cold_start(
            big_data(workdir), runs, "1,000,000-sale database, ocop-kiosk", bytecode=False
        )
        yield cold_start(big_data(workdir), runs, "1,000,000-sale database, ocop-kiosk")

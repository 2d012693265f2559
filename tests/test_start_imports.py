"""A kiosk starts without what it needs only later: the head-office client (httpx, and pydantic
through the wire schema) loads when the terminal enrols or syncs, python-escpos and qrcode's
renderer when the first receipt prints, openpyxl when a catalogue workbook is imported,
reportlab's font metrics when labels are printed, the customer display's window when a second
screen shows it. Each is from ten milliseconds to a tenth of a
second or more of every start."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LATER = (
    "httpx",
    "pydantic",
    "escpos",
    "openpyxl",
    "reportlab.pdfbase.pdfmetrics",
    "kiosk.ui.customer.view",  # the customer display's window: only with a second screen
)

_CHILD = textwrap.dedent(
    """
    import sys
    from kiosk.app import close_services, load_demo, open_services
    from kiosk.config import default_paths
    from kiosk.ui.application import open_window

    services = open_services(default_paths(sys.argv[1]))
    load_demo(services)
    app, window = open_window(services, demo=True)
    app.processEvents()
    assert window.signin.pin.isVisible()
    print(" ".join(sorted(name for name in sys.argv[2:] if name in sys.modules)) or "-")
    window.close()
    close_services(services)
    """
)


def _loaded_at_start(data: Path) -> set[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "OCOP_KIOSK_WINDOWED": "1"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(data), *LATER],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return set(done.stdout.splitlines()[-1].split()) - {"-"}


def test_a_demo_kiosk_reaches_sign_in_without_the_sync_client_or_the_receipt_renderer(tmp_path):
    assert _loaded_at_start(tmp_path / "shop") == set()

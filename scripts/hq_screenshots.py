"""Screenshots of head office's chain pages in a real browser (docs/screenshots/hq-*.png).

Two kiosks run a day each into a head office started with ``python -m hq serve`` on a temporary
SQLite database; Debian's chromium, driven by Playwright (not a project dependency: install it
into the environment that runs this script), opens the pages signed in as an admin and as a
shop manager, at 1280 px and at a 390 px phone width.

    PYTHONPATH=. python scripts/hq_screenshots.py [--chromium /usr/bin/chromium]
"""

import argparse
import re
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright
from sqlalchemy import select, update

from hq import access, operators, terminals
from hq.models import Refund, Terminal
from tests.hq.conftest import HqServer, Kiosk
from tests.hq.test_applied import _kiosk_day

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
PW = "a long enough password"


def _chain(folder: Path) -> tuple[HqServer, str]:
    server = HqServer(f"sqlite:///{folder / 'hq.sqlite3'}", folder).start()
    kiosks = [Kiosk(folder / f"{c}.sqlite3", server, c) for c in ("DL-01", "HN-01")]
    with server.session_factory.begin() as s:
        hn = terminals.add_shop(s, "HN", "Showroom OCOP Hà Nội", "Hà Nội")
        s.execute(update(Terminal).where(Terminal.code == "HN-01").values(shop_id=hn.id))
        terminals.add_terminal(s, "HN-02", shop_id=hn.id)
        operators.add_operator(s, "lan", PW)
        operators.add_operator(s, "minh", PW, role=access.SHOP_MANAGER, shop_id=hn.id)
    for kiosk in kiosks:
        _kiosk_day(kiosk)
        kiosk.client.push_all()
        kiosk.close()
    with server.session_factory() as s:
        refunded = s.scalars(select(Refund.sale_id).where(Refund.terminal_code == "HN-01")).first()
    return server, str(refunded)


def _shoot(page, url: str, name: str) -> None:
    for width, suffix in ((1280, ""), (390, "-phone")):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        page.screenshot(path=str(OUT / f"hq-{name}{suffix}.png"), full_page=True)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--chromium", default="/usr/bin/chromium")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server, refunded = _chain(Path(tmp))
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
                for who, shots in (
                    ("lan", [("/receipts", "receipts"), (f"/receipts/{refunded}", "receipt"),
                             ("/shifts", "shifts"), ("/terminals", "terminals"),
                             ("/operators", "operators")]),
                    ("minh", [("/receipts", "receipts-shop-manager")]),
                ):  # fmt: skip
                    page = browser.new_page()
                    page.goto(f"{server.url}/login")
                    page.fill("input[name=name]", who)
                    page.fill("input[name=password]", PW)
                    page.click("button[type=submit]")
                    assert not re.search(r"/login", page.url), page.content()[-600:]
                    for path, name in shots:
                        _shoot(page, server.url + path, name)
                    page.close()
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()

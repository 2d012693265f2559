"""Screenshots of head office's chain pages in a real browser (docs/screenshots/hq-*.png).

Two shops' kiosks run a day each into a head office started with ``python -m hq serve`` on a
temporary SQLite database (tests/hq/browser.py ``chain_site``, the same chain as the browser
test); Debian's chromium, driven by Playwright (the ``dev`` extra), opens the pages signed in
as an admin, a shop manager and a producer, at 1280 px and at a 390 px phone width.

    PYTHONPATH=. python scripts/hq_screenshots.py [--chromium /usr/bin/chromium]
"""

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright
from sqlalchemy import select

from hq.models import Refund
from tests.hq.browser import DESKTOP, PHONE, PW, Visitor, chain_site

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
BAD_CSV = (
    "sku,name_vi,vat_rate_pct,group_code,price_vnd,unit\n"
    "NM-01,Nước mắm Phú Quốc,8,food,125000,piece\n"
    "NM-02,,7,food,12x,piece\n"
    ",Trà Shan tuyết,8,drinks,90000,kg\n"
)


def _reports(day: str) -> list[tuple[str, str]]:
    return [
        (f"/reports?report={kind}&start={day}&end={day}", f"reports-{name}")
        for kind, name in (("day", "by-day"), ("terminal", "by-shop"), ("product", "by-product"),
                           ("payment", "by-payment"), ("voids", "voids"), ("stock", "stock"))
    ]  # fmt: skip


def _shots(office, refunded: str) -> dict[str, list[tuple[str, str]]]:
    """Who signs in, and the pages (path, name) they are photographed on."""
    return {
        "lan": [("/", "dashboard"), *_reports(office.day), ("/receipts", "receipts"),
                (f"/receipts/{refunded}", "receipt"), ("/shifts", "shifts"),
                ("/terminals", "terminals"), ("/operators", "operators"),
                ("/catalogue", "catalogue")],
        "minh": [("/", "dashboard-shop-manager"), ("/receipts", "receipts-shop-manager")],
        "htx": [(f"/producer?start={office.day}&end={office.day}", "producer")],
    }  # fmt: skip


def _import_errors(tab: Visitor, folder: Path) -> None:
    """The import page after a file with wrong rows: every row's problems listed."""
    bad = folder / "catalogue.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    tab.open("/catalogue/import")
    tab.page.set_input_files("input[name=file]", str(bad))
    tab.page.click("form[action='/catalogue/import'] button")
    tab.page.wait_for_load_state()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--chromium", default="/usr/bin/chromium")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp, chain_site(Path(tmp)) as office:
        with office.session_factory() as s:
            refunded = str(s.scalars(select(Refund.sale_id)).first())
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
            for viewport, suffix in ((DESKTOP, ""), (PHONE, "-phone")):
                for who, shots in _shots(office, refunded).items():
                    tab = Visitor(browser, office.server.url, viewport)
                    tab.sign_in(who, PW)
                    for path, name in shots:
                        tab.open(path)
                        tab.page.screenshot(path=str(OUT / f"hq-{name}{suffix}.png"),
                                            full_page=True)  # fmt: skip
                    if who == "lan":
                        _import_errors(tab, Path(tmp))
                        tab.page.screenshot(path=str(OUT / f"hq-catalogue-import{suffix}.png"),
                                            full_page=True)  # fmt: skip
                    assert not tab.errors, tab.errors
                    tab.close()
            browser.close()


if __name__ == "__main__":
    main()

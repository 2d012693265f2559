"""A person at head office's pages in a real browser: Debian's chromium driven by Playwright
(pointed at that executable: Playwright's own browser download cannot be fetched everywhere).

:func:`launch` skips the calling tests with the reason when Playwright or chromium is missing or
chromium does not start (on Ubuntu ``chromium`` is a snap wrapper that may not run in CI).
:class:`Visitor` is one signed-in tab that records every console error, uncaught script error and
Content-Security-Policy violation, and checks that a page does not scroll sideways."""

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from hq import access, operators
from hq.models import Product, Sale
from tests.hq.chain_day import two_shop_day
from tests.hq.conftest import InProcessHq
from tests.hq.test_producer_view import PW, _catalogue

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@contextmanager
def chain_site(folder: Path) -> Iterator[InProcessHq]:
    """Head office (``.server`` the real one) on SQLite after a day at kiosks DL-01 (shop MAIN)
    and HN-01 (shop HN), with producers, products and the operators lan (admin), chi (chain
    manager), minh (HN's manager), htx and caudat (producers), all with password ``PW``;
    ``.kiosks`` the two kiosks, ``.day`` their business day as dd/mm/yyyy."""
    with two_shop_day(SimpleNamespace(param="sqlite"), folder, "hq_browser") as (
        office, kiosks, hn_id,
    ):  # fmt: skip
        office.ids = _catalogue(office, kiosks, hn_id)
        office.kiosks = kiosks
        with office.session_factory.begin() as s:
            # codes as a chain writes them (the kiosks' products came with their ids as codes)
            for n, product in enumerate(s.scalars(select(Product).order_by(Product.name_vi))):
                product.sku = "".join(w[0] for w in product.name_vi.split()).upper() + f"-{n:02d}"
            operators.add_operator(s, "chi", PW, role=access.CHAIN_MANAGER)
            office.day = s.scalar(select(func.max(Sale.business_date))).strftime("%d/%m/%Y")
        yield office


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def launch() -> Iterator[object]:
    """A headless chromium for the module, or the tests skipped with the reason."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (pip install -e '.[dev]')")
    executable = chromium_path()
    if executable is None:
        pytest.skip("no chromium on PATH (Debian: apt-get install chromium)")
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        except Error as exc:
            pytest.skip(f"chromium at {executable} does not start: {str(exc)[:300]}")
        try:
            yield browser
        finally:
            browser.close()


class Visitor:
    """One browser tab at head office: ``errors`` collects what its console reported."""

    def __init__(self, browser, base_url: str, viewport: dict[str, int] = DESKTOP):
        self.base_url = base_url
        # a Vietnamese browser's language and clock (Accept-Language, navigator.language)
        self.context = browser.new_context(
            viewport=viewport, accept_downloads=True, locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
        )  # fmt: skip
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("response", self._response)

    def _console(self, message) -> None:
        # A page's own status (a 404 page, a 422 form) is the test's to assert; the console's
        # "Failed to load resource" for it says nothing more. Other failed loads: _response.
        if message.type != "error":
            return
        own = message.location.get("url") == self.page.url
        if not (own and message.text.startswith("Failed to load resource")):
            self.errors.append(f"{message.text} ({message.location.get('url')})")

    def _response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.errors.append(f"{response.status} for {response.url}")

    def sign_in(self, name: str, password: str) -> str:
        """Through the form, as a person does; the path the operator lands on."""
        self.open("/login")
        self.page.fill("input[name=name]", name)
        self.page.fill("input[name=password]", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state()
        path = self.path()
        assert path != "/login", self.page.inner_text("body")
        return path

    def open(self, path: str) -> int:
        response = self.page.goto(self.base_url + path)
        return response.status if response else 0

    def path(self) -> str:
        return self.page.url.removeprefix(self.base_url).split("?")[0]

    def text(self, selector: str = "body") -> str:
        return self.page.inner_text(selector)

    def sideways(self) -> int:
        """By how many px the page scrolls sideways (0: it fits the viewport's width)."""
        return self.page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")

    def table_rows(self, table: int = 0) -> list[list[str]]:
        """The cell texts of the page's ``table``-th table, header row first."""
        return (
            self.page.locator("table")
            .nth(table)
            .evaluate("t => [...t.rows].map(r => [...r.cells].map(c => c.innerText.trim()))")
        )

    def close(self) -> None:
        self.context.close()

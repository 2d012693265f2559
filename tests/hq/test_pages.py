"""Head office's pages as an operator meets them: on a phone, at a wrong address, offline docs,
the catalogue versions of head office and of each terminal."""

import re

import pytest

from db import make_session_factory, upgrade
from hq import headers, web
from kiosk.core.sync.client import SyncClient
from tests.hq.conftest import InProcessHq
from tests.hq.test_catalogue import catalogue_csv, hq_import
from tests.hq.test_security import sign_in


@pytest.fixture
def office(hq_database):
    made = InProcessHq(hq_database)
    made.add_operator("lan")
    yield made
    made.close()


def test_pages_fit_a_phone_with_tables_scrolling_in_their_wrapper(office):
    login = office.client.get("/login")
    sign_in(office)
    dashboard = office.client.get("/")
    for page in (login, dashboard):
        assert "<meta name='viewport' content='width=device-width, initial-scale=1'>" in page.text
        # The style sheet in the page is the one the policy allows: the phone gets the CSS.
        style = re.search(r"<style>(.*?)</style>", page.text, re.S)[1]
        assert headers.sha256_source(style) in page.headers["Content-Security-Policy"]
        assert " style=" not in page.text  # an inline style attribute would be refused by it
    assert ".scroll{overflow-x:auto" in web.STYLE and "white-space:nowrap" in web.STYLE
    tables = dashboard.text.count("<table>")
    assert tables == 4 and dashboard.text.count("<div class='scroll'><table>") == tables


BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_unknown_address_in_a_browser_answers_a_page_in_vietnamese_and_english(office):
    missing = office.client.get("/no-such-page", headers=BROWSER)
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert "Không tìm thấy trang" in missing.text and "Page not found" in missing.text
    assert "<a href='/'>" in missing.text and '"detail"' not in missing.text
    wrong_method = office.client.delete("/login", headers=BROWSER)
    assert wrong_method.status_code == 405 and "Method not allowed" in wrong_method.text
    assert "GET" in wrong_method.headers["allow"]


def test_api_clients_keep_json_errors(office):
    under_api = office.client.get("/api/v1/no-such-call", headers=BROWSER)
    assert under_api.status_code == 404 and under_api.json() == {"detail": "Not Found"}
    asking_json = office.client.get("/no-such-page", headers={"Accept": "application/json"})
    assert asking_json.status_code == 404 and asking_json.json() == {"detail": "Not Found"}
    method = office.client.get("/api/v1/push", headers=BROWSER)
    assert method.status_code == 405 and method.json() == {"detail": "Method Not Allowed"}


def test_api_docs_load_everything_from_head_office_itself(office):
    sign_in(office)
    docs = office.client.get("/docs")
    assert docs.status_code == 200
    links = re.findall(r"""(?:src|href|url)\s*[=:]\s*['"]([^'"]+)['"]""", docs.text)
    assert "/docs-static/swagger-ui-bundle.js" in links and "/openapi.json" in links
    assert all(link.startswith("/") and not link.startswith("//") for link in links), links
    assert "http://" not in docs.text and "https://" not in docs.text
    policy = docs.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "https:" not in policy and "http:" not in policy
    script = office.client.get("/docs-static/swagger-ui-bundle.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "SwaggerUIBundle" in script.text
    css = office.client.get("/docs-static/swagger-ui.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


def terminal_cells(office) -> dict[str, list[str]]:
    """The terminals table of the dashboard: each terminal's cells by its code."""
    page = office.client.get("/").text
    table = re.search(r"<h1>Máy bán hàng / Terminals</h1>.*?</table>", page, re.S)[0]
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in table.split("<tr>")[2:]]
    return {row[0]: row for row in rows}


def test_terminals_page_shows_head_offices_catalogue_version_and_each_terminals_current_one(
    office, tmp_path
):
    token = office.terminal_token("K01")
    engine = upgrade(tmp_path / "kiosk.sqlite3")
    client = SyncClient(
        make_session_factory(engine=engine), "http://testserver", token, "K01", http=office.client
    )
    first = hq_import(office, catalogue_csv()).version
    sign_in(office)
    assert f"Head office's catalogue version: {first}</p>" in office.client.get("/").text
    assert terminal_cells(office)["K01"][6] == f"0 (thiếu {first} / {first} behind)"
    client.pull_once()
    assert terminal_cells(office)["K01"][6] == str(first)  # at once, not after the next sync
    second = hq_import(office, catalogue_csv(fish_price=135_000)).version
    page = office.client.get("/").text
    assert f"Head office's catalogue version: {second}</p>" in page
    assert terminal_cells(office)["K01"][6] == f"{first} (thiếu 1 / 1 behind)"
    client.pull_once()
    assert terminal_cells(office)["K01"][6] == str(second)
    engine.dispose()

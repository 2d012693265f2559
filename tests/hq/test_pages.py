"""Head office's pages as an operator meets them: on a phone, at a wrong address, offline docs,
the catalogue versions of head office and of each terminal."""

import re

import pytest

from hq import headers, web
from tests.hq.conftest import InProcessHq
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
    assert tables == 3 and dashboard.text.count("<div class='scroll'><table>") == tables

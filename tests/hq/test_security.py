"""Head office in front of the open internet: guessing, cross-site forms, sessions, headers."""

import re

import pytest
from sqlalchemy import update

from hq.models import Operator
from hq.throttle import Throttle
from tests.hq.conftest import InProcessHq
from tests.hq.test_server import cli

PW = InProcessHq.PASSWORD
IMPORT = "/api/v1/catalogue/import"
FORM = {"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://testserver"}


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def office(hq_database, clock):
    made = InProcessHq(hq_database, throttle=Throttle(clock=clock))
    made.add_operator("lan")
    yield made
    made.close()


def sign_in(office, name="lan", password=PW, **headers):
    page = office.client.get("/login")
    csrf = re.search(r"name='csrf' value='([^']+)'", page.text)[1]
    return office.client.post("/login", data={"name": name, "password": password, "csrf": csrf},
                              headers={**FORM, **headers}, follow_redirects=False)  # fmt: skip


def test_basic_auth_locks_the_account_after_five_wrong_passwords(office, clock):
    for _ in range(5):
        assert office.client.post(IMPORT, content=b"", auth=("lan", "guess")).status_code == 401
    locked = office.client.post(IMPORT, content=b"", auth=("lan", PW))  # even the right one
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    clock.now += 15 * 60 + 1
    assert office.client.post(IMPORT, content=b"", auth=("lan", PW)).status_code == 422


def test_wrong_passwords_count_across_processes_sharing_the_database(hq_database, clock):
    first = InProcessHq(hq_database, throttle=Throttle(clock=clock))  # serve --workers 2
    second = InProcessHq(hq_database, throttle=Throttle(clock=clock))
    try:
        first.add_operator("lan")
        for office in (first, second, first, second, first):
            assert office.client.post(IMPORT, content=b"", auth=("lan", "guess")).status_code == 401
        locked = second.client.post(IMPORT, content=b"", auth=("lan", PW))
        assert locked.status_code == 429
        clock.now += 15 * 60 + 1
        assert second.client.post(IMPORT, content=b"", auth=("lan", PW)).status_code == 422
    finally:
        first.close()
        second.close()


def test_one_address_trying_many_names_is_locked_out(office, clock):
    for i in range(20):
        office.client.post(IMPORT, content=b"", auth=(f"name{i}", "guess"))
    assert office.client.post(IMPORT, content=b"", auth=("lan", PW)).status_code == 429


def test_sign_in_page_locks_out_and_says_when_to_come_back(office, clock):
    for _ in range(5):
        assert sign_in(office, password="guess").headers["location"] == "/login?failed=1"
    page = sign_in(office)
    assert page.status_code == 429 and "15 min" in page.text
    assert "ocop_hq_session" not in office.client.cookies
    clock.now += 15 * 60 + 1
    assert sign_in(office).headers["location"] == "/"


def test_sign_in_needs_the_forms_csrf_token_and_our_origin(office):
    office.client.get(
        "/login"
    )  # the CSRF cookie is set, but a page of another site lacks the field
    forged = office.client.post("/login", data={"name": "lan", "password": PW}, headers=FORM)
    assert forged.status_code == 403 and "ocop_hq_session" not in office.client.cookies
    other = sign_in(office, Origin="https://evil.example")
    assert other.status_code == 403 and "ocop_hq_session" not in office.client.cookies
    assert sign_in(office).status_code == 303


def test_sign_out_needs_the_sessions_csrf_token(office):
    sign_in(office)
    forged = office.client.post("/logout", headers=FORM, follow_redirects=False)
    assert forged.status_code == 403
    assert office.client.get("/", follow_redirects=False).status_code == 200  # still signed in
    csrf = re.search(r"name='csrf' value='([^']+)'", office.client.get("/").text)[1]
    office.client.post("/logout", data={"csrf": csrf}, headers=FORM)
    assert office.client.get("/", follow_redirects=False).status_code == 303


def test_cookie_authenticated_api_call_from_another_origin_is_refused(office):
    sign_in(office)
    cross = office.client.post(IMPORT, content=b"x", headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403
    assert office.client.post(IMPORT, content=b"x").status_code == 403  # no Origin at all
    own = office.client.post(IMPORT, content=b"x", headers={"Origin": "http://testserver"})
    assert own.status_code == 422  # let in, and judged on the file


def test_operator_made_inactive_loses_its_session_at_once(office):
    sign_in(office)
    assert office.client.get("/", follow_redirects=False).status_code == 200
    with office.session_factory.begin() as s:
        s.execute(update(Operator).values(active=False))
    assert office.client.get("/", follow_redirects=False).status_code == 303


def test_cli_disables_enables_lists_and_removes_operators(office, hq_database):
    sign_in(office)
    assert cli(hq_database, "operator", "disable", "lan").returncode == 0
    assert office.client.get("/", follow_redirects=False).status_code == 303
    assert sign_in(office).headers["location"] == "/login?failed=1"
    assert "lan\tdisabled" in cli(hq_database, "operator", "list").stdout
    assert cli(hq_database, "operator", "enable", "lan").returncode == 0
    assert sign_in(office).headers["location"] == "/"
    assert cli(hq_database, "operator", "remove", "lan").returncode == 0
    assert office.client.get("/", follow_redirects=False).status_code == 303
    assert "lan" not in cli(hq_database, "operator", "list").stdout
    missing = cli(hq_database, "operator", "remove", "lan")
    assert missing.returncode == 1 and "UnknownOperator" in missing.stderr


def test_pages_carry_a_content_security_policy_and_hsts_over_https(office):
    page = office.client.get("/login")
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src" not in policy and "'unsafe-inline'" not in policy
    assert "Strict-Transport-Security" not in page.headers  # plain HTTP: not sent
    secure = office.client.get("https://testserver/login")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_api_description_is_behind_the_sign_in_or_off(office, tmp_path):
    assert office.client.get("/openapi.json").status_code == 401
    assert office.client.get("/docs").status_code == 401
    sign_in(office)
    assert "/api/v1/push" in office.client.get("/openapi.json").json()["paths"]
    docs = office.client.get("/docs")
    assert (
        docs.status_code == 200 and "script-src 'self'" in docs.headers["Content-Security-Policy"]
    )
    off = InProcessHq(f"sqlite:///{tmp_path / 'off.sqlite3'}", docs=False)
    try:
        off.add_operator("lan")
        assert off.client.get("/openapi.json", auth=("lan", PW)).status_code == 404
    finally:
        off.close()

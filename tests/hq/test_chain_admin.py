"""Shops, terminals and operators managed from head office's pages: forms with the session's
CSRF token, errors in plain words, admin-only where it should be; and the migration that brings
an existing head office to shops and roles."""

import re

import pytest
from alembic import command
from sqlalchemy import create_engine, select, text

from hq import access, operators, store
from hq.models import Operator, Shop, Terminal
from tests.hq.conftest import InProcessHq
from tests.hq.test_security import FORM, sign_in

PW = InProcessHq.PASSWORD


@pytest.fixture
def office(hq_database):
    made = InProcessHq(hq_database)
    made.add_operator("lan")  # an admin, as `ocop-hq operator add` makes them
    yield made
    made.close()


def post(office, path, data, page="/shops"):
    """Submit a form at ``path`` as the page ``page`` offers it (with its CSRF token)."""
    csrf = re.search(r"name='csrf' value='([^']+)'", office.client.get(page).text)[1]
    return office.client.post(
        path, data={**data, "csrf": csrf}, headers=FORM, follow_redirects=False
    )


def test_an_admin_adds_and_renames_shops_and_is_told_plainly_what_is_wrong(office):
    sign_in(office)
    added = post(office, "/shops", {"code": "HN", "name": "Showroom Hà Nội", "province": "Hà Nội"})
    assert added.status_code == 303
    page = office.client.get(added.headers["location"])
    assert "Đã thêm cửa hàng / Shop added" in page.text and "Showroom Hà Nội" in page.text
    again = post(office, "/shops", {"code": "HN", "name": "Another"})
    assert again.status_code == 422 and "A shop with code HN exists already" in again.text
    assert "value='Another'" in again.text  # what was typed is kept
    bad = post(office, "/shops", {"code": "Hà Nội 1", "name": "X"})
    assert bad.status_code == 422 and "letters without accents" in bad.text
    with office.session_factory() as s:
        hn = s.scalars(select(Shop).where(Shop.code == "HN")).one()
    renamed = post(office, f"/shops/{hn.id}/rename", {"name": "OCOP Hà Nội", "province": "HN"})
    assert renamed.status_code == 303
    assert "OCOP Hà Nội" in office.client.get("/shops").text
    empty = post(office, f"/shops/{hn.id}/rename", {"name": "  ", "province": ""})
    assert empty.status_code == 422 and "The name must have 1 to 200" in empty.text


def test_forms_without_the_sessions_token_or_from_another_site_are_refused(office):
    sign_in(office)
    forged = office.client.post("/shops", data={"code": "X", "name": "X", "csrf": "guess"},
                                headers=FORM)  # fmt: skip
    assert forged.status_code == 403
    csrf = re.search(r"name='csrf' value='([^']+)'", office.client.get("/shops").text)[1]
    elsewhere = office.client.post(
        "/shops", data={"code": "X", "name": "X", "csrf": csrf},
        headers={**FORM, "Origin": "https://evil.example"},
    )  # fmt: skip
    assert elsewhere.status_code == 403
    with office.session_factory() as s:
        assert s.scalars(select(Shop.code)).all() == ["MAIN"]


def test_an_enrolment_code_issued_on_the_page_enrols_the_terminal_in_its_shop_and_revokes(office):
    sign_in(office)
    post(office, "/shops", {"code": "HN", "name": "Hà Nội"})
    with office.session_factory() as s:
        hn = s.scalars(select(Shop).where(Shop.code == "HN")).one()
    issued = post(office, "/terminals", {"code": "HN-02", "shop": str(hn.id)}, page="/terminals")
    assert issued.status_code == 200
    code = re.search(r"<strong>([A-Z2-7-]{29})</strong>", issued.text)[1]
    enrolled = office.client.post("/api/v1/enrol", json={"code": code})
    assert enrolled.status_code == 200 and enrolled.json()["terminal_code"] == "HN-02"
    token = enrolled.json()["token"]
    listing = office.client.get("/terminals")
    assert re.search(r"<td>HN-02</td><td>HN · Hà Nội</td><td>hoạt động / active</td>", listing.text)
    twice = post(office, "/terminals", {"code": "HN-02", "shop": str(hn.id)}, page="/terminals")
    assert twice.status_code == 422 and "revoke it first" in twice.text
    bad = post(office, "/terminals", {"code": "no spaces", "shop": str(hn.id)}, page="/terminals")
    assert bad.status_code == 422 and "The code must be 1 to 16" in bad.text
    revoked = post(office, "/terminals/HN-02/revoke", {}, page="/terminals")
    assert revoked.status_code == 303
    pull = office.client.get("/api/v1/catalogue", headers={"Authorization": f"Bearer {token}"})
    assert pull.status_code == 401
    assert "thu hồi / revoked" in office.client.get("/terminals").text


def test_an_admin_adds_operators_with_a_role_and_scope_and_disables_them(office):
    sign_in(office)
    post(office, "/shops", {"code": "HN", "name": "Hà Nội"})
    with office.session_factory() as s:
        hn = s.scalars(select(Shop).where(Shop.code == "HN")).one()
    page = "/operators"
    no_shop = post(office, page, {"name": "minh", "password": PW, "role": "shop_manager"}, page)
    assert no_shop.status_code == 422 and "A shop manager needs a shop" in no_shop.text
    short = post(office, page, {"name": "minh", "password": "short", "role": "read_only"}, page)
    assert short.status_code == 422 and "at least 10 characters" in short.text
    added = post(office, page, {"name": "minh", "password": PW, "role": "shop_manager",
                                "shop": str(hn.id)}, page)  # fmt: skip
    assert added.status_code == 303
    listing = office.client.get(page).text
    assert re.search(
        r"<td>minh</td><td>Quản lý cửa hàng / Shop manager</td><td>HN · Hà Nội", listing
    )
    with office.session_factory() as s:
        minh = s.scalars(select(Operator).where(Operator.name == "minh")).one()
    assert (minh.role, minh.shop_id) == (access.SHOP_MANAGER, hn.id)
    # minh signs in elsewhere; the admin disables him and his session ends at once.
    other = InProcessHq.__new__(InProcessHq)
    from fastapi.testclient import TestClient

    other.client = TestClient(office.app)
    sign_in(other, "minh", PW)
    assert other.client.get("/receipts").status_code == 200
    assert other.client.get("/operators").status_code == 403  # not an admin
    assert post(office, f"/operators/{minh.id}/disable", {}, page).status_code == 303
    assert other.client.get("/receipts", follow_redirects=False).headers["location"] == "/login"
    myself = post(office, f"/operators/{_id(office, 'lan')}/disable", {}, page)
    assert myself.status_code == 422 and "You cannot disable yourself" in myself.text


def _id(office, name):
    with office.session_factory() as s:
        return s.scalar(select(Operator.id).where(Operator.name == name))


def test_a_chain_manager_issues_terminals_but_does_not_manage_shops_or_operators(office):
    with office.session_factory.begin() as s:
        operators.add_operator(s, "chi", PW, role=access.CHAIN_MANAGER)
    sign_in(office, "chi", PW)
    issued = post(office, "/terminals", {"code": "DN-01", "shop": "1"}, page="/terminals")
    assert issued.status_code == 200 and "DN-01" in issued.text
    assert post(office, "/shops", {"code": "X", "name": "X"}, page="/terminals").status_code == 403
    assert office.client.get("/operators").status_code == 403
    assert "Thêm cửa hàng" not in office.client.get("/shops").text


def test_migration_puts_existing_terminals_in_a_default_shop_and_makes_operators_admins(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        cfg = store.alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
        conn.execute(text("INSERT INTO terminals (code, created_at, backlog, catalogue_version) "
                          "VALUES ('OLD-1', '2026-01-01 00:00:00', 0, 0)"))  # fmt: skip
        conn.execute(text("INSERT INTO operators (name, password_hash, active, created_at) "
                          "VALUES ('ha', 'x', 1, '2026-01-01 00:00:00')"))  # fmt: skip
    engine.dispose()
    engine, factory = store.open_database(url)
    with factory() as s:
        shop = s.scalars(select(Shop)).one()
        assert (shop.code, shop.name) == ("MAIN", "Cửa hàng chính")
        assert s.scalars(select(Terminal.shop_id)).one() == shop.id
        assert s.scalars(select(Operator.role)).one() == access.ADMIN
    engine.dispose()


def test_pages_let_a_browser_send_our_origin_with_their_forms(office):
    # With Referrer-Policy: no-referrer, Chromium posts forms with "Origin: null", which the
    # forms' same-origin check refuses: signing in failed in a real browser.
    page = office.client.get("/login")
    assert page.headers["referrer-policy"] == "same-origin"


def test_chain_reports_are_refused_to_a_producer_and_a_shop_manager(office):
    """The reports are chain-wide: only operators who see every shop may read them."""
    with office.session_factory.begin() as s:
        operators.add_operator(s, "chi", PW, role=access.CHAIN_MANAGER)
        operators.add_operator(s, "minh", PW, role=access.SHOP_MANAGER, shop_id=1)
    sign_in(office, "chi", PW)
    assert office.client.get("/reports?start=01/12/2026&end=06/12/2026").status_code == 200
    sign_in(office, "minh", PW)
    for path in ("/reports", "/reports.csv?start=01/12/2026&end=06/12/2026"):
        assert office.client.get(path).status_code == 403


def test_a_shop_manager_sees_only_their_shops_terminals_on_the_dashboard_and_no_transfers(office):
    sign_in(office)
    post(office, "/shops", {"code": "HN", "name": "Hà Nội"})
    with office.session_factory() as s:
        hn = s.scalars(select(Shop).where(Shop.code == "HN")).one()
        main = s.scalars(select(Shop).where(Shop.code != "HN")).first()
    for code, shop in (("HN-01", hn.id), ("DN-01", main.id)):
        issued = post(office, "/terminals", {"code": code, "shop": str(shop)}, page="/terminals")
        assert issued.status_code == 200 and code in issued.text
    assert {"HN-01", "DN-01"} <= set(
        re.findall(r"<td>([A-Z]{2}-01)</td>", office.client.get("/").text)
    )
    with office.session_factory.begin() as s:
        operators.add_operator(s, "minh", PW, role=access.SHOP_MANAGER, shop_id=hn.id)
    sign_in(office, "minh", PW)
    dashboard = office.client.get("/").text
    assert "<td>HN-01</td>" in dashboard and "DN-01" not in dashboard
    assert office.client.get("/transfers").status_code == 403

"""Kiosk users managed at head office per shop (issue 13): a user added on the page signs in at
every till of that shop after a sync and at no other shop's; a PIN reset and a deactivation reach
the tills too; a user made at one till reaches the shop's other tills. SQLite and PostgreSQL."""

import re

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import select

from db import make_session_factory, upgrade
from hq import access, kiosk_users, operators, terminals
from hq.models import KioskUser
from kiosk.core.errors import UnknownUser, WrongPin
from kiosk.core.people.users import Users
from kiosk.core.sync.client import SyncClient, enrol
from tests.hq.conftest import InProcessHq
from tests.hq.test_security import FORM, sign_in

PW = InProcessHq.PASSWORD
SETTINGS = {"pin_max_attempts": 5, "pin_lock_minutes": 5}
BASE = "http://testserver"


class Till:
    """A kiosk database enrolled at the in-process head office, in shop ``shop_id``."""

    def __init__(self, office, tmp_path, code: str, shop_id: int):
        self.engine = upgrade(tmp_path / f"{code}.sqlite3")
        self.sf = make_session_factory(engine=self.engine)
        with office.session_factory.begin() as s:
            enrol_code = terminals.add_terminal(s, code, shop_id=shop_id)
        self.http = TestClient(office.app)
        enrolment = enrol(BASE, enrol_code, http=self.http)
        self.client = SyncClient(self.sf, BASE, enrolment.token, code, http=self.http)
        self.users = Users(self.sf, SETTINGS)

    def sync(self) -> None:
        self.client.sync_once()

    def close(self) -> None:
        self.http.close()
        self.engine.dispose()


@pytest.fixture
def chain(hq_database, tmp_path):
    office = InProcessHq(hq_database)
    office.add_operator("lan")  # an admin
    with office.session_factory.begin() as s:
        a = terminals.add_shop(s, "A", "Showroom A")
        b = terminals.add_shop(s, "B", "Showroom B")
        operators.add_operator(s, "minh", PW, role=access.SHOP_MANAGER, shop_id=b.id)
        shops = {"A": a.id, "B": b.id}
    tills = {code: Till(office, tmp_path, code, shops[code[0]]) for code in ("A1", "A2", "B1")}
    yield office, shops, tills
    for till in tills.values():
        till.close()
    office.close()


def post(office, path, data, page):
    csrf = re.search(r"name='csrf' value='([^']+)'", office.client.get(page).text)[1]
    return office.client.post(
        path, data={**data, "csrf": csrf}, headers=FORM, follow_redirects=False
    )


def user_id(office, name):
    with office.session_factory() as s:
        return s.scalars(select(KioskUser.id).where(KioskUser.name == name)).one()


def test_a_user_added_at_head_office_signs_in_at_the_shops_tills_only(chain):
    office, shops, tills = chain
    sign_in(office)
    page = f"/kiosk-users?shop={shops['A']}"
    added = post(office, "/kiosk-users",
                 {"shop": shops["A"], "name": "Mai", "role": "clerk", "pin": "2468"}, page)  # fmt: skip
    assert added.status_code == 303
    shown = office.client.get(added.headers["location"]).text
    assert "Đã thêm nhân viên / User added" in shown and "Mai" in shown and "2468" not in shown
    with office.session_factory() as s:
        stored = s.scalars(select(KioskUser)).one()
        assert stored.pin_hash.startswith("$argon2id$") and "2468" not in stored.pin_hash
    for till in tills.values():
        till.sync()
    for code in ("A1", "A2"):
        assert tills[code].users.sign_in("Mai", "2468").role == "clerk"
    with pytest.raises(UnknownUser):
        tills["B1"].users.sign_in("Mai", "2468")

    mai = user_id(office, "Mai")
    assert post(office, f"/kiosk-users/{mai}/pin", {"pin": "1357"}, page).status_code == 303
    tills["A2"].sync()
    with pytest.raises(WrongPin):
        tills["A2"].users.sign_in("Mai", "2468")
    assert tills["A2"].users.sign_in("Mai", "1357").name == "Mai"

    assert post(office, f"/kiosk-users/{mai}/deactivate", {}, page).status_code == 303
    for till in tills.values():
        till.sync()
    for code in ("A1", "A2"):
        with pytest.raises(UnknownUser):
            tills[code].users.sign_in("Mai", "1357")
    assert "Đã ngừng / Deactivated" in office.client.get(page).text


def test_a_user_made_at_one_till_reaches_the_shops_other_tills(chain):
    office, shops, tills = chain
    boss = tills["A1"].users.create("Hùng", "admin", "9876", by=None)  # the till's first user
    tills["A1"].users.create("Thu", "clerk", "1111", by=boss)
    tills["A1"].sync()  # pushed up, then pulled: nothing changes at A1
    with office.session_factory() as s:
        made = {u.name: u for u in kiosk_users.of_shop(s, shops["A"])}
    assert set(made) == {"Hùng", "Thu"} and made["Thu"].id == tills["A1"].users.list()[1].id
    assert made["Thu"].pin_hash is not None and made["Thu"].shop_id == shops["A"]
    tills["A2"].sync()
    tills["B1"].sync()
    assert tills["A2"].users.sign_in("Thu", "1111").role == "clerk"
    assert tills["A1"].users.sign_in("Thu", "1111").role == "clerk"
    with pytest.raises(UnknownUser):
        tills["B1"].users.sign_in("Thu", "1111")
    # A PIN changed at the till goes up and to the other till.
    thu = tills["A1"].users.sign_in("Thu", "1111")
    tills["A1"].users.change_pin(thu.id, "2222", by=thu)
    tills["A1"].sync()
    tills["A2"].sync()
    assert tills["A2"].users.sign_in("Thu", "2222").name == "Thu"


def test_a_shop_manager_manages_only_their_shops_users_and_others_none(chain):
    office, shops, _tills = chain
    with office.session_factory.begin() as s:
        other = kiosk_users.add(s, shops["A"], "Lan A", "clerk", "4321")
        other_id = other.id
    sign_in(office, "minh")
    own = office.client.get("/kiosk-users").text
    assert "Showroom B" in own and "Lan A" not in own
    assert "value='admin'" not in own  # a shop manager gives clerk or manager only
    assert office.client.get(f"/kiosk-users?shop={shops['A']}").status_code == 200  # still B
    refused = post(office, f"/kiosk-users/{other_id}/deactivate", {}, "/kiosk-users")
    assert refused.status_code == 404
    bad = post(office, "/kiosk-users", {"name": "X", "role": "clerk", "pin": "12"}, "/kiosk-users")
    assert bad.status_code == 422 and "4 to 8 digits" in bad.text
    added = post(office, "/kiosk-users", {"shop": shops["A"], "name": "Vy", "role": "manager",
                                          "pin": "5678"}, "/kiosk-users")  # fmt: skip
    assert added.status_code == 303
    with office.session_factory() as s:
        assert (
            s.scalars(select(KioskUser.shop_id).where(KioskUser.name == "Vy")).one() == shops["B"]
        )
        assert s.get(KioskUser, other_id).active
    with office.session_factory.begin() as s:
        operators.add_operator(s, "xem", PW, role=access.READ_ONLY)
    office.client.cookies.clear()
    sign_in(office, "xem")
    assert office.client.get("/kiosk-users").status_code == 403


def test_head_office_hashes_pins_with_the_kiosks_argon2_parameters():
    kiosk = PasswordHasher()  # as kiosk.core.people.users.Users makes it
    hq = kiosk_users.PIN_HASHER
    for param in ("time_cost", "memory_cost", "parallelism", "hash_len", "salt_len", "type"):
        assert getattr(hq, param) == getattr(kiosk, param), param
    made = hq.hash("2468")
    assert kiosk.verify(made, "2468") and not kiosk.check_needs_rehash(made)

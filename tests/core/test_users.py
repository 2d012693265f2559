import datetime as dt

import pytest
from sqlalchemy import select

from db.models import AuditEvent, User
from kiosk.core.errors import (
    PermissionDenied,
    UnknownUser,
    UserLocked,
    WrongPin,
)
from kiosk.core.people.permissions import Permission
from kiosk.core.people.users import DuplicateUser, InvalidPin, Users
from tests.factories import FAST_HASHER


def audit_kinds(session_factory):
    with session_factory() as s:
        return [e.kind for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_pin_is_stored_hashed_and_sign_in_is_audited(users, clerk, session_factory):
    with session_factory() as s:
        stored = s.scalars(select(User.pin_hash).where(User.name == "Lan")).one()
    assert "1111" not in stored and stored.startswith("$argon2")
    assert users.sign_in("Lan", "1111") == clerk
    assert audit_kinds(session_factory)[-1] == "sign_in"


def test_wrong_pin_counts_down_then_locks(users, clerk, session_factory):
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongPin) as err:
            users.sign_in("Lan", "0000")
        assert err.value.data["attempts_left"] == left
    with pytest.raises(UserLocked):
        users.sign_in("Lan", "0000")
    # Even the right PIN is refused while locked.
    with pytest.raises(UserLocked):
        users.sign_in("Lan", "1111")
    assert "user_locked" in audit_kinds(session_factory)


def test_lock_ends_after_its_time(session_factory, settings, admin):
    now = [dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)]
    users = Users(session_factory, settings, hasher=FAST_HASHER, clock=lambda: now[0])
    users.create("Lan", "clerk", "1111", by=admin)
    for _ in range(5):
        with pytest.raises((WrongPin, UserLocked)):
            users.sign_in("Lan", "0000")
    now[0] += dt.timedelta(minutes=4)
    with pytest.raises(UserLocked):
        users.sign_in("Lan", "1111")
    now[0] += dt.timedelta(minutes=2)
    assert users.sign_in("Lan", "1111").name == "Lan"


def test_a_right_pin_resets_the_count(users, clerk):
    for _ in range(3):
        with pytest.raises(WrongPin):
            users.sign_in("Lan", "0000")
    users.sign_in("Lan", "1111")
    with pytest.raises(WrongPin) as err:
        users.sign_in("Lan", "0000")
    assert err.value.data["attempts_left"] == 4


def test_manager_pin_authorises_a_clerk(users, clerk, manager, session_factory):
    proof = users.authorise(Permission.DISCOUNT_OVER_LIMIT, "2222", for_actor=clerk)
    assert proof.manager == manager
    with session_factory() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.kind == "authorisation")).one()
    assert (event.user_id, event.authorised_by) == (clerk.id, manager.id)


def test_clerk_pin_cannot_authorise(users, clerk, manager):
    with pytest.raises(WrongPin):
        users.authorise(Permission.VOID_SALE, "1111", for_actor=clerk)
    with pytest.raises(PermissionDenied):
        users.authorise(Permission.VOID_SALE, "1111", for_actor=clerk, manager="Lan")


def test_only_an_admin_adds_users(users, admin, clerk):
    with pytest.raises(PermissionDenied):
        users.create("Tú", "clerk", "3333", by=clerk)
    with pytest.raises(PermissionDenied):
        users.create("Tú", "clerk", "3333", by=None)
    with pytest.raises(DuplicateUser):
        users.create("Lan", "clerk", "3333", by=admin)
    assert [u.name for u in users.list()] == ["Hà (admin)", "Lan"]


@pytest.mark.parametrize("pin", ["", "12", "123456789", "12a4", "１２３４"])
def test_bad_new_pins_are_refused(users, admin, pin):
    with pytest.raises(InvalidPin):
        users.create("Tú", "clerk", pin, by=admin)


def test_unknown_user_cannot_sign_in(users, admin):
    with pytest.raises(UnknownUser):
        users.sign_in("Nobody", "1111")


@pytest.mark.parametrize("name", ["", "   ", "x" * 81, "Lan\x07"])
def test_bad_user_names_are_refused(users, admin, name):
    from kiosk.core.people.users import InvalidUserName

    with pytest.raises(InvalidUserName):
        users.create(name, "clerk", "1234", by=admin)

"""A manager or admin unlocks a clerk locked out by wrong PINs, with their own PIN, audited."""

import pytest
from sqlalchemy import select

from db.models import AuditEvent
from kiosk.core.errors import PermissionDenied, UserLocked, WrongPin


def lock_out(users, name="Lan"):
    for _ in range(4):
        with pytest.raises(WrongPin):
            users.sign_in(name, "0000")
    with pytest.raises(UserLocked):
        users.sign_in(name, "0000")
    with pytest.raises(UserLocked):  # even the right PIN, until the lock ends
        users.sign_in(name, "1111")


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_locked_out_clerk_signs_in_at_once_when_a_manager_or_admin_unlocks(
    users, clerk, manager, admin, session_factory, who
):
    boss = {"manager": manager, "admin": admin}[who]
    pin = {"manager": "2222", "admin": "9999"}[who]
    lock_out(users)
    assert users.unlock("Lan", manager=boss.name, pin=pin).id == clerk.id
    assert users.sign_in("Lan", "1111").id == clerk.id
    with session_factory() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.kind == "user_unlocked")).one()
        assert (event.user_id, event.subject_id) == (boss.id, str(clerk.id))


def test_unlock_with_a_wrong_manager_pin_keeps_the_lock_and_counts(users, clerk, manager):
    lock_out(users)
    with pytest.raises(WrongPin) as caught:
        users.unlock("Lan", manager="Minh", pin="0000")
    assert caught.value.data["attempts_left"] == 4  # the manager's own count
    with pytest.raises(UserLocked):
        users.sign_in("Lan", "1111")


def test_a_clerk_cannot_unlock_another(users, clerk, admin):
    other = users.create("Mai", "clerk", "3333", by=admin)
    lock_out(users)
    with pytest.raises(PermissionDenied):
        users.unlock("Lan", manager=other.name, pin="3333")
    with pytest.raises(UserLocked):
        users.sign_in("Lan", "1111")

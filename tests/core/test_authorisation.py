"""A manager's PIN cannot be guessed (per terminal and per manager, locked and audited), and an
authorisation is a proof the core issued: short-lived, single use, bound to the action."""

import datetime as dt

import pytest
from sqlalchemy import select

from db.models import AuditEvent
from kiosk.core.backoffice import BackOffice, Visit
from kiosk.core.cash.refunds import RefundItem, Refunds
from kiosk.core.errors import AuthorisationLocked, AuthorisationRequired, UserLocked, WrongPin
from kiosk.core.people.permissions import Permission
from kiosk.core.people.proofs import Authorisation
from kiosk.core.people.users import Users
from kiosk.core.sale.cart import Cart
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.payments import Cash
from tests.factories import FAST_HASHER, make_product

T0 = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def users(session_factory, settings, clock):
    return Users(session_factory, settings, hasher=FAST_HASHER, clock=clock)


def kinds(session_factory, *wanted):
    with session_factory() as s:
        rows = s.scalars(select(AuditEvent.kind).where(AuditEvent.kind.in_(wanted))).all()
    return sorted(rows)


def test_unnamed_pin_guessing_locks_the_terminal_when_five_pins_are_wrong(
    users, clerk, manager, session_factory, clock
):
    guesses = ["0000", "1234", "1111", "4321"]
    for left, pin in zip([4, 3, 2, 1], guesses, strict=True):
        with pytest.raises(WrongPin) as err:
            users.authorise(Permission.DISCOUNT_OVER_LIMIT, pin, for_actor=clerk)
        assert err.value.data["attempts_left"] == left
    with pytest.raises(AuthorisationLocked):
        users.authorise(Permission.DISCOUNT_OVER_LIMIT, "5555", for_actor=clerk)
    # Locked: even the right PIN is refused, so the guessing stops here.
    with pytest.raises(AuthorisationLocked):
        users.authorise(Permission.DISCOUNT_OVER_LIMIT, "2222", for_actor=clerk)
    assert kinds(session_factory, "authorisation_failed", "authorisation_locked") == [
        *["authorisation_failed"] * 4,
        "authorisation_locked",
    ]
    clock.now = T0 + dt.timedelta(minutes=6)
    proof = users.authorise(Permission.DISCOUNT_OVER_LIMIT, "2222", for_actor=clerk)
    assert proof.manager == manager


def test_wrong_pins_naming_a_manager_lock_that_manager_out_of_sign_in(users, clerk, manager):
    for _ in range(4):
        with pytest.raises(WrongPin):
            users.authorise(Permission.REFUND, "0000", for_actor=clerk, manager="Minh")
    with pytest.raises(UserLocked):
        users.authorise(Permission.REFUND, "0000", for_actor=clerk, manager="Minh")
    with pytest.raises(UserLocked):
        users.sign_in("Minh", "2222")


def test_a_right_pin_resets_the_terminal_count(users, clerk, manager):
    for _ in range(4):
        with pytest.raises(WrongPin):
            users.authorise(Permission.REFUND, "0000", for_actor=clerk)
    users.authorise(Permission.REFUND, "2222", for_actor=clerk)
    with pytest.raises(WrongPin) as err:
        users.authorise(Permission.REFUND, "0000", for_actor=clerk)
    assert err.value.data["attempts_left"] == 4


@pytest.fixture
def sale(session_factory, settings, clerk, shift):
    fish = make_product(session_factory, name_vi="Nước mắm Phú Quốc", price_vnd=125_000)
    cart = Cart(clerk)
    cart.add(fish, 2)
    return Checkout(session_factory, settings).complete(cart, [Cash(250_000)])


@pytest.fixture
def refunds(session_factory, settings, users):
    return Refunds(session_factory, settings, proofs=users.proofs)


def test_refund_with_a_manager_actor_but_no_pin_is_refused(refunds, users, clerk, manager, sale):
    picked = next(u for u in users.list() if u.role == "manager")
    with pytest.raises(AuthorisationRequired):
        refunds.refund(clerk, sale.receipt_no, [RefundItem(1, 1)], reason="x", authorised_by=picked)
    forged = Authorisation("x" * 32, "refund", clerk.id, manager, T0 + dt.timedelta(hours=1))
    with pytest.raises(AuthorisationRequired):
        refunds.refund(clerk, sale.receipt_no, [RefundItem(1, 1)], reason="x", authorised_by=forged)
    assert refunds.find(sale.receipt_no).lines[0].left == 2


def test_a_proof_is_spent_by_its_first_use(refunds, users, clerk, manager, sale):
    proof = users.authorise(Permission.REFUND, "2222", for_actor=clerk)
    refunds.refund(clerk, sale.receipt_no, [RefundItem(1, 1)], reason="x", authorised_by=proof)
    with pytest.raises(AuthorisationRequired):
        refunds.refund(clerk, sale.receipt_no, [RefundItem(1, 1)], reason="x", authorised_by=proof)


def test_a_proof_is_bound_to_its_action_and_to_its_clerk(
    refunds, users, admin, clerk, manager, sale
):
    other = users.create("Tú", "clerk", "3333", by=admin)
    proof = users.authorise(Permission.DISCOUNT_OVER_LIMIT, "2222", for_actor=clerk)
    with pytest.raises(AuthorisationRequired):
        refunds.void_sale(clerk, sale.receipt_no, "x", authorised_by=proof)
    proof = users.authorise(Permission.VOID_SALE, "2222", for_actor=clerk)
    with pytest.raises(AuthorisationRequired):
        refunds.void_sale(other, sale.receipt_no, "x", authorised_by=proof)
    refunds.void_sale(clerk, sale.receipt_no, "x", authorised_by=proof)


def test_a_proof_expires_after_two_minutes(refunds, users, clerk, manager, sale, clock):
    proof = users.authorise(Permission.VOID_SALE, "2222", for_actor=clerk)
    clock.now = T0 + dt.timedelta(minutes=3)
    with pytest.raises(AuthorisationRequired) as err:
        refunds.void_sale(clerk, sale.receipt_no, "x", authorised_by=proof)
    assert err.value.data["reason"] == "expired"


def test_a_visit_made_by_hand_or_left_authorises_nothing(
    session_factory, settings, users, clerk, manager, sale, tmp_path, clock
):
    office = BackOffice(session_factory, settings, users, documents_dir=tmp_path, clock=clock)
    with pytest.raises(AuthorisationRequired):
        office.void(Visit(clerk, manager), sale.receipt_no, "x")
    visit = office.enter(clerk, "2222")
    office.leave(visit)
    with pytest.raises(AuthorisationRequired):
        office.void(visit, sale.receipt_no, "x")
    visit = office.enter(clerk, "2222")
    clock.now = T0 + dt.timedelta(minutes=16)
    with pytest.raises(AuthorisationRequired):
        office.void(visit, sale.receipt_no, "x")
    visit = office.enter(clerk, "2222")
    assert office.void(visit, sale.receipt_no, "x").receipt_no == sale.receipt_no

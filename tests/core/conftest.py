import pytest

from kiosk.core.cash.shifts import Shifts
from kiosk.core.people.users import Users
from kiosk.core.settings import Settings
from tests.demo_till import build_template, open_till
from tests.factories import FAST_HASHER


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The demo shop's database, made once per test module; each test gets a copy."""
    return build_template(tmp_path_factory.mktemp("demo") / "template.sqlite3")


@pytest.fixture
def till(template, tmp_path):
    """A till on a copy of the demo shop, nobody signed in (modules may sign someone in)."""
    return open_till(template, tmp_path)


@pytest.fixture
def settings(session_factory):
    return Settings(session_factory)


@pytest.fixture
def users(session_factory, settings):
    return Users(session_factory, settings, hasher=FAST_HASHER)


@pytest.fixture
def admin(users):
    return users.create("Hà (admin)", "admin", "9999", by=None)


@pytest.fixture
def manager(users, admin):
    return users.create("Minh", "manager", "2222", by=admin)


@pytest.fixture
def clerk(users, admin):
    return users.create("Lan", "clerk", "1111", by=admin)


@pytest.fixture
def shifts(session_factory, settings, users):
    return Shifts(session_factory, settings, proofs=users.proofs)


@pytest.fixture
def shift(shifts, manager):
    """An open shift at the terminal with a 1.000.000 ₫ float: a sale needs one."""
    return shifts.open(manager, 1_000_000)


# The stock tests' shop (fixtures registered here so that test modules need not import them).
from tests.core.stock_fixtures import (  # noqa: E402, F401
    catalogue,
    producers,
    products,
    shop,
    stock_clock,
)

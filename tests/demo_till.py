"""A till on a copy of a migrated database holding the demo catalogue and the demo users.

The demo is loaded once per test session into a template file; each test gets its own copy.
"""

import shutil
from pathlib import Path

from db import make_session_factory, upgrade
from kiosk.core.cash.shifts import Shifts
from kiosk.core.catalogue.demo import load_demo
from kiosk.core.catalogue.lookup import Catalogue
from kiosk.core.people.users import Users
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.till import Till
from kiosk.core.settings import Settings
from tests.factories import FAST_HASHER

DEMO_USERS = (("Hà", "admin", "9999"), ("Minh", "manager", "2222"), ("Lan", "clerk", "1111"))

FISH_SAUCE = "8939101000010"  # TP-001, 185.000 ₫, piece
FISH_SAUCE_750 = "8939101000027"  # TP-002, 145.000 ₫, piece, favourite
PEPPER_ITEM = "2500001"  # TP-003, Tiêu đen Phú Quốc, 380.000 ₫/kg, sold by weight


def build_template(path: Path) -> Path:
    engine = upgrade(path)
    sf = make_session_factory(engine)
    load_demo(sf)
    users = Users(sf, Settings(sf), hasher=FAST_HASHER)
    admin = None
    for name, role, pin in DEMO_USERS:
        created = users.create(name, role, pin, by=admin)
        admin = admin or created
    Shifts(sf, Settings(sf)).open(admin, 1_000_000)  # the till sells in an open shift
    engine.dispose()
    return path


def open_till(template: Path, workdir: Path) -> Till:
    db = workdir / "kiosk.sqlite3"
    shutil.copy(template, db)
    sf = make_session_factory(upgrade(db))
    settings = Settings(sf)
    return Till(
        users=Users(sf, settings, hasher=FAST_HASHER),
        catalogue=Catalogue(sf, settings),
        checkout=Checkout(sf, settings),
        settings=settings,
        session_factory=sf,
    )

"""Composition root: the one place that opens the database, builds the core services and picks
real or fake devices. The window (kiosk.ui) and the CLI (kiosk.cli) get everything from here.
"""

import logging
import logging.handlers

from sqlalchemy import select

from db import make_session_factory, upgrade
from db.models import User
from kiosk.config import Paths
from kiosk.core.checkout import Checkout
from kiosk.core.services import Services
from kiosk.core.settings import Settings
from kiosk.core.users import Users

log = logging.getLogger(__name__)

# Demo users, printed in the README; a real shop replaces them (ocop-kiosk users add).
DEMO_USERS = (("Lan", "clerk", "1111"), ("Minh", "manager", "2222"), ("Hà", "admin", "9999"))


def setup_logging(paths: Paths, *, verbose: bool = False) -> None:
    handler = logging.handlers.RotatingFileHandler(
        paths.logs / "kiosk.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)


def open_services(paths: Paths) -> Services:
    """Upgrade the database (after a backup) and build the services on it."""
    paths.ensure()
    engine = upgrade(paths.database, backup_dir=paths.backups)
    sf = make_session_factory(engine)
    settings = Settings(sf)
    return Services(
        data_dir=paths.data_dir,
        session_factory=sf,
        settings=settings,
        users=Users(sf, settings),
        checkout=Checkout(sf, settings),
    )


def load_demo(services: Services) -> bool:
    """Demo catalogue and demo users into an empty database. True if anything was loaded."""
    from kiosk.core.demo import load_demo as load_demo_catalogue

    loaded = bool(load_demo_catalogue(services.session_factory))
    with services.session_factory() as s:
        has_users = s.execute(select(User.id).limit(1)).first() is not None
    if not has_users:
        admin = None
        for name, role, pin in reversed(DEMO_USERS):
            created = services.users.create(name, role, pin, by=admin)
            admin = admin or created
        loaded = True
    if loaded:
        log.info("demo catalogue and users loaded")
    return loaded

"""The core services of one kiosk, built once by the composition root (kiosk.app) and handed
to the window and the CLI."""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from kiosk.core.catalogue import Catalogue
from kiosk.core.checkout import Checkout
from kiosk.core.printing import PrintQueue
from kiosk.core.settings import Settings
from kiosk.core.users import Users


@dataclass
class Services:
    data_dir: Path
    session_factory: sessionmaker[Session]
    settings: Settings
    users: Users
    catalogue: Catalogue
    checkout: Checkout
    print_queue: PrintQueue

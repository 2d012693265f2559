"""The core services of one kiosk, built once by the composition root (kiosk.app) and handed
to the window and the CLI."""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from kiosk.core.catalogue import Catalogue
from kiosk.core.checkout import Checkout
from kiosk.core.printing import PrintQueue
from kiosk.core.settings import Settings
from kiosk.core.settings_editor import SettingsEditor
from kiosk.core.syncing import SyncService
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
    # Head-office sync (enrolled or not; the composition root starts its worker) and the
    # admin's settings form. Optional so that a test may build Services without them.
    sync: SyncService | None = None
    settings_editor: SettingsEditor | None = None

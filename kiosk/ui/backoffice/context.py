"""What the back office hands each of its sections, in a module of its own so that the screen
imports its sections and the sections import this, never each other."""

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from kiosk.core.backoffice import BackOffice, Visit
from kiosk.core.sync.transfers import TransferLink
from kiosk.ui.shared.background import BackgroundOps
from kiosk.ui.shared.notices import Notices
from kiosk.ui.shared.printing import ReceiptPrinting


@dataclass
class BackOfficeContext:
    """What every section gets: the core back office, the current visit, the window's message
    banner, the background helper, the printer helper, ``open_dialog`` (keeps the dialog
    where tests and the scanner guard find it)."""

    office: BackOffice
    visit: Callable[[], Visit | None]
    notices: Notices
    ops: BackgroundOps
    printing: ReceiptPrinting
    open_dialog: Callable[[QWidget], None]
    #: head office's transfer calls (None: not enrolled), for the bank transfers' section
    transfers: Callable[[], TransferLink | None] | None = None

"""The core services of one kiosk, built once by the composition root (kiosk.app) and handed
to the window and the CLI."""

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from kiosk.core.backups import Backups
from kiosk.core.cash.refunds import Refunds
from kiosk.core.cash.settlement import Settlements
from kiosk.core.cash.shifts import Shifts
from kiosk.core.catalogue.labels import Labels
from kiosk.core.catalogue.lookup import Catalogue
from kiosk.core.catalogue.producers import Producers
from kiosk.core.catalogue.products import Products
from kiosk.core.people.users import Users
from kiosk.core.reports.period import Reports
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.print_queue import PrintQueue
from kiosk.core.settings import Settings
from kiosk.core.settings_editor import SettingsEditor
from kiosk.core.stock.adjustments import Adjustments
from kiosk.core.stock.counts import StockCounts
from kiosk.core.stock.goods_receipts import GoodsReceipts
from kiosk.core.sync.service import SyncService


@dataclass
class StockServices:
    """The manager's stock work: products, producers, goods receipts, counts, adjustments and
    labels."""

    products: Products
    producers: Producers
    receipts: GoodsReceipts
    counts: StockCounts
    adjustments: Adjustments
    labels: Labels

    @classmethod
    def build(cls, session_factory: sessionmaker[Session]) -> "StockServices":
        return cls(
            products=Products(session_factory),
            producers=Producers(session_factory),
            receipts=GoodsReceipts(session_factory),
            counts=StockCounts(session_factory),
            adjustments=Adjustments(session_factory),
            labels=Labels(session_factory),
        )


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
    backups: Backups | None = None  # the daily backups (the composition root's worker runs them)
    stock: StockServices = field(init=False)
    # The money loop: shifts and cash, voids and refunds, reports, producer settlement.
    shifts: Shifts = field(init=False)
    refunds: Refunds = field(init=False)
    reports: Reports = field(init=False)
    settlements: Settlements = field(init=False)

    def __post_init__(self) -> None:
        self.stock = StockServices.build(self.session_factory)
        # A clerk's manager-only actions need a proof that Users issued (Users.authorise).
        proofs = self.users.proofs
        self.shifts = Shifts(self.session_factory, self.settings, proofs=proofs)
        self.refunds = Refunds(
            self.session_factory, self.settings, proofs=proofs, head_office=self.sync
        )
        self.reports = Reports(self.session_factory, self.settings)
        self.settlements = Settlements(self.session_factory, self.settings)

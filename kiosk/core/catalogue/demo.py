"""The demo catalogue: 87 made-up OCOP products to try the till with, and their opening stock.

Every row is marked ``is_demo`` so a real shop can find and remove them. Barcodes use Vietnam's
GS1 prefix 893 with invented company numbers: they belong to no real product.
"""

import logging
from importlib import resources
from pathlib import Path

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Product, StockLevel, StockMovement, utcnow
from kiosk.core.catalogue.csv_import import read_rows, write_rows

log = logging.getLogger(__name__)


def demo_catalogue_path() -> Path:
    return Path(str(resources.files("resources") / "demo" / "catalogue.csv"))


def load_demo(session_factory: sessionmaker[Session], path: Path | None = None) -> int:
    """Load the demo catalogue into an empty catalogue; returns how many products were added.

    Does nothing (returns 0) when any product exists. Each product gets its opening stock as
    a ``receipt`` movement and the matching stock level, so the ledger equals the levels.
    """
    rows = read_rows(path or demo_catalogue_path())
    with session_factory.begin() as session:
        if session.scalar(select(exists().where(Product.id.isnot(None)))):
            return 0
        report = write_rows(session, rows, is_demo=True)
        now = utcnow()
        for row in rows:
            product_id = report.product_ids[row.fields["sku"]]
            if row.initial_stock > 0:
                session.add(
                    StockMovement(
                        product_id=product_id,
                        kind="receipt",
                        quantity=row.initial_stock,
                        reason="demo opening stock",
                        created_at=now,
                    )
                )
            session.add(
                StockLevel(product_id=product_id, on_hand=row.initial_stock, updated_at=now)
            )
    log.info("demo catalogue loaded: %d products", report.created)
    return report.created

"""Four indexes that every push wrote and no query read: the entry a sale, a stock movement or an
audit event came from, and the sale of a stock movement (issue 18).

A push of 250 sales wrote about 3,000 entries into them (a stock movement per line): some 14 %
of the database's CPU for a batch's COPY. Nothing looks rows up by these columns; the reports
read the rollups, the receipt pages a sale's lines and payments by their own indexes, stock per
terminal and product by ix_stock_movements_terminal_product. The foreign keys of sales and
audit_events to entries stay (entries are never deleted, so they need no index on this side).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 10:30:00
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

DROPPED = (
    ("ix_sales_entry_id", "sales", "entry_id"),
    ("ix_audit_events_entry_id", "audit_events", "entry_id"),
    ("ix_stock_movements_entry_id", "stock_movements", "entry_id"),
    ("ix_stock_movements_sale_id", "stock_movements", "sale_id"),
)


def upgrade() -> None:
    for name, table, _ in DROPPED:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, table, column in DROPPED:
        op.create_index(name, table, [column])

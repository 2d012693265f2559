"""lean_sales: fewer bytes kept per sale (issue 18). The stock ledger's index on sale_id goes
(only a void looked a sale's movements up by it; it now finds them by product and time through
ix_stock_movements_product_created), and sale_vat is stored WITHOUT ROWID, in its primary
key's order, instead of as rows plus an index repeating that key. Rows are copied as they are.

Revision ID: 0013_lean_sales
Revises: 0012_einvoices
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_lean_sales"
down_revision = "0012_einvoices"
branch_labels = None
depends_on = None


def _rebuild_sale_vat(*, with_rowid: bool) -> None:
    """Copy sale_vat into a new table of the other storage, then take its place."""
    op.create_table(
        "sale_vat_new",
        sa.Column("sale_id", sa.Uuid(), nullable=False),
        sa.Column("rate_pct", sa.Integer(), nullable=False),
        sa.Column("gross_vnd", sa.Integer(), nullable=False),
        sa.Column("vat_vnd", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["sale_id"], ["sales.id"], name="fk_sale_vat_sale_id_sales"),
        sa.PrimaryKeyConstraint("sale_id", "rate_pct", name="pk_sale_vat"),
        sqlite_with_rowid=with_rowid,
    )
    op.execute(
        "INSERT INTO sale_vat_new (sale_id, rate_pct, gross_vnd, vat_vnd) "
        "SELECT sale_id, rate_pct, gross_vnd, vat_vnd FROM sale_vat"
    )
    op.drop_table("sale_vat")
    op.rename_table("sale_vat_new", "sale_vat")


def upgrade() -> None:
    with op.batch_alter_table("stock_movements") as batch_op:
        batch_op.drop_index("ix_stock_movements_sale_id")
    _rebuild_sale_vat(with_rowid=False)


def downgrade() -> None:
    _rebuild_sale_vat(with_rowid=True)
    with op.batch_alter_table("stock_movements") as batch_op:
        batch_op.create_index("ix_stock_movements_sale_id", ["sale_id"], unique=False)

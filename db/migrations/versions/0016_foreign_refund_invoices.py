"""foreign_refund_invoices: returns across terminals meet e-invoices (issue 13). The till that
sold a sale issues the adjustment invoice for a refund given at another till of the shop, which
it learns of from head office and has no Refund row for: the adjustment's row keeps what it
needs of that refund (its number, time, lines and VAT per rate) as JSON in a new nullable column
``foreign_refund``. Nothing existing changes.

Revision ID: 0016_foreign_refund_invoices
Revises: 0015_refund_rounding
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_foreign_refund_invoices"
down_revision = "0015_refund_rounding"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("einvoices") as batch:
        batch.add_column(sa.Column("foreign_refund", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("einvoices") as batch:
        batch.drop_column("foreign_refund")

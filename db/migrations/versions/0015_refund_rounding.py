"""refund_rounding: a refund keeps the cash rounding of what it gave back, as a sale does
(migration 0010): its cash payment is rounded to the shop's step (500 or 1.000 đ), the payments
add up to total_vnd + rounding_vnd. Older refunds were never rounded: 0.

Revision ID: 0015_refund_rounding
Revises: 0014_foreign_sales
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_refund_rounding"
down_revision = "0014_foreign_sales"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("refunds") as batch_op:
        batch_op.add_column(
            sa.Column("rounding_vnd", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("refunds") as batch_op:
        batch_op.drop_column("rounding_vnd")

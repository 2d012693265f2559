"""cash_rounding: a sale keeps the rounding of its cash part (the payments add up to the total
plus the rounding), so a shop that rounds cash to 500 or 1.000 đ balances its drawer

Revision ID: 0010_cash_rounding
Revises: 0009_print_retry
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_cash_rounding"
down_revision = "0009_print_retry"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sales") as batch_op:
        batch_op.add_column(
            sa.Column("rounding_vnd", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("sales") as batch_op:
        batch_op.drop_column("rounding_vnd")

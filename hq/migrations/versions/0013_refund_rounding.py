"""Refunds keep their cash rounding, as sales do (0002): a refund's cash part is rounded to the
shop's step (500 or 1.000 đ), so its payments add up to total_vnd + rounding_vnd. Refunds of
older kiosks were never rounded: 0.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("refunds") as batch_op:
        batch_op.add_column(
            sa.Column("rounding_vnd", sa.BigInteger(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("refunds") as batch_op:
        batch_op.drop_column("rounding_vnd")

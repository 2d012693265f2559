"""parked_carts: parked carts on disk, so a restart or a shutdown with goods on the till loses
no cart

Revision ID: 0011_parked_carts
Revises: 0010_cash_rounding
"""

import sqlalchemy as sa
from alembic import op

import db.models.base

revision = "0011_parked_carts"
down_revision = "0010_cash_rounding"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "parked_carts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("parked_at", db.models.base.UtcDateTime(), nullable=False),
        sa.Column("parked_by", sa.String(length=80), nullable=False),
        sa.Column("cart", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parked_carts")),
    )


def downgrade() -> None:
    op.drop_table("parked_carts")

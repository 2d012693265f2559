"""pin_guards: wrong manager PINs counted per terminal, so a PIN that names no manager cannot be
guessed without limit

Revision ID: 0008_pin_guards
Revises: 0007_products_name_index
"""

import sqlalchemy as sa
from alembic import op

import db.models.base

revision = "0008_pin_guards"
down_revision = "0007_products_name_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pin_guards",
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", db.models.base.UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_pin_guards")),
    )


def downgrade() -> None:
    op.drop_table("pin_guards")

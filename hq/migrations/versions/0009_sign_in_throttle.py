"""Wrong passwords and lock-outs in the database, shared by every process of head office
(``ocop-hq serve --workers N``, several instances behind a proxy).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 07:50:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failures")),
    )
    op.create_index(op.f("ix_sign_in_failures_key"), "sign_in_failures", ["key"], unique=False)
    op.create_table(
        "sign_in_lockouts",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("until", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sign_in_lockouts")),
    )


def downgrade() -> None:
    op.drop_table("sign_in_lockouts")
    op.drop_index(op.f("ix_sign_in_failures_key"), table_name="sign_in_failures")
    op.drop_table("sign_in_failures")

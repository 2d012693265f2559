"""Kiosk packages head office hands out, and each terminal's running and coming version.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 07:02:06.137405
"""

import sqlalchemy as sa
from alembic import op

import hq.models.base

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kiosk_packages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("added_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kiosk_packages")),
        sa.UniqueConstraint("version", name=op.f("uq_kiosk_packages_version")),
    )
    with op.batch_alter_table("terminals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("app_version", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("update_version", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("update_state", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("terminals", schema=None) as batch_op:
        batch_op.drop_column("update_state")
        batch_op.drop_column("update_version")
        batch_op.drop_column("app_version")

    op.drop_table("kiosk_packages")

"""Kiosk users kept at head office per shop, pulled by the shop's terminals (issue 13).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 09:00:00
"""

import sqlalchemy as sa
from alembic import op

import hq.models.base

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kiosk_users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shop_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("changed_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "role IN ('clerk', 'manager', 'admin')", name=op.f("ck_kiosk_users_role")
        ),
        sa.ForeignKeyConstraint(
            ["shop_id"], ["shops.id"], name=op.f("fk_kiosk_users_shop_id_shops")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kiosk_users")),
    )
    op.create_index(op.f("ix_kiosk_users_shop_id"), "kiosk_users", ["shop_id"])
    op.create_index(op.f("ix_kiosk_users_version"), "kiosk_users", ["version"])


def downgrade() -> None:
    op.drop_index(op.f("ix_kiosk_users_version"), table_name="kiosk_users")
    op.drop_index(op.f("ix_kiosk_users_shop_id"), table_name="kiosk_users")
    op.drop_table("kiosk_users")

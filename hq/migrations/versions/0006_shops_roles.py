"""Shops, terminals in a shop, operators with a role and a scope.

Existing terminals go into a default shop (code MAIN); existing operators become admins.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 09:00:00
"""

import sqlalchemy as sa
from alembic import op

import hq.models.base

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

DEFAULT_SHOP = {"code": "MAIN", "name": "Cửa hàng chính", "province": ""}


def upgrade() -> None:
    shops = op.create_table(
        "shops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("province", sa.String(length=80), nullable=False),
        sa.Column("created_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shops")),
        sa.UniqueConstraint("code", name=op.f("uq_shops_code")),
    )
    op.bulk_insert(shops, [{**DEFAULT_SHOP, "id": 1, "created_at": hq.models.base.utcnow()}])
    if op.get_bind().dialect.name == "postgresql":  # the explicit id 1 leaves the sequence at 1
        op.execute("SELECT setval(pg_get_serial_sequence('shops', 'id'), 1)")
    with op.batch_alter_table("terminals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shop_id", sa.Integer(), nullable=True))
    op.execute("UPDATE terminals SET shop_id = 1")
    with op.batch_alter_table("terminals", schema=None) as batch_op:
        batch_op.alter_column("shop_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f("ix_terminals_shop_id"), ["shop_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_terminals_shop_id_shops"), "shops", ["shop_id"], ["id"]
        )
    with op.batch_alter_table("operators", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("role", sa.String(length=20), server_default="admin", nullable=False)
        )
        batch_op.add_column(sa.Column("shop_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("producer_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_operators_shop_id_shops"), "shops", ["shop_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_operators_producer_id_producers"), "producers", ["producer_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("operators", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_operators_producer_id_producers"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("fk_operators_shop_id_shops"), type_="foreignkey")
        batch_op.drop_column("producer_id")
        batch_op.drop_column("shop_id")
        batch_op.drop_column("role")
    with op.batch_alter_table("terminals", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_terminals_shop_id_shops"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_terminals_shop_id"))
        batch_op.drop_column("shop_id")
    op.drop_table("shops")

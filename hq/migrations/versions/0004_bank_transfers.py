"""Bank transfers: the notifications of the bank-notification service, and the VietQR codes
terminals are waiting on.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 07:01:16.921819
"""

import sqlalchemy as sa
from alembic import op

import hq.models.base

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bank_notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("provider_id", sa.String(length=64), nullable=False),
        sa.Column("account", sa.String(length=40), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("content", sa.String(length=400), nullable=False),
        sa.Column("bank_reference", sa.String(length=80), nullable=False),
        sa.Column("transaction_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("received_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_notifications")),
        sa.UniqueConstraint("provider", "provider_id", name=op.f("uq_bank_notifications_provider")),
    )
    with op.batch_alter_table("bank_notifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bank_notifications_reference"), ["reference"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_bank_notifications_transaction_at"), ["transaction_at"], unique=False
        )

    op.create_table(
        "expected_transfers",
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("received_vnd", sa.BigInteger(), nullable=False),
        sa.Column("bank_reference", sa.String(length=80), nullable=False),
        sa.Column("created_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("received_at", hq.models.base.UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["terminal_id"],
            ["terminals.id"],
            name=op.f("fk_expected_transfers_terminal_id_terminals"),
        ),
        sa.PrimaryKeyConstraint("reference", name=op.f("pk_expected_transfers")),
    )
    with op.batch_alter_table("expected_transfers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_expected_transfers_terminal_id"), ["terminal_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("expected_transfers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expected_transfers_terminal_id"))

    op.drop_table("expected_transfers")
    with op.batch_alter_table("bank_notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_notifications_transaction_at"))
        batch_op.drop_index(batch_op.f("ix_bank_notifications_reference"))

    op.drop_table("bank_notifications")

"""einvoices: the e-invoices a sale, a refund or a void owes the tax authority, written pending
with the sale and sent by a queue (kiosk.core.einvoice)

Revision ID: 0012_einvoices
Revises: 0011_parked_carts
"""

from alembic import op
import sqlalchemy as sa
import db.models.base


revision = "0012_einvoices"
down_revision = "0011_parked_carts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "einvoices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("sale_id", sa.Uuid(), nullable=False),
        sa.Column("refund_id", sa.Uuid(), nullable=True),
        sa.Column("original_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("template", sa.String(length=16), nullable=False),
        sa.Column("symbol", sa.String(length=8), nullable=False),
        sa.Column("buyer_name", sa.String(length=200), nullable=False),
        sa.Column("buyer_tax_code", sa.String(length=14), nullable=False),
        sa.Column("buyer_id_no", sa.String(length=20), nullable=False),
        sa.Column("buyer_phone", sa.String(length=20), nullable=False),
        sa.Column("buyer_address", sa.String(length=300), nullable=False),
        sa.Column("invoice_no", sa.String(length=20), nullable=False),
        sa.Column("tax_authority_code", sa.String(length=40), nullable=False),
        sa.Column("lookup_code", sa.String(length=40), nullable=False),
        sa.Column("lookup_url", sa.String(length=300), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_at", db.models.base.UtcDateTime(), nullable=False),
        sa.Column("next_attempt_at", db.models.base.UtcDateTime(), nullable=True),
        sa.Column("issued_at", db.models.base.UtcDateTime(), nullable=True),
        sa.CheckConstraint("kind IN ('sale', 'adjust', 'replace')", name=op.f("ck_einvoices_kind")),
        sa.CheckConstraint(
            "status IN ('pending', 'issued', 'failed', 'cancelled')",
            name=op.f("ck_einvoices_status"),
        ),
        sa.ForeignKeyConstraint(
            ["original_id"], ["einvoices.id"], name=op.f("fk_einvoices_original_id_einvoices")
        ),
        sa.ForeignKeyConstraint(
            ["refund_id"], ["refunds.id"], name=op.f("fk_einvoices_refund_id_refunds")
        ),
        sa.ForeignKeyConstraint(["sale_id"], ["sales.id"], name=op.f("fk_einvoices_sale_id_sales")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_einvoices")),
        sa.UniqueConstraint("key", name=op.f("uq_einvoices_key")),
    )
    with op.batch_alter_table("einvoices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_einvoices_sale_id"), ["sale_id"], unique=False)
        batch_op.create_index(
            "ix_einvoices_status_next", ["status", "next_attempt_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("einvoices", schema=None) as batch_op:
        batch_op.drop_index("ix_einvoices_status_next")
        batch_op.drop_index(batch_op.f("ix_einvoices_sale_id"))

    op.drop_table("einvoices")

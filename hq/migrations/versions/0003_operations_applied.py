"""Head office applies every kind of entry: voids, refunds, shifts and cash, Z reports,
settlements, goods receipts, counts, adjustments and terminals' catalogue edits.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 04:51:08.621314
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import hq.models.base

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cash_movements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("shift_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("authorised_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_movements")),
    )
    with op.batch_alter_table("cash_movements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cash_movements_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cash_movements_shift_id"), ["shift_id"], unique=False)

    op.create_table(
        "catalogue_edits",
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("entry_id", name=op.f("pk_catalogue_edits")),
    )
    with op.batch_alter_table("catalogue_edits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalogue_edits_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "goods_receipt_lines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("receipt_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit_cost_vnd", sa.BigInteger(), nullable=True),
        sa.Column("batch_no", sa.String(length=40), nullable=False),
        sa.Column("expiry_date", sa.Date(), nullable=True),
        sa.Column("consignment", sa.Boolean(), nullable=False),
        sa.Column("commission_pct", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goods_receipt_lines")),
    )
    with op.batch_alter_table("goods_receipt_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_goods_receipt_lines_receipt_id"), ["receipt_id"], unique=False
        )

    op.create_table(
        "goods_receipts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("producer_id", sa.Uuid(), nullable=True),
        sa.Column("delivery_note_no", sa.String(length=60), nullable=False),
        sa.Column("reverses_id", sa.Uuid(), nullable=True),
        sa.Column("confirmed_by", sa.Uuid(), nullable=False),
        sa.Column("confirmed_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goods_receipts")),
    )
    with op.batch_alter_table("goods_receipts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goods_receipts_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_goods_receipts_producer_id"), ["producer_id"], unique=False
        )

    op.create_table(
        "refund_lines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("refund_id", sa.Uuid(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sale_line_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("name_vi", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("vat_rate_pct", sa.Integer(), nullable=False),
        sa.Column("restock", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refund_lines")),
    )
    with op.batch_alter_table("refund_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_refund_lines_refund_id"), ["refund_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_refund_lines_sale_line_id"), ["sale_line_id"], unique=False
        )

    op.create_table(
        "refund_payments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("refund_id", sa.Uuid(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refund_payments")),
    )
    with op.batch_alter_table("refund_payments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_refund_payments_refund_id"), ["refund_id"], unique=False
        )

    op.create_table(
        "refund_vat",
        sa.Column("refund_id", sa.Uuid(), nullable=False),
        sa.Column("rate_pct", sa.Integer(), nullable=False),
        sa.Column("gross_vnd", sa.BigInteger(), nullable=False),
        sa.Column("vat_vnd", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("refund_id", "rate_pct", name=op.f("pk_refund_vat")),
    )
    op.create_table(
        "refunds",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("refund_no", sa.String(length=40), nullable=False),
        sa.Column("sale_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_code", sa.String(length=16), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("shift_id", sa.Uuid(), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("authorised_by", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("total_vnd", sa.BigInteger(), nullable=False),
        sa.Column("vat_vnd", sa.BigInteger(), nullable=False),
        sa.Column("receipt_lang", sa.String(length=8), nullable=False),
        sa.Column("created_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refunds")),
    )
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_refunds_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_refunds_sale_id"), ["sale_id"], unique=False)
        batch_op.create_index(
            "ix_refunds_terminal_date", ["terminal_id", "business_date"], unique=False
        )

    op.create_table(
        "sale_voids",
        sa.Column("sale_id", sa.Uuid(), nullable=False),
        sa.Column("receipt_no", sa.String(length=40), nullable=False),
        sa.Column("shift_id", sa.Uuid(), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("authorised_by", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("total_vnd", sa.BigInteger(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("created_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("sale_id", name=op.f("pk_sale_voids")),
    )
    with op.batch_alter_table("sale_voids", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sale_voids_business_date"), ["business_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_sale_voids_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "settlements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("statement_no", sa.String(length=40), nullable=False),
        sa.Column("producer_id", sa.Uuid(), nullable=False),
        sa.Column("period_start", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("period_end", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("sold_vnd", sa.BigInteger(), nullable=False),
        sa.Column("refunded_vnd", sa.BigInteger(), nullable=False),
        sa.Column("net_vnd", sa.BigInteger(), nullable=False),
        sa.Column("commission_vnd", sa.BigInteger(), nullable=False),
        sa.Column("owed_vnd", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settlements")),
    )
    with op.batch_alter_table("settlements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_settlements_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_settlements_producer_id"), ["producer_id"], unique=False
        )

    op.create_table(
        "shift_closes",
        sa.Column("shift_id", sa.Uuid(), nullable=False),
        sa.Column("closed_by", sa.Uuid(), nullable=False),
        sa.Column("closed_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("expected_cash_vnd", sa.BigInteger(), nullable=False),
        sa.Column("counted_cash_vnd", sa.BigInteger(), nullable=False),
        sa.Column("difference_vnd", sa.BigInteger(), nullable=False),
        sa.Column(
            "notes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("shift_id", name=op.f("pk_shift_closes")),
    )
    with op.batch_alter_table("shift_closes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shift_closes_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "shifts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("terminal_code", sa.String(length=16), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("opened_by", sa.Uuid(), nullable=False),
        sa.Column("opened_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("float_vnd", sa.BigInteger(), nullable=False),
        sa.Column("authorised_by", sa.Uuid(), nullable=True),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shifts")),
    )
    with op.batch_alter_table("shifts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shifts_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "stock_adjustments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("batch_no", sa.String(length=40), nullable=False),
        sa.Column("movement_id", sa.Uuid(), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_adjustments")),
    )
    with op.batch_alter_table("stock_adjustments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stock_adjustments_entry_id"), ["entry_id"], unique=False
        )

    op.create_table(
        "stock_counts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("scope_value", sa.String(length=40), nullable=True),
        sa.Column("opened_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("applied_by", sa.Uuid(), nullable=False),
        sa.Column("applied_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column(
            "lines",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_counts")),
    )
    with op.batch_alter_table("stock_counts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_counts_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "z_reports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("terminal_code", sa.String(length=16), nullable=False),
        sa.Column("z_no", sa.BigInteger(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("first_opened_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("closed_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("sales_count", sa.BigInteger(), nullable=False),
        sa.Column("sales_vnd", sa.BigInteger(), nullable=False),
        sa.Column("refunds_vnd", sa.BigInteger(), nullable=False),
        sa.Column("net_vnd", sa.BigInteger(), nullable=False),
        sa.Column("expected_cash_vnd", sa.BigInteger(), nullable=False),
        sa.Column("counted_cash_vnd", sa.BigInteger(), nullable=False),
        sa.Column(
            "shift_ids",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_z_reports")),
    )
    with op.batch_alter_table("z_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_z_reports_business_date"), ["business_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_z_reports_entry_id"), ["entry_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("z_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_z_reports_entry_id"))
        batch_op.drop_index(batch_op.f("ix_z_reports_business_date"))

    op.drop_table("z_reports")
    with op.batch_alter_table("stock_counts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_counts_entry_id"))

    op.drop_table("stock_counts")
    with op.batch_alter_table("stock_adjustments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_adjustments_entry_id"))

    op.drop_table("stock_adjustments")
    with op.batch_alter_table("shifts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shifts_entry_id"))

    op.drop_table("shifts")
    with op.batch_alter_table("shift_closes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shift_closes_entry_id"))

    op.drop_table("shift_closes")
    with op.batch_alter_table("settlements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_settlements_producer_id"))
        batch_op.drop_index(batch_op.f("ix_settlements_entry_id"))

    op.drop_table("settlements")
    with op.batch_alter_table("sale_voids", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sale_voids_entry_id"))
        batch_op.drop_index(batch_op.f("ix_sale_voids_business_date"))

    op.drop_table("sale_voids")
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.drop_index("ix_refunds_terminal_date")
        batch_op.drop_index(batch_op.f("ix_refunds_sale_id"))
        batch_op.drop_index(batch_op.f("ix_refunds_entry_id"))

    op.drop_table("refunds")
    op.drop_table("refund_vat")
    with op.batch_alter_table("refund_payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refund_payments_refund_id"))

    op.drop_table("refund_payments")
    with op.batch_alter_table("refund_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refund_lines_sale_line_id"))
        batch_op.drop_index(batch_op.f("ix_refund_lines_refund_id"))

    op.drop_table("refund_lines")
    with op.batch_alter_table("goods_receipts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goods_receipts_producer_id"))
        batch_op.drop_index(batch_op.f("ix_goods_receipts_entry_id"))

    op.drop_table("goods_receipts")
    with op.batch_alter_table("goods_receipt_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goods_receipt_lines_receipt_id"))

    op.drop_table("goods_receipt_lines")
    with op.batch_alter_table("catalogue_edits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_edits_subject_id"))

    op.drop_table("catalogue_edits")
    with op.batch_alter_table("cash_movements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cash_movements_shift_id"))
        batch_op.drop_index(batch_op.f("ix_cash_movements_entry_id"))

    op.drop_table("cash_movements")

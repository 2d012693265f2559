"""Head office schema: terminals, operators, entries, sales, stock, audit, catalogue.

Revision ID: 0001
Revises:
Create Date: 2026-11-30 13:18:31.507471
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import hq.models.base

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "catalogue_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_counter")),
    )
    op.create_table(
        "operators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operators")),
        sa.UniqueConstraint("name", name=op.f("uq_operators_name")),
    )
    op.create_table(
        "producers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("province_code", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("tax_code", sa.String(length=20), nullable=False),
        sa.Column("bank_bin", sa.String(length=6), nullable=False),
        sa.Column("bank_account", sa.String(length=30), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_producers")),
        sa.UniqueConstraint("name", name=op.f("uq_producers_name")),
    )
    with op.batch_alter_table("producers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_producers_version"), ["version"], unique=False)

    op.create_table(
        "terminals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("enrol_code_hash", sa.String(length=64), nullable=True),
        sa.Column("enrol_code_expires_at", hq.models.base.UtcDateTime(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("enrolled_at", hq.models.base.UtcDateTime(), nullable=True),
        sa.Column("revoked_at", hq.models.base.UtcDateTime(), nullable=True),
        sa.Column("last_push_at", hq.models.base.UtcDateTime(), nullable=True),
        sa.Column("last_pull_at", hq.models.base.UtcDateTime(), nullable=True),
        sa.Column("last_seq", sa.BigInteger(), nullable=True),
        sa.Column("backlog", sa.BigInteger(), nullable=False),
        sa.Column("catalogue_version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_terminals")),
        sa.UniqueConstraint("code", name=op.f("uq_terminals_code")),
        sa.UniqueConstraint("enrol_code_hash", name=op.f("uq_terminals_enrol_code_hash")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_terminals_token_hash")),
    )
    op.create_table(
        "entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
        sa.Column("created_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("received_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_entries_terminal_id_terminals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entries")),
    )
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.create_index("ix_entries_terminal_seq", ["terminal_id", "seq"], unique=False)

    op.create_table(
        "operator_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=False),
        sa.Column("created_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("expires_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operators.id"],
            name=op.f("fk_operator_sessions_operator_id_operators"),
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_operator_sessions")),
    )
    with op.batch_alter_table("operator_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_operator_sessions_operator_id"), ["operator_id"], unique=False
        )

    op.create_table(
        "products",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("name_vi", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("vat_rate_pct", sa.Integer(), nullable=False),
        sa.Column("group_code", sa.String(length=20), nullable=False),
        sa.Column("producer_id", sa.Uuid(), nullable=True),
        sa.Column("province_code", sa.Integer(), nullable=True),
        sa.Column("former_province", sa.String(length=80), nullable=False),
        sa.Column("ocop_stars", sa.Integer(), nullable=True),
        sa.Column("certificate_no", sa.String(length=60), nullable=False),
        sa.Column("certificate_expiry", sa.Date(), nullable=True),
        sa.Column("consignment", sa.Boolean(), nullable=False),
        sa.Column("commission_pct", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.CheckConstraint("vat_rate_pct IN (0, 5, 8, 10)", name=op.f("ck_products_vat_rate_pct")),
        sa.ForeignKeyConstraint(
            ["producer_id"], ["producers.id"], name=op.f("fk_products_producer_id_producers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("sku", name=op.f("uq_products_sku")),
    )
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_products_version"), ["version"], unique=False)

    op.create_table(
        "rejected_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "raw",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("attempts", sa.BigInteger(), nullable=False),
        sa.Column("received_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("last_received_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["terminal_id"],
            ["terminals.id"],
            name=op.f("fk_rejected_entries_terminal_id_terminals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rejected_entries")),
    )
    with op.batch_alter_table("rejected_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rejected_entries_terminal_entry", ["terminal_id", "entry_id"], unique=False
        )

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.Column("at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("authorised_by", sa.Uuid(), nullable=True),
        sa.Column("subject_id", sa.String(length=40), nullable=False),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["entries.id"], name=op.f("fk_audit_events_entry_id_entries")
        ),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_audit_events_terminal_id_terminals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "barcodes",
        sa.Column("code", sa.String(length=48), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_barcodes_product_id_products")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_barcodes")),
    )
    with op.batch_alter_table("barcodes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_barcodes_product_id"), ["product_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_barcodes_version"), ["version"], unique=False)

    op.create_table(
        "prices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("price_vnd", sa.BigInteger(), nullable=False),
        sa.Column("valid_from", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("created_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_prices_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prices")),
    )
    with op.batch_alter_table("prices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prices_product_id"), ["product_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_prices_version"), ["version"], unique=False)

    op.create_table(
        "sales",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.Column("terminal_code", sa.String(length=16), nullable=False),
        sa.Column("receipt_no", sa.String(length=40), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("shift_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("subtotal_vnd", sa.BigInteger(), nullable=False),
        sa.Column("discount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("total_vnd", sa.BigInteger(), nullable=False),
        sa.Column("vat_vnd", sa.BigInteger(), nullable=False),
        sa.Column("discount_authorised_by", sa.Uuid(), nullable=True),
        sa.Column("receipt_lang", sa.String(length=8), nullable=False),
        sa.Column("created_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("received_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["entries.id"], name=op.f("fk_sales_entry_id_entries")
        ),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_sales_terminal_id_terminals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales")),
    )
    with op.batch_alter_table("sales", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sales_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index("ix_sales_receipt_no", ["receipt_no"], unique=False)
        batch_op.create_index(
            "ix_sales_terminal_date", ["terminal_id", "business_date"], unique=False
        )

    op.create_table(
        "payments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("sale_id", sa.Uuid(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("tendered_vnd", sa.BigInteger(), nullable=True),
        sa.Column("change_vnd", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payments_sale_id"), ["sale_id"], unique=False)

    op.create_table(
        "sale_lines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("sale_id", sa.Uuid(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("barcode", sa.String(length=48), nullable=False),
        sa.Column("name_vi", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit_price_vnd", sa.BigInteger(), nullable=False),
        sa.Column("gross_vnd", sa.BigInteger(), nullable=False),
        sa.Column("line_discount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("cart_discount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("vat_rate_pct", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sale_lines")),
    )
    with op.batch_alter_table("sale_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sale_lines_product_id"), ["product_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sale_lines_sale_id"), ["sale_id"], unique=False)

    op.create_table(
        "sale_vat",
        sa.Column("sale_id", sa.Uuid(), nullable=False),
        sa.Column("rate_pct", sa.Integer(), nullable=False),
        sa.Column("gross_vnd", sa.BigInteger(), nullable=False),
        sa.Column("vat_vnd", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("sale_id", "rate_pct", name=op.f("pk_sale_vat")),
    )
    op.create_table(
        "stock_movements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit_cost_vnd", sa.BigInteger(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("sale_id", sa.Uuid(), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_movements")),
    )
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_movements_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stock_movements_sale_id"), ["sale_id"], unique=False)
        batch_op.create_index(
            "ix_stock_movements_terminal_product", ["terminal_id", "product_id"], unique=False
        )
    counter = sa.table(
        "catalogue_counter", sa.column("id", sa.Integer), sa.column("version", sa.BigInteger)
    )
    op.bulk_insert(counter, [{"id": 1, "version": 0}])


def downgrade() -> None:

    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_movements_terminal_product")
        batch_op.drop_index(batch_op.f("ix_stock_movements_sale_id"))
        batch_op.drop_index(batch_op.f("ix_stock_movements_entry_id"))

    op.drop_table("stock_movements")
    op.drop_table("sale_vat")
    with op.batch_alter_table("sale_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sale_lines_sale_id"))
        batch_op.drop_index(batch_op.f("ix_sale_lines_product_id"))

    op.drop_table("sale_lines")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_sale_id"))

    op.drop_table("payments")
    with op.batch_alter_table("sales", schema=None) as batch_op:
        batch_op.drop_index("ix_sales_terminal_date")
        batch_op.drop_index("ix_sales_receipt_no")
        batch_op.drop_index(batch_op.f("ix_sales_entry_id"))

    op.drop_table("sales")
    with op.batch_alter_table("prices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prices_version"))
        batch_op.drop_index(batch_op.f("ix_prices_product_id"))

    op.drop_table("prices")
    with op.batch_alter_table("barcodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_barcodes_version"))
        batch_op.drop_index(batch_op.f("ix_barcodes_product_id"))

    op.drop_table("barcodes")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_entry_id"))

    op.drop_table("audit_events")
    with op.batch_alter_table("rejected_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_rejected_entries_terminal_entry")

    op.drop_table("rejected_entries")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_products_version"))

    op.drop_table("products")
    with op.batch_alter_table("operator_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_operator_sessions_operator_id"))

    op.drop_table("operator_sessions")
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index("ix_entries_terminal_seq")

    op.drop_table("entries")
    op.drop_table("terminals")
    with op.batch_alter_table("producers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_producers_version"))

    op.drop_table("producers")
    op.drop_table("operators")
    op.drop_table("catalogue_counter")

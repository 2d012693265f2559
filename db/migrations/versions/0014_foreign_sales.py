"""foreign_sales: returns across terminals (issue 13). A kiosk refunding a receipt of another
till of its shop keeps a copy of that sale (rows in sales, sale_lines, sale_vat and payments under
head office's ids) marked by a foreign_sales row, and what head office said other tills refunded
of each line (refunded_elsewhere). Two new tables; nothing existing changes.

Revision ID: 0014_foreign_sales
Revises: 0013_lean_sales
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_foreign_sales"
down_revision = "0013_lean_sales"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "foreign_sales",
        sa.Column("sale_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_code", sa.String(length=16), nullable=False),
        sa.Column("clerk", sa.String(length=200), nullable=False),
        sa.Column("fetched_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sale_id"], ["sales.id"], name=op.f("fk_foreign_sales_sale_id_sales")
        ),
        sa.PrimaryKeyConstraint("sale_id", name=op.f("pk_foreign_sales")),
    )
    op.create_table(
        "refunded_elsewhere",
        sa.Column("sale_line_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("amount_vnd", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.DateTime(), nullable=False),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_refunded_elsewhere_quantity")),
        sa.CheckConstraint("amount_vnd >= 0", name=op.f("ck_refunded_elsewhere_amount_vnd")),
        sa.ForeignKeyConstraint(
            ["sale_line_id"],
            ["sale_lines.id"],
            name=op.f("fk_refunded_elsewhere_sale_line_id_sale_lines"),
        ),
        sa.PrimaryKeyConstraint("sale_line_id", name=op.f("pk_refunded_elsewhere")),
    )


def downgrade() -> None:
    op.drop_table("refunded_elsewhere")
    op.drop_table("foreign_sales")

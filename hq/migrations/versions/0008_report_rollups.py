"""Daily rollups for the chain reports (sales per terminal and day, per product and day, payments
per method, stock on hand), filled from the rows already applied; refunds indexed by day.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The same statements as hq.reports.rollup.REBUILD (copied: a migration keeps what it ran).
_FILL = (
    """INSERT INTO report_days (business_date, terminal_id, sales_count, sales_vnd, voids_count,
        voids_vnd, refunds_count, refunds_vnd)
    SELECT business_date, terminal_id, SUM(sc), SUM(sv), SUM(vc), SUM(vv), SUM(rc), SUM(rv) FROM (
        SELECT business_date, terminal_id, COUNT(*) AS sc, SUM(total_vnd) AS sv, 0 AS vc,
            0 AS vv, 0 AS rc, 0 AS rv
        FROM sales WHERE status = 'completed' GROUP BY business_date, terminal_id
        UNION ALL SELECT business_date, terminal_id, 0, 0, COUNT(*), SUM(total_vnd), 0, 0
        FROM sale_voids GROUP BY business_date, terminal_id
        UNION ALL SELECT business_date, terminal_id, 0, 0, 0, 0, COUNT(*), SUM(total_vnd)
        FROM refunds GROUP BY business_date, terminal_id
    ) AS parts GROUP BY business_date, terminal_id""",
    """INSERT INTO report_products (business_date, product_id, sold_qty, sold_vnd, refunded_qty,
        refunded_vnd)
    SELECT business_date, product_id, SUM(sq), SUM(sv), SUM(rq), SUM(rv) FROM (
        SELECT s.business_date AS business_date, l.product_id AS product_id,
            SUM(l.quantity) AS sq, SUM(l.amount_vnd) AS sv, 0 AS rq, 0 AS rv
        FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.status = 'completed'
        GROUP BY s.business_date, l.product_id
        UNION ALL SELECT r.business_date, l.product_id, 0, 0, SUM(l.quantity), SUM(l.amount_vnd)
        FROM refund_lines l JOIN refunds r ON r.id = l.refund_id
        GROUP BY r.business_date, l.product_id
    ) AS parts GROUP BY business_date, product_id""",
    """INSERT INTO report_payments (business_date, terminal_id, method, sales_vnd, refunds_vnd)
    SELECT business_date, terminal_id, method, SUM(sv), SUM(rv) FROM (
        SELECT s.business_date AS business_date, s.terminal_id AS terminal_id,
            p.method AS method, SUM(p.amount_vnd) AS sv, 0 AS rv
        FROM payments p JOIN sales s ON s.id = p.sale_id WHERE s.status = 'completed'
        GROUP BY s.business_date, s.terminal_id, p.method
        UNION ALL SELECT r.business_date, r.terminal_id, p.method, 0, SUM(p.amount_vnd)
        FROM refund_payments p JOIN refunds r ON r.id = p.refund_id
        GROUP BY r.business_date, r.terminal_id, p.method
    ) AS parts GROUP BY business_date, terminal_id, method""",
    """INSERT INTO report_stock (terminal_id, product_id, on_hand)
    SELECT terminal_id, product_id, SUM(quantity) FROM stock_movements
    GROUP BY terminal_id, product_id""",
)


def _sums(*names: str) -> list[sa.Column]:
    return [sa.Column(n, sa.BigInteger(), nullable=False) for n in names]


def upgrade() -> None:
    op.create_table(
        "report_days",
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        *_sums("sales_count", "sales_vnd", "voids_count", "voids_vnd", "refunds_count",
               "refunds_vnd"),
        sa.PrimaryKeyConstraint("business_date", "terminal_id", name=op.f("pk_report_days")),
    )  # fmt: skip
    op.create_table(
        "report_products",
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        *_sums("sold_qty", "sold_vnd", "refunded_qty", "refunded_vnd"),
        sa.PrimaryKeyConstraint("business_date", "product_id", name=op.f("pk_report_products")),
    )
    op.create_table(
        "report_payments",
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        *_sums("sales_vnd", "refunds_vnd"),
        sa.PrimaryKeyConstraint(
            "business_date", "terminal_id", "method", name=op.f("pk_report_payments")
        ),
    )
    op.create_table(
        "report_stock",
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        *_sums("on_hand"),
        sa.PrimaryKeyConstraint("terminal_id", "product_id", name=op.f("pk_report_stock")),
    )
    op.create_index("ix_refunds_business_date", "refunds", ["business_date"])
    for statement in _FILL:
        op.execute(statement)


def downgrade() -> None:
    op.drop_index("ix_refunds_business_date", table_name="refunds")
    for table in ("report_stock", "report_payments", "report_products", "report_days"):
        op.drop_table(table)

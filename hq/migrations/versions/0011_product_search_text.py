"""Products' folded search text (sku and names without diacritics), so the catalogue and receipt
pages find "Nước mắm" from "nuoc mam" (issue 13).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 10:20:00
"""

import sqlalchemy as sa
from alembic import op

from hq.textfold import fold

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_BATCH = 5000


def upgrade() -> None:
    op.add_column("products", sa.Column("search_text", sa.String(length=450), nullable=True))
    conn = op.get_bind()
    products = sa.table(
        "products",
        sa.column("id", sa.Uuid()),
        sa.column("sku", sa.String()),
        sa.column("name_vi", sa.String()),
        sa.column("name_en", sa.String()),
        sa.column("search_text", sa.String()),
    )
    last = None
    while True:
        query = sa.select(products.c.id, products.c.sku, products.c.name_vi, products.c.name_en)
        if last is not None:
            query = query.where(products.c.id > last)
        rows = conn.execute(query.order_by(products.c.id).limit(_BATCH)).all()
        if not rows:
            break
        conn.execute(
            products.update().where(products.c.id == sa.bindparam("pid")),
            [
                {"pid": r.id, "search_text": fold(f"{r.sku} {r.name_vi} {r.name_en or ''}")[:450]}
                for r in rows
            ],
        )
        last = rows[-1].id


def downgrade() -> None:
    op.drop_column("products", "search_text")

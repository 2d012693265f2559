"""an index on products.search_text, for the manager's product table in name order

Revision ID: 0007_products_name_index
Revises: 0006_shifts_refunds
"""

from alembic import op

revision = "0007_products_name_index"
down_revision = "0006_shifts_refunds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not in batch mode: a rebuilt products table would lose the search triggers of 0002.
    op.create_index("ix_products_search_text", "products", ["search_text"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_products_search_text", table_name="products")

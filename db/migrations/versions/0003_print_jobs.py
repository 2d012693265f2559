"""print queue

Revision ID: 0003_print_jobs
Revises: 0002_search
"""

import sqlalchemy as sa
from alembic import op

import db.models.base

revision = "0003_print_jobs"
down_revision = "0002_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "print_jobs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sale_id", sa.Uuid(), nullable=True),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("open_drawer", sa.Boolean(), nullable=False),
        sa.Column("reprint", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_at", db.models.base.UtcDateTime(), nullable=False),
        sa.Column("printed_at", db.models.base.UtcDateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'printing', 'printed', 'failed')",
            name=op.f("ck_print_jobs_status"),
        ),
        sa.ForeignKeyConstraint(
            ["sale_id"], ["sales.id"], name=op.f("fk_print_jobs_sale_id_sales")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_jobs")),
    )
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_print_jobs_sale_id"), ["sale_id"], unique=False)
        batch_op.create_index("ix_print_jobs_status_created", ["status", "created_at"])


def downgrade() -> None:
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_print_jobs_status_created")
        batch_op.drop_index(batch_op.f("ix_print_jobs_sale_id"))
    op.drop_table("print_jobs")

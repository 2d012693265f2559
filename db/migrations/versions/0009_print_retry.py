"""print jobs: a 'sent' state (a printer that cannot confirm) and the time of the next retry

Revision ID: 0009_print_retry
Revises: 0008_pin_guards
"""

import sqlalchemy as sa
from alembic import op

import db.models.base

revision = "0009_print_retry"
down_revision = "0008_pin_guards"
branch_labels = None
depends_on = None

_OLD = "status IN ('queued', 'printing', 'printed', 'failed')"
_NEW = "status IN ('queued', 'printing', 'printed', 'sent', 'failed')"


def upgrade() -> None:
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("next_attempt_at", db.models.base.UtcDateTime(), nullable=True)
        )
        batch_op.drop_constraint(batch_op.f("ck_print_jobs_status"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_print_jobs_status"), _NEW)


def downgrade() -> None:
    op.execute("UPDATE print_jobs SET status = 'printed' WHERE status = 'sent'")
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_print_jobs_status"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_print_jobs_status"), _OLD)
        batch_op.drop_column("next_attempt_at")

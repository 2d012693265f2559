"""goods receipts, stock counts and adjustments

Revision ID: 0005_inventory
Revises: 0003_print_jobs
"""

import sqlalchemy as sa
from alembic import op

import db.models.base

revision = '0005_inventory'
down_revision = '0003_print_jobs'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('stock_counts',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('scope_value', sa.String(length=80), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('opened_by', sa.Uuid(), nullable=False),
    sa.Column('opened_at', db.models.base.UtcDateTime(), nullable=False),
    sa.Column('closed_by', sa.Uuid(), nullable=True),
    sa.Column('closed_at', db.models.base.UtcDateTime(), nullable=True),
    sa.CheckConstraint("scope IN ('shelf', 'group', 'shop')", name=op.f('ck_stock_counts_scope')),
    sa.CheckConstraint("status IN ('open', 'applied', 'cancelled')", name=op.f('ck_stock_counts_status')),
    sa.ForeignKeyConstraint(['closed_by'], ['users.id'], name=op.f('fk_stock_counts_closed_by_users')),
    sa.ForeignKeyConstraint(['opened_by'], ['users.id'], name=op.f('fk_stock_counts_opened_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_counts'))
    )
    op.create_table('goods_receipts',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('producer_id', sa.Uuid(), nullable=False),
    sa.Column('delivery_note_no', sa.String(length=60), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reverses_id', sa.Uuid(), nullable=True),
    sa.Column('created_by', sa.Uuid(), nullable=False),
    sa.Column('created_at', db.models.base.UtcDateTime(), nullable=False),
    sa.Column('updated_at', db.models.base.UtcDateTime(), nullable=False),
    sa.Column('confirmed_by', sa.Uuid(), nullable=True),
    sa.Column('confirmed_at', db.models.base.UtcDateTime(), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'confirmed')", name=op.f('ck_goods_receipts_status')),
    sa.ForeignKeyConstraint(['confirmed_by'], ['users.id'], name=op.f('fk_goods_receipts_confirmed_by_users')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_goods_receipts_created_by_users')),
    sa.ForeignKeyConstraint(['producer_id'], ['producers.id'], name=op.f('fk_goods_receipts_producer_id_producers')),
    sa.ForeignKeyConstraint(['reverses_id'], ['goods_receipts.id'], name=op.f('fk_goods_receipts_reverses_id_goods_receipts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goods_receipts')),
    sa.UniqueConstraint('reverses_id', name=op.f('uq_goods_receipts_reverses_id'))
    )
    with op.batch_alter_table('goods_receipts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goods_receipts_producer_id'), ['producer_id'], unique=False)
        batch_op.create_index('ix_goods_receipts_status_created', ['status', 'created_at'], unique=False)

    op.create_table('goods_receipt_lines',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('receipt_id', sa.Uuid(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Uuid(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_cost_vnd', sa.Integer(), nullable=True),
    sa.Column('batch_no', sa.String(length=40), nullable=False),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('consignment', sa.Boolean(), nullable=False),
    sa.Column('commission_pct', sa.Integer(), nullable=False),
    sa.Column('movement_id', sa.Uuid(), nullable=True),
    sa.CheckConstraint('commission_pct BETWEEN 0 AND 100', name=op.f('ck_goods_receipt_lines_commission_pct')),
    sa.CheckConstraint('quantity <> 0', name=op.f('ck_goods_receipt_lines_quantity')),
    sa.CheckConstraint('unit_cost_vnd IS NULL OR unit_cost_vnd >= 0', name=op.f('ck_goods_receipt_lines_unit_cost_vnd')),
    sa.ForeignKeyConstraint(['movement_id'], ['stock_movements.id'], name=op.f('fk_goods_receipt_lines_movement_id_stock_movements')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_goods_receipt_lines_product_id_products')),
    sa.ForeignKeyConstraint(['receipt_id'], ['goods_receipts.id'], name=op.f('fk_goods_receipt_lines_receipt_id_goods_receipts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goods_receipt_lines')),
    sa.UniqueConstraint('receipt_id', 'line_no', name=op.f('uq_goods_receipt_lines_receipt_id'))
    )
    with op.batch_alter_table('goods_receipt_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goods_receipt_lines_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_goods_receipt_lines_receipt_id'), ['receipt_id'], unique=False)

    op.create_table('stock_adjustments',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('product_id', sa.Uuid(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=12), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('batch_no', sa.String(length=40), nullable=False),
    sa.Column('movement_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', db.models.base.UtcDateTime(), nullable=False),
    sa.CheckConstraint("reason IN ('damaged', 'expired', 'lost', 'sample', 'gift', 'returned')", name=op.f('ck_stock_adjustments_reason')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_stock_adjustments_quantity')),
    sa.ForeignKeyConstraint(['movement_id'], ['stock_movements.id'], name=op.f('fk_stock_adjustments_movement_id_stock_movements')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_stock_adjustments_product_id_products')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_stock_adjustments_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_adjustments'))
    )
    with op.batch_alter_table('stock_adjustments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stock_adjustments_product_id'), ['product_id'], unique=False)

    op.create_table('stock_count_lines',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('count_id', sa.Uuid(), nullable=False),
    sa.Column('product_id', sa.Uuid(), nullable=False),
    sa.Column('counted', sa.Integer(), nullable=False),
    sa.Column('expected', sa.Integer(), nullable=False),
    sa.Column('counted_at', db.models.base.UtcDateTime(), nullable=False),
    sa.Column('movement_id', sa.Uuid(), nullable=True),
    sa.CheckConstraint('counted >= 0', name=op.f('ck_stock_count_lines_counted')),
    sa.ForeignKeyConstraint(['count_id'], ['stock_counts.id'], name=op.f('fk_stock_count_lines_count_id_stock_counts')),
    sa.ForeignKeyConstraint(['movement_id'], ['stock_movements.id'], name=op.f('fk_stock_count_lines_movement_id_stock_movements')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_stock_count_lines_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_count_lines')),
    sa.UniqueConstraint('count_id', 'product_id', name=op.f('uq_stock_count_lines_count_id'))
    )
    with op.batch_alter_table('stock_count_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stock_count_lines_product_id'), ['product_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('stock_count_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stock_count_lines_product_id'))

    op.drop_table('stock_count_lines')
    with op.batch_alter_table('stock_adjustments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stock_adjustments_product_id'))

    op.drop_table('stock_adjustments')
    with op.batch_alter_table('goods_receipt_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goods_receipt_lines_receipt_id'))
        batch_op.drop_index(batch_op.f('ix_goods_receipt_lines_product_id'))

    op.drop_table('goods_receipt_lines')
    with op.batch_alter_table('goods_receipts', schema=None) as batch_op:
        batch_op.drop_index('ix_goods_receipts_status_created')
        batch_op.drop_index(batch_op.f('ix_goods_receipts_producer_id'))

    op.drop_table('goods_receipts')
    op.drop_table('stock_counts')

"""E-invoices at head office: each invoice's latest state and the company buyers seen on them,
filled from the ``einvoice`` entries already kept as they came.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08 09:00:00.000000
"""

import uuid

import sqlalchemy as sa
from alembic import op

import hq.models.base

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    einvoices = op.create_table(
        "einvoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("terminal_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("sale_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("symbol", sa.String(length=8), nullable=False),
        sa.Column("invoice_no", sa.String(length=20), nullable=False),
        sa.Column("tax_authority_code", sa.String(length=40), nullable=False),
        sa.Column("buyer_tax_code", sa.String(length=14), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.Column("received_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_einvoices_terminal_id_terminals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_einvoices")),
        sa.UniqueConstraint("terminal_id", "key", name=op.f("uq_einvoices_terminal_id")),
    )
    op.create_index("ix_einvoices_status_updated", "einvoices", ["status", "updated_at"])
    op.create_index(op.f("ix_einvoices_sale_id"), "einvoices", ["sale_id"])
    buyers = op.create_table(
        "einvoice_buyers",
        sa.Column("tax_code", sa.String(length=14), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("updated_at", hq.models.base.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("tax_code", name=op.f("pk_einvoice_buyers")),
    )
    _fill(einvoices, buyers)


def _fill(einvoices: sa.Table, buyers: sa.Table) -> None:
    """The latest state of each invoice from the entries kept so far (oldest first, so the
    newest wins), and the buyers they named."""
    entries = sa.table(
        "entries",
        sa.column("terminal_id", sa.Integer()),
        sa.column("seq", sa.BigInteger()),
        sa.column("kind", sa.String()),
        sa.column("created_at", hq.models.base.UtcDateTime()),
        sa.column("received_at", hq.models.base.UtcDateTime()),
        sa.column("payload", hq.models.base.Json),
    )
    rows = op.get_bind().execute(
        sa.select(entries)
        .where(entries.c.kind == "einvoice")
        .order_by(entries.c.terminal_id, entries.c.seq)
    )
    latest, named = {}, {}
    for row in rows:
        p = row.payload if isinstance(row.payload, dict) else {}
        if not p.get("key"):
            continue
        latest[(row.terminal_id, str(p["key"])[:64])] = {
            "terminal_id": row.terminal_id,
            "key": str(p["key"])[:64],
            "kind": str(p.get("kind") or "sale")[:10],
            "sale_id": _uuid(p.get("sale_id")),
            "status": str(p.get("status") or "")[:10],
            "symbol": str(p.get("symbol") or "")[:8],
            "invoice_no": str(p.get("invoice_no") or "")[:20],
            "tax_authority_code": str(p.get("tax_authority_code") or "")[:40],
            "buyer_tax_code": str(p.get("buyer_tax_code") or "")[:14],
            "reason": str(p.get("reason") or "")[:200],
            "seq": row.seq,
            "updated_at": row.created_at,
            "received_at": row.received_at,
        }
        if p.get("buyer_tax_code") and p.get("buyer_name"):
            named[str(p["buyer_tax_code"])[:14]] = {
                "tax_code": str(p["buyer_tax_code"])[:14],
                "name": str(p["buyer_name"])[:200],
                "address": str(p.get("buyer_address") or "")[:300],
                "updated_at": row.created_at,
            }
    if latest:
        op.bulk_insert(einvoices, list(latest.values()))
    if named:
        op.bulk_insert(buyers, list(named.values()))


def _uuid(value):
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def downgrade() -> None:
    op.drop_table("einvoice_buyers")
    op.drop_index(op.f("ix_einvoices_sale_id"), table_name="einvoices")
    op.drop_index("ix_einvoices_status_updated", table_name="einvoices")
    op.drop_table("einvoices")

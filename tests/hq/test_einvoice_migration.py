"""Head office's invoice table, made by its migration from the ``einvoice`` entries a head office
kept before it had one: the newest state of each invoice, and the company buyers named."""

import datetime as dt
import uuid

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import insert, select

from hq import store, terminals
from hq.models import EInvoice, EInvoiceBuyer, Entry, Terminal


def _einvoices_revision():
    script = ScriptDirectory.from_config(store.alembic_config())
    return next(r for r in script.walk_revisions() if "E-invoices at head office" in (r.doc or ""))


def _upgrade(engine, target: str) -> None:
    with engine.begin() as conn:
        cfg = store.alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


def test_migration_fills_invoices_from_the_entries_kept_so_far(tmp_path):
    engine = store.make_engine(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    _upgrade(engine, _einvoices_revision().down_revision)
    factory = store.make_session_factory(engine)
    with factory.begin() as s:
        terminals.add_terminal(s, "DL-07")
    at = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)
    states = [
        {"key": "s1", "status": "pending", "buyer_tax_code": "0100109106",
         "buyer_name": "Công ty Sen Vàng", "buyer_address": "Hà Nội"},
        {"key": "s1", "status": "issued", "invoice_no": "0000001", "symbol": "C26MAA"},
        {"key": "s2", "status": "failed", "reason": "INVALID_INVOICE_SERIES"},
    ]  # fmt: skip
    with factory.begin() as s:
        terminal_id = s.scalar(select(Terminal.id))
        s.execute(
            insert(Entry),
            [
                {"id": uuid.uuid4(), "terminal_id": terminal_id, "seq": n, "kind": "einvoice",
                 "applied": False, "created_at": at + dt.timedelta(minutes=n),
                 "received_at": at, "payload": payload}
                for n, payload in enumerate(states, start=1)
            ],
        )  # fmt: skip
    _upgrade(engine, "head")
    with factory() as s:
        rows = {r.key: (r.status, r.invoice_no, r.reason) for r in s.scalars(select(EInvoice))}
        buyer = s.get(EInvoiceBuyer, "0100109106")
    assert rows == {
        "s1": ("issued", "0000001", ""),
        "s2": ("failed", "", "INVALID_INVOICE_SERIES"),
    }
    assert (buyer.name, buyer.address) == ("Công ty Sen Vàng", "Hà Nội")
    engine.dispose()

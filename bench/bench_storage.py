"""Benchmark: database bytes per sale once the sale is synced and its outbox payload pruned.

Target (issue 18): at most 3 KB per sale. N typical sales of the demo catalogue (1 to 5 lines,
some goods weighed, cash, card, VietQR and split payments, a few discounts) go through the real
till (``kiosk.core.sale.Till``: the sale, its lines, VAT, payments, stock movements, audit
events, outbox entries and the receipt's print job, in one transaction). Every print job is then
marked printed, as the print queue does. The outbox is pushed the way
``kiosk.core.sync.client.SyncClient`` pushes it (``unsent_batch``, ``push_body``), each body is
parsed by head office's own ``hq.protocol.PushRequest``, and every entry is acknowledged
``applied`` and marked through ``mark_answered``. The clock then moves past ``outbox_keep_days``,
``prune_outbox`` runs as the sync does, and the file is compacted as the kiosk compacts it
(:func:`db.maintenance.compact`). Bytes per sale = (file size after − size of the same file
before the sales) / N. The first row is the compacted file (checkpointed and VACUUMed by the
bench whatever the kiosk did); the second is the file as the kiosk's own day-end upkeep
(:func:`kiosk.core.upkeep.after_day_end`) left it, checkpointed; the rows below break the first
down by table and index from SQLite's ``dbstat`` (p50 column: bytes per sale).

The bench fails unless the N sales and their lines were written, every entry was sent and every
payload is gone.

Run alone: ``python -m bench.bench_storage [--quick]``.
"""

import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, update

from db import make_session_factory, upgrade
from db.maintenance import compact
from db.models import OutboxEntry, PrintJob, Sale, SaleLine
from hq import protocol
from kiosk.core.cash.shifts import Shifts
from kiosk.core.catalogue.demo import load_demo
from kiosk.core.catalogue.lookup import Catalogue
from kiosk.core.people.users import Users
from kiosk.core.sale.checkout import Checkout
from kiosk.core.sale.till import Till
from kiosk.core.settings import Settings
from kiosk.core.sync.pruning import prune_outbox
from kiosk.core.sync.push import answered, mark_answered, push_body, unsent_batch
from kiosk.core.upkeep import PRINTED_JOBS_KEEP_DAYS, after_day_end, free_fraction

SALES, QUICK_SALES = 5_000, 500
TARGET_BYTES = 3 * 1024
BATCH = 1_000  # the sync client's batch size


def _shop(path: Path) -> tuple[Till, object]:
    """A migrated file with the demo catalogue, three people and an open shift."""
    from argon2 import PasswordHasher

    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(path.name + "*"):
        old.unlink()
    engine = upgrade(path)
    sf = make_session_factory(engine)
    load_demo(sf)
    settings = Settings(sf)
    users = Users(sf, settings, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    admin = users.create("Hà", "admin", "9999", by=None)
    users.create("Minh", "manager", "2222", by=admin)
    users.create("Lan", "clerk", "1111", by=admin)
    Shifts(sf, settings).open(admin, 1_000_000)
    _stock_up(sf, admin.id)
    till = Till(
        users=users,
        catalogue=Catalogue(sf, settings),
        checkout=Checkout(sf, settings),
        settings=settings,
        session_factory=sf,
    )
    till.sign_in("Lan", "1111")
    return till, engine


def _stock_up(sf, user_id) -> None:
    """A delivery of every product, as a stocked shop has (the demo's few pieces would take
    most sales below zero, which no shop does all day)."""
    from db.models import Product
    from kiosk.core.stock.ledger import Movement, post

    with sf.begin() as s:
        goods = s.execute(select(Product.id, Product.unit)).all()
        receipts = [
            Movement(pid, "receipt", 10_000_000 if unit == "gram" else 100_000, "bench")
            for pid, unit in goods
        ]
        post(s, receipts, user_id=user_id, at=dt.datetime.now(dt.UTC))


def _codes(till: Till) -> tuple[list[str], list[str]]:
    """The demo's barcodes of goods sold by the piece, and of goods sold by weight."""
    from db.models import Barcode, Product

    with till._sf() as s:
        rows = s.execute(select(Barcode.code, Product.unit).join(Product)).all()
    pieces = [code for code, unit in rows if unit == "piece"]
    weighed = [code for code, unit in rows if unit == "gram"]
    assert pieces and weighed, "the demo catalogue has goods of both kinds"
    return pieces, weighed


def _sell(till: Till, rnd: random.Random, pieces: list[str], weighed: list[str]) -> None:
    """One customer: 1 to 5 lines (one in five sales has a weighed line), then payment."""
    for _ in range(rnd.choice((1, 1, 2, 2, 3, 3, 4, 5))):
        if rnd.random() < 0.2:
            code = rnd.choice(weighed)
            found = till.scan(code).needs_weight
            assert found is not None, f"{code} did not ask for a weight"
            till.add(found, rnd.randrange(100, 1500), barcode=code)
        else:
            for _ in range(rnd.choice((1, 1, 1, 2))):
                till.scan(rnd.choice(pieces))
    if rnd.random() < 0.05:
        till.discount_line(till.cart.lines[0].id, percent=5)
    draft = till.begin_payment()
    due, kind = draft.due_vnd, rnd.random()
    if kind < 0.55:
        draft.add_cash(due + 100_000 - due % 100_000)
    elif kind < 0.75:
        draft.add_card(due, f"{rnd.randrange(10**6):06d}")
    elif kind < 0.95:
        draft.add_vietqr(due, f"FT{rnd.randrange(10**10):010d}")
    else:
        draft.add_vietqr(due // 2)
        draft.add_cash(draft.due_vnd)
    till.complete(draft)


def _push_all(sf, terminal_code: str, now: dt.datetime) -> int:
    """Push the whole outbox as the sync client does, head office acknowledging every entry."""
    pushed = 0
    while True:
        with sf() as s:
            batch = unsent_batch(s, BATCH)
        if not batch:
            return pushed
        body = push_body(batch, terminal_code, 0)
        request = protocol.PushRequest.model_validate_json(body)
        assert len(request.entries) == len(batch)
        answer = protocol.PushResponse(
            results=[
                protocol.EntryResult(id=row.id, index=i, status="applied")
                for i, row in enumerate(batch)
            ]
        )
        with sf.begin() as s:
            counts = mark_answered(s, answered(batch, answer), now)
        assert counts["applied"] == len(batch)
        pushed += len(batch)


def _sizes(engine) -> tuple[int, dict[str, int]]:
    """The file's size and each table's and index's bytes, after compaction."""
    path = Path(engine.url.database)
    compact(engine)
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").all()
    return path.stat().st_size, dict(rows)


def _close_day(till: Till) -> None:
    """The shift closed and the Z report made, as the manager does at the end of the day."""
    shifts = Shifts(till._sf, till.settings)
    manager = next(p for p in till.people() if p.name == "Hà")
    shifts.close(manager, {})
    shifts.end_day(manager)


def _check(sf, sales: int) -> None:
    """What the bench claims happened: the sales written, sent, and their payloads dropped."""
    with sf() as s:
        assert s.scalar(select(func.count()).select_from(Sale)) == sales
        assert s.scalar(select(func.count()).select_from(SaleLine)) >= sales
        entries = s.scalar(select(func.count()).select_from(OutboxEntry))
        assert entries >= sales
        unsent = select(func.count()).select_from(OutboxEntry).where(OutboxEntry.sent_at.is_(None))
        assert s.scalar(unsent) == 0
        whole = s.execute(
            select(func.count()).select_from(OutboxEntry).where(OutboxEntry.payload != {})
        ).scalar()
        assert whole == 0, f"{whole} of {entries} outbox payloads were not pruned"


@dataclass
class Measured:
    """Bytes of the file and of each table and index, before the sales and after."""

    growth: int  # the compacted file's growth
    kiosk_growth: int  # the growth of the file as the kiosk's own upkeep left it
    free_fraction: float  # the share of free pages in that file
    compacted: bool  # whether the kiosk's upkeep compacted it
    before: dict[str, int]
    after: dict[str, int]


def measure(workdir: Path, sales: int) -> Measured:
    """Sell, sync, prune, let the kiosk's upkeep run, then compact for the measure."""
    till, engine = _shop(Path(workdir) / "storage.sqlite3")
    sf = till._sf
    try:
        size_before, before = _sizes(engine)
        rnd = random.Random(18)
        pieces, weighed = _codes(till)
        for _ in range(sales):
            _sell(till, rnd, pieces, weighed)
        with sf.begin() as s:  # printed, as the print queue marks each job
            s.execute(update(PrintJob).values(status="printed", attempts=1))
        _close_day(till)
        now = dt.datetime.now(dt.UTC)
        assert _push_all(sf, till.settings["terminal_code"], now) >= sales
        # A month on: the sync prunes what head office confirmed, and a day's Z report is
        # followed by the kiosk's upkeep (old print jobs, compaction when much is free).
        keep = int(till.settings["outbox_keep_days"])
        later = now + dt.timedelta(days=max(keep, PRINTED_JOBS_KEEP_DAYS) + 1)
        prune_outbox(sf, now=later)
        done = after_day_end(sf, now=later)
        assert done.print_jobs_deleted >= sales, "the printed receipts' jobs were kept"
        _check(sf, sales)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        kiosk_size, fraction = Path(engine.url.database).stat().st_size, free_fraction(sf)
        size_after, after = _sizes(engine)
    finally:
        engine.dispose()
    return Measured(
        size_after - size_before, kiosk_size - size_before, fraction, done.compacted, before, after
    )


def run(workdir: Path, quick: bool) -> list[dict]:
    sales = QUICK_SALES if quick else SALES
    m = measure(workdir, sales)
    per_sale = m.growth / sales
    rows = [
        _row(f"storage: file bytes per sale, synced, pruned, VACUUMed ({sales:,} sales)", per_sale),
        _row(
            "storage: file bytes per sale as the kiosk's upkeep left it "
            f"({'compacted' if m.compacted else 'not compacted'}; free pages {m.free_fraction:.0%})",
            m.kiosk_growth / sales,
        ),
    ]
    rows[0]["target"] = f"≤ {TARGET_BYTES:,} B: {'met' if per_sale <= TARGET_BYTES else 'not met'}"
    grown = {n: (m.after.get(n, 0) - m.before.get(n, 0)) / sales for n in m.after.keys() | m.before}
    for name, b in sorted(grown.items(), key=lambda kv: -kv[1]):
        if abs(b) >= 1:
            rows.append(_row(f"storage: {name}", b))
    for r in rows:
        r["n"] = sales
    return rows


def _row(name: str, bytes_per_sale: float) -> dict:
    return {
        "name": name,
        "p50_ms": bytes_per_sale,
        "p99_ms": None,
        "baseline_p50_ms": None,
        "ratio": None,
        "target": "(p50 column: bytes per sale)",
    }


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    for r in run(Path(__file__).parent / "out", quick):
        print(f"{r['name']}: {r['p50_ms']:.0f} B per sale")

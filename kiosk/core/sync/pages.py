"""The catalogue pull page by page: each page applied in its own transaction with the cursor of
the next, so a pull cut halfway (network, power) resumes at the page it stopped at, and the
terminal's catalogue version becomes head office's only when the last page is in.

Head office fixes the pull's target version at its first page; what changes there during the pull
comes with the next pull, which this one starts at once after finishing: that request also tells
head office the version now applied (its terminals page shows it), and is empty when nothing
changed meanwhile.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from hq import protocol
from kiosk.core.sync.errors import SyncUnavailable
from kiosk.core.sync.pull import apply_catalogue
from kiosk.core.sync.state import (
    KEY_CATALOGUE_CURSOR,
    KEY_CATALOGUE_VERSION,
    drop_state,
    get_state,
    put_state,
)

MAX_VERSIONS = 3  # targets reached in one pull: a head office importing all day cannot hold it


@dataclass(frozen=True)
class PullReport:
    """What a pull brought: rows of each kind, the versions before and after, the pages asked."""

    since: int
    version: int
    producers: int = 0
    products: int = 0
    barcodes: int = 0
    prices: int = 0
    removed: int = 0
    pages: int = 0

    @classmethod
    def of(cls, changes: protocol.CatalogueChanges) -> "PullReport":
        """What applying ``changes`` (one page) brought: how many of each kind, and the versions."""
        return cls(
            since=changes.since,
            version=changes.version,
            producers=len(changes.producers),
            products=len(changes.products),
            barcodes=len(changes.barcodes),
            prices=len(changes.prices),
            removed=len(changes.removed_products),
            pages=1,
        )

    def __add__(self, other: "PullReport") -> "PullReport":
        return PullReport(
            self.since,
            other.version,
            self.producers + other.producers,
            self.products + other.products,
            self.barcodes + other.barcodes,
            self.prices + other.prices,
            self.removed + other.removed,
            self.pages + other.pages,
        )


Fetch = Callable[[dict[str, int | str]], protocol.CatalogueChanges]


def _position(session: Session) -> tuple[int, str | None]:
    return int(get_state(session, KEY_CATALOGUE_VERSION) or 0), get_state(
        session, KEY_CATALOGUE_CURSOR
    )


def pull_pages(
    session_factory: sessionmaker[Session],
    fetch: Fetch,
    on_applied: Callable[[Session], None],
    *,
    page_size: int = protocol.CATALOGUE_PAGE_MAX,
) -> PullReport:
    """Ask for pages and apply each in its own transaction (``on_applied`` runs in it), until
    head office has nothing after the version reached. ``fetch`` raises the client's errors."""
    report: PullReport | None = None
    reached = 0
    while True:
        with session_factory() as session:
            since, cursor = _position(session)
        params: dict[str, int | str] = {"since": since, "limit": page_size}
        if cursor:
            params["cursor"] = cursor
        try:
            changes = fetch(params)
        except SyncUnavailable as exc:
            if cursor is None or exc.data.get("status") != 422:
                raise
            _forget_cursor(session_factory, cursor)  # head office no longer knows it: start over
            continue
        with session_factory.begin() as session:
            if _position(session) != (since, cursor):  # another pull got there first
                return report or PullReport(since=since, version=since)
            apply_catalogue(session, changes)
            if changes.next_cursor:
                put_state(session, KEY_CATALOGUE_CURSOR, changes.next_cursor)
            else:
                put_state(session, KEY_CATALOGUE_VERSION, str(changes.version))
                drop_state(session, KEY_CATALOGUE_CURSOR)
            on_applied(session)
        page = PullReport.of(changes)
        report = page if report is None else report + page
        if changes.next_cursor is None:
            reached += 1
            if changes.version <= since or reached > MAX_VERSIONS:
                return report


def _forget_cursor(session_factory: sessionmaker[Session], cursor: str) -> None:
    with session_factory.begin() as session:
        if get_state(session, KEY_CATALOGUE_CURSOR) == cursor:
            drop_state(session, KEY_CATALOGUE_CURSOR)

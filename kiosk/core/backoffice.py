"""The back office as the manager's screens use it: shifts, voids and refunds, reports and
producer settlement behind one object, with who may enter and where documents are saved.

A manager or an admin enters alone; a clerk enters with a manager's PIN, and that manager is
then the authoriser of every action of the visit (DESIGN: "their PIN authorises a clerk's
action"). The screens hold a :class:`Visit` and pass it to each call, so everything a screen
offers is a plain call that a test makes without a window.

A clerk's visit is one this office opened after the PIN check, lives at most
``backoffice_visit_minutes`` and ends when the clerk leaves: each manager-only action of it gets
its own single-use proof from :class:`~kiosk.core.people.proofs.Proofs`, minted here for the
live visit only. A Visit built by hand with a manager in it authorises nothing.
"""

import datetime as dt
import io
import secrets
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Shift
from hardware.document import Document
from hardware.interfaces import ReceiptPrinter
from kiosk.core.cash.refundable import SaleForRefund
from kiosk.core.cash.refunds import CompletedRefund, RefundItem, Refunds
from kiosk.core.cash.settlement import Settlements, Statement
from kiosk.core.cash.shifts import Shifts, count_cash
from kiosk.core.cash.voids import VoidedSale
from kiosk.core.errors import AuthorisationRequired
from kiosk.core.localtime import VIETNAM
from kiosk.core.people.permissions import Permission, allows
from kiosk.core.people.users import Actor, Users
from kiosk.core.reports.period import Reports
from kiosk.core.reports.table import ReportTable, write_csv
from kiosk.core.reports.xz import CashReport, ShiftInfo, denominations
from kiosk.core.sale.drawer import open_drawer
from kiosk.core.upkeep import after_day_end

if TYPE_CHECKING:
    from kiosk.core.services import Services

ENTRY = Permission.VIEW_REPORTS  # managers and admins enter the back office alone


@dataclass(frozen=True)
class Visit:
    """Who is in the back office: ``actor`` signed in at the till, ``manager`` the one whose
    PIN let a clerk in (None when the actor is a manager or admin)."""

    actor: Actor
    manager: Actor | None = None
    token: str = field(default="", repr=False, compare=False)
    expires_at: dt.datetime | None = field(default=None, repr=False, compare=False)

    @property
    def responsible(self) -> Actor:
        """Who answers for what only a manager may see or do (reports, statements)."""
        return self.manager or self.actor


def may_enter(actor: Actor | None) -> bool:
    """Whether ``actor`` enters without a manager's PIN."""
    return actor is not None and allows(actor.role, ENTRY)


def stamp(moment: dt.datetime) -> str:
    """A file-name-safe local time: ``20261130-1432``."""
    return f"{moment.astimezone(VIETNAM):%Y%m%d-%H%M%S}"


class BackOffice:
    """State: the core services it fronts and the folder documents are saved into."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        settings: Mapping[str, Any],
        users: Users,
        *,
        documents_dir: Path,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ):
        self.session_factory = session_factory
        self.settings = settings
        self.users = users
        self.documents_dir = Path(documents_dir)
        self.clock = clock
        self.shifts = Shifts(session_factory, settings, clock=clock, proofs=users.proofs)
        self.refunds = Refunds(session_factory, settings, clock=clock, proofs=users.proofs)
        self.reports = Reports(session_factory, settings)
        self.settlements = Settlements(session_factory, settings, clock=clock)
        self._visits: dict[str, Visit] = {}  # a clerk's live visits, by token
        self._lock = threading.Lock()

    @classmethod
    def of(cls, services: "Services") -> "BackOffice":
        """The back office on the kiosk's own services; documents go to ``data_dir/documents``."""
        office = cls(
            services.session_factory,
            services.settings,
            services.users,
            documents_dir=services.data_dir / "documents",
        )
        office.shifts, office.refunds = services.shifts, services.refunds
        office.reports, office.settlements = services.reports, services.settlements
        return office

    # -- entering -------------------------------------------------------------------------

    def enter(
        self, actor: Actor, manager_pin: str | None = None, manager: str | None = None
    ) -> Visit:
        """A manager or admin enters alone; a clerk needs ``manager_pin`` (``manager``: whose,
        when the prompt named them). A missing PIN raises AuthorisationRequired, a wrong one
        WrongPin, counted and audited (see Users.authorise)."""
        if may_enter(actor):
            return Visit(actor)
        if manager_pin is None:
            raise AuthorisationRequired(permission=str(ENTRY))
        proof = self.users.authorise(ENTRY, manager_pin, for_actor=actor, manager=manager)
        self.users.proofs.redeem(proof, ENTRY, actor)
        minutes = int(self.settings["backoffice_visit_minutes"])
        visit = Visit(
            actor,
            proof.manager,
            token=secrets.token_urlsafe(24),
            expires_at=self.clock() + dt.timedelta(minutes=minutes),
        )
        with self._lock:
            self._visits[visit.token] = visit
        return visit

    def leave(self, visit: Visit) -> None:
        """The visit ends: nothing more is done on its manager's PIN."""
        with self._lock:
            self._visits.pop(visit.token, None)

    def _proof(self, visit: Visit, permission: Permission):
        """The proof for one manager-only action of ``visit``: None for a manager's own visit,
        a fresh single-use proof for a clerk's live visit; AuthorisationRequired otherwise."""
        if visit.manager is None:
            return None
        self._live(visit, permission)
        return self.users.proofs.issue(permission, visit.actor, visit.manager)

    def _live(self, visit: Visit, permission: Permission) -> None:
        with self._lock:
            known = self._visits.get(visit.token)
            expires = known.expires_at if known is not None else None
            if expires is not None and expires <= self.clock():
                del self._visits[visit.token]
                known = None
        if known is None or known != visit or known.manager != visit.manager:
            raise AuthorisationRequired(permission=str(permission), reason="visit_over")

    def _responsible(self, visit: Visit, permission: Permission) -> Actor:
        """Who answers for a report or statement: the manager of a live visit, or the actor."""
        if visit.manager is not None:
            self._live(visit, permission)
        return visit.responsible

    # -- shifts ---------------------------------------------------------------------------

    def current_shift(self) -> ShiftInfo | None:
        return self.shifts.current()

    def open_shift(
        self,
        actor: Actor,
        notes: Mapping[int, int],
        *,
        manager_pin: str | None = None,
        visit: Visit | None = None,
    ) -> ShiftInfo:
        """Open a shift with the float counted note by note. A clerk's first try raises
        AuthorisationRequired; the same call with a manager's PIN (or inside the back-office
        ``visit`` a manager's PIN let the clerk into) opens it."""
        float_vnd, _stored = count_cash(notes)
        proof = None
        if visit is not None and visit.actor == actor:
            proof = self._proof(visit, Permission.MANAGE_SHIFT)
        elif not allows(actor.role, Permission.MANAGE_SHIFT):
            if manager_pin is None:
                raise AuthorisationRequired(permission=str(Permission.MANAGE_SHIFT))
            proof = self.users.authorise(Permission.MANAGE_SHIFT, manager_pin, for_actor=actor)
        return self.shifts.open(actor, float_vnd, authorised_by=proof)

    def z_pending(self) -> bool:
        """Whether a closed shift waits for the Z report that ends its day."""
        with self.session_factory() as s:
            return (
                s.scalar(
                    select(Shift.id)
                    .where(
                        Shift.terminal_code == self.settings["terminal_code"],
                        Shift.closed_at.is_not(None),
                        Shift.z_report_id.is_(None),
                    )
                    .limit(1)
                )
                is not None
            )

    def pay_in(self, visit: Visit, amount_vnd: int, reason: str):
        proof = self._proof(visit, Permission.MANAGE_SHIFT)
        return self.shifts.pay_in(visit.actor, amount_vnd, reason, authorised_by=proof)

    def pay_out(self, visit: Visit, amount_vnd: int, reason: str):
        proof = self._proof(visit, Permission.MANAGE_SHIFT)
        return self.shifts.pay_out(visit.actor, amount_vnd, reason, authorised_by=proof)

    def denominations(self) -> tuple[int, ...]:
        """The notes the drawer's count asks for: a 500 đ row unless cash is rounded."""
        return denominations(int(self.settings.get("cash_rounding_vnd", 0)))

    def x_report(self) -> CashReport:
        return self.shifts.x_report()

    def close_shift(self, visit: Visit, notes: Mapping[int, int]) -> CashReport:
        proof = self._proof(visit, Permission.MANAGE_SHIFT)
        return self.shifts.close(visit.actor, notes, authorised_by=proof)

    def open_drawer(self, visit: Visit, printer: ReceiptPrinter, reason: str = "") -> None:
        """Open the cash drawer without a sale (audited; a clerk's visit spends a proof)."""
        open_drawer(
            self.session_factory,
            printer,
            visit.actor,
            authorised_by=self._proof(visit, Permission.OPEN_DRAWER),
            proofs=self.users.proofs,
            reason=reason,
        )

    def end_day(self, visit: Visit) -> CashReport:
        """The Z report, then the end-of-day upkeep (:mod:`kiosk.core.upkeep`)."""
        report = self.shifts.end_day(
            visit.actor, authorised_by=self._proof(visit, Permission.MANAGE_SHIFT)
        )
        after_day_end(self.session_factory, now=self.clock())
        return report

    def cash_document(self, report: CashReport, lang: str) -> Document:
        """The X or Z report for the receipt printer."""
        from kiosk.core.reports.xz_print import document

        return document(report, shop_name=self.settings["shop_name"], lang=lang)

    def save_cash_pdf(self, report: CashReport, lang: str) -> Path:
        from kiosk.core.reports.documents import cash_report_pdf

        name = f"z{report.z_no:04d}" if report.z_no is not None else report.kind
        path = self._path(f"{name}-{stamp(report.made_at)}-{lang}.pdf")
        return cash_report_pdf(report, path, settings=self.settings, lang=lang)

    # -- voids and refunds ----------------------------------------------------------------

    def find_sale(self, receipt_no: str, visit: Visit | None = None) -> SaleForRefund:
        """The sale of that receipt: this till's, else another till's of the shop from head
        office (:meth:`Refunds.find`; may wait a few seconds on the network)."""
        return self.refunds.find(receipt_no, actor=visit.actor if visit else None)

    def stored_sale(self, receipt_no: str) -> SaleForRefund:
        """The sale as this till has it (no network): the screen after a void or refund."""
        return self.refunds.stored(receipt_no)

    def void(self, visit: Visit, receipt_no: str, reason: str) -> VoidedSale:
        proof = self._proof(visit, Permission.VOID_SALE)
        return self.refunds.void_sale(visit.actor, receipt_no, reason, authorised_by=proof)

    def refund(
        self,
        visit: Visit,
        receipt_no: str,
        quantities: Mapping[int, int],
        *,
        reason: str,
        to: str = "original",
        damaged: bool = False,
        receipt_lang: str | None = None,
    ) -> CompletedRefund:
        """Refund ``quantities`` ({line number: how many}, zeros ignored) of the sale."""
        restock = "damaged" if damaged else "shelf"
        items = [RefundItem(n, q, restock) for n, q in sorted(quantities.items()) if q]
        proof = self._proof(visit, Permission.REFUND)
        return self.refunds.refund(
            visit.actor,
            receipt_no,
            items,
            reason=reason,
            to=to,
            authorised_by=proof,
            receipt_lang=receipt_lang,
        )

    # -- reports --------------------------------------------------------------------------

    def report(
        self, visit: Visit, key: str, start: dt.date, end: dt.date, lang: str
    ) -> ReportTable:
        who = self._responsible(visit, Permission.VIEW_REPORTS)
        return self.reports.table(who, key, start, end, lang=lang)

    def export_csv(self, table: ReportTable, start: dt.date, end: dt.date, lang: str) -> Path:
        """The table as a CSV file (UTF-8 with a BOM, so a spreadsheet reads the accents)."""
        out = io.StringIO()
        write_csv(table, out, lang)
        path = self._path(f"{table.key}-{start:%Y%m%d}-{end:%Y%m%d}-{lang}.csv")
        path.write_text(out.getvalue(), encoding="utf-8-sig")
        return path

    def save_report_pdf(
        self, tables: Sequence[ReportTable], title: str, start: dt.date, end: dt.date, lang: str
    ) -> Path:
        from kiosk.core.reports.documents import period_pdf

        key = tables[0].key if len(tables) == 1 else "reports"
        path = self._path(f"{key}-{start:%Y%m%d}-{end:%Y%m%d}-{lang}.pdf")
        return period_pdf(
            tables, path, title=title, start=start, end=end, settings=self.settings, lang=lang
        )

    # -- producer settlement ---------------------------------------------------------------

    def producers(self) -> list[tuple[Any, str]]:
        return self.settlements.consignment_producers()

    def statement(self, visit: Visit, producer_id, through: dt.date) -> Statement:
        who = self._responsible(visit, Permission.SETTLE_PRODUCERS)
        return self.settlements.statement(who, producer_id, through)

    def settle(self, visit: Visit, statement: Statement) -> Statement:
        who = self._responsible(visit, Permission.SETTLE_PRODUCERS)
        return self.settlements.settle(who, statement)

    def save_statement_pdf(self, statement: Statement, lang: str) -> Path:
        from kiosk.core.cash.statement_document import statement_pdf

        name = statement.statement_no or f"statement-{stamp(statement.period_end)}"
        path = self._path(f"{name}-{lang}.pdf")
        return statement_pdf(statement, path, settings=self.settings, lang=lang)

    def _path(self, name: str) -> Path:
        # Callers put the language in the name: a copy in English must not replace the
        # Vietnamese one saved a minute before.
        self.documents_dir.mkdir(parents=True, exist_ok=True)
        return self.documents_dir / name.replace("/", "-")

"""The ways from the till into a manager's work: into the back office, where a clerk needs a
manager's PIN, and opening a shift from the sale screen, where a clerk adds one."""

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from kiosk.core.backoffice import ENTRY, BackOffice, Visit, may_enter
from kiosk.core.people.permissions import Permission, allows
from kiosk.core.people.users import Actor
from kiosk.i18n import _
from kiosk.ui.backoffice.widgets import OpenShiftDialog
from kiosk.ui.shared.manager_pin import ManagerPinDialog
from kiosk.ui.shared.notices import Notices


def ask_to_enter(
    parent: QWidget,
    office: BackOffice,
    actor: Actor,
    open_dialog: Callable,
    enter: Callable[[Visit], None],
) -> None:
    """A manager or admin goes straight in; a clerk is asked for a manager's PIN first."""
    if may_enter(actor):
        enter(office.enter(actor))
        return

    def with_pin(pin: str, who: str | None) -> None:
        visit = office.enter(actor, pin, who)
        QTimer.singleShot(0, lambda: enter(visit))

    # The prompt names the manager (the PIN then counts toward their lock as well as the till's).
    names = [a.name for a in office.users.authorisers(ENTRY)]
    reason = _("The back office needs a manager.")
    open_dialog(ManagerPinDialog(parent, _("Manager PIN"), reason, names, with_pin))


def open_shift_dialog(
    parent: QWidget,
    office: BackOffice,
    actor: Actor,
    notices: Notices,
    opened: Callable[[], None],
    visit: Visit | None = None,
) -> OpenShiftDialog:
    """The float count that opens a shift and then calls ``opened``; a clerk adds a manager's PIN
    unless a manager's PIN already let them into the back office (``visit``)."""

    def apply(notes, pin) -> None:
        office.open_shift(actor, notes, manager_pin=pin, visit=visit)
        notices.info(_("Shift opened."))
        opened()

    return OpenShiftDialog(
        parent,
        apply,
        needs_manager=visit is None and not allows(actor.role, Permission.MANAGE_SHIFT),
        notes=office.denominations(),
    )

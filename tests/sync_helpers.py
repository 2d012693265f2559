"""Kiosk-side sync in tests: the demo till with a sync service and settings editor on its
database, and sales rung up the way a clerk does."""

import time

from kiosk.core.sale.till import Till
from kiosk.core.settings_editor import SettingsEditor
from kiosk.core.sync.service import SyncService
from tests.demo_till import FISH_SAUCE


def sync_for(till: Till, **kw) -> tuple[SyncService, SettingsEditor]:
    sync = SyncService(till._sf, till.settings, **kw)
    return sync, SettingsEditor(till.settings, sync)


def actor(till: Till, name: str):
    return next(p for p in till.people() if p.name == name)


def sell(till: Till, n: int = 1, code: str = FISH_SAUCE) -> None:
    """``n`` cash sales of one item, by Lan."""
    if not till.signed_in:
        till.sign_in("Lan", "1111")
    for _ in range(n):
        till.scan(code)
        draft = till.begin_payment()
        draft.add_cash(draft.due_vnd)
        till.complete(draft)


def wait_for(condition, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)

"""Polling a provider's transactions API, for a head office that cannot receive webhooks (no
public address). Each round asks for the transactions from the newest one stored; storing is
idempotent, so the overlap and a webhook running as well do no harm."""

import logging
import threading
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hq.bank.matching import Notification
from hq.bank.routes import store_notification
from hq.models import BankNotification

log = logging.getLogger(__name__)
INTERVAL_S = 5.0


class Poller(Protocol):
    """A provider's transactions API (``hq.bank.sepay.SePayPoller``)."""

    def fetch(self, since_id: int) -> list[Notification]: ...


def newest_id(session: Session, provider: str) -> int:
    """The highest numeric provider id stored for ``provider`` (0: none)."""
    ids = session.scalars(
        select(BankNotification.provider_id)
        .where(BankNotification.provider == provider)
        .order_by(BankNotification.id.desc())
        .limit(200)
    ).all()
    return max((int(i) for i in ids if i.isdigit()), default=0)


def poll_once(sf: sessionmaker[Session], poller: Poller, bell, provider: str, account="") -> int:
    """Fetch and store what is new; how many notifications were new."""
    with sf() as session:
        since = newest_id(session, provider)
    return sum(store_notification(sf, n, account, bell) for n in poller.fetch(since))


def start_polling(sf, poller, app, provider: str = "sepay", interval_s: float = INTERVAL_S):
    """Poll on a daemon thread for as long as the server runs; errors are logged and retried."""
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(interval_s):
            try:
                poll_once(sf, poller, app.state.bank_bell, provider)
            except Exception:  # the network, the provider: next round
                log.exception("polling %s failed", provider)

    threading.Thread(target=run, name="bank-poll", daemon=True).start()
    return stop

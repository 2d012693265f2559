"""The shop's account at its e-invoice provider, kept in ``sync_state`` beside the head-office
token (kiosk.core.sync.state), out of the settings table that is shown and synced. Never logged:
:class:`~kiosk.core.einvoice.provider.Credentials` hides the password in its repr."""

from sqlalchemy.orm import Session, sessionmaker

from db.models import SyncState
from kiosk.core.einvoice.provider import Credentials

KEY_USERNAME = "einvoice.username"
KEY_PASSWORD = "einvoice.password"


def save_credentials(session_factory: sessionmaker[Session], credentials: Credentials) -> None:
    with session_factory.begin() as s:
        put_credentials(s, credentials)


def put_credentials(session: Session, credentials: Credentials) -> None:
    """Store ``credentials`` in the caller's transaction (the settings editor audits with it)."""
    for key, value in ((KEY_USERNAME, credentials.username), (KEY_PASSWORD, credentials.password)):
        session.merge(SyncState(key=key, value=value))


def load_credentials(session_factory: sessionmaker[Session]) -> Credentials:
    with session_factory() as s:
        user, password = (s.get(SyncState, k) for k in (KEY_USERNAME, KEY_PASSWORD))
    return Credentials(user.value if user else "", password.value if password else "")

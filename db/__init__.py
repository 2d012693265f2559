"""Database layer: SQLAlchemy 2 models, engine set-up and Alembic migrations.

Imports nothing of ours (see the dependency rule in DESIGN.md).
"""

from db.engine import DatabaseError, DatabaseLocked, make_engine, make_session_factory
from db.migrate import upgrade
from db.models import *  # noqa: F403
from db.models import __all__ as _models_all

__all__ = [
    "DatabaseError",
    "DatabaseLocked",
    "make_engine",
    "make_session_factory",
    "upgrade",
    *_models_all,
]

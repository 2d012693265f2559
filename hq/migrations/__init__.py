"""Head office's Alembic environment and revisions (script location ``hq:migrations``)."""

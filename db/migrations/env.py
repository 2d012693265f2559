"""Alembic environment: runs on the connection the caller hands over (see db.migrate)."""

from alembic import context

from db.models import Base

target_metadata = Base.metadata

# Tables that live outside the ORM models (full-text index): not for autogenerate to drop.
UNMAPPED_TABLES = {"product_search"}


def include_object(obj, name, type_, reflected, compare_to):
    unmapped = name in UNMAPPED_TABLES or name.startswith("product_search_")
    return not (type_ == "table" and unmapped)


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        url = context.config.get_main_option("sqlalchemy.url")
        from sqlalchemy import create_engine

        with create_engine(url).connect() as conn:
            _run(conn)
            conn.commit()
        return
    _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported")
run_migrations_online()

"""Alembic environment: runs on the connection ``assistant.database.upgrade`` hands over (or a URL)."""

from alembic import context
from sqlalchemy import create_engine

from assistant.database import metadata


def run_migrations() -> None:
    """Migrate the connection given in the config attributes, else the ``sqlalchemy.url`` option."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
    try:
        with engine.begin() as own_connection:
            _migrate(own_connection)
    finally:
        engine.dispose()


def _migrate(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run careers-assistant db upgrade")
run_migrations()

"""Alembic environment: runs against the engine the app hands over."""

from __future__ import annotations

from alembic import context

from resources_db.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # command-line alembic (autogenerate during development)
    from sqlalchemy import create_engine

    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()

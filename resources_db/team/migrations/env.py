"""Alembic environment of the team server's schema (never the laptop's).

Runs on the connection ``team.admin`` hands over, already switched to the
team's owner role, so every object the migrations make is owned by that
NOLOGIN role. Its version table lives in the team schema under its own name,
so it can never be mistaken for a laptop library's ``alembic_version``.
"""

from __future__ import annotations

from alembic import context

from resources_db.team.roles import SCHEMA

VERSION_TABLE = "schema_version"

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    version_table=VERSION_TABLE,
    version_table_schema=SCHEMA,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()

"""the team library's record on the laptop: link, team resources and lists, outbox, conflicts

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    now = sa.text("(CURRENT_TIMESTAMP)")
    op.create_table(
        "team_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("login", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("library_id", sa.String(length=64), nullable=False),
        sa.Column("library_version", sa.Integer(), nullable=False),
        sa.Column("joined_at", sa.DateTime(), server_default=now, nullable=False),
        sa.Column("last_sync_at", sa.DateTime(), nullable=True),
        sa.Column("last_reconcile_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "team_resources",
        sa.Column("uid", sa.String(length=500), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("base", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("uid"),
    )
    op.create_table(
        "team_lists",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("collection_id", sa.Integer(), nullable=True),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("base", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["collection_id"], ["collections.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_team_lists_collection_id", "team_lists", ["collection_id"])
    op.create_table(
        "team_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=500), nullable=False),
        sa.Column("queued_at", sa.DateTime(), server_default=now, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_team_outbox_key", "team_outbox", ["key"])
    op.create_table(
        "team_conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=500), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("yours", sa.JSON(), nullable=True),
        sa.Column("theirs", sa.JSON(), nullable=True),
        sa.Column("kept", sa.String(length=10), nullable=False),
        sa.Column("at", sa.DateTime(), server_default=now, nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_team_conflicts_key", "team_conflicts", ["key"])


def downgrade() -> None:
    for table in ("team_conflicts", "team_outbox", "team_lists", "team_resources", "team_link"):
        op.drop_table(table)

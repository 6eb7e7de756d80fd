"""the user's curation: edited fields, the bin and own tags

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "resource_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_uid", sa.String(length=500), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("source_value", sa.JSON(), nullable=True),
        sa.Column("source_changed", sa.Boolean(), server_default="0", nullable=False),
        sa.Column(
            "edited_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("resource_uid", "field"),
    )
    op.create_index("ix_resource_edits_resource_uid", "resource_edits", ["resource_uid"])
    op.create_table(
        "bin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_uid", sa.String(length=500), nullable=False),
        sa.Column(
            "deleted_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("resource_uid"),
    )
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("folded", sa.String(length=100), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("folded"),
    )
    op.create_table(
        "resource_tags",
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("resource_uid", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tag_id", "resource_uid"),
    )
    op.create_index("ix_resource_tags_resource_uid", "resource_tags", ["resource_uid"])


def downgrade() -> None:
    op.drop_index("ix_resource_tags_resource_uid", table_name="resource_tags")
    op.drop_table("resource_tags")
    op.drop_table("tags")
    op.drop_table("bin")
    op.drop_index("ix_resource_edits_resource_uid", table_name="resource_edits")
    op.drop_table("resource_edits")

"""episodes' transcripts and chapters, and the files they came in (content-addressed)

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    now = sa.text("(CURRENT_TIMESTAMP)")
    op.create_table(
        "transcript_files",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(), server_default=now, nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "transcripts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_uid", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("source_kind", sa.String(length=20), nullable=False),
        sa.Column("source_url", sa.String(length=2000), nullable=False),
        sa.Column("media_type", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=40), nullable=False),
        sa.Column("timed", sa.Boolean(), nullable=False),
        sa.Column("cues", sa.JSON(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(), server_default=now, nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["transcript_files.sha256"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("resource_uid"),
    )
    op.create_index("ix_transcripts_sha256", "transcripts", ["sha256"])
    op.create_table(
        "episode_chapters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_uid", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("source_kind", sa.String(length=20), nullable=False),
        sa.Column("source_url", sa.String(length=2000), nullable=False),
        sa.Column("media_type", sa.String(length=200), nullable=False),
        sa.Column("chapters", sa.JSON(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(), server_default=now, nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["transcript_files.sha256"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("resource_uid"),
    )
    op.create_index("ix_episode_chapters_sha256", "episode_chapters", ["sha256"])


def downgrade() -> None:
    op.drop_index("ix_episode_chapters_sha256", table_name="episode_chapters")
    op.drop_table("episode_chapters")
    op.drop_index("ix_transcripts_sha256", table_name="transcripts")
    op.drop_table("transcripts")
    op.drop_table("transcript_files")

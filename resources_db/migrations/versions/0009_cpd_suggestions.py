"""CPD suggestions and their evidence (time a resource was open); review-due notices

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "practice_reading",
        sa.Column("resource_uid", sa.String(length=500), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("resource_uid", "day"),
    )
    op.create_table(
        "practice_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=600), nullable=False),
        sa.Column("resource_uid", sa.String(length=500), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=40), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_index(
        "ix_practice_suggestions_resource_uid", "practice_suggestions", ["resource_uid"]
    )
    op.create_table(
        "review_notices",
        sa.Column("resource_uid", sa.String(length=500), nullable=False),
        sa.Column("review_due", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("resource_uid", "review_due"),
    )


def downgrade() -> None:
    op.drop_table("review_notices")
    op.drop_index("ix_practice_suggestions_resource_uid", table_name="practice_suggestions")
    op.drop_table("practice_suggestions")
    op.drop_table("practice_reading")

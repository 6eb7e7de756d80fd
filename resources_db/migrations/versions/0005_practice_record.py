"""the private practice record: CPD log, reflective accounts, renewal date and lock

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column]:  # type: ignore[type-arg]
    now = sa.text("(CURRENT_TIMESTAMP)")
    return [
        sa.Column("created_at", sa.DateTime(), server_default=now, nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=now, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "practice_cpd",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=40), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("participatory", sa.Boolean(), nullable=False),
        sa.Column("resource_uid", sa.String(length=500), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("code", sa.JSON(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_index("ix_practice_cpd_day", "practice_cpd", ["day"])
    op.create_index("ix_practice_cpd_resource_uid", "practice_cpd", ["resource_uid"])
    op.create_table(
        "practice_reflections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=36), nullable=False),
        sa.Column("written", sa.Date(), nullable=False),
        sa.Column("resource_uid", sa.String(length=500), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("learned", sa.Text(), nullable=False),
        sa.Column("changed", sa.Text(), nullable=False),
        sa.Column("relevance", sa.Text(), nullable=False),
        sa.Column("code", sa.JSON(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "practice_reflection_cpd",
        sa.Column("reflection_id", sa.Integer(), nullable=False),
        sa.Column("cpd_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["reflection_id"], ["practice_reflections.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["cpd_id"], ["practice_cpd.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("reflection_id", "cpd_id"),
    )
    op.create_table(
        "practice_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("renewal_date", sa.Date(), nullable=True),
        sa.Column("lock_salt", sa.LargeBinary(), nullable=True),
        sa.Column("lock_n", sa.Integer(), nullable=True),
        sa.Column("lock_r", sa.Integer(), nullable=True),
        sa.Column("lock_p", sa.Integer(), nullable=True),
        sa.Column("lock_check", sa.LargeBinary(), nullable=True),
        sa.Column("locked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("practice_state")
    op.drop_table("practice_reflection_cpd")
    op.drop_table("practice_reflections")
    op.drop_index("ix_practice_cpd_resource_uid", table_name="practice_cpd")
    op.drop_index("ix_practice_cpd_day", table_name="practice_cpd")
    op.drop_table("practice_cpd")

"""bibliographic details, extra fields and author order

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TEXT_COLUMNS = (("journal", 500), ("volume", 100), ("issue", 100), ("pages", 100), ("doi", 300))


def upgrade() -> None:
    with op.batch_alter_table("resources") as batch:
        for name, length in _TEXT_COLUMNS:
            batch.add_column(
                sa.Column(name, sa.String(length=length), server_default="", nullable=False)
            )
        batch.add_column(sa.Column("extra", sa.JSON(), server_default="[]", nullable=False))
    with op.batch_alter_table("resource_authors") as batch:
        batch.add_column(sa.Column("position", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("resource_authors") as batch:
        batch.drop_column("position")
    with op.batch_alter_table("resources") as batch:
        batch.drop_column("extra")
        for name, _length in reversed(_TEXT_COLUMNS):
            batch.drop_column(name)

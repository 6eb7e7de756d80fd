"""currency: each resource's status, review dates and replacement links; alerts; starter packs

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The one starter pack every library made before this revision was given on its
# first start (the catalogue was filled whenever it was found empty).
FIRST_STARTER_PACK = "imhaw-2020"


def upgrade() -> None:
    now = sa.text("(CURRENT_TIMESTAMP)")
    with op.batch_alter_table("resources") as batch:
        batch.add_column(
            sa.Column("status", sa.String(length=20), server_default="current", nullable=False)
        )
        batch.add_column(sa.Column("last_reviewed", sa.Date(), nullable=True))
        batch.add_column(sa.Column("review_due", sa.Date(), nullable=True))
        for name in ("superseded_by", "replaces"):
            batch.add_column(
                sa.Column(name, sa.String(length=2000), server_default="", nullable=False)
            )
        batch.add_column(
            sa.Column("content_hash", sa.String(length=64), server_default="", nullable=False)
        )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_uid", sa.String(length=500), nullable=False),
        sa.Column("change", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("replacement", sa.String(length=2000), server_default="", nullable=False),
        sa.Column("at", sa.DateTime(), server_default=now, nullable=False),
        sa.Column("seen", sa.Boolean(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_alerts_resource_uid", "alerts", ["resource_uid"])
    starter_packs = op.create_table(
        "starter_packs",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("digest", sa.String(length=64), server_default="", nullable=False),
        sa.Column("loaded_at", sa.DateTime(), server_default=now, nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    # A library with a catalogue was given the first starter pack (or the person's
    # own resources stood in for it): recorded so that it is not given again. An
    # empty one gets every starter pack on its next start, as a new library does.
    filled = op.get_bind().execute(sa.text("SELECT 1 FROM resources LIMIT 1")).first()
    if filled is not None:
        op.bulk_insert(starter_packs, [{"name": FIRST_STARTER_PACK, "digest": ""}])


def downgrade() -> None:
    op.drop_table("starter_packs")
    op.drop_index("ix_alerts_resource_uid", table_name="alerts")
    op.drop_table("alerts")
    with op.batch_alter_table("resources") as batch:
        for name in (
            "content_hash",
            "replaces",
            "superseded_by",
            "review_due",
            "last_reviewed",
            "status",
        ):
            batch.drop_column(name)

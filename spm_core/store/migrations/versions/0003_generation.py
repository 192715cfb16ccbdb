"""The data generation: one number, raised in the same transaction as every change of what a page
shows, so every cache keyed by it is fresh on every server process.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "generasi_data",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("nomor", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(table, [{"id": 1, "nomor": 1}])


def downgrade():
    op.drop_table("generasi_data")

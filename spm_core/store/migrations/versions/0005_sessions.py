"""Logins that last: one row per browser login (only the SHA-256 of its random token is stored),
and the key that signs the session cookie.

Revision ID: 0005
Revises: 0004
"""

import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade():
    op.create_table(
        "sesi",
        sa.Column("id", ROW_ID, primary_key=True),
        sa.Column("hash_token", sa.String(64), nullable=False),
        sa.Column("pengguna_id", sa.Integer, sa.ForeignKey("pengguna.id"), nullable=False),
        sa.Column("masuk_pada", sa.DateTime(timezone=True), nullable=False),
        sa.Column("aktif_terakhir", sa.DateTime(timezone=True), nullable=False),
        sa.Column("berakhir_pada", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ux_sesi_hash_token", "sesi", ["hash_token"], unique=True)
    op.create_index("ix_sesi_pengguna", "sesi", ["pengguna_id"])
    settings = sa.table(
        "pengaturan",
        sa.column("kunci", sa.String),
        sa.column("nilai", sa.Text),
        sa.column("diubah_oleh", sa.String),
        sa.column("diubah_pada", sa.DateTime(timezone=True)),
    )
    op.bulk_insert(
        settings,
        [
            {
                "kunci": "kunci_sesi",
                "nilai": secrets.token_hex(32),
                "diubah_oleh": "sistem",
                "diubah_pada": datetime.now(UTC),
            }
        ],
    )


def downgrade():
    op.execute("DELETE FROM pengaturan WHERE kunci = 'kunci_sesi'")
    op.drop_index("ix_sesi_pengguna", "sesi")
    op.drop_index("ux_sesi_hash_token", "sesi")
    op.drop_table("sesi")

"""Approvals as new versions (with the verifier's per-row choices), the submitter's role and scope
on every version, password-change time and must-change flag on accounts, login failures per
account and client, and the key of the login log's hashed names.

Revision ID: 0004
Revises: 0003
"""

import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade():
    with op.batch_alter_table("pengguna") as batch:
        batch.add_column(sa.Column("sandi_diubah_pada", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("wajib_ganti_sandi", sa.Boolean, nullable=False, server_default=sa.false()))
    with op.batch_alter_table("versi") as batch:
        batch.add_column(sa.Column("peran_pengirim", sa.String(20)))
        batch.add_column(sa.Column("wilayah_pengirim", sa.String(20)))
        batch.add_column(sa.Column("bidang_pengirim", sa.String(20)))
        batch.add_column(sa.Column("dari_kiriman", sa.Integer))
        batch.add_column(sa.Column("menjadi_versi", sa.Integer))
    # the role and scope of whoever made each existing version, as far as the accounts tell
    op.execute(
        "UPDATE versi SET peran_pengirim = (SELECT peran FROM pengguna WHERE pengguna.nama = versi.pengguna), "
        "wilayah_pengirim = (SELECT kode_wilayah FROM pengguna WHERE pengguna.nama = versi.pengguna), "
        "bidang_pengirim = (SELECT kode_bidang FROM pengguna WHERE pengguna.nama = versi.pengguna)"
    )
    op.execute("UPDATE versi SET peran_pengirim = 'sistem' WHERE peran_pengirim IS NULL")
    op.create_table(
        "pilihan_konflik",
        sa.Column("id", ROW_ID, primary_key=True),
        sa.Column("versi_id", sa.Integer, sa.ForeignKey("versi.id"), nullable=False),
        sa.Column("kiriman_id", sa.Integer, sa.ForeignKey("versi.id"), nullable=False),
        sa.Column("tahun", sa.Integer, nullable=False),
        sa.Column("triwulan", sa.Integer, nullable=False),
        sa.Column("kode_wilayah", sa.String(20), nullable=False),
        sa.Column("kode_layanan", sa.String(30), nullable=False),
        sa.Column("pilihan", sa.String(10), nullable=False),
    )
    op.create_table(
        "gagal_masuk",
        sa.Column("id", ROW_ID, primary_key=True),
        sa.Column("akun", sa.String(64), nullable=False),
        sa.Column("klien", sa.String(64), nullable=False),
        sa.Column("jumlah", sa.Integer, nullable=False),
        sa.Column("terkunci_sampai", sa.DateTime(timezone=True)),
        sa.Column("terakhir", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ux_gagal_masuk", "gagal_masuk", ["akun", "klien"], unique=True)
    # Names typed at failed logins were kept verbatim (people type passwords there): keep only
    # their first three characters.
    op.execute(
        "UPDATE log_aktivitas SET pengguna = SUBSTR(pengguna, 1, 3) || '…' WHERE aksi = 'masuk_gagal' "
        "AND pengguna NOT IN (SELECT nama FROM pengguna)"
    )
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
                "kunci": "kunci_log_masuk",
                "nilai": secrets.token_hex(32),
                "diubah_oleh": "sistem",
                "diubah_pada": datetime.now(UTC),
            }
        ],
    )


def downgrade():
    op.execute("DELETE FROM pengaturan WHERE kunci = 'kunci_log_masuk'")
    op.drop_index("ux_gagal_masuk", "gagal_masuk")
    op.drop_table("gagal_masuk")
    op.drop_table("pilihan_konflik")
    with op.batch_alter_table("versi") as batch:
        for name in ("menjadi_versi", "dari_kiriman", "bidang_pengirim", "wilayah_pengirim", "peran_pengirim"):
            batch.drop_column(name)
    with op.batch_alter_table("pengguna") as batch:
        batch.drop_column("wajib_ganti_sandi")
        batch.drop_column("sandi_diubah_pada")

"""Initial schema: users, versions, append-only data rows, settings, activity log.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade():
    op.create_table(
        "pengguna",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("nama", sa.String(80), nullable=False, unique=True),
        sa.Column("hash_sandi", sa.String(255), nullable=False),
        sa.Column("peran", sa.String(20), nullable=False),
        sa.Column("kode_wilayah", sa.String(20)),
        sa.Column("kode_bidang", sa.String(20)),
        sa.Column("aktif", sa.Boolean, nullable=False),
        sa.Column("gagal_berturut", sa.Integer, nullable=False),
        sa.Column("terkunci_sampai", sa.DateTime(timezone=True)),
        sa.Column("dibuat_pada", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "versi",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("jenis", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("nama_berkas", sa.String(255)),
        sa.Column("sha256", sa.String(64)),
        sa.Column("pengguna", sa.String(80), nullable=False),
        sa.Column("dibuat_pada", sa.DateTime(timezone=True), nullable=False),
        sa.Column("jumlah_baris", sa.Integer, nullable=False),
        sa.Column("jumlah_baru", sa.Integer, nullable=False),
        sa.Column("jumlah_berubah", sa.Integer, nullable=False),
        sa.Column("jumlah_sama", sa.Integer, nullable=False),
        sa.Column("catatan", sa.Text),
        sa.Column("diputuskan_oleh", sa.String(80)),
        sa.Column("diputuskan_pada", sa.DateTime(timezone=True)),
        sa.Column("catatan_keputusan", sa.Text),
        sa.Column("dipulihkan_ke", sa.Integer),
    )
    op.create_table(
        "baris_data",
        sa.Column("id", ROW_ID, primary_key=True),
        sa.Column("versi_id", sa.Integer, sa.ForeignKey("versi.id"), nullable=False),
        sa.Column("tahun", sa.Integer, nullable=False),
        sa.Column("triwulan", sa.Integer, nullable=False),
        sa.Column("kode_wilayah", sa.String(20), nullable=False),
        sa.Column("kode_layanan", sa.String(30), nullable=False),
        sa.Column("harus_dilayani", sa.BigInteger),
        sa.Column("terlayani", sa.BigInteger),
        sa.Column("mutu_dibutuhkan", sa.BigInteger),
        sa.Column("mutu_tersedia", sa.BigInteger),
        sa.Column("anggaran_alokasi", sa.BigInteger),
        sa.Column("anggaran_realisasi", sa.BigInteger),
        sa.Column("biaya_satuan", sa.BigInteger),
        sa.Column("simulasi", sa.Boolean, nullable=False),
        sa.Column("dihapus", sa.Boolean, nullable=False),
    )
    op.create_index("ix_baris_data_versi", "baris_data", ["versi_id"])
    op.create_table(
        "pengaturan",
        sa.Column("kunci", sa.String(80), primary_key=True),
        sa.Column("nilai", sa.Text),
        sa.Column("diubah_oleh", sa.String(80)),
        sa.Column("diubah_pada", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "log_aktivitas",
        sa.Column("id", ROW_ID, primary_key=True),
        sa.Column("waktu", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pengguna", sa.String(80)),
        sa.Column("aksi", sa.String(40), nullable=False),
        sa.Column("keterangan", sa.Text),
    )


def downgrade():
    for table in ("log_aktivitas", "pengaturan", "baris_data", "versi", "pengguna"):
        op.drop_table(table)

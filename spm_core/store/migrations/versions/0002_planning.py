"""Planning tables (append-only): unit costs, the four stages, action plans, problems and
follow-ups.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def _who_when():
    return [
        sa.Column("pengguna", sa.String(80), nullable=False),
        sa.Column("dibuat_pada", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade():
    op.create_table(
        "biaya_satuan",
        sa.Column("id", ROW_ID, primary_key=True),
        sa.Column("kode_layanan", sa.String(30), nullable=False),
        sa.Column("kode_wilayah", sa.String(20)),
        sa.Column("biaya_satuan", sa.BigInteger),
        sa.Column("sumber", sa.Text, nullable=False),
        sa.Column("catatan", sa.Text),
        *_who_when(),
    )
    op.create_index("ix_biaya_satuan_kunci", "biaya_satuan", ["kode_layanan", "kode_wilayah"])
    op.create_table(
        "tahapan",
        sa.Column("id", ROW_ID, primary_key=True),
        sa.Column("tahun", sa.Integer, nullable=False),
        sa.Column("kode_wilayah", sa.String(20), nullable=False),
        sa.Column("kode_bidang", sa.String(20), nullable=False),
        sa.Column("tahap", sa.Integer, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("tanggal", sa.String(10)),
        sa.Column("catatan", sa.Text),
        *_who_when(),
    )
    op.create_index("ix_tahapan_tahun", "tahapan", ["tahun"])
    op.create_table(
        "rencana_aksi",
        sa.Column("id", ROW_ID, primary_key=True),
        sa.Column("tahun", sa.Integer, nullable=False),
        sa.Column("kode_wilayah", sa.String(20), nullable=False),
        sa.Column("kode_bidang", sa.String(20), nullable=False),
        sa.Column("ditetapkan", sa.Boolean, nullable=False),
        sa.Column("tanggal", sa.String(10)),
        sa.Column("catatan", sa.Text),
        *_who_when(),
    )
    op.create_index("ix_rencana_aksi_tahun", "rencana_aksi", ["tahun"])
    op.create_table(
        "permasalahan",
        sa.Column("id", ROW_ID, primary_key=True),
        sa.Column("nomor", sa.Integer, nullable=False),
        sa.Column("tahun", sa.Integer, nullable=False),
        sa.Column("triwulan", sa.Integer, nullable=False),
        sa.Column("kode_wilayah", sa.String(20), nullable=False),
        sa.Column("kode_bidang", sa.String(20), nullable=False),
        sa.Column("permasalahan", sa.Text, nullable=False),
        sa.Column("solusi", sa.Text),
        sa.Column("tindak_lanjut", sa.Text),
        sa.Column("penanggung_jawab", sa.String(120)),
        sa.Column("tenggat", sa.String(10)),
        sa.Column("status", sa.String(10), nullable=False),
        *_who_when(),
    )
    op.create_index("ix_permasalahan_nomor", "permasalahan", ["nomor"])


def downgrade():
    for table in ("permasalahan", "rencana_aksi", "tahapan", "biaya_satuan"):
        op.drop_table(table)

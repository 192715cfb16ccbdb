"""The database schema (SQLAlchemy Core). Changed only through a migration in ``migrations/``."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

ROW_ID = BigInteger().with_variant(Integer, "sqlite")  # SQLite autoincrements only INTEGER keys

users = Table(
    "pengguna",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("nama", String(80), nullable=False, unique=True),
    Column("hash_sandi", String(255), nullable=False),
    Column("peran", String(20), nullable=False),  # operator | verifikator | admin
    Column("kode_wilayah", String(20)),  # an operator of a kab/kota (or the province's own office)
    Column("kode_bidang", String(20)),  # an operator of a sector office
    Column("aktif", Boolean, nullable=False),
    Column("gagal_berturut", Integer, nullable=False),
    Column("terkunci_sampai", DateTime(timezone=True)),
    Column("dibuat_pada", DateTime(timezone=True), nullable=False),
)

versions = Table(
    "versi",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("jenis", String(20), nullable=False),  # impor | demo | pemulihan | hapus_simulasi
    Column("status", String(20), nullable=False),  # menunggu | disetujui | ditolak
    Column("nama_berkas", String(255)),
    Column("sha256", String(64)),
    Column("pengguna", String(80), nullable=False),
    Column("dibuat_pada", DateTime(timezone=True), nullable=False),
    Column("jumlah_baris", Integer, nullable=False),  # rows in the file
    Column("jumlah_baru", Integer, nullable=False),
    Column("jumlah_berubah", Integer, nullable=False),
    Column("jumlah_sama", Integer, nullable=False),
    Column("catatan", Text),
    Column("diputuskan_oleh", String(80)),
    Column("diputuskan_pada", DateTime(timezone=True)),
    Column("catatan_keputusan", Text),
    Column("dipulihkan_ke", Integer),  # for a rollback: the version whose state it restores
)

# Append-only: a version stores the rows it adds or changes; the state at any version is, per
# key, the newest row of the approved versions up to it (a row with dihapus = true removes the key).
data_rows = Table(
    "baris_data",
    metadata,
    Column("id", ROW_ID, primary_key=True),
    Column("versi_id", Integer, ForeignKey("versi.id"), nullable=False),
    Column("tahun", Integer, nullable=False),
    Column("triwulan", Integer, nullable=False),
    Column("kode_wilayah", String(20), nullable=False),
    Column("kode_layanan", String(30), nullable=False),
    Column("harus_dilayani", BigInteger),
    Column("terlayani", BigInteger),
    Column("mutu_dibutuhkan", BigInteger),
    Column("mutu_tersedia", BigInteger),
    Column("anggaran_alokasi", BigInteger),
    Column("anggaran_realisasi", BigInteger),
    Column("biaya_satuan", BigInteger),
    Column("simulasi", Boolean, nullable=False),
    Column("dihapus", Boolean, nullable=False),
    Index("ix_baris_data_versi", "versi_id"),
)

settings = Table(
    "pengaturan",
    metadata,
    Column("kunci", String(80), primary_key=True),
    Column("nilai", Text),
    Column("diubah_oleh", String(80)),
    Column("diubah_pada", DateTime(timezone=True)),
)

activity = Table(
    "log_aktivitas",
    metadata,
    Column("id", ROW_ID, primary_key=True),
    Column("waktu", DateTime(timezone=True), nullable=False),
    Column("pengguna", String(80)),
    Column("aksi", String(40), nullable=False),
    Column("keterangan", Text),
)

TABLES = [users, versions, data_rows, settings, activity]  # in dependency order (backups)

# --- planning (issue 6): unit costs, the four stages, action plans, problems and follow-ups -------
# All append-only like the data: a change is a new row with who/when; the current value of a key is
# its newest row (highest id). Dates a person enters (tanggal, tenggat) are ISO text "YYYY-MM-DD".

unit_costs = Table(
    "biaya_satuan",
    metadata,
    Column("id", ROW_ID, primary_key=True),
    Column("kode_layanan", String(30), nullable=False),
    Column("kode_wilayah", String(20)),  # blank: the cost for every region
    Column("biaya_satuan", BigInteger),  # rupiah per person served; blank: the entry is withdrawn
    Column("sumber", Text, nullable=False),  # where the figure comes from (e.g. a regulation, an SSH)
    Column("catatan", Text),
    Column("pengguna", String(80), nullable=False),
    Column("dibuat_pada", DateTime(timezone=True), nullable=False),
    Index("ix_biaya_satuan_kunci", "kode_layanan", "kode_wilayah"),
)

stages = Table(
    "tahapan",
    metadata,
    Column("id", ROW_ID, primary_key=True),
    Column("tahun", Integer, nullable=False),
    Column("kode_wilayah", String(20), nullable=False),
    Column("kode_bidang", String(20), nullable=False),
    Column("tahap", Integer, nullable=False),  # 1–4 (Permendagri 59/2021)
    Column("status", String(10), nullable=False),  # belum | proses | selesai
    Column("tanggal", String(10)),
    Column("catatan", Text),
    Column("pengguna", String(80), nullable=False),
    Column("dibuat_pada", DateTime(timezone=True), nullable=False),
    Index("ix_tahapan_tahun", "tahun"),
)

action_plans = Table(
    "rencana_aksi",
    metadata,
    Column("id", ROW_ID, primary_key=True),
    Column("tahun", Integer, nullable=False),
    Column("kode_wilayah", String(20), nullable=False),
    Column("kode_bidang", String(20), nullable=False),
    Column("ditetapkan", Boolean, nullable=False),
    Column("tanggal", String(10)),
    Column("catatan", Text),  # e.g. the number of the Pergub / Perbup
    Column("pengguna", String(80), nullable=False),
    Column("dibuat_pada", DateTime(timezone=True), nullable=False),
    Index("ix_rencana_aksi_tahun", "tahun"),
)

problems = Table(
    "permasalahan",
    metadata,
    Column("id", ROW_ID, primary_key=True),
    Column("nomor", Integer, nullable=False),  # the item; every row with the same nomor is one of its versions
    Column("tahun", Integer, nullable=False),
    Column("triwulan", Integer, nullable=False),
    Column("kode_wilayah", String(20), nullable=False),
    Column("kode_bidang", String(20), nullable=False),
    Column("permasalahan", Text, nullable=False),
    Column("solusi", Text),
    Column("tindak_lanjut", Text),
    Column("penanggung_jawab", String(120)),
    Column("tenggat", String(10)),
    Column("status", String(10), nullable=False),  # terbuka | proses | selesai
    Column("pengguna", String(80), nullable=False),
    Column("dibuat_pada", DateTime(timezone=True), nullable=False),
    Index("ix_permasalahan_nomor", "nomor"),
)

TABLES += [unit_costs, stages, action_plans, problems]

# --- the data generation (issue 10): one row, raised by every write transaction that changes what a
# page shows (see engine.write_transaction); every cache of the app is keyed by it. Not part of a
# backup: a restore is itself a change and raises it.
generation = Table(
    "generasi_data",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("nomor", BigInteger, nullable=False),
)

# --- approvals, accounts and logins (issue 11) ------------------------------------------------------
# An approved submission becomes a new version (jenis "persetujuan", dari_kiriman = the submission);
# the submission itself keeps its rows and gets status "diterapkan" with menjadi_versi. Where a later
# version had changed a submitted row, the verifier's choice per row is kept in pilihan_konflik.
# Each version records the role and scope of the account that made it (history shows role labels,
# and an operator sees the submissions of its own scope). Login failures are counted per account and
# client in gagal_masuk (every worker sees them); the account and the client are stored as keyed
# hashes, never as typed.
users.append_column(Column("sandi_diubah_pada", DateTime(timezone=True)))
users.append_column(Column("wajib_ganti_sandi", Boolean, nullable=False, default=False))
versions.append_column(Column("peran_pengirim", String(20)))
versions.append_column(Column("wilayah_pengirim", String(20)))
versions.append_column(Column("bidang_pengirim", String(20)))
versions.append_column(Column("dari_kiriman", Integer))
versions.append_column(Column("menjadi_versi", Integer))

conflict_choices = Table(
    "pilihan_konflik",
    metadata,
    Column("id", ROW_ID, primary_key=True),
    Column("versi_id", Integer, ForeignKey("versi.id"), nullable=False),  # the approval version
    Column("kiriman_id", Integer, ForeignKey("versi.id"), nullable=False),  # the submission
    Column("tahun", Integer, nullable=False),
    Column("triwulan", Integer, nullable=False),
    Column("kode_wilayah", String(20), nullable=False),
    Column("kode_layanan", String(30), nullable=False),
    Column("pilihan", String(10), nullable=False),  # terbaru (keep the newer value) | kiriman
)

login_failures = Table(
    "gagal_masuk",
    metadata,
    Column("id", ROW_ID, primary_key=True),
    Column("akun", String(64), nullable=False),  # keyed hash of the name typed
    Column("klien", String(64), nullable=False),  # keyed hash of the client (browser + address)
    Column("jumlah", Integer, nullable=False),
    Column("terkunci_sampai", DateTime(timezone=True)),
    Column("terakhir", DateTime(timezone=True), nullable=False),
    Index("ux_gagal_masuk", "akun", "klien", unique=True),
)

TABLES += [conflict_choices, login_failures]

# --- logins that last (issue 13) ---------------------------------------------------------------------
# One row per browser login: the SHA-256 of the random token in the browser's cookie (never the
# token), when it logged in (a later password change ends it), when it was last used (idle limit)
# and when it ends at the latest. Not part of a backup.
sessions = Table(
    "sesi",
    metadata,
    Column("id", ROW_ID, primary_key=True),
    Column("hash_token", String(64), nullable=False),
    Column("pengguna_id", Integer, ForeignKey("pengguna.id"), nullable=False),
    Column("masuk_pada", DateTime(timezone=True), nullable=False),
    Column("aktif_terakhir", DateTime(timezone=True), nullable=False),
    Column("berakhir_pada", DateTime(timezone=True), nullable=False),
    Index("ux_sesi_hash_token", "hash_token", unique=True),
    Index("ix_sesi_pengguna", "pengguna_id"),
)

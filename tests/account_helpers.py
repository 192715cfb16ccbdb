"""Test accounts: every privileged store action checks its account in the database."""

TEST_PASSWORD = "sandi-uji-panjang-2025"


def ensure_accounts(engine, *users) -> None:
    """The accounts of ``users`` (auth.User) exist in the database, with their role and scope
    (password TEST_PASSWORD); existing ones are left alone."""
    from sqlalchemy import select

    from spm_core.auth import add_user
    from spm_core.store.schema import users as users_table

    with engine.connect() as connection:
        existing = set(connection.execute(select(users_table.c.nama)).scalars())
    for user in users:
        if user.nama not in existing:
            add_user(
                engine,
                user.nama,
                TEST_PASSWORD,
                user.peran,
                kode_wilayah=user.kode_wilayah,
                kode_bidang=user.kode_bidang,
            )

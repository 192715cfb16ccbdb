"""Shared fixtures for the spm_core tests: the built-in catalog and rules, loaded once; databases
(SQLite copied from a template built once per session, PostgreSQL when configured); the command
line run in this process. Also the test lanes: every test is marked by where it lives and what it
uses (see LANES below and the README's "Tests and benchmark")."""

import io
import shutil
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from spm_core.catalog import load_catalog
from spm_core.rules import DEFAULT_RULES_FILE, load_rules


@pytest.fixture(scope="session")
def catalog():
    """The built-in Banten catalog (data/katalog)."""
    return load_catalog()


@pytest.fixture(scope="session")
def rules():
    """The built-in rules file (data/aturan/aturan_spm.toml), whatever SPM_RULES_FILE says."""
    return load_rules(DEFAULT_RULES_FILE)


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing():
    """Argon2id with its smallest cost instead of the app's (64 MiB, 3 passes, 4 lanes): the same
    code, hash format and checks, for a fraction of the time (the hashing was most of the time of the
    tests that log in or add accounts). Servers started by the browser and cluster tests run in
    their own processes with the app's cost; so does the unknown-user dummy hash."""
    from argon2 import PasswordHasher

    from spm_core import auth

    app_hasher = auth._hasher
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    auth._hasher = app_hasher


# --- databases: SQLite always, PostgreSQL when SPM_TEST_DATABASE_URL is set ---------------------

import os  # noqa: E402
import uuid  # noqa: E402

POSTGRES_URL = os.environ.get("SPM_TEST_DATABASE_URL")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.database)])
def db_url(request, tmp_path):
    """A fresh, empty database URL: a SQLite file, and (when SPM_TEST_DATABASE_URL is set) a
    schema of its own in the PostgreSQL test database, dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'spm.sqlite3'}"
        return
    if not POSTGRES_URL:
        pytest.skip("SPM_TEST_DATABASE_URL is not set: PostgreSQL storage tests skipped")
    from sqlalchemy import create_engine, text

    from spm_core.store.engine import normalize_url

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalize_url(POSTGRES_URL))
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


# --- SQLite templates: migrate (and load the simulated data) once per session, copy per test ------


def _build_sqlite_template(path: Path, with_simulated_data: bool) -> Path:
    """A migrated SQLite file at ``path`` (with the built-in simulated data as version 1 when
    asked), checkpointed so that the one file holds everything and can be copied as it is."""
    from spm_core.store import initialize, open_store

    engine = open_store(f"sqlite:///{path}")
    if with_simulated_data:
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv("SPM_DATA_FILE", raising=False)  # the built-in simulated data, whatever the test sets
            from spm_core.catalog import load_catalog

            assert initialize(engine, load_catalog()) == 1
    engine.dispose()
    with sqlite3.connect(path) as connection:  # fold the WAL into the file: the copy needs no -wal file
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return path


@pytest.fixture(scope="session")
def empty_sqlite_template(tmp_path_factory) -> Path:
    """A migrated, empty SQLite database, built once per session (copy it, never open it)."""
    return _build_sqlite_template(tmp_path_factory.mktemp("template-empty") / "spm.sqlite3", False)


@pytest.fixture(scope="session")
def simulated_sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite database holding the simulated data as version 1 (what the app and the
    command line load into an empty database), built once per session (copy it, never open it)."""
    return _build_sqlite_template(tmp_path_factory.mktemp("template-simulated") / "spm.sqlite3", True)


def copy_sqlite_template(template: Path, destination: Path) -> str:
    """A copy of ``template`` at ``destination``; returns its URL. A new file is a new URL, so
    nothing Streamlit caches per URL (engines, data) carries over from another test."""
    shutil.copy(template, destination)
    return f"sqlite:///{destination}"


def _sqlite_path(url: str) -> Path | None:
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


@pytest.fixture
def store(db_url, empty_sqlite_template):
    """An engine on a fresh, migrated, empty database (SQLite: a copy of the empty template)."""
    from spm_core.store import open_store

    path = _sqlite_path(db_url)
    if path is not None:
        copy_sqlite_template(empty_sqlite_template, path)
    engine = open_store(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def simulated_db_url(db_url, simulated_sqlite_template, catalog) -> str:
    """``db_url`` migrated and holding the simulated data as version 1: on SQLite a copy of the
    session's template, on PostgreSQL loaded here."""
    from spm_core.store import initialize, open_store

    path = _sqlite_path(db_url)
    if path is not None:
        return copy_sqlite_template(simulated_sqlite_template, path)
    engine = open_store(db_url)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SPM_DATA_FILE", raising=False)
        assert initialize(engine, catalog) == 1
    engine.dispose()
    return db_url


@pytest.fixture
def simulated_store(simulated_db_url):
    """An engine on a database holding the simulated data as version 1 (see ``simulated_db_url``)."""
    from spm_core.store import open_store

    engine = open_store(simulated_db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def simulated_sqlite_url(tmp_path, simulated_sqlite_template) -> str:
    """A SQLite database of this test's own holding the simulated data as version 1: a copy of
    the session's template in ``tmp_path`` (SQLite only; for both back ends use ``simulated_db_url``)."""
    return copy_sqlite_template(simulated_sqlite_template, tmp_path / "spm.sqlite3")


# --- the command line, run in this process ----------------------------------------------------------


@dataclass(frozen=True)
class CliResult:
    """What ``python -m spm_core ARGS`` gave: its exit code and everything it printed."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """``cli(*args, stdin=None)`` runs ``python -m spm_core ARGS`` in this process through
    ``spm_core.__main__.main(argv)`` and returns a CliResult (bad usage: argparse's exit code 2).
    ``stdin`` is what the command reads (``--password-stdin``). The engines a database command
    opens are disposed after it, as the end of the process would. Two tests run the real program
    in a subprocess (marked ``subprocess``); every other command line test uses this."""
    from spm_core import cli_store
    from spm_core.__main__ import main

    engines = []
    open_store = cli_store.open_store

    def tracked_open_store(url=None):
        engine = open_store(url)
        engines.append(engine)
        return engine

    monkeypatch.setattr(cli_store, "open_store", tracked_open_store)

    def run(*args, stdin: str | None = None) -> CliResult:
        capsys.readouterr()  # whatever the test printed before is not the command's
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
        try:
            returncode = main([str(arg) for arg in args])
        except SystemExit as exc:  # argparse: bad usage, or --help
            returncode = 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 1
        finally:
            while engines:
                engines.pop().dispose()
        printed = capsys.readouterr()
        return CliResult(returncode, printed.out, printed.err)

    return run


# --- test lanes -------------------------------------------------------------------------------------
# Every test is marked by where it lives and what it uses; `./scripts/run_tests.sh --quick` (pytest
# --quick) runs only the tests with none of these markers, CI runs everything. The markers are
# registered in pytest.ini; `-m` selects by them as usual (`-m "not browser"`).
#   browser     Playwright driving Debian's chromium against a Streamlit server
#   apptest     Streamlit's AppTest: the whole app run in this process
#   database    needs PostgreSQL (SPM_TEST_DATABASE_URL): the postgresql half of ``db_url`` (a mark on
#               its parameter), and the cluster
#   subprocess  starts programs: the command line as a program (marked in its test), Streamlit
#               servers, nginx, LibreOffice
#   slow        takes seconds without being any of the above (SLOW_TESTS)

LANE_MARKERS = ("browser", "apptest", "database", "subprocess", "slow")
QUICK_LANE = "not (" + " or ".join(LANE_MARKERS) + ")"

TESTS = Path(__file__).resolve().parent
# a folder anywhere under tests/ (by name) → its tests' markers
LANES_BY_FOLDER = {
    "browser": ("browser", "subprocess"),
    "app": ("apptest",),
    "deploy": ("subprocess", "database", "slow"),
}
# a test file (by name, wherever it lives under tests/) → its tests' markers
LANES_BY_FILE = {
    "test_export_libreoffice.py": ("subprocess",),
    "test_hostile_uploads.py": ("slow",),  # generates its hostile corpus (~10 s) when it is collected
}
# "test file name::test name" (all its parameters) of tests that take seconds, or measure time and so
# need a quiet machine; each file keeps faster tests of its module in the quick lane
SLOW_TESTS = {
    "test_importing.py::test_hostile_and_broken_files_are_refused_and_change_nothing",  # 12 files, each imported
    "test_importing.py::test_a_good_operator_file_goes_through_approval_into_the_scores",
    "test_login_routes.py::test_a_locked_out_client_is_told_how_long_to_wait",  # waits out a lock-out
    "test_approvals.py::test_the_operators_scope_is_checked_again_at_commit",
    "test_catalog.py::test_200000_distinct_unknown_values_are_matched_within_a_second",  # timed
    "test_filesafety.py::test_a_zip_bomb_is_refused_on_its_unpacked_size",
    "test_filesafety.py::test_a_row_of_a_million_cells_is_refused_fast_before_openpyxl_reads_it",  # timed
    "test_filesafety.py::test_a_sheet_part_larger_than_the_sheet_budget_is_refused_on_the_zip_directory",
    "test_maps.py::test_map_data_sent_to_the_browser_for_banten_is_under_150_kb",
}


def pytest_addoption(parser):
    parser.addoption(
        "--quick",
        action="store_true",
        help=f"the fast lane: only tests marked none of {', '.join(LANE_MARKERS)}; "
        "checks that it still tests every spm_core module",
    )


def pytest_configure(config):
    if config.getoption("--quick"):
        given = config.option.markexpr
        config.option.markexpr = f"({given}) and {QUICK_LANE}" if given else QUICK_LANE


def pytest_ignore_collect(collection_path, config):
    """In the quick lane, folders and files whose every test it would leave out are not even
    collected (their imports alone — Streamlit's AppTest, Playwright — cost seconds)."""
    if config.getoption("--quick"):
        lanes = (
            LANES_BY_FOLDER.get(collection_path.name)
            if collection_path.is_dir()
            else LANES_BY_FILE.get(collection_path.name)
        )
        if lanes and collection_path.is_relative_to(TESTS):
            return True
    return None


def _lane_table_errors() -> list[str]:
    """Entries of the lane tables that name nothing (a folder or file moved or renamed)."""
    folders = {p.name for p in TESTS.rglob("*") if p.is_dir()}
    files = {p.name for p in TESTS.rglob("test_*.py")}
    errors = [
        f"LANES_BY_FOLDER names no folder {name!r} under tests/" for name in LANES_BY_FOLDER if name not in folders
    ]
    errors += [f"LANES_BY_FILE names no file {name!r} under tests/" for name in LANES_BY_FILE if name not in files]
    errors += [
        f"SLOW_TESTS names no file {entry!r} under tests/" for entry in SLOW_TESTS if entry.split("::")[0] not in files
    ]
    return errors


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by the markers
def pytest_collection_modifyitems(config, items):
    errors = _lane_table_errors()
    if errors:
        raise pytest.UsageError("tests/conftest.py: " + "; ".join(errors))
    collected = set()
    for item in items:
        path = item.path.relative_to(TESTS) if item.path.is_relative_to(TESTS) else item.path
        markers = [m for folder in path.parts[:-1] for m in LANES_BY_FOLDER.get(folder, ())]
        markers += LANES_BY_FILE.get(path.name, ())
        name = f"{path.name}::{item.originalname}"
        collected.add(name)
        if name in SLOW_TESTS:
            markers.append("slow")
        for marker in dict.fromkeys(markers):
            item.add_marker(marker)
    collected_files = {item.path.name for item in items}
    missing = [entry for entry in SLOW_TESTS if entry.split("::")[0] in collected_files and entry not in collected]
    if missing:
        raise pytest.UsageError(f"tests/conftest.py: SLOW_TESTS names tests that do not exist: {sorted(missing)}")


def pytest_collection_finish(session):
    """The quick lane of the whole suite still tests every spm_core module (see quick_lane_gaps)."""
    config = session.config
    whole_suite = config.args_source == pytest.Config.ArgsSource.TESTPATHS and not config.option.keyword
    if config.getoption("--quick") and whole_suite and config.option.markexpr == QUICK_LANE:
        gaps = quick_lane_gaps(session.items)
        if gaps:
            raise pytest.UsageError(
                "the quick lane tests no module of: "
                + ", ".join(gaps)
                + " (move a fast test of each out of the slow lanes in tests/conftest.py)"
            )


def spm_core_modules() -> list[str]:
    """Every module of spm_core (the migration scripts aside: every test that opens a store runs them)."""
    import pkgutil

    import spm_core

    names = [m.name for m in pkgutil.walk_packages(spm_core.__path__, "spm_core.")]
    return ["spm_core", *sorted(n for n in names if ".migrations" not in n)]


def _imported_modules(nodes) -> set[str]:
    """Modules named by the import statements in ``nodes`` (anywhere inside them):
    ``from spm_core.store import versions`` names spm_core.store and spm_core.store.versions."""
    import ast

    names = set()
    for top in nodes:
        for node in ast.walk(top):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def quick_lane_gaps(items) -> list[str]:
    """The spm_core modules that no test in ``items`` tests: imported by its test file, or inside a
    conftest fixture it uses (``cli`` imports spm_core.__main__). Empty when every module has one."""
    import ast

    fixture_imports: dict[str, set[str]] = {}
    for conftest in TESTS.rglob("conftest.py"):
        for node in ast.parse(conftest.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and any("fixture" in ast.unparse(d) for d in node.decorator_list):
                fixture_imports.setdefault(node.name, set()).update(_imported_modules([node]))
    file_imports: dict[Path, set[str]] = {}
    tested: set[str] = set()
    for item in items:
        if item.path not in file_imports:
            file_imports[item.path] = _imported_modules([ast.parse(item.path.read_text(encoding="utf-8"))])
        tested |= file_imports[item.path]
        for fixture in getattr(item, "fixturenames", ()):
            tested |= fixture_imports.get(fixture, set())
    return [module for module in spm_core_modules() if module not in tested]

"""Docs that cannot drift: every ``SPM_*`` setting the code reads and every ``python -m spm_core``
command is in the README (as datasette's tests/test_docs.py does for its settings and hooks)."""

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from spm_core.__main__ import _parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Where settings are read: the app, its pages and helpers, the core, the scripts, CI and the tests
# (SPM_TEST_DATABASE_URL, SPM_REQUIRE_BROWSER and SPM_CHROMIUM are settings for whoever runs them).
SOURCES = ["app.py", "pages", "ui", "spm_core", "scripts", "data", "tests", ".ci"]
SETTING = re.compile(r"SPM_[A-Z0-9_]+")
SHELL_READ = re.compile(r"\$\{?(SPM_[A-Z0-9_]+)")


def _source_files(kind: str) -> list[Path]:
    """The ``"python"`` or ``"shell"`` files of SOURCES (shell: ``.sh``, or a ``#!`` line naming a shell)."""
    files = []
    for name in SOURCES:
        path = ROOT / name
        for file in [path] if path.is_file() else sorted(path.rglob("*")):
            if not file.is_file() or "__pycache__" in file.parts or file == Path(__file__).resolve():
                continue
            is_shell = file.suffix == ".sh" or file.suffix == "" and _shebang(file).endswith("sh")
            if (kind == "python" and file.suffix == ".py") or (kind == "shell" and is_shell):
                files.append(file)
    return files


def _shebang(file: Path) -> str:
    with file.open("rb") as stream:
        first = stream.readline(200).decode("utf-8", "replace").strip()
    return first if first.startswith("#!") else ""


def _settings_read_by_python(tree: ast.AST) -> set[str]:
    """``SPM_*`` names this module reads: ``os.environ.get(K)``, ``os.getenv(K)``, ``env.get(K)``,
    ``environ[K]`` and ``K in environ``, where K is the name itself or a module constant holding it
    (``TILES_ENV = "SPM_MAP_TILES"``). Names that are only written (a child's environment) are not."""
    constants = {}
    for node in getattr(tree, "body", []):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            and SETTING.fullmatch(node.value.value)
        ):
            constants.update({t.id: node.value.value for t in node.targets if isinstance(t, ast.Name)})

    def setting(node) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SETTING.fullmatch(node.value):
            return node.value
        return constants.get(node.id) if isinstance(node, ast.Name) else None

    found = set()
    for node in ast.walk(tree):
        key = None
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get", "getenv")
            and node.args
        ):
            key = setting(node.args[0])
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            key = setting(node.slice)
        elif isinstance(node, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops):
            key = setting(node.left)
        if key:
            found.add(key)
    return found


@cache
def settings_read_by_the_code() -> dict[str, set[str]]:
    """Every ``SPM_*`` setting read anywhere in SOURCES → the files that read it."""
    where: dict[str, set[str]] = {}
    for path in _source_files("python"):
        for name in _settings_read_by_python(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            where.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    for path in _source_files("shell"):  # shell: $SPM_X, ${SPM_X:-default}
        for name in SHELL_READ.findall(path.read_text(encoding="utf-8")):
            where.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return where


def test_the_settings_scan_finds_the_settings_we_know_are_read():
    found = settings_read_by_the_code()
    # one of each way of reading: os.environ.get("..."), env.get(CONSTANT), env[CONSTANT], ${X:-...}
    assert {
        "SPM_DATABASE_URL",
        "SPM_DATA_FILE",
        "SPM_RULES_FILE",
        "SPM_TRUSTED_PROXY",
        "SPM_MAP_TILES",
        "SPM_GEO_DIR",
        "SPM_WORKERS",
        "SPM_TLS_CERT",
        "SPM_TEST_DATABASE_URL",
        "SPM_REQUIRE_BROWSER",
    } <= set(found)
    assert "spm_core/visuals/maps.py" in found["SPM_MAP_TILES"]  # through TILES_ENV
    assert "scripts/run_cluster.sh" in found["SPM_WORKERS"]


def test_writing_a_setting_for_a_child_process_is_not_reading_it():
    tree = ast.parse(
        'env = {**os.environ, "SPM_WORKER_PORTS": "1 2"}\nos.environ["SPM_LISTEN"] = "x"\n'
        'KEY = "SPM_GEO_DIR"\nvalue = os.environ.get(KEY)\n'
    )
    assert _settings_read_by_python(tree) == {"SPM_GEO_DIR"}


def _readme_table_rows() -> str:
    return "\n".join(line for line in README.splitlines() if line.startswith("|"))


@pytest.mark.parametrize("name", sorted(settings_read_by_the_code()))
def test_every_setting_the_code_reads_is_in_a_readme_table(name):
    # a row of the settings (or deployment) table: the name, its default and an example
    assert re.search(rf"`{name}`", _readme_table_rows()), (
        f"{name} (read in {sorted(settings_read_by_the_code()[name])}) is not in a settings table of README.md"
    )


def command_line_commands() -> set[str]:
    """Every command of ``python -m spm_core`` as it is typed: ``validate``, ``user add``, ..."""
    import argparse

    def commands(parser, prefix=()):
        found = set()
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    inner = commands(sub, (*prefix, name))
                    found |= inner or {" ".join((*prefix, name))}
        return found

    return commands(_parser())


def readme_commands() -> set[str]:
    """The commands the README shows as ``python -m spm_core CMD [SUB]``; ``approve|reject`` is two."""
    found = set()
    for words in re.findall(r"python -m spm_core ([a-z|-]+)(?: ([a-z|-]+))?", README):
        for first in words[0].split("|"):
            subs = [s for s in words[1].split("|") if s] if first == "user" else [""]
            found |= {f"{first} {sub}".strip() for sub in subs}
    return found


def test_the_command_scan_finds_the_commands_we_know():
    assert {
        "validate",
        "score",
        "import",
        "history",
        "approve",
        "reject",
        "user add",
        "user reset",
        "backup",
        "restore",
    } <= command_line_commands()


@pytest.mark.parametrize("command", sorted(command_line_commands()))
def test_every_command_line_command_is_in_the_readme(command):
    assert command in readme_commands(), f"python -m spm_core {command} is not shown in README.md"


def test_the_readme_shows_no_command_the_command_line_lacks():
    assert readme_commands() <= command_line_commands()


def test_the_readme_map_of_folders_names_every_folder_of_the_tree():
    # "What is where": every top-level folder with code or data, and every spm_core subpackage
    root = Path(__file__).resolve().parents[1]
    section = README.split("## What is where", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"^\| `([^`]+)`", section, flags=re.M))
    folders = {
        f"{p.name}/"
        for p in root.iterdir()
        if p.is_dir()
        and not p.name.startswith(".")
        and p.name not in {"var", "test-artifacts", "__pycache__"}
        and any(p.iterdir())
    }
    subpackages = {f"spm_core/{p.name}/" for p in (root / "spm_core").iterdir() if (p / "__init__.py").exists()}
    assert "spm_core/intake/" in subpackages  # the scan found the subpackages
    missing = {f for f in folders | subpackages if not any(n == f or n.startswith(f) for n in named)}
    assert not missing, f"README 'What is where' does not name: {sorted(missing)}"

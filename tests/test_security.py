"""No code execution from user input: no eval/exec/pickle/DataFrame.query, safe parsers only.

The package source is parsed (not grepped as text, so docstrings that *mention*
``eval`` do not count) and every call or import that could execute or
deserialise user-supplied content is reported, unless it is on the allow-list
below with its reason. ruff's bandit rules (``S``) must stay enabled, and the
package must pass them.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "expectations"
SOURCES = sorted(PACKAGE.rglob("*.py"))

# Names whose call executes or deserialises content.
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "execfile"}
# Attribute calls that execute or deserialise content: ``<anything>.<name>(...)``.
FORBIDDEN_METHODS = {"query", "eval", "system", "popen", "load_module", "exec_module"}
# Modules that deserialise arbitrary objects or run programs.
FORBIDDEN_MODULES = {"pickle", "cPickle", "dill", "marshal", "shelve", "cloudpickle",
                     "joblib", "subprocess", "runpy", "code", "codeop", "yaml"}

# (file relative to src/expectations, line content) -> why it is safe.
ALLOWED: dict[tuple[str, str], str] = {
    ("report/__init__.py", "importlib.import_module(module)"):
        "module names come from a constant table of optional analyses, never from input",
    ("__init__.py", "importlib.import_module(module_name)"):
        "lazy loading of public names: module names come from the constant _LAZY table",
}


def _findings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
                found.append((node.lineno, f"{func.id}("))
            elif isinstance(func, ast.Attribute):
                if func.attr in FORBIDDEN_METHODS:
                    found.append((node.lineno, f".{func.attr}("))
                elif func.attr == "import_module" and not (
                        node.args and isinstance(node.args[0], ast.Constant)):
                    argument = ast.unparse(node.args[0]) if node.args else ""
                    found.append((node.lineno, f"importlib.import_module({argument})"))
                elif func.attr == "load" and isinstance(func.value, ast.Name) and \
                        func.value.id == "yaml":
                    found.append((node.lineno, "yaml.load("))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, f"import {a.name}") for a in node.names
                      if a.name.split(".")[0] in FORBIDDEN_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module and \
                node.module.split(".")[0] in FORBIDDEN_MODULES:
            found.append((node.lineno, f"from {node.module} import"))
    return found


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(PACKAGE)) for p in SOURCES])
def test_source_has_no_code_execution_or_unsafe_deserialisation(path: Path) -> None:
    """No eval/exec/compile/__import__, .query(), pickle & co., yaml.load or subprocess."""
    relative = str(path.relative_to(PACKAGE))
    bad = [f"{relative}:{line}: {what}" for line, what in _findings(path)
           if (relative, what) not in ALLOWED]
    assert not bad, bad


def test_allow_list_entries_still_exist() -> None:
    """Every allow-list entry matches code that is still there (no stale exemptions)."""
    for relative, what in ALLOWED:
        assert (0, what) in {(0, w) for _, w in _findings(PACKAGE / relative)}, (relative, what)


def test_the_scanner_catches_what_it_forbids(tmp_path: Path) -> None:
    """The scanner flags each forbidden construct, so a green run means something."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import pickle\nimport yaml\nfrom subprocess import run\n"
        "eval('1')\nexec('x = 1')\ndf.query('a > 1')\nyaml.load(text)\n"
        "__import__('os')\nimportlib.import_module(name)\n", encoding="utf-8")
    found = {what for _, what in _findings(sample)}
    assert found == {"import pickle", "import yaml", "from subprocess import", "eval(",
                     "exec(", ".query(", "yaml.load(", "__import__(",
                     "importlib.import_module(name)"}


def test_ruff_bandit_rules_are_enabled() -> None:
    """pyproject.toml selects ruff's S (flake8-bandit) rules and ignores none of them."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lint = config["tool"]["ruff"]["lint"]
    assert "S" in lint["select"]
    assert not [code for code in lint.get("ignore", []) if _bandit(code)]
    src_ignores = {pattern: codes for pattern, codes in lint.get("per-file-ignores", {}).items()
                   if pattern.startswith("src")}
    assert not [c for codes in src_ignores.values() for c in codes if _bandit(c)]


def _bandit(code: str) -> bool:
    return re.fullmatch(r"S\d*", code) is not None


def _ruff() -> str | None:
    beside = Path(sys.executable).with_name("ruff")
    return str(beside) if beside.exists() else shutil.which("ruff")


@pytest.mark.skipif(_ruff() is None, reason="ruff is not installed (it is in the dev extra)")
def test_package_passes_ruffs_bandit_rules() -> None:
    """`ruff check --select S src` finds nothing."""
    ruff = _ruff()
    assert ruff is not None
    done = subprocess.run([ruff, "check", "--select", "S", "--no-cache", "src"],  # noqa: S603
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


# Calls that create, replace or write files; only expectations/_output.py may make them,
# so that every output follows its rules (umask, kept modes, FIFOs, refusals).
OS_WRITING = {"replace", "rename", "open", "fdopen", "chmod", "mkfifo", "dup2"}  # os.<name>
PATH_WRITING = {"write_text", "write_bytes"}  # <path>.<name>
TEMPFILES = {"mkstemp", "NamedTemporaryFile"}


def _writes(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            on_os = isinstance(func.value, ast.Name) and func.value.id == "os"
            if (on_os and func.attr in OS_WRITING) or func.attr in PATH_WRITING | TEMPFILES:
                found.append((node.lineno, f"{'os.' if on_os else '.'}{func.attr}("))
                continue
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in TEMPFILES:
            found.append((node.lineno, f"{name}("))
        elif name == "open":
            modes = list(node.args[1:2]) + [k.value for k in node.keywords if k.arg == "mode"]
            if any(isinstance(m, ast.Constant) and isinstance(m.value, str) and
                   set(m.value) & set("wax+") for m in modes):
                found.append((node.lineno, "open(..., 'w')"))
    return found


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(PACKAGE)) for p in SOURCES])
def test_files_are_written_only_through_the_output_module(path: Path) -> None:
    """No module but ``_output.py`` opens a file for writing, renames or chmods one."""
    if path.relative_to(PACKAGE).as_posix() == "_output.py":
        return
    assert not _writes(path), _writes(path)


def test_the_writing_scanner_catches_what_it_forbids(tmp_path: Path) -> None:
    """The writing scanner flags direct writes, so a green run means something."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "os.replace(a, b)\nopen(p, 'w')\nopen(p, mode='ab')\nos.open(p, flags)\n"
        "tempfile.mkstemp()\nPath(p).write_text('x')\ntext.replace('a', 'b')\n"
        "open(p)\nopen(p, 'rb')\nframe.rename(columns=m)\nwrite_text(t, p)\n",
        encoding="utf-8")
    assert [what for _, what in _writes(sample)] == [
        "os.replace(", "open(..., 'w')", "open(..., 'w')", "os.open(", ".mkstemp(",
        ".write_text("]

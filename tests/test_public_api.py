"""The public namespace: what `import expectations as ex` offers, and its guarantees."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

import expectations as ex

API_DOC = Path(__file__).resolve().parents[1] / "docs" / "api.rst"
PUBLIC = sorted(set(ex.__all__))
CALLABLES = [name for name in PUBLIC if callable(getattr(ex, name))]


def test_all_is_sorted_and_unique() -> None:
    """__all__ is sorted and has no duplicates, so diffs stay reviewable."""
    assert list(ex.__all__) == PUBLIC


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_exists(name: str) -> None:
    """Every name in __all__ resolves on the package."""
    assert getattr(ex, name) is not None


@pytest.mark.parametrize("name", CALLABLES)
def test_every_public_callable_has_a_runnable_example(name: str) -> None:
    """Every public function and class documents itself with an Examples section."""
    doc = inspect.getdoc(getattr(ex, name)) or ""
    assert "Examples\n--------" in doc
    assert ">>>" in doc


MODULES = {"accessor", "datasets", "errors", "plotting"}


@pytest.mark.parametrize("name", [n for n in PUBLIC if n not in MODULES])
def test_every_public_name_is_in_the_api_reference(name: str) -> None:
    """docs/api.rst lists every public name, so the reference cannot fall behind."""
    listed = set(re.findall(r"^\s+(\w+)\s*$", API_DOC.read_text(encoding="utf-8"), re.M))
    assert name in listed


def test_no_public_module_leaks_private_names() -> None:
    """Nothing in __all__ starts with an underscore."""
    assert not [name for name in ex.__all__ if name.startswith("_")]


def test_import_does_not_load_optional_or_heavy_modules() -> None:
    """`import expectations` loads neither scipy, matplotlib nor dask (they load lazily)."""
    code = (
        "import sys, expectations; "
        "print(sorted(m for m in ('scipy', 'matplotlib', 'dask') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: S603 (our interpreter, fixed code)
                         check=True).stdout.strip()
    assert out == "[]"


def test_version_is_semver() -> None:
    """The version string is MAJOR.MINOR.PATCH."""
    assert re.fullmatch(r"\d+\.\d+\.\d+", ex.__version__)

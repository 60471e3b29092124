"""sphinx-gallery configuration: the gallery of the ``examples/`` scripts.

``docs/conf.py`` imports :data:`sphinx_gallery_conf` from here. The gallery
builds offline (the examples read only the bundled demo data) and runs every
script with matplotlib's non-interactive Agg backend. Each script saves its
figures into the directory given as its first argument; during the docs build
that is ``docs/_build/example-figures`` (outside the sources), while the
gallery shows the figures sphinx-gallery captures itself.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

# Headless and deterministic: sphinx-gallery selects Agg too, this makes sure
# nothing imported before it picks an interactive backend.
os.environ["MPLBACKEND"] = "Agg"

DOCS = Path(__file__).resolve().parent
EXAMPLE_FIGURES = DOCS / "_build" / "example-figures"


def example_argv(gallery_conf: dict[str, Any], script_vars: dict[str, Any]) -> list[str]:
    """Give each example the directory to save its own PNGs in (its ``sys.argv[1]``)."""
    EXAMPLE_FIGURES.mkdir(parents=True, exist_ok=True)
    return [str(EXAMPLE_FIGURES)]


sphinx_gallery_conf: dict[str, Any] = {
    "examples_dirs": [str(DOCS.parent / "examples")],
    "gallery_dirs": [str(DOCS / "gallery")],
    # Every script in examples/ is an example to run, whatever its name.
    "filename_pattern": r"\.py$",
    "within_subsection_order": "FileNameSortKey",
    "reset_argv": "gallery_conf.example_argv",
    "image_scrapers": ("matplotlib",),
    "reset_modules": ("matplotlib",),
    "abort_on_example_error": True,
    "only_warn_on_example_error": False,
    "download_all_examples": False,
    "remove_config_comments": True,
    # No execution-times page: it would be a document outside every toctree.
    "write_computation_times": False,
    "show_memory": False,
    "show_signature": False,
    "backreferences_dir": None,
    "doc_module": (),
    "plot_gallery": "True",
}

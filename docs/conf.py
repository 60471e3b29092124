"""Sphinx configuration for customer-expectations."""

from __future__ import annotations

import doctest
import os
import shutil
import sys
from pathlib import Path

import expectations

# The gallery configuration lives beside this file.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gallery_conf import sphinx_gallery_conf  # noqa: F401

project = "customer-expectations"
author = "The customer-expectations developers"
copyright = "2026, The customer-expectations developers"
release = expectations.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.doctest",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "sphinx_gallery.gen_gallery",
    "myst_nb",
]

# The notebook examples/quickstart.ipynb is a page of the user guide. Sphinx
# reads only files under docs/, so it is copied to docs/notebooks/ (not in git)
# when it changed. Its stored outputs are rendered; the build never runs it
# (tests/test_notebook.py does, in a fresh kernel).
_NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "quickstart.ipynb"
_NOTEBOOK_PAGE = Path(__file__).resolve().parent / "notebooks" / "quickstart.ipynb"
if not _NOTEBOOK_PAGE.exists() or _NOTEBOOK_PAGE.read_bytes() != _NOTEBOOK.read_bytes():
    _NOTEBOOK_PAGE.parent.mkdir(exist_ok=True)
    shutil.copyfile(_NOTEBOOK, _NOTEBOOK_PAGE)
nb_execution_mode = "off"

autosummary_generate = True
autodoc_typehints = "none"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_ivar = True
napoleon_preprocess_types = False

# CI builds offline (no network beyond package registries), where fetching the
# inventories would fail with an unsuppressible warning; there the links are
# left as plain text. Everywhere else they resolve.
intersphinx_mapping = (
    {}
    if os.environ.get("SPHINX_OFFLINE")
    else {
        "python": ("https://docs.python.org/3", None),
        "numpy": ("https://numpy.org/doc/stable", None),
        "pandas": ("https://pandas.pydata.org/docs", None),
        "attrs": ("https://www.attrs.org/en/stable", None),
    }
)
intersphinx_timeout = 10

# pandas pads DataFrame reprs with trailing spaces; compare modulo whitespace.
doctest_default_flags = (
    doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.DONT_ACCEPT_TRUE_FOR_1
)
# API pages run each docstring example in the namespace of its public name.
doctest_global_setup = (
    "import expectations as ex\nimport numpy as np\nimport pandas as pd\n"
    "from expectations import *\nfrom expectations.plotting import *\n"
    "from expectations.datasets import *\nfrom expectations.errors import *\n"
    "from expectations.voice import *\nfrom expectations.accessor import CXAccessor"
)

html_theme = "furo"
html_title = f"customer-expectations {release}"
templates_path: list[str] = []
# sphinx-gallery writes a notebook beside each example, for download only.
exclude_patterns = ["_build", "gallery/*.ipynb"]
nitpicky = False
# NumPy-style "References" sections list a function's sources as footnotes
# without always citing each one inline; that is the convention, not an error.
suppress_warnings = ["ref.footnote"]

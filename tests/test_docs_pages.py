"""Docs pages show no theme error box: furo paints one over any ``.. contents::``.

furo styles a docutils table of contents (an element of class ``contents``)
as a large red box reading "ERROR: Adding a table of contents in Furo-based
documentation is unnecessary...", drawn by CSS (``::before``), so it is in no
HTML text: only a browser shows it. These tests build real guide pages with
furo and look at them in headless Chromium, next to a page that does use the
directive, to prove the check sees the box. CI also greps the full HTML build
for such elements (``.ci/run``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

DOCS = Path(__file__).parents[1] / "docs"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
GUIDE_PAGES = ("scores_nps", "kpis", "rfm", "report")

#: A docutils table of contents that furo would flag (it spares the escape-hatch class).
TOC = re.compile(r'class="(?![^"]*this-will-duplicate-information)([^"]* )?contents[ "]')

_PROBE = """<script>
const flagged = [...document.querySelectorAll("*")].filter(
  (e) => getComputedStyle(e, "::before").content.includes("Furo-based"));
document.body.dataset.furoErrors = String(flagged.length);
</script>
</body>"""


def test_no_docs_page_uses_the_contents_directive() -> None:
    """No page of the docs sources adds a table of contents; furo has one on the side."""
    pages = [p for p in DOCS.rglob("*.rst") if "_build" not in p.parts
             and not {"gallery", "generated"} & set(p.parts)]
    assert pages
    offending = [str(p.relative_to(DOCS)) for p in pages
                 if re.search(r"^\s*\.\. contents::", p.read_text(encoding="utf-8"), re.M)]
    assert offending == []


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build a few real guide pages, and one with the directive, with furo."""
    sphinx = pytest.importorskip("sphinx.cmd.build", reason="Sphinx is not installed")
    pytest.importorskip("furo", reason="furo is not installed")
    source = tmp_path_factory.mktemp("docs")
    (source / "guide").mkdir()
    for name in GUIDE_PAGES:
        shutil.copyfile(DOCS / "guide" / f"{name}.rst", source / "guide" / f"{name}.rst")
    (source / "with_contents.rst").write_text(
        "With contents\n=============\n\n.. contents:: On this page\n   :local:\n\n"
        "A section\n---------\n\nText.\n", encoding="utf-8")
    (source / "index.rst").write_text(
        "Pages\n=====\n\n.. toctree::\n\n" + "".join(f"   guide/{n}\n" for n in GUIDE_PAGES)
        + "   with_contents\n", encoding="utf-8")
    (source / "conf.py").write_text(
        'project = "check"\nhtml_theme = "furo"\n'
        'extensions = ["sphinx.ext.mathjax", "sphinx.ext.doctest"]\n', encoding="utf-8")
    out = source / "_build"
    # References to the rest of the docs do not resolve here; only the pages matter.
    status = sphinx.build_main(["-q", "-b", "html", str(source), str(out)])
    assert status == 0
    return out


def test_built_guide_pages_have_no_table_of_contents(built: Path) -> None:
    """The built guide pages hold no element furo flags; the control page does."""
    for name in GUIDE_PAGES:
        assert not TOC.search((built / "guide" / f"{name}.html").read_text(encoding="utf-8"))
    assert TOC.search((built / "with_contents.html").read_text(encoding="utf-8"))


def _browser() -> str:
    found = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI: apt-get install -y chromium")
        pytest.skip("Chromium is not installed (set CI to require it)")
    return found


def _error_boxes(browser: str, page: Path, profile: Path) -> int:
    """Count the elements Chromium draws furo's error text on, in a probed copy of ``page``."""
    probed = page.with_name(f"probed-{page.name}")
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", _PROBE, 1),
                      encoding="utf-8")
    completed = subprocess.run(  # noqa: S603 - a fixed browser binary and our own file
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={profile}", "--dump-dom", probed.as_uri()],
        capture_output=True, text=True, timeout=60, check=True)
    found = re.search(r'data-furo-errors="(\d+)"', completed.stdout)
    assert found, completed.stdout[:500]
    return int(found.group(1))


def test_browser_sees_the_error_box_of_the_directive(built: Path, tmp_path: Path) -> None:
    """The check works: on the page with ``.. contents::`` Chromium draws the red box."""
    assert _error_boxes(_browser(), built / "with_contents.html", tmp_path) == 1


@pytest.mark.parametrize("name", GUIDE_PAGES)
def test_browser_shows_no_error_box_on_a_guide_page(built: Path, name: str,
                                                    tmp_path: Path) -> None:
    """Chromium draws no furo error box on a real guide page."""
    assert _error_boxes(_browser(), built / "guide" / f"{name}.html", tmp_path) == 0

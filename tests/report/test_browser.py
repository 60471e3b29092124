"""The HTML report opened in a real headless browser (Chromium).

Skipped when Chromium is not installed, unless the environment variable CI is
set: in CI the browser is installed (``apt-get install -y chromium``) and the
test must run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from expectations.report import report_demo

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _browser() -> str | None:
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


@pytest.fixture(scope="module")
def rendered_dom(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, tuple[str, ...]]:
    browser = _browser()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI: apt-get install -y chromium")
        pytest.skip("Chromium is not installed (set CI to require it)")
    built = report_demo()
    folder = tmp_path_factory.mktemp("html")
    page = folder / "report.html"
    page.write_text(built.to_html(), encoding="utf-8")
    completed = subprocess.run(  # noqa: S603 - a fixed browser binary and our own file
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={folder / 'profile'}", "--dump-dom", Path(page).as_uri()],
        capture_output=True, text=True, timeout=60, check=True)
    return completed.stdout, built.keys()


def test_browser_renders_every_section(rendered_dom: tuple[str, tuple[str, ...]]) -> None:
    """The DOM Chromium builds from the file holds one section element per report section."""
    dom, keys = rendered_dom
    found = re.findall(r'<section id="section-([a-z_]+)"', dom)
    assert tuple(found) == keys


def test_browser_dom_has_embedded_png_images(rendered_dom: tuple[str, tuple[str, ...]]) -> None:
    """Every section's chart is an <img> with an inline base64 PNG in the rendered DOM."""
    dom, keys = rendered_dom
    images = re.findall(r'<img class="chart"[^>]*src="data:image/png;base64,', dom)
    # The headline and the glossary are words only; every analysis has its chart.
    assert len(images) == len([k for k in keys if k not in ("headline", "glossary")])


#: The screen the headline must fit: a small laptop, the report's first screenful.
SCREEN = (1280, 800)
_MEASURE = """<script>
const box = document.getElementById("section-headline").getBoundingClientRect();
document.body.dataset.headline = [box.top + scrollY, box.bottom + scrollY, innerWidth].join(" ");
</script>
</body>"""


def test_headline_is_above_the_fold(tmp_path: Path) -> None:
    """At 1280x800 the whole headline section lies within the first screenful.

    Chromium measures the headline's box in the laid-out page (a copy of the
    report with a measuring script added; the report itself has none), and
    takes a screenshot at that size, kept next to the page for inspection.
    """
    browser = _browser()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI: apt-get install -y chromium")
        pytest.skip("Chromium is not installed (set CI to require it)")
    html = report_demo().to_html()
    page, measured = tmp_path / "report.html", tmp_path / "measured.html"
    page.write_text(html, encoding="utf-8")
    measured.write_text(html.replace("</body>", _MEASURE), encoding="utf-8")
    common = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
              "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}",
              f"--window-size={SCREEN[0]},{SCREEN[1]}"]
    dom = subprocess.run(  # noqa: S603 - a fixed browser binary and our own file
        [*common, "--dump-dom", measured.as_uri()],
        capture_output=True, text=True, timeout=60, check=True).stdout
    found = re.search(r'data-headline="([\d.]+) ([\d.]+) (\d+)"', dom)
    assert found is not None, "the measuring script did not run"
    top, bottom, width = float(found[1]), float(found[2]), int(found[3])
    assert width == SCREEN[0]
    assert 0 < top < bottom <= SCREEN[1], f"headline spans {top:.0f}-{bottom:.0f} px"
    shot = tmp_path / "headline.png"
    subprocess.run(  # noqa: S603 - a fixed browser binary and our own file
        [*common, f"--screenshot={shot}", page.as_uri()],
        capture_output=True, timeout=60, check=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(shot.read_bytes()[16:24][:4], "big") == SCREEN[0]

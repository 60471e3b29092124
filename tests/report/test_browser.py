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
    found = re.findall(r'<section id="section-([a-z]+)"', dom)
    assert tuple(found) == keys


def test_browser_dom_has_embedded_png_images(rendered_dom: tuple[str, tuple[str, ...]]) -> None:
    """Every section's chart is an <img> with an inline base64 PNG in the rendered DOM."""
    dom, keys = rendered_dom
    images = re.findall(r'<img class="chart"[^>]*src="data:image/png;base64,', dom)
    assert len(images) == len(keys)

"""examples/quickstart.ipynb runs top to bottom in a fresh kernel and displays its results."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

NOTEBOOK = Path(__file__).parents[1] / "examples" / "quickstart.ipynb"

# jupyter_client and friends warn about their own deprecations while starting a kernel.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _outputs(cell: Any, mime: str) -> list[str]:
    """Return the ``mime`` parts of a code cell's outputs, as text."""
    found = []
    for output in cell.get("outputs", []):
        data = output.get("data", {}).get(mime)
        if data is not None:
            found.append(data if isinstance(data, str) else "".join(data))
    return found


def _cell(nb: Any, source_start: str) -> Any:
    """Return the one code cell whose source starts with ``source_start``."""
    matches = [c for c in nb.cells
               if c.cell_type == "code" and c.source.startswith(source_start)]
    assert len(matches) == 1, source_start
    return matches[0]


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Execute the notebook in a new kernel that runs this interpreter."""
    nbclient = pytest.importorskip(
        "nbclient", reason="nbclient is not installed (pip install -e '.[test]' installs it)")
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("ipykernel")
    # A kernel spec for this very interpreter: the default "python3" spec may
    # start whatever `python` is first on PATH, without the package installed.
    kernels = tmp_path_factory.mktemp("jupyter") / "kernels" / "cx-test"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "customer-expectations test", "language": "python"}))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(kernels.parent.parent))
        patch.setenv("JUPYTER_PLATFORM_DIRS", "1")
        patch.delenv("MPLBACKEND", raising=False)  # the notebook draws inline
        nb = nbformat.read(NOTEBOOK, as_version=4)
        client = nbclient.NotebookClient(nb, timeout=300, kernel_name="cx-test",
                                         resources={"metadata": {"path": str(NOTEBOOK.parent)}})
        client.execute()
    return nb


def test_every_cell_runs_without_error(executed: Any) -> None:
    """No cell raises, and every code cell shows something."""
    for cell in executed.cells:
        if cell.cell_type == "code":
            assert all(o.output_type != "error" for o in cell.outputs), cell.source
            assert cell.outputs, cell.source


def test_results_display_through_repr_html(executed: Any) -> None:
    """The NPS result shows its interval as HTML; the by-segment table is an HTML table."""
    (nps_html,) = _outputs(_cell(executed, "overall = ex.nps("), "text/html")
    assert "NPSResult" in nps_html
    assert "adjusted-wald" in nps_html  # the interval and its method
    (table_html,) = _outputs(_cell(executed, "by_segment ="), "text/html")
    assert "<table" in table_html
    for segment in ("new", "regular", "loyal", "bargain"):
        assert f">{segment}<" in table_html


def test_chart_and_report_display_inline(executed: Any) -> None:
    """The chart is an inline PNG; the report displays as its HTML."""
    assert _outputs(_cell(executed, "ax = plot_nps("), "image/png")
    (report_html,) = _outputs(_cell(executed, "report = ex.report_demo()"), "text/html")
    assert "<h2" in report_html
    assert "NPS" in report_html


def test_stored_outputs_are_there_for_the_docs() -> None:
    """The docs render the stored outputs (they do not execute the notebook): keep them."""
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code
    assert all(c["outputs"] for c in code)
    assert all(o["output_type"] != "error" for c in code for o in c["outputs"])

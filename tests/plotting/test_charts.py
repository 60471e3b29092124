"""Every chart: renders to a PNG headless, checks its input, leaves it untouched.

Properties shared by all charts in :mod:`expectations.plotting`, parametrised
over the charts; what each chart draws is tested in the file of its family.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib as mpl
import pandas as pd
import pytest

mpl.use("Agg")
import matplotlib.pyplot as plt

import expectations as ex
from expectations.errors import SchemaError
from expectations.gaps.importance import importance_performance
from expectations.gaps.tolerance import tolerance_zone
from expectations.kpis.trend import trend
from expectations.plotting import (
    plot_control_chart,
    plot_importance_performance,
    plot_kano,
    plot_nps,
    plot_segment_comparison,
    plot_tolerance_zone,
    plot_trend,
)
from expectations.segmentation.compare import compare_segments


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def _demo() -> Any:
    return ex.datasets.load_retail()


def _nps_table() -> pd.DataFrame:
    r = _demo().responses
    return ex.nps(r["nps"], by=r["segment"], missing="drop")


def _kano_table() -> pd.DataFrame:
    k = _demo().kano
    return ex.kano(k["functional"], k["dysfunctional"], feature=k["feature"])


def _tolerance_table() -> pd.DataFrame:
    t = _demo().tolerance
    return tolerance_zone(t["perceived"], t["adequate"], t["desired"], by=t["dimension"])


def _ipa() -> Any:
    imp = pd.Series({"price": 4.6, "delivery": 4.4, "packaging": 2.9, "app": 3.1})
    perf = pd.Series({"price": 3.2, "delivery": 4.5, "packaging": 4.4, "app": 2.8})
    return importance_performance(imp, perf)


def _ipa_frame() -> pd.DataFrame:
    frame: pd.DataFrame = _ipa().to_frame()
    return frame


def _trend_table() -> pd.DataFrame:
    r = _demo().responses
    return trend(r["csat"], r["date"], metric="csat", freq="Q", missing="drop")


def _segments_table() -> pd.DataFrame:
    r = _demo().responses
    return compare_segments(r["nps"], r["segment"], missing="drop")


# chart, how to build its DataFrame input, one column it cannot do without
CHARTS: list[tuple[Callable[..., Any], Callable[[], pd.DataFrame], str]] = [
    (plot_nps, _nps_table, "promoter_share"),
    (plot_kano, _kano_table, "better"),
    (plot_tolerance_zone, _tolerance_table, "msa"),
    (plot_importance_performance, _ipa_frame, "importance"),
    (plot_trend, _trend_table, "ci_low"),
    (plot_control_chart, _trend_table, "upper_limit"),
    (plot_segment_comparison, _segments_table, "p_adjusted"),
]
IDS = [chart.__name__ for chart, _, _ in CHARTS]


@pytest.mark.parametrize(("chart", "make", "column"), CHARTS, ids=IDS)
def test_chart_renders_to_png_with_agg(chart: Callable[..., Any],
                                       make: Callable[[], pd.DataFrame], column: str,
                                       tmp_path: Path) -> None:
    """Each chart draws headless and saves a non-trivial PNG."""
    ax = chart(make())
    path = tmp_path / f"{chart.__name__}.png"
    ax.figure.savefig(path, dpi=72)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 10_000
    assert ax.get_title()


@pytest.mark.parametrize(("chart", "make", "column"), CHARTS, ids=IDS)
def test_chart_draws_on_the_given_axes(chart: Callable[..., Any],
                                       make: Callable[[], pd.DataFrame], column: str) -> None:
    """With ax=, the chart draws there and opens no figure of its own."""
    figure = mpl.figure.Figure()
    ax = figure.add_subplot()
    before = plt.get_fignums()
    assert chart(make(), ax=ax) is ax
    assert plt.get_fignums() == before


@pytest.mark.parametrize(("chart", "make", "column"), CHARTS, ids=IDS)
def test_missing_column_is_a_schema_error_naming_it(chart: Callable[..., Any],
                                                    make: Callable[[], pd.DataFrame],
                                                    column: str) -> None:
    """A frame without a needed column raises SchemaError naming the column."""
    frame = make().drop(columns=[column])
    with pytest.raises(SchemaError, match=f"'{column}'"):
        chart(frame)


@pytest.mark.parametrize(("chart", "make", "column"), CHARTS, ids=IDS)
def test_text_column_is_a_schema_error(chart: Callable[..., Any],
                                       make: Callable[[], pd.DataFrame], column: str) -> None:
    """A needed column holding text raises SchemaError naming the column."""
    frame = make().assign(**{column: "high"})
    with pytest.raises(SchemaError, match=f"'{column}'.*numeric"):
        chart(frame)


@pytest.mark.parametrize(("chart", "make", "column"), CHARTS, ids=IDS)
def test_chart_does_not_modify_its_input(chart: Callable[..., Any],
                                         make: Callable[[], pd.DataFrame],
                                         column: str) -> None:
    """The caller's frame is equal, column for column, after drawing."""
    frame = make()
    before = frame.copy(deep=True)
    chart(frame)
    pd.testing.assert_frame_equal(frame, before)


@pytest.mark.parametrize(("chart", "make", "column"), CHARTS, ids=IDS)
def test_without_matplotlib_the_error_names_the_extra(chart: Callable[..., Any],
                                                      make: Callable[[], pd.DataFrame],
                                                      column: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Without matplotlib, ModuleNotFoundError (an ImportError) names the plot extra."""
    frame = make()
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r'pip install "customer-expectations\[plot\]"') as err:
        chart(frame)
    assert isinstance(err.value, ModuleNotFoundError)
    assert err.value.name == "matplotlib"


@pytest.mark.parametrize("data", [[1, 2, 3], {"score": [1.0]}, None])
def test_input_that_is_neither_result_nor_frame_is_a_schema_error(data: object) -> None:
    """Lists, dicts and None are refused with SchemaError, not an AttributeError."""
    with pytest.raises(SchemaError, match="result of this library or a pandas DataFrame"):
        plot_nps(data)


def test_import_expectations_does_not_import_matplotlib() -> None:
    """`import expectations` (plotting and accessor included) leaves matplotlib unloaded."""
    code = ("import sys, expectations, expectations.plotting, expectations.accessor; "
            "assert 'matplotlib' not in sys.modules, 'matplotlib imported'")
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603 -- fixed code


def test_charts_raise_clearly_where_matplotlib_cannot_be_imported() -> None:
    """In a process where matplotlib is unavailable, the package imports and charts explain."""
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "import expectations as ex\n"
        "from expectations.plotting import plot_kano\n"
        "try:\n"
        "    plot_kano(ex.kano(['like'] * 4, ['dislike'] * 4))\n"
        "except ModuleNotFoundError as exc:\n"
        "    print(exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code],  # noqa: S603 -- fixed code
                         check=True, capture_output=True, text=True).stdout
    assert 'pip install "customer-expectations[plot]"' in out


"""The trend chart (score, interval band, significant changes) and the p-chart."""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest

mpl.use("Agg")
import matplotlib.pyplot as plt

import expectations as ex
from expectations.kpis.trend import trend
from expectations.plotting import plot_control_chart, plot_trend


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def _responses() -> pd.DataFrame:
    frame: pd.DataFrame = ex.datasets.load_retail().responses
    return frame


def _lines(ax: Any) -> dict[str, Any]:
    return {line.get_label(): line for line in ax.lines}


def test_score_line_band_and_significant_markers() -> None:
    """The line is the score, the band spans the interval, markers sit on significant changes."""
    r = _responses()
    table = trend(r["nps"], r["date"], freq="M", missing="drop")
    ax = plot_trend(table)
    lines = _lines(ax)
    np.testing.assert_allclose(lines["score"].get_ydata(), table["score"])
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    assert band.min() == pytest.approx(table["ci_low"].min())
    assert band.max() == pytest.approx(table["ci_high"].max())
    np.testing.assert_allclose(lines["significant change"].get_ydata(),
                               table.loc[table["significant"], "score"])
    assert ax.get_xticklabels()[0].get_text() == str(table.index[0])


def test_control_limits_are_drawn_only_on_the_scale_they_describe() -> None:
    """CSAT's score is the top-box share, so its limits are drawn; NPS's are not."""
    r = _responses()
    csat = plot_trend(trend(r["csat"], r["date"], metric="csat", freq="Q", missing="drop"))
    nps = plot_trend(trend(r["nps"], r["date"], freq="Q", missing="drop"))
    assert "control limits" in _lines(csat)
    assert "control limits" not in _lines(nps)


def test_p_chart_limits_follow_montgomery() -> None:
    """Limits are p ± 3 sqrt(p(1-p)/n) around the overall share (Montgomery, ch. 7)."""
    r = _responses().dropna(subset=["nps"])
    table = trend(r["nps"], r["date"], freq="Q")
    ax = plot_control_chart(table)
    lines = _lines(ax)
    promoters = (r["nps"].to_numpy() >= 9)
    p = promoters.mean()
    n = table["n"].to_numpy()
    np.testing.assert_allclose(lines["centre line"].get_ydata(), 100 * p)
    np.testing.assert_allclose(lines["control limits (3 sigma)"].get_ydata(),
                               100 * (p - 3 * np.sqrt(p * (1 - p) / n)))
    assert ax.get_ylabel() == "promoter share (%)"
    assert len(lines["out of control"].get_ydata()) == int(table["out_of_control"].sum())


def test_out_of_control_periods_are_marked() -> None:
    """A period whose share leaves the limits gets a marker at its share."""
    table = pd.DataFrame({"share": [20.0, 21.0, 35.0], "centre_line": [22.0] * 3,
                          "lower_limit": [18.0] * 3, "upper_limit": [26.0] * 3,
                          "out_of_control": [False, False, True]},
                         index=pd.Index(["Q1", "Q2", "Q3"], name="period"))
    ax = plot_control_chart(table)
    assert list(_lines(ax)["out of control"].get_ydata()) == [35.0]
    assert ax.get_ylabel() == "top-box share (%)"

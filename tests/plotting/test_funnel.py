"""The funnel plot: limits as curves over n, the target line, groups coloured by band."""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import numpy as np
import pytest

mpl.use("Agg")
import matplotlib.pyplot as plt

import expectations as ex
from expectations.errors import InvalidParameterError, SchemaError
from expectations.groups.funnel import Z_95, Z_998
from expectations.plotting import _style, plot_funnel

SCORES = [10, 9, 8, 6, 3] * 40 + [10, 10, 9, 8, 6] * 40 + [10, 10, 9, 9, 7, 8] + [3, 6, 8]
STORES = ["a"] * 200 + ["b"] * 200 + ["c"] * 6 + ["d"] * 3


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def test_target_line_and_limit_curves_follow_the_formula() -> None:
    """Line 0 is the target; lines 1-4 are target -/+ z sqrt(V / n), clipped (Spiegelhalter)."""
    table = ex.funnel(SCORES, by=STORES)
    ax = plot_funnel(table)
    target = table["target"].iloc[0]
    assert ax.lines[0].get_ydata()[0] == pytest.approx(target)
    variance = table.attrs["variance"]
    for line, z, sign in zip(ax.lines[1:5], (Z_95, Z_95, Z_998, Z_998), (-1, 1, -1, 1),
                             strict=True):
        n = np.asarray(line.get_xdata())
        expected = np.clip(target + sign * 100 * z * np.sqrt(variance / n), -100, 100)
        np.testing.assert_allclose(line.get_ydata(), expected)


def test_points_sit_at_n_and_score_coloured_by_band() -> None:
    """One point per group at (n, score): green above, vermillion below, blue within."""
    table = ex.funnel(SCORES, by=STORES)
    ax = plot_funnel(table)
    points = ax.collections[0]
    np.testing.assert_allclose(points.get_offsets(), table[["n", "score"]].to_numpy())
    colours = [mpl.colors.to_hex(c) for c in points.get_facecolors()]
    expected = {"above 99.8%": _style.GOOD, "below 95%": _style.BAD,
                "within": _style.HIGHLIGHT, "below 99.8%": _style.BAD}
    assert colours == [expected[b].lower() for b in table["band"].astype(str)]


def test_only_groups_beyond_the_998_limits_are_labelled() -> None:
    """Outliers beyond 99.8% are named; groups within the limits are not."""
    table = ex.funnel(SCORES, by=STORES)
    ax = plot_funnel(table)
    beyond = table.index[table["band"].astype(str).str.endswith("99.8%")].tolist()
    assert sorted(t.get_text() for t in ax.texts) == sorted(beyond)


def test_answers_are_scored_first_and_options_passed_on() -> None:
    """Answers plus by= (and funnel's options) draw the same chart as the table."""
    from_answers = plot_funnel(SCORES, by=STORES, target=0.0)
    assert from_answers.lines[0].get_ydata()[0] == 0.0


def test_a_table_without_attrs_recovers_the_variance_from_its_limits() -> None:
    """A copy stripped of attrs draws the same curves, V read from unclipped 95% limits."""
    table = ex.funnel(SCORES, by=STORES)
    bare = table.copy()
    bare.attrs = {}
    a, b = plot_funnel(table), plot_funnel(bare)
    np.testing.assert_allclose(a.lines[2].get_ydata(), b.lines[2].get_ydata())


def test_a_table_missing_a_column_is_a_schema_error() -> None:
    """Missing columns raise SchemaError naming the column."""
    with pytest.raises(SchemaError, match="band"):
        plot_funnel(ex.funnel(SCORES, by=STORES).drop(columns="band"))


def test_draws_on_the_axes_given() -> None:
    """ax= is drawn on and returned."""
    _, ax = plt.subplots()
    assert plot_funnel(ex.funnel(SCORES, by=STORES), ax=ax) is ax


def test_options_with_a_table_are_an_error() -> None:
    """by= or funnel options with a finished table would be ignored: refuse them."""
    table = ex.funnel(SCORES, by=STORES)
    with pytest.raises(InvalidParameterError, match="target"):
        plot_funnel(table, target=10.0)


def test_labels_are_literal_text() -> None:
    """A group named with dollar signs is labelled as written, not parsed as mathtext."""
    keys = ["$1 store" if k == "a" else k for k in STORES]
    ax = plot_funnel(ex.funnel(SCORES, by=keys))
    ax.figure.canvas.draw()
    assert "\\$1 store" in [t.get_text() for t in ax.texts]

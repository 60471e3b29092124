"""The df.cx accessor: the same results as the functions, over column names."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest

import expectations as ex
import expectations.accessor  # registers df.cx until the package root imports it
from expectations.accessor import CXAccessor
from expectations.errors import SchemaError
from expectations.gaps.tolerance import tolerance_zone
from expectations.kpis.trend import trend
from expectations.segmentation.compare import compare_segments


@pytest.fixture(scope="module")
def demo() -> Any:
    return ex.datasets.load_retail()


def _same(a: object, b: object) -> None:
    """Assert two results or frames are equal (NaN equal to NaN)."""
    if isinstance(a, pd.DataFrame):
        assert isinstance(b, pd.DataFrame)
        pd.testing.assert_frame_equal(a, b)
    else:
        assert type(a) is type(b)
        pd.testing.assert_frame_equal(a.to_frame(), b.to_frame())  # type: ignore[attr-defined]


def test_accessor_is_registered_by_importing_the_package() -> None:
    """`import expectations` alone makes df.cx available (a fresh process proves it)."""
    code = ("import pandas as pd, expectations; "
            "assert hasattr(pd.DataFrame({'a': [1]}), 'cx'), 'df.cx missing'")
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603 -- fixed code


def test_reimporting_the_module_does_not_warn() -> None:
    """Registering twice (a reload) keeps the accessor and raises no pandas warning."""
    import importlib

    importlib.reload(expectations.accessor)  # warnings are errors in this suite
    assert pd.DataFrame({"a": [1]}).cx.__class__.__name__ == "CXAccessor"


@pytest.mark.parametrize("by", [None, "segment", ["segment", "channel"]])
def test_nps_equals_the_function(demo: Any, by: Any) -> None:
    """df.cx.nps(col, by=names) equals ex.nps(df[col], by=df[names])."""
    r = demo.responses
    keys = None if by is None else r[by]
    _same(r.cx.nps("nps", by=by, missing="drop"), ex.nps(r["nps"], by=keys, missing="drop"))


@pytest.mark.parametrize(("method", "function", "column", "options"), [
    ("csat", ex.csat, "csat", {}),
    ("ces", ex.ces, "ces", {}),
    ("top_box", ex.top_box, "csat", {"scale": ex.Scale(1, 5), "top": 1}),
])
def test_satisfaction_scores_equal_the_functions(demo: Any, method: str, function: Any,
                                                 column: str, options: dict[str, Any]) -> None:
    """csat, ces and top_box over a column equal the functions, with and without by=."""
    r = demo.responses
    accessor = getattr(r.cx, method)
    _same(accessor(column, missing="drop", **options),
          function(r[column], missing="drop", **options))
    _same(accessor(column, by="segment", missing="drop", **options),
          function(r[column], by=r["segment"], missing="drop", **options))


def test_by_and_weights_accept_arrays(demo: Any) -> None:
    """by= and weights= may be arrays, one value per row, instead of names."""
    r = demo.responses.dropna(subset=["nps"]).head(600)
    weights = np.linspace(0.5, 2.0, len(r))
    keys = r["segment"].to_numpy()
    _same(r.cx.nps("nps", by=keys, weights=weights), ex.nps(r["nps"], by=keys, weights=weights))
    r2 = r.assign(w=weights)
    _same(r2.cx.nps("nps", weights="w"), ex.nps(r["nps"], weights=weights))


def test_by_mixes_names_and_arrays(demo: Any) -> None:
    """A list of a column name and an array groups by both."""
    r = demo.responses.dropna(subset=["nps"])
    half = np.where(np.arange(len(r)) % 2 == 0, "even", "odd")
    _same(r.cx.nps("nps", by=["segment", half]), ex.nps(r["nps"], by=[r["segment"], half]))


def test_kano_equals_the_function(demo: Any) -> None:
    """df.cx.kano(functional, dysfunctional, feature=col) equals ex.kano on the columns."""
    k = demo.kano
    _same(k.cx.kano("functional", "dysfunctional", feature="feature"),
          ex.kano(k["functional"], k["dysfunctional"], feature=k["feature"]))
    _same(k.cx.kano("functional", "dysfunctional"),
          ex.kano(k["functional"], k["dysfunctional"]))


def test_tolerance_zone_trend_and_segments_equal_the_functions(demo: Any) -> None:
    """tolerance_zone, trend and compare_segments over names equal the functions."""
    t, r = demo.tolerance, demo.responses
    _same(t.cx.tolerance_zone("perceived", "adequate", "desired", by="dimension"),
          tolerance_zone(t["perceived"], t["adequate"], t["desired"], by=t["dimension"]))
    _same(r.cx.trend("csat", "date", metric="csat", freq="Q", missing="drop"),
          trend(r["csat"], r["date"], metric="csat", freq="Q", missing="drop"))
    _same(r.cx.compare_segments("nps", "segment", missing="drop"),
          compare_segments(r["nps"], r["segment"], missing="drop"))


def test_relative_weights_equals_the_function(demo: Any) -> None:
    """df.cx.relative_weights(outcome, drivers) equals ex.relative_weights(df, ...)."""
    d = demo.drivers
    drivers = ["price", "delivery", "quality", "support"]
    _same(d.cx.relative_weights("overall", drivers, missing="drop"),
          ex.relative_weights(d, "overall", drivers, missing="drop"))


@pytest.mark.parametrize(("call", "missing"), [
    (lambda df: df.cx.nps("likely_to_recommend"), "likely_to_recommend"),
    (lambda df: df.cx.nps("nps", by="segmnt"), "segmnt"),
    (lambda df: df.cx.nps("nps", by=["segment", "chanel"]), "chanel"),
    (lambda df: df.cx.nps("nps", weights="weight"), "weight"),
    (lambda df: df.cx.csat("satisfaction"), "satisfaction"),
    (lambda df: df.cx.kano("nps", "functional"), "functional"),
    (lambda df: df.cx.trend("nps", "when"), "when"),
])
def test_missing_column_is_a_schema_error_naming_it(demo: Any, call: Any,
                                                    missing: str) -> None:
    """A name that is not a column raises SchemaError quoting it (and a KeyError)."""
    with pytest.raises(SchemaError, match=f"data must have the column '{missing}'"):
        call(demo.responses)
    with pytest.raises(KeyError):
        call(demo.responses)


def test_accessor_does_not_modify_the_frame(demo: Any) -> None:
    """Scoring through df.cx leaves the frame equal to a copy taken before."""
    r = demo.responses
    before = r.copy(deep=True)
    r.cx.nps("nps", by=["segment", "channel"], missing="drop")
    r.cx.csat("csat", by="segment", missing="drop")
    pd.testing.assert_frame_equal(r, before)


def test_typed_wrapper_is_the_accessor() -> None:
    """CXAccessor(df) is what df.cx returns, for code that wants static types."""
    df = pd.DataFrame({"ltr": [10, 9, 7, 3] * 10})
    assert isinstance(df.cx, CXAccessor)
    assert attrs.asdict(CXAccessor(df).nps("ltr")) == attrs.asdict(df.cx.nps("ltr"))


# Public functions that take no columns of one table, each with the reason; every
# other public function must have a df.cx method of the same name.
NOT_COLUMN_FUNCTIONS = {
    "clv": "a formula on per-customer figures (margin, retention, discount), not on rows",
    "compare_nps": "two independent samples, usually of different lengths; "
                   "compare_segments compares groups of one column",
    "compare_proportions": "two independent samples, usually of different lengths; "
                           "compare_segments compares groups of one column",
    "importance_performance": "one value per attribute (labelled by attribute), not per row",
    "pain_points": "a Journey model and per-touchpoint perceptions, not a table",
    "report": "several tables at once (responses, outcomes, ...), each a keyword",
    "report_demo": "takes no data",
    "stream_report": "files read in chunks, not a DataFrame in memory",
    "scan": "opens a file; its result is the data= of the other functions",
    "read_survey": "reads a file into a Survey",
    "rake": "survey weights from population margins of a Survey",
}


def _public_functions() -> list[str]:
    return sorted(name for name in ex.__all__
                  if callable(getattr(ex, name)) and not isinstance(getattr(ex, name), type))


@pytest.mark.parametrize("name", _public_functions())
def test_every_column_taking_function_has_an_accessor_method(name: str) -> None:
    """df.cx has a method for each public function that reads columns, or an exemption says why."""
    if name in NOT_COLUMN_FUNCTIONS:
        return
    method = getattr(CXAccessor, name, None)
    assert callable(method), f"df.cx.{name} is missing; add it or exempt {name} with a reason"
    assert method.__doc__
    assert f"~expectations.{name}`" in method.__doc__


def test_the_walk_covers_the_column_functions() -> None:
    """The walk sees the functions the issue named, so an empty __all__ cannot pass it."""
    walked = set(_public_functions())
    assert {"tag_themes", "fulfilment", "rfm", "trend", "consistency"} <= walked
    assert walked - set(NOT_COLUMN_FUNCTIONS)


def test_new_methods_equal_the_functions(demo: Any) -> None:
    """The methods added for every column-taking function return what the functions return."""
    r = demo.responses.dropna(subset=["nps", "csat"]).reset_index(drop=True)
    commitment = demo.commitments[0]
    _same(r.cx.tag_themes("comment", missing="drop", by="channel"),
          ex.tag_themes(r["comment"], missing="drop", by=r["channel"]))
    _same(r.cx.consistency("csat", "touchpoint"), ex.consistency(r["csat"], r["touchpoint"]))
    pd.testing.assert_extension_array_equal(r.cx.classify_nps("nps"), ex.classify_nps(r["nps"]))
    _same(demo.outcomes.cx.fulfilment(commitment, by="channel"),
          ex.fulfilment(commitment, demo.outcomes, by="channel"))
    t = demo.transactions
    columns = {"customer": "customer_id", "date": "date"}
    _same(t.cx.rfm(**columns, amount="amount"), ex.rfm(t, **columns, amount="amount"))
    _same(t.cx.retention_rate(**columns), ex.retention_rate(t, **columns))
    _same(t.cx.repeat_rate(**columns), ex.repeat_rate(t, **columns))
    k = demo.kano
    pd.testing.assert_extension_array_equal(
        k.cx.kano_category("functional", "dysfunctional"),
        ex.kano_category(k["functional"], k["dysfunctional"]))
    s = demo.servqual
    e, p = [f"e{i:02d}" for i in range(1, 23)], [f"p{i:02d}" for i in range(1, 23)]
    _same(s.cx.servqual(e, p, missing="drop"), ex.servqual(s[e], s[p], missing="drop"))
    _same(demo.drivers.cx.cronbach_alpha(["price", "delivery", "quality"], missing="listwise"),
          ex.cronbach_alpha(demo.drivers[["price", "delivery", "quality"]], missing="listwise"))

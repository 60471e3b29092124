"""Tests for expectations.kpis.trend: per-period scores, changes and p-chart limits."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.proportion import proportions_ztest

import expectations.datasets
from expectations.errors import InvalidParameterError, InvalidScoreError, LengthMismatchError
from expectations.kpis import TREND_COLUMNS, trend
from expectations.scoring import compare_nps, csat, nps


@pytest.fixture(scope="module")
def responses() -> pd.DataFrame:
    r = expectations.datasets.load_retail().responses
    return r[r["nps"].notna()].reset_index(drop=True)


def test_single_period_equals_overall_score() -> None:
    """Answers all in one month give one row equal to nps() on them."""
    rng = np.random.default_rng(5)
    scores = rng.integers(0, 11, size=200)
    dates = pd.Timestamp("2024-03-01") + pd.to_timedelta(rng.integers(0, 31, 200), unit="D")
    table = trend(scores, dates)
    overall = nps(scores)
    assert len(table) == 1
    assert list(table.columns) == list(TREND_COLUMNS)
    row = table.iloc[0]
    assert row["score"] == pytest.approx(overall.score)
    assert row["ci_low"] == pytest.approx(overall.interval.low)
    assert row["ci_high"] == pytest.approx(overall.interval.high)
    assert row["n"] == 200


@given(st.lists(st.integers(1, 5), min_size=30, max_size=120), st.integers(0, 27))
def test_single_period_csat_equals_csat(scores: list[int], day: int) -> None:
    """For CSAT, one period's score and interval equal csat() on the same answers."""
    dates = pd.Series(pd.Timestamp("2024-02-01") + pd.Timedelta(days=day), index=range(len(scores)))
    row = trend(scores, dates, metric="csat").iloc[0]
    overall = csat(scores)
    assert row["score"] == pytest.approx(overall.score)
    assert row["ci_low"] == pytest.approx(overall.interval.low)


def test_per_period_scores_match_nps_by_month(responses: pd.DataFrame) -> None:
    """Each month's row equals nps() on that month's answers; changes match compare_nps's Wald z."""
    table = trend(responses["nps"], responses["date"])
    month = responses["date"].dt.to_period("M")
    by_month = nps(responses["nps"], by=month.rename("period"))
    np.testing.assert_allclose(table["score"], by_month["score"])
    np.testing.assert_allclose(table["ci_low"], by_month["ci_low"])
    first, second = table.index[0], table.index[1]
    c = compare_nps(responses.loc[month == second, "nps"], responses.loc[month == first, "nps"],
                    ci="wald")
    assert table.loc[second, "change"] == pytest.approx(c.difference)
    assert table.loc[second, "z"] == pytest.approx(c.z)
    assert table.loc[second, "p_value"] == pytest.approx(c.p_value)


def test_csat_change_is_two_proportion_ztest() -> None:
    """For CSAT the change's z and p-value equal statsmodels' proportions_ztest (pooled)."""
    rng = np.random.default_rng(9)
    scores = np.concatenate([rng.integers(1, 6, 300), rng.integers(2, 6, 250)])
    dates = pd.to_datetime(["2024-01-15"] * 300 + ["2024-02-15"] * 250)
    table = trend(scores, dates, metric="csat")
    x = [int((scores[300:] >= 4).sum()), int((scores[:300] >= 4).sum())]
    z, p = proportions_ztest(x, [250, 300])
    assert table["z"].iloc[1] == pytest.approx(z)
    assert table["p_value"].iloc[1] == pytest.approx(p)


def test_p_chart_limits_from_formula(responses: pd.DataFrame) -> None:
    """Limits are p-bar +/- 3 sqrt(p-bar(1 - p-bar)/n), p-bar pooled (computed here directly)."""
    table = trend(responses["nps"], responses["date"], freq="Q")
    quarter = responses["date"].dt.to_period("Q")
    promoters = (responses["nps"] >= 9).groupby(quarter).sum().to_numpy(dtype=float)
    n = quarter.value_counts().sort_index().to_numpy(dtype=float)
    p_bar = promoters.sum() / n.sum()
    half = 3 * np.sqrt(p_bar * (1 - p_bar) / n)
    np.testing.assert_allclose(table["centre_line"], 100 * p_bar)
    np.testing.assert_allclose(table["lower_limit"], 100 * (p_bar - half))
    np.testing.assert_allclose(table["upper_limit"], 100 * (p_bar + half))
    share = promoters / n
    np.testing.assert_array_equal(table["out_of_control"],
                                  (share < p_bar - half) | (share > p_bar + half))


def test_out_of_control_flag_fires() -> None:
    """A month with far fewer promoters than the others falls below the lower limit."""
    scores = ([10] * 50 + [0] * 50) * 5 + [10] * 10 + [0] * 90
    dates = pd.to_datetime([f"2024-{m:02d}-10" for m in range(1, 7) for _ in range(100)])
    table = trend(scores, dates)
    assert table["out_of_control"].tolist() == [False] * 5 + [True]
    assert table["significant"].tolist() == [False] * 5 + [True]


def test_mean_metric_t_interval() -> None:
    """The mean metric gives scipy's t interval and Welch-type change; no p-chart."""
    x = np.array([3.0, 4.0, 5.0, 4.5, 2.0, 6.0])
    dates = pd.to_datetime(["2024-01-01"] * 3 + ["2024-02-01"] * 3)
    table = trend(x, dates, metric="mean")
    low, high = stats.t.interval(0.95, 2, loc=4.0, scale=stats.sem(x[:3]))
    assert table["ci_low"].iloc[0] == pytest.approx(low)
    assert table["ci_high"].iloc[0] == pytest.approx(high)
    se = np.sqrt(stats.sem(x[:3]) ** 2 + stats.sem(x[3:]) ** 2)
    assert table["change_std_error"].iloc[1] == pytest.approx(se)
    assert table["share"].isna().all()
    assert not table["out_of_control"].any()


def test_gap_periods_are_kept_empty() -> None:
    """A month without answers shows as n = 0 with NaN score, not dropped."""
    table = trend([9, 10, 0, 9], pd.to_datetime(["2024-01-01", "2024-01-02", "2024-03-01",
                                                  "2024-03-02"]))
    assert [str(p) for p in table.index] == ["2024-01", "2024-02", "2024-03"]
    assert table["n"].tolist() == [2, 0, 2]
    assert np.isnan(table["score"].iloc[1])


def test_window_and_dedupe_latest() -> None:
    """Rolling windows count each respondent once, by their latest answer in the window."""
    scores = [0, 10, 10, 0]
    dates = pd.to_datetime(["2024-01-05", "2024-02-05", "2024-02-20", "2024-03-01"])
    who = ["a", "a", "b", "b"]
    plain = trend(scores, dates, window=2)
    assert [str(p) for p in plain.index] == ["2024-02", "2024-03"]
    assert plain["n"].tolist() == [3, 3]
    latest = trend(scores, dates, window=2, dedupe="latest", respondents=who)
    # Feb window (Jan-Feb): a's latest is 10, b's is 10. Mar window (Feb-Mar): a 10, b 0.
    assert latest["n"].tolist() == [2, 2]
    assert latest["n_answers"].tolist() == [3, 3]
    assert latest["score"].tolist() == [100.0, 0.0]
    assert np.isnan(latest["change"]).all()  # windows 2 apart are needed to compare


def test_dedupe_within_single_period() -> None:
    """Without a window, dedupe keeps each respondent's latest answer in the period."""
    table = trend([0, 10, 9], pd.to_datetime(["2024-01-01", "2024-01-09", "2024-01-03"]),
                  dedupe="latest", respondents=[1, 1, 2])
    assert table["n"].tolist() == [2]
    assert table["score"].tolist() == [100.0]


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"freq": "month"}, InvalidParameterError, "freq must be one of"),
    ({"metric": "xps"}, InvalidParameterError, "metric must be one of"),
    ({"window": 0}, InvalidParameterError, "window must be None or a positive"),
    ({"dedupe": "latest"}, InvalidParameterError, "respondents must be given"),
    ({"respondents": [1, 2]}, InvalidParameterError, "only used with dedupe"),
    ({"metric": "csat"}, InvalidScoreError, "integers in 1..5 for CSAT"),
])
def test_bad_options(kwargs: dict[str, object], error: type[Exception], message: str) -> None:
    """Invalid options and off-scale answers raise specific errors."""
    with pytest.raises(error, match=message):
        trend([9, 10], pd.to_datetime(["2024-01-01", "2024-01-02"]), **kwargs)  # type: ignore[arg-type]


def test_bad_data() -> None:
    """Text dates, length mismatches and missing answers are errors; missing='drop' counts."""
    with pytest.raises(InvalidScoreError, match="dates must be datetimes"):
        trend([9, 10], ["2024-01-01", "2024-01-02"])
    with pytest.raises(LengthMismatchError):
        trend([9, 10, 8], pd.to_datetime(["2024-01-01", "2024-01-02"]))
    with pytest.raises(InvalidScoreError, match="at position 1"):
        trend([9, None], pd.to_datetime(["2024-01-01", "2024-01-02"]))
    table = trend([9, None, 10], pd.to_datetime(["2024-01-01", "2024-01-02", None]),
                  missing="drop")
    assert table.attrs["n_dropped"] == 2
    assert table["n"].tolist() == [1]


def test_dedupe_matches_pandas_latest_per_respondent(responses: pd.DataFrame) -> None:
    """A 3-month window with dedupe equals nps() on each respondent's latest answer (pandas)."""
    table = trend(responses["nps"], responses["date"], window=3, dedupe="latest",
                  respondents=responses["customer_id"])
    window = responses[(responses["date"] >= "2024-01-01") & (responses["date"] < "2024-04-01")]
    latest = (window.assign(position=np.arange(len(window)))
              .sort_values(["customer_id", "date", "position"])
              .groupby("customer_id").tail(1))
    expected = nps(latest["nps"].astype(int))
    row = table.loc[pd.Period("2024-03", "M")]
    assert row["n"] == expected.n
    assert row["score"] == pytest.approx(expected.score)
    assert row["n_answers"] == len(window)


def test_mean_trend_is_precise_when_the_mean_dwarfs_the_spread() -> None:
    """Values near 1e8 with sd 1 keep their per-period standard errors.

    Reference: pandas groupby std (two-pass) divided by sqrt(n) per month; the
    one-pass Σx² - n·m² formula collapses here.
    """
    rng = np.random.default_rng(11)
    dates = pd.date_range("2024-01-01", periods=200, freq="D")
    values = 1e8 + rng.normal(0, 1, dates.size)
    out = trend(values, dates, metric="mean")
    months = pd.Series(values).groupby(dates.to_period("M"))
    expected = (months.std() / np.sqrt(months.count())).to_numpy()
    np.testing.assert_allclose(out["std_error"].to_numpy(), expected, rtol=1e-6)
    np.testing.assert_allclose(out["score"].to_numpy(), months.mean().to_numpy(), rtol=1e-15)


@pytest.mark.parametrize(("metric", "column", "options"), [
    ("nps", "nps", {}),
    ("csat", "csat", {"window": 2}),
    ("mean", "ces", {}),
    ("nps", "nps", {"window": 3, "dedupe": "latest"}),
])
def test_by_equals_one_call_per_segment(responses: pd.DataFrame, metric: str, column: str,
                                        options: dict[str, object]) -> None:
    """trend(by=) is the per-segment calls stacked, with the segment as the outer index level."""
    rows = responses[responses[column].notna()].reset_index(drop=True)
    if "dedupe" in options:
        options = {**options, "respondents": rows["customer_id"]}
    table = trend(rows[column], rows["date"], by=rows["segment"], metric=metric,  # type: ignore[arg-type]
                  freq="Q", **options)  # type: ignore[arg-type]
    assert list(table.index.names) == ["segment", "period"]
    assert list(table.columns) == list(TREND_COLUMNS)
    partial = 0
    for name in rows["segment"].cat.categories:
        part = rows[rows["segment"] == name]
        part_options = ({**options, "respondents": part["customer_id"]} if "dedupe" in options
                        else options)
        alone = trend(part[column], part["date"], metric=metric, freq="Q",  # type: ignore[arg-type]
                      **part_options)  # type: ignore[arg-type]
        together = table.loc[name]
        if len(together) == len(alone):
            pd.testing.assert_frame_equal(together, alone, check_names=False, check_freq=False)
        else:
            # A segment that starts late has fewer complete windows of its own; within
            # by= its empty periods complete them, so only the whole-series columns
            # (changes, p-chart centre line) may differ; each window's own figures agree.
            own = ["score", "n", "n_answers", "std_error", "ci_low", "ci_high", "share"]
            pd.testing.assert_frame_equal(together.loc[alone.index, own], alone[own],
                                          check_names=False, check_freq=False)
            partial += 1
    assert partial < len(rows["segment"].cat.categories)  # most segments compare in full


def test_by_several_keys_and_missing_keys() -> None:
    """Several keys give several outer levels; rows without a key are dropped and counted."""
    dates = pd.to_datetime(["2024-01-05", "2024-02-05", "2024-01-20", "2024-02-01", "2024-02-02"])
    table = trend([10, 0, 9, 7, 10], dates, by=[["a", "a", "b", "b", None], [1, 1, 1, 1, 2]],
                  missing="drop")
    assert list(table.index.names) == [None, None, "period"]
    assert table["n"].tolist() == [1, 1, 1, 1]
    assert table.attrs["n_dropped_keys"] == 1
    assert table.attrs["n_dropped"] == 0
    with pytest.raises(InvalidScoreError, match="missing group keys"):
        trend([10, 0], dates[:2], by=["a", None])


def test_by_has_every_period_for_every_segment() -> None:
    """A segment with no answers in a period gets an empty row there, not a missing row."""
    dates = pd.to_datetime(["2024-01-05", "2024-03-05", "2024-03-20"])
    table = trend([10, 0, 9], dates, by=["a", "a", "b"])
    assert table.loc["b", "n"].tolist() == [0, 0, 1]
    assert table.loc["a", "n"].tolist() == [1, 0, 1]

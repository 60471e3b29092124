"""Commitments: fulfilment (kept rate, breach sizes) and realistic targets.

Independent references:

- ``statsmodels.stats.proportion.proportion_confint(method="wilson")`` for the
  kept rate's Wilson interval (Wilson 1927).
- ``numpy.percentile``/``numpy.mean`` on each group's broken outcomes, computed
  one group at a time, for the vectorised breach statistics.
- ``scipy.stats.quantile_test(...).confidence_interval`` (scipy >= 1.11), the
  distribution-free order-statistic interval for a quantile (Conover 1999,
  *Practical Nonparametric Statistics*, section 3.2), and the order-statistic
  ranks computed here from ``scipy.stats.binom.cdf`` by direct search.
- ``numpy.quantile(method="inverted_cdf")`` for the realistic target itself.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from expectations.commitments import (
    FULFILMENT_COLUMNS,
    FulfilmentResult,
    fulfilment,
    quantile_ranks,
    realistic_target,
)
from expectations.datasets import load_retail
from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    LengthMismatchError,
    SchemaError,
)
from expectations.models import Commitment

DELIVERY = Commitment(name="two-day delivery", metric="days", target=2, unit="days")
UPTIME = Commitment(name="uptime", metric="uptime", target=99.0, unit="%",
                    direction="at_least")

outcome_values = st.lists(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1, max_size=60)


def _rng_values(n: int, seed: int = 0) -> np.ndarray:
    return np.round(np.random.default_rng(seed).gamma(3.0, 0.8, size=n), 2)


# ---------------------------------------------------------------- fulfilment

@pytest.mark.parametrize("confidence", [0.8, 0.95, 0.99])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_kept_rate_interval_matches_statsmodels_wilson(confidence: float, seed: int) -> None:
    """The kept rate's interval is statsmodels' Wilson interval, in percent."""
    x = _rng_values(137, seed)
    r = fulfilment(DELIVERY, x, confidence=confidence)
    kept = int(np.count_nonzero(x <= 2))
    low, high = proportion_confint(kept, x.size, alpha=1 - confidence, method="wilson")
    assert r.kept == kept
    assert r.kept_rate == pytest.approx(100 * kept / x.size, rel=1e-12)
    assert r.interval.low == pytest.approx(100 * low, rel=1e-10)
    assert r.interval.high == pytest.approx(100 * high, rel=1e-10)
    assert r.interval.method == "wilson"


@pytest.mark.parametrize("commitment", [DELIVERY, UPTIME], ids=["at_most", "at_least"])
def test_breach_statistics_match_numpy_on_broken_outcomes(commitment: Commitment) -> None:
    """Breach mean, median and p90 are numpy's over the broken outcomes only."""
    x = _rng_values(200, 3) + (97.5 if commitment is UPTIME else 0.0)
    r = fulfilment(commitment, x)
    past = x - commitment.target if commitment.direction == "at_most" else commitment.target - x
    broken = past[past > 0]
    assert r.broken == broken.size
    assert r.kept + r.broken == r.n == x.size
    assert r.breach_mean == pytest.approx(np.mean(broken))
    assert r.breach_median == pytest.approx(np.percentile(broken, 50))
    assert r.breach_p90 == pytest.approx(np.percentile(broken, 90))


def test_target_itself_keeps_the_promise_in_both_directions() -> None:
    """An outcome equal to the target is kept, for at_most and at_least."""
    assert fulfilment(DELIVERY, [2.0]).kept == 1
    assert fulfilment(UPTIME, [99.0]).kept == 1


def test_nothing_broken_gives_nan_breach() -> None:
    """With every outcome kept, breach statistics are NaN and the rate is 100."""
    r = fulfilment(DELIVERY, [1, 1.5, 2])
    assert r.kept_rate == 100.0
    assert math.isnan(r.breach_mean)
    assert math.isnan(r.breach_p90)


def test_grouped_rows_equal_ungrouped_results_per_group() -> None:
    """Each by= row equals fulfilment on that group's outcomes alone."""
    x = _rng_values(300, 4)
    keys = np.random.default_rng(5).choice(["app", "web", "store"], size=x.size)
    table = fulfilment(DELIVERY, x, by=keys)
    assert tuple(table.columns) == FULFILMENT_COLUMNS
    assert list(table.index) == ["app", "store", "web"]
    for key in table.index:
        expected = fulfilment(DELIVERY, x[keys == key]).to_dict()
        row = table.loc[key]
        for column in FULFILMENT_COLUMNS:
            if isinstance(expected[column], float):
                assert row[column] == pytest.approx(expected[column], nan_ok=True), column
            else:
                assert row[column] == expected[column], column


def test_grouped_percentiles_handle_groups_with_nothing_broken() -> None:
    """A group with no broken outcome gets NaN breach statistics, others are unaffected."""
    table = fulfilment(DELIVERY, [1, 2, 3, 5, 1], by=["a", "a", "b", "b", "c"])
    assert np.isnan(table.loc["a", "breach_p90"])
    assert np.isnan(table.loc["c", "breach_median"])
    assert table.loc["b", "breach_median"] == pytest.approx(np.median([1.0, 3.0]))


def test_demo_outcomes_table_filters_by_commitment_name_and_groups_by_column() -> None:
    """A table of outcomes is filtered to the commitment's rows; by= may name a column."""
    data = load_retail()
    commitment = data.commitments[0]
    rows = data.outcomes[data.outcomes["commitment"] == commitment.name]
    r = fulfilment(commitment, data.outcomes)
    assert r.n == len(rows)
    assert r.kept == int(np.count_nonzero(rows["value"].to_numpy() <= commitment.target))
    table = fulfilment(commitment, data.outcomes, by="channel")
    assert table["n"].sum() == len(rows)
    by_array = fulfilment(commitment, data.outcomes, by=data.outcomes["channel"])
    pd.testing.assert_frame_equal(table, by_array, check_names=False)
    two_keys = fulfilment(commitment, data.outcomes, by=["channel", "customer_id"])
    two_arrays = fulfilment(commitment, data.outcomes,
                            by=[data.outcomes["channel"], data.outcomes["customer_id"].to_numpy()])
    assert two_keys["n"].sum() == two_arrays["n"].sum() == len(rows)
    np.testing.assert_array_equal(two_keys["kept"].to_numpy(), two_arrays["kept"].to_numpy())


def test_value_names_the_outcome_column() -> None:
    """value= reads outcomes from any column; the default column name "value" still works."""
    data = load_retail()
    commitment = data.commitments[0]
    renamed = data.outcomes.rename(columns={"value": "days"})
    default = fulfilment(commitment, data.outcomes, by="channel")
    named = fulfilment(commitment, renamed, value="days", by="channel")
    pd.testing.assert_frame_equal(named, default)
    assert fulfilment(commitment, renamed, value="days") == fulfilment(commitment, data.outcomes)
    with pytest.raises(SchemaError, match="'value'"):
        fulfilment(commitment, renamed)
    with pytest.raises(SchemaError, match="'delay'"):
        fulfilment(commitment, renamed, value="delay")
    with pytest.raises(InvalidParameterError, match="value must be used only when outcomes"):
        fulfilment(commitment, [1.0, 2.0], value="days")


def test_missing_outcomes_raise_or_are_dropped_and_counted() -> None:
    """NaN outcomes raise by default; with missing='drop' they are counted, not scored."""
    with pytest.raises(InvalidScoreError, match=r"outcomes must be present .* position 1"):
        fulfilment(DELIVERY, [1.0, np.nan, 3.0])
    r = fulfilment(DELIVERY, [1.0, np.nan, 3.0], missing="drop")
    assert (r.n, r.n_dropped, r.kept) == (2, 1, 1)
    table = fulfilment(DELIVERY, [1.0, np.nan, 3.0], by=["a", "a", "b"], missing="drop")
    assert table["n_dropped"].tolist() == [1, 0]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"commitment": "2 days"}, InvalidParameterError, "commitment must be an"),
        ({"outcomes": [1.0, np.inf]}, InvalidScoreError, (r"outcomes must be finite numbers; "
         r"1 value is not \(first: inf at position 1\)")),
        ({"outcomes": ["1", 2]}, InvalidScoreError, "outcomes must be numbers"),
        ({"outcomes": []}, InsufficientDataError, "outcomes must be non-empty"),
        ({"by": ["a"]}, LengthMismatchError, "by must be the same length"),
        ({"by": "channel"}, InvalidParameterError, "not a column name"),
        ({"confidence": 1.5}, InvalidParameterError, "confidence must be a number strictly"),
        ({"missing": "skip"}, InvalidParameterError, "missing must be one of"),
        ({"outcomes": pd.DataFrame({"v": [1.0]})}, SchemaError, "must have the column 'value'"),
        ({"outcomes": pd.DataFrame({"value": [1.0], "commitment": ["other"]})},
         InsufficientDataError, "rows for the commitment 'two-day delivery'"),
    ],
)
def test_bad_input_raises_templated_errors(kwargs: dict[str, object], error: type[Exception],
                                           message: str) -> None:
    """Bad commitments, outcomes, keys and options raise the library's errors."""
    args: dict[str, object] = {"commitment": DELIVERY, "outcomes": [1.0, 2.0, 3.0]}
    args.update(kwargs)
    with pytest.raises(error, match=message):
        fulfilment(args.pop("commitment"), args.pop("outcomes"), **args)  # type: ignore[arg-type]


@given(values=outcome_values, target=st.floats(-1e6, 1e6), shift=st.floats(0, 1e6))
@settings(max_examples=60)
def test_kept_rate_in_range_and_monotone_in_target(values: list[float], target: float,
                                                   shift: float) -> None:
    """Kept rate lies in [0, 100]; it never falls when an at_most target rises."""
    low = Commitment(name="c", metric="m", target=target, unit="u")
    high = Commitment(name="c", metric="m", target=target + shift, unit="u")
    r_low, r_high = fulfilment(low, values), fulfilment(high, values)
    assert 0.0 <= r_low.kept_rate <= 100.0
    assert r_low.interval.low <= r_low.kept_rate <= r_low.interval.high
    assert r_high.kept_rate >= r_low.kept_rate
    at_least_low = Commitment(name="c", metric="m", target=target, unit="u",
                              direction="at_least")
    at_least_high = Commitment(name="c", metric="m", target=target + shift, unit="u",
                               direction="at_least")
    assert fulfilment(at_least_high, values).kept_rate <= fulfilment(at_least_low,
                                                                      values).kept_rate


def test_result_converts_to_one_row_frame_with_the_grouped_columns() -> None:
    """to_frame() of a result has exactly the by= columns."""
    r = fulfilment(DELIVERY, [1, 3])
    assert isinstance(r, FulfilmentResult)
    assert tuple(r.to_frame().columns) == FULFILMENT_COLUMNS


# ---------------------------------------------------------------- realistic targets

def _ranks_by_search(n: int, p: float, confidence: float) -> tuple[int, int]:
    """Order-statistic ranks from the binomial cdf, searched directly (Conover 1999, 3.2).

    l = the largest rank with P(B <= l - 1) <= alpha/2, u = the smallest rank with
    P(B >= u) <= alpha/2, for B ~ Binomial(n, p); 0 and n + 1 mean unbounded.
    """
    alpha = 1 - confidence
    cdf = scipy.stats.binom.cdf(np.arange(-1, n + 1), n, p)  # cdf[k + 1] = P(B <= k)
    lows = [r for r in range(1, n + 1) if cdf[r] <= alpha / 2]  # cdf[r] = P(B <= r - 1)
    low = max(lows) if lows else 0
    ups = [u for u in range(1, n + 1) if 1 - cdf[u] <= alpha / 2 + 1e-12]  # P(B >= u)
    up = min(ups) if ups else n + 1
    return low, up


@pytest.mark.parametrize("n", [5, 20, 59, 100, 1000])
@pytest.mark.parametrize("p", [0.5, 0.9, 0.95, 0.05])
@pytest.mark.parametrize("confidence", [0.9, 0.95])
def test_quantile_ranks_match_binomial_search(n: int, p: float, confidence: float) -> None:
    """The ranks equal those found by searching the binomial cdf (scipy.stats.binom)."""
    assert quantile_ranks(n, p, confidence) == _ranks_by_search(n, p, confidence)


@pytest.mark.parametrize("n", [30, 200, 2000])
@pytest.mark.parametrize("reliability", [0.5, 0.9, 0.95])
@pytest.mark.parametrize("direction", ["at_most", "at_least"])
def test_interval_is_order_statistics_at_binomial_ranks(n: int, reliability: float,
                                                        direction: str) -> None:
    """The interval is X(l), X(u) at the ranks found by searching the binomial cdf."""
    x = np.random.default_rng(n).lognormal(1.0, 0.6, size=n)
    r = realistic_target(x, reliability=reliability, direction=direction)
    p = reliability if direction == "at_most" else 1 - reliability
    low, up = _ranks_by_search(n, p, 0.95)
    ordered = np.sort(x)
    assert r.interval.low == (ordered[low - 1] if low >= 1 else -math.inf)
    assert r.interval.high == (ordered[up - 1] if up <= n else math.inf)


@pytest.mark.skipif(not hasattr(scipy.stats, "quantile_test"),
                    reason="scipy.stats.quantile_test is new in scipy 1.12; the test above "
                           "checks the same interval from the binomial cdf")
@pytest.mark.parametrize("n", [30, 200, 2000])
@pytest.mark.parametrize("reliability", [0.5, 0.9, 0.95])
@pytest.mark.parametrize("direction", ["at_most", "at_least"])
def test_interval_matches_scipy_quantile_test(n: int, reliability: float,
                                              direction: str) -> None:
    """The interval is scipy.stats.quantile_test's two-sided CI for the same quantile."""
    x = np.random.default_rng(n).lognormal(1.0, 0.6, size=n)
    r = realistic_target(x, reliability=reliability, direction=direction)
    p = reliability if direction == "at_most" else 1 - reliability
    ci = scipy.stats.quantile_test(x, q=np.median(x), p=p).confidence_interval(0.95)
    # scipy reports an unbounded side as NaN; this library as an infinite bound.
    assert r.interval.low == pytest.approx(ci.low) if np.isfinite(r.interval.low) \
        else np.isnan(ci.low)
    assert r.interval.high == pytest.approx(ci.high) if np.isfinite(r.interval.high) \
        else np.isnan(ci.high)


@pytest.mark.parametrize("reliability", [0.5, 0.8, 0.95, 0.99])
def test_target_is_numpy_inverted_cdf_quantile(reliability: float) -> None:
    """The at_most target is numpy's inverted-CDF quantile; at_least uses 1 - r from below."""
    x = np.random.default_rng(7).exponential(size=333)
    r = realistic_target(x, reliability=reliability)
    assert r.target == np.quantile(x, reliability, method="inverted_cdf")
    low = realistic_target(x, reliability=reliability, direction="at_least")
    assert low.target == -np.quantile(-x, reliability, method="inverted_cdf")


def test_small_sample_gives_infinite_bound() -> None:
    """Too few outcomes for a bound at this confidence give an infinite side."""
    r = realistic_target([1.0, 2.0, 3.0, 4.0, 5.0], reliability=0.95)
    assert r.interval.high == math.inf
    assert r.ci_high_rank == 6
    assert r.interval.low <= r.target


def test_interval_coverage_is_at_least_nominal() -> None:
    """Over 4000 simulated samples the 95% interval covers the true quantile >= 95% (MC)."""
    rng = np.random.default_rng(11)
    n, p, reps = 40, 0.9, 4000
    truth = scipy.stats.expon.ppf(p)
    low_rank, high_rank = quantile_ranks(n, p, 0.95)
    samples = np.sort(rng.exponential(size=(reps, n)), axis=1)
    low = samples[:, low_rank - 1] if low_rank >= 1 else np.full(reps, -np.inf)
    high = samples[:, high_rank - 1] if high_rank <= n else np.full(reps, np.inf)
    coverage = np.mean((low <= truth) & (truth <= high))
    exact = scipy.stats.binom.cdf(high_rank - 1, n, p) - scipy.stats.binom.cdf(low_rank - 1, n, p)
    assert exact >= 0.95
    assert coverage >= 0.95 - 3 * math.sqrt(0.95 * 0.05 / reps)


@given(values=outcome_values, reliability=st.floats(0.01, 0.99),
       direction=st.sampled_from(["at_most", "at_least"]))
@settings(max_examples=80)
def test_realistic_target_keeps_at_least_reliability(values: list[float], reliability: float,
                                                     direction: str) -> None:
    """The target at reliability r keeps at least r of the past outcomes, ties included."""
    r = realistic_target(values, reliability=reliability, direction=direction)
    x = np.asarray(values)
    kept = np.count_nonzero(x <= r.target if direction == "at_most" else x >= r.target)
    assert Fraction(int(kept), len(values)) >= Fraction(repr(reliability))
    assert r.interval.low <= r.target <= r.interval.high


@pytest.mark.parametrize(("reliability", "rank"), [(0.1, 1), (0.7, 7), (0.8, 8), (0.9, 9)])
def test_realistic_target_rank_at_whole_number_quantiles(reliability: float, rank: int) -> None:
    """At r·n whole, the target is the (r·n)-th outcome, as numpy's inverted-CDF quantile."""
    values = np.arange(1.0, 11.0)
    r = realistic_target(values, reliability=reliability)
    assert r.rank == rank
    assert r.target == np.quantile(values, reliability, method="inverted_cdf")
    assert r.achieved == pytest.approx(100 * reliability)


def test_current_commitment_kept_rate_and_direction() -> None:
    """The current commitment's kept rate equals fulfilment's; its direction is used."""
    data = load_retail()
    commitment = data.commitments[0]
    r = realistic_target(data.outcomes, current=commitment)
    f = fulfilment(commitment, data.outcomes)
    assert r.current_kept_rate == pytest.approx(f.kept_rate)
    assert r.current_interval is not None
    assert r.current_interval.low == pytest.approx(f.interval.low)
    assert r.n == f.n
    assert r.direction == "at_most"
    assert r.target > commitment.target
    up = realistic_target([99.5, 98.0, 99.9], reliability=0.5, current=UPTIME)
    assert up.direction == "at_least"
    assert up.current_kept_rate == pytest.approx(200 / 3)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"reliability": 1.0}, InvalidParameterError,
         r"reliability must be a number strictly between 0 and 1; got 1.0"),
        ({"reliability": 0}, InvalidParameterError, "reliability must be a number strictly"),
        ({"reliability": -0.5}, InvalidParameterError, "reliability must be"),
        ({"direction": "below"}, InvalidParameterError, "direction must be one of"),
        ({"current": "2 days"}, InvalidParameterError, "current must be None, a Commitment"),
        ({"current": UPTIME, "direction": "at_most"}, InvalidParameterError,
         "direction must match the current commitment"),
        ({"outcomes": [1.0, np.nan]}, InvalidScoreError, "outcomes must be present"),
        ({"outcomes": []}, InsufficientDataError, "outcomes must be non-empty"),
        ({"outcomes": [[1.0, 2.0]]}, InvalidScoreError, "outcomes must be one-dimensional"),
    ],
)
def test_realistic_target_bad_input(kwargs: dict[str, object], error: type[Exception],
                                    message: str) -> None:
    """Reliability outside (0, 1), bad directions, NaN and empty outcomes are refused."""
    args: dict[str, object] = {"outcomes": [1.0, 2.0, 3.0]}
    args.update(kwargs)
    with pytest.raises(error, match=message):
        realistic_target(args.pop("outcomes"), **args)  # type: ignore[arg-type]


def test_missing_drop_counts_outcomes() -> None:
    """missing='drop' leaves NaN outcomes out and counts them."""
    r = realistic_target([1.0, np.nan, 2.0], reliability=0.5, missing="drop")
    assert (r.n, r.n_dropped, r.target) == (2, 1, 1.0)


def test_inputs_are_not_mutated() -> None:
    """Neither function changes the caller's data."""
    x = np.array([3.0, 1.0, 2.0])
    fulfilment(DELIVERY, x)
    realistic_target(x)
    np.testing.assert_array_equal(x, [3.0, 1.0, 2.0])

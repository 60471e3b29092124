"""Tests for expectations.kpis.events: return and complaint rates."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.rates import confint_poisson

from expectations.errors import InvalidParameterError, InvalidScoreError, LengthMismatchError
from expectations.kpis import RATE_COLUMNS, complaint_rate, return_rate
from expectations.kpis.events import poisson_interval


@pytest.mark.parametrize(("returns", "orders"), [(0, 50), (42, 600), (600, 600), (3, 7)])
def test_return_rate_wilson_against_statsmodels(returns: int, orders: int) -> None:
    """The return share's interval is statsmodels' Wilson interval, in percent."""
    r = return_rate(returns, orders)
    low, high = proportion_confint(returns, orders, method="wilson")
    assert r.rate == pytest.approx(100 * returns / orders)
    assert r.interval.low == pytest.approx(100 * low)
    assert r.interval.high == pytest.approx(100 * high)


@pytest.mark.parametrize(("complaints", "orders"), [(0, 800), (12, 800), (950, 800), (3, 1)])
def test_complaint_rate_exact_poisson_against_statsmodels(complaints: int, orders: int) -> None:
    """The complaint rate's interval is statsmodels' exact Poisson (exact-c), per 100 orders."""
    r = complaint_rate(complaints, orders)
    low, high = confint_poisson(complaints, orders, method="exact-c")
    assert r.rate == pytest.approx(100 * complaints / orders)
    assert r.interval.low == pytest.approx(100 * low, abs=1e-12)
    assert r.interval.high == pytest.approx(100 * high)


def test_poisson_interval_against_scipy_quantiles() -> None:
    """Garwood's bounds are the Poisson counts whose tail probabilities equal alpha/2."""
    from scipy import stats

    low, high = poisson_interval([7])
    assert stats.poisson.sf(6, low[0]) == pytest.approx(0.025)
    assert stats.poisson.cdf(7, high[0]) == pytest.approx(0.025)


def test_by_groups_sum_counts() -> None:
    """With by=, counts are summed per group and the table has the fixed columns."""
    table = complaint_rate([1, 2, 3], [10, 20, 30], by=["a", "b", "a"], per=1000)
    assert list(table.columns) == list(RATE_COLUMNS)
    assert table.loc["a", "rate"] == pytest.approx(1000 * 4 / 40)
    assert table.loc["b", "events"] == 2.0


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: return_rate(5, 4), InvalidScoreError, "returns must be at most orders"),
    (lambda: return_rate(-1, 4), InvalidScoreError, "whole non-negative counts"),
    (lambda: complaint_rate(1.5, 4), InvalidScoreError, "first: 1.5 at position 0"),
    (lambda: complaint_rate(1, 4, per=0), InvalidParameterError, "per must be a positive"),
    (lambda: return_rate(1, 4, ci="exact"), InvalidParameterError, "ci must be one of"),
    (lambda: return_rate([1, 2], [3]), LengthMismatchError, "orders must be the same length"),
    (lambda: complaint_rate(np.nan, 4), InvalidScoreError, "complaints must be whole"),
])
def test_bad_input(call, error: type[Exception], message: str) -> None:  # type: ignore[no-untyped-def]
    """Bad counts and options raise the library's errors with the template message."""
    with pytest.raises(error, match=message):
        call()

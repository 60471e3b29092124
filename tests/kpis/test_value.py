"""Tests for expectations.kpis.value: simple and historical customer lifetime value."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from expectations.errors import InvalidParameterError, InvalidScoreError, LengthMismatchError
from expectations.kpis import clv, historical_clv


def test_clv_hand_computation() -> None:
    """m=100, r=0.8, d=0.1: 100*0.8/(1 + 0.1 - 0.8) = 80/0.3 = 266.67 (worked by hand)."""
    assert clv(100.0, 0.8, 0.1) == pytest.approx(800.0 / 3.0)
    assert clv(100.0, 0.0, 0.1) == 0.0


@pytest.mark.parametrize(("m", "r", "d"), [(100.0, 0.8, 0.1), (35.0, 0.6, 0.0), (10.0, 0.5, -0.2)])
def test_clv_equals_discounted_geometric_series(m: float, r: float, d: float) -> None:
    """The formula equals the series sum_t m r^t / (1 + d)^t (Gupta & Lehmann 2003)."""
    t = np.arange(1, 2000)
    series = float(np.sum(m * r**t / (1 + d) ** t))
    assert clv(m, r, d) == pytest.approx(series, rel=1e-9)


def test_clv_vectorised() -> None:
    """Arrays broadcast and return an array."""
    out = clv(np.array([100.0, 50.0]), [0.8, 0.5], 0.0)
    np.testing.assert_allclose(out, [400.0, 50.0])


@pytest.mark.parametrize(("args", "error", "message"), [
    ((100.0, 1.0, 0.1), InvalidScoreError, r"retention must be a fraction in \[0, 1\)"),
    ((100.0, 80, 0.1), InvalidScoreError, "divide a percentage by 100"),
    ((100.0, 0.5, -1.0), InvalidScoreError, "discount must be a rate greater than -1"),
    ((100.0, 0.9, -0.2), InvalidScoreError, "retention must be below 1 \\+ discount"),
    ((np.nan, 0.5, 0.1), InvalidScoreError, "margin must be finite"),
    (([1.0, 2.0], [0.5, 0.5, 0.5], 0.1), LengthMismatchError, "matching lengths"),
])
def test_clv_bad_input(args: tuple[object, object, object], error: type[Exception],
                       message: str) -> None:
    """Out-of-range inputs raise errors naming the argument and the rule."""
    with pytest.raises(error, match=message):
        clv(*args)


def test_historical_clv_sums_and_compounds() -> None:
    """Margin on past spend, compounded at the annual rate to now (hand-computed)."""
    t = pd.DataFrame({"customer_id": ["a", "a", "b"],
                      "date": pd.to_datetime(["2023-01-01", "2024-01-01", "2024-01-01"]),
                      "amount": [100.0, 50.0, 10.0]})
    plain = historical_clv(t, customer="customer_id", date="date", amount="amount", margin=0.5)
    assert plain.to_dict() == {"a": 75.0, "b": 5.0}
    grown = historical_clv(t, customer="customer_id", date="date", amount="amount",
                           rate=0.1, now="2024-01-01")
    assert grown["a"] == pytest.approx(100 * 1.1 ** (365 / 365.25) + 50)
    with pytest.raises(InvalidParameterError, match="margin must be a number"):
        historical_clv(t, customer="customer_id", date="date", amount="amount", margin=2)


def test_historical_clv_drop_counts_dropped_transactions() -> None:
    """missing="drop" gives the value without the gappy rows and counts them in attrs."""
    t = pd.DataFrame({"customer_id": ["a", "a", "b", None],
                      "date": pd.to_datetime(["2023-01-01", "2024-01-01", "2024-01-01",
                                              "2024-01-01"]),
                      "amount": [100.0, np.nan, 10.0, 5.0]})
    dropped = historical_clv(t, customer="customer_id", date="date", amount="amount",
                             now="2024-01-02", missing="drop")
    alone = historical_clv(t.iloc[[0, 2]], customer="customer_id", date="date",
                           amount="amount", now="2024-01-02")
    pd.testing.assert_series_equal(dropped, alone)
    assert (dropped.attrs["n_dropped"], alone.attrs["n_dropped"]) == (2, 0)

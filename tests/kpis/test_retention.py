"""Tests for expectations.kpis.retention: retention, churn and repeat purchase."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

import expectations.datasets
from expectations.errors import InsufficientDataError, InvalidParameterError, SchemaError
from expectations.kpis import RETENTION_COLUMNS, churn_rate, repeat_rate, retention_rate

KEYS = {"customer": "customer_id", "date": "date"}


def _hand_table() -> pd.DataFrame:
    """January: a, b, c, d buy; February: a, b, e buy (a twice); April: e buys."""
    rows = [("a", "2024-01-03"), ("b", "2024-01-09"), ("c", "2024-01-20"), ("d", "2024-01-31"),
            ("a", "2024-02-01"), ("a", "2024-02-20"), ("b", "2024-02-11"), ("e", "2024-02-28"),
            ("e", "2024-04-02")]
    return pd.DataFrame({"customer_id": [r[0] for r in rows],
                         "date": pd.to_datetime([r[1] for r in rows])})


def test_hand_example() -> None:
    """(E - N)/S by hand: Feb (3 - 1)/4 = 50%; Mar (0 - 0)/3 = 0%; Apr (1 - 1)/0 undefined."""
    table = retention_rate(_hand_table(), **KEYS)
    assert list(table.columns) == list(RETENTION_COLUMNS)
    assert [str(p) for p in table.index] == ["2024-02", "2024-03", "2024-04"]
    assert table["customers_start"].tolist() == [4, 3, 0]
    assert table["customers_end"].tolist() == [3, 0, 1]
    assert table["new_customers"].tolist() == [1, 0, 1]
    assert table["rate"].iloc[0] == 50.0
    assert table["rate"].iloc[1] == 0.0
    assert np.isnan(table["rate"].iloc[2])
    churn = churn_rate(_hand_table(), **KEYS)
    assert churn["rate"].iloc[:2].tolist() == [50.0, 100.0]
    assert churn["churned"].tolist() == [2, 3, 0]


def test_interval_is_wilson_from_statsmodels() -> None:
    """Retention's interval equals statsmodels' Wilson interval on (retained, start)."""
    t = expectations.datasets.load_retail().transactions
    table = retention_rate(t, **KEYS, freq="Q")
    low, high = proportion_confint(table["retained"], table["customers_start"], method="wilson")
    np.testing.assert_allclose(table["ci_low"], 100 * low, rtol=1e-10)
    np.testing.assert_allclose(table["ci_high"], 100 * high, rtol=1e-10)
    churn = churn_rate(t, **KEYS, freq="Q")
    low, high = proportion_confint(churn["churned"], churn["customers_start"], method="wilson")
    np.testing.assert_allclose(churn["ci_low"], 100 * low, rtol=1e-10)
    np.testing.assert_allclose(churn["rate"] + table["rate"], 100.0)


def test_matches_pandas_set_logic_on_demo() -> None:
    """Retained counts equal an independent computation with Python sets per month."""
    t = expectations.datasets.load_retail().transactions
    table = retention_rate(t, **KEYS)
    month = t["date"].dt.to_period("M")
    active = {p: set(g) for p, g in t.groupby(month)["customer_id"]}
    for period in table.index[:6]:
        before, now = active.get(period - 1, set()), active.get(period, set())
        assert table.loc[period, "retained"] == len(before & now)
        assert table.loc[period, "customers_start"] == len(before)


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 120)), min_size=1, max_size=80))
def test_retention_within_0_100(rows: list[tuple[int, int]]) -> None:
    """Retention and churn are within [0, 100] and add up to 100 where defined."""
    rows = [*rows, (0, 0), (0, 60)]  # at least two months: one alone is an error
    t = pd.DataFrame({"customer_id": [r[0] for r in rows],
                      "date": pd.Timestamp("2024-01-01")
                      + pd.to_timedelta([r[1] for r in rows], unit="D")})
    r = retention_rate(t, **KEYS)["rate"].dropna()
    c = churn_rate(t, **KEYS)["rate"].dropna()
    assert ((r >= 0) & (r <= 100)).all()
    np.testing.assert_allclose(r + c, 100.0)


def test_repeat_rate_hand_and_statsmodels() -> None:
    """Three of five hand customers (a, b, e) bought more than once; the interval is Wilson."""
    result = repeat_rate(_hand_table(), **KEYS)
    assert (result.events, result.exposure, result.rate) == (3.0, 5.0, 60.0)
    low, high = proportion_confint(3, 5, method="wilson")
    assert result.interval.low == pytest.approx(100 * low)
    assert result.interval.high == pytest.approx(100 * high)


def test_bad_input() -> None:
    """Bad freq, missing columns and text dates give specific errors."""
    t = _hand_table()
    with pytest.raises(InvalidParameterError, match="freq must be one of"):
        retention_rate(t, **KEYS, freq="month")
    with pytest.raises(SchemaError, match="named by customer="):
        churn_rate(t, customer="id", date="date")
    with pytest.raises(SchemaError, match="must hold datetimes"):
        repeat_rate(t.assign(date=t["date"].astype(str)), **KEYS)


@pytest.mark.parametrize("function", [retention_rate, churn_rate])
def test_a_single_period_is_a_clear_error(function: object) -> None:
    """Transactions all in one period cannot show retention: an error says why and what to do."""
    tx = pd.DataFrame({"customer": [1, 2, 1],
                       "date": pd.to_datetime(["2024-03-01", "2024-03-05", "2024-03-20"])})
    with pytest.raises(InsufficientDataError,
                       match=r"at least two monthly periods .* all of them fall in 2024-03\. "
                             r'Use a shorter period \(freq="W"\)'):
        function(tx, customer="customer", date="date")  # type: ignore[operator]

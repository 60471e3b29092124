"""Whole-frame functions (RFM, retention, alpha, clustering, rules, raking) take any frame.

These functions need the rows themselves: they collect the columns they use
through narwhals and run the in-memory code on them. The reference is the
pandas path of the same rows (each function's own tests check that path
against published values); every engine's frame is built from those rows by
:func:`tests.engines._frames.as_engine`, so a difference is the collection's.
Results must be equal (counts exactly, floats to 1e-12); a missing column
gives the pandas path's message, naming the columns there are; the caller's
frame is left as it was.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
from tests.engines._frames import as_engine, assert_same

import expectations as ex
from expectations.errors import SchemaError, SmallSampleWarning
from expectations.kpis import churn_rate, historical_clv, repeat_rate, retention_rate
from expectations.measurement import cronbach_alpha, relative_weights
from expectations.segmentation import assign_personas, cluster, rfm, segment
from expectations.surveys.rake import rake


def _transactions(n: int = 300, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "order": np.arange(n),
        "customer_id": rng.integers(1, 60, n),
        "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 400, n), unit="D"),
        "amount": np.round(rng.gamma(2.0, 30.0, n), 2),
    })


def _customers(n: int = 120, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "orders": rng.integers(0, 20, n),
        "region": rng.choice(["north", "south"], n).astype(object),
        "age": rng.integers(18, 80, n).astype(np.float64),
        "spend": rng.gamma(2.0, 50.0, n),
        "band": rng.integers(1, 4, n),
        "w": rng.uniform(0.5, 2.0, n),
    })


def _survey(n: int = 150, seed: int = 9) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    base = rng.integers(1, 6, n)
    items = np.clip(base[:, None] + rng.integers(-1, 2, (n, 3)), 1, 5)
    x = rng.normal(size=(n, 2))
    return pd.DataFrame({
        "q1": items[:, 0], "q2": items[:, 1], "q3": items[:, 2],
        "price": x[:, 0], "delivery": x[:, 1],
        "overall": x @ np.array([0.5, 1.0]) + rng.normal(size=n),
        "w": rng.uniform(0.5, 2.0, n),
    })


PERSONAS = [ex.Persona(name="young", description="", traits={"age": (18, 34)}),
            ex.Persona(name="northern", description="", traits={"region": ["north"]})]
OLDER = ex.Persona(name="older", description="", traits={"age": (35, 80)})
RULES = [{"name": "loyal", "when": {"orders": {">=": 10}}},
         {"name": "northern", "when": {"region": "north"}}]
TARGETS = {"band": {1: 0.3, 2: 0.4, 3: 0.3}, "region": {"north": 0.45, "south": 0.55}}


@attrs.frozen
class Case:
    """A whole-frame function: its rows, how to call it, and a column it cannot do without."""

    name: str
    rows: Callable[[], pd.DataFrame]
    call: Callable[[object], object]
    #: A column it cannot do without (None: every column is used, none is required).
    needed: str | None


CASES = [
    Case("rfm", _transactions,
         lambda t: rfm(t, customer="customer_id", date="date", amount="amount"), "amount"),
    Case("retention_rate", _transactions,
         lambda t: retention_rate(t, customer="customer_id", date="date", freq="Q"), "date"),
    Case("churn_rate", _transactions,
         lambda t: churn_rate(t, customer="customer_id", date="date", freq="M"),
         "customer_id"),
    Case("repeat_rate", _transactions,
         lambda t: repeat_rate(t, customer="customer_id", date="date"), "customer_id"),
    Case("historical_clv", _transactions,
         lambda t: historical_clv(t, customer="customer_id", date="date", amount="amount",
                                  margin=0.3, rate=0.05), "amount"),
    Case("relative_weights", _survey,
         lambda d: relative_weights(d, "overall", ["price", "delivery"], weights="w"), "w"),
    Case("cronbach_alpha", lambda: _survey()[["q1", "q2", "q3"]],
         lambda d: cronbach_alpha(d, reverse=["q3"], scale=ex.Scale(1, 5)), None),
    Case("cluster", _customers,
         lambda d: cluster(d, 3, columns=["orders", "spend"], rng=0), "spend"),
    Case("segment", _customers, lambda d: segment(d, RULES), "region"),
    Case("assign_personas", _customers, lambda d: assign_personas(d, PERSONAS), "age"),
    Case("assign_personas-nearest", _customers,
         lambda d: assign_personas(d, [PERSONAS[0], OLDER], method="nearest"), "age"),
    Case("rake", _customers, lambda d: rake(d, TARGETS, weights="w"), "band"),
]
IDS = [case.name for case in CASES]
ENGINES = ["polars", "polars-lazy", "pyarrow", "duckdb"]


def _run(case: Case, frame: object) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        return case.call(frame)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_any_frame_gives_the_pandas_result(case: Case, engine: str) -> None:
    """Each engine's frame of the same rows gives the pandas path's result (tables as pandas).

    These tables are not by= tables (a period or customer index, ``attrs``):
    like ``trend``'s they come back as the in-memory function returns them.
    """
    got = _run(case, as_engine(engine, case.rows()))
    assert_same(got, _run(case, case.rows()), case.name)


@pytest.mark.parametrize("case", [c for c in CASES if c.name in ("rfm", "retention_rate")],
                         ids=["rfm", "retention_rate"])
def test_a_dask_frame_gives_the_pandas_result(case: Case) -> None:
    """A Dask frame (three partitions, synchronous scheduler) gives the pandas result."""
    import dask

    with dask.config.set(scheduler="synchronous"):
        got = _run(case, as_engine("dask", case.rows()))
    assert_same(got, _run(case, case.rows()), case.name)


@pytest.mark.parametrize("engine", ["polars", "duckdb", "dask"])
@pytest.mark.parametrize("case", [c for c in CASES if c.needed], ids=[c.name for c in CASES
                                                                      if c.needed])
def test_a_missing_column_names_the_columns_there_are(case: Case, engine: str) -> None:
    """A column the call needs and the frame lacks: the pandas path's SchemaError, word for word.

    The message names the missing column and every column there is.
    """
    assert case.needed is not None
    rows = case.rows().drop(columns=[case.needed])
    with pytest.raises(SchemaError) as want:
        _run(case, rows)
    with pytest.raises(SchemaError) as got:
        _run(case, as_engine(engine, rows))
    message = str(got.value)
    assert message == str(want.value)
    assert repr(case.needed) in message
    assert all(repr(column) in message for column in rows.columns), message


def test_a_missing_column_of_a_scan_is_named_as_for_pandas(tmp_path: Any) -> None:
    """A scan of a file without the amount column gives the pandas path's message."""
    rows = _transactions().drop(columns=["amount"])
    path = tmp_path / "transactions.csv"
    rows.to_csv(path, index=False)
    with pytest.raises(SchemaError) as want:
        rfm(rows, customer="customer_id", date="date", amount="amount")
    with pytest.raises(SchemaError) as got:
        rfm(ex.scan(path), customer="customer_id", date="date", amount="amount")
    assert str(got.value) == str(want.value)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_callers_frame_is_not_changed(case: Case) -> None:
    """The caller's pandas and Polars frames hold the same values after the call."""
    import polars as pl

    rows = case.rows()
    frame = rows.copy()
    polars_frame = pl.from_pandas(rows)
    _run(case, frame)
    _run(case, polars_frame)
    pd.testing.assert_frame_equal(frame, rows)
    assert polars_frame.equals(pl.from_pandas(rows))


def test_only_the_named_columns_are_collected(monkeypatch: pytest.MonkeyPatch) -> None:
    """RFM collects its three columns, not the frame's others (the point of naming them)."""
    from expectations.engine import _frames

    seen: list[list[str]] = []
    collect = _frames.collect

    def spy(d: Any, roles: Any) -> pd.DataFrame:
        seen.append(list(roles))
        return collect(d, roles)

    monkeypatch.setattr(_frames, "collect", spy)
    rows = _transactions()
    rfm(as_engine("polars", rows), customer="customer_id", date="date", amount="amount")
    assert seen == [["customer_id", "date", "amount"]]


def test_a_scan_reads_the_needed_columns_by_kind(tmp_path: Any) -> None:
    """A CSV scan reads RFM's dates as dates and amounts as numbers: the pandas result."""
    rows = _transactions()
    path = tmp_path / "transactions.csv"
    rows.to_csv(path, index=False)
    got = rfm(ex.scan(path), customer="customer_id", date="date", amount="amount")
    want = rfm(rows, customer="customer_id", date="date", amount="amount")
    # A scan reads customer ids as text (they are labels, sorted as text); same rows.
    customers = want.customers.rename(index=str).loc[got.customers.index]
    assert_same(got.customers, customers)
    assert_same(got.segments, want.segments)
    assert got.now == want.now

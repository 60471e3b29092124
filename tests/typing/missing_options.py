"""Checked by mypy, never run: string options are Literal types, so a typo is a type error.

Each misspelt option carries ``# type: ignore[...]``; under ``mypy --strict``
(``warn_unused_ignores``) an ignore that suppresses nothing is itself an error,
so this file type-checks only while every typo below is caught. Run with
``mypy tests/typing`` (CI does; ``tests/test_typing.py`` does when mypy is
installed).
"""

from __future__ import annotations

import pandas as pd

import expectations as ex
from expectations.models import Commitment


def not_run() -> None:
    """Hold the calls (pytest's doctest collection imports this file; nothing may run)."""
    scores = [9, 10, 3]
    frame = pd.DataFrame({"customer": [1], "date": pd.to_datetime(["2024-01-01"]), "amount": [1.0]})
    promise = Commitment(name="two-day delivery", metric="days", target=2, unit="days")

    # The spellings the library accepts type-check.
    ex.nps(scores, missing="drop")
    ex.csat([5, 4], missing="raise")
    ex.trend(scores, pd.to_datetime(["2024-01-01"] * 3), metric="nps", freq="Q", missing="drop")
    # Functions named like their module are functions, not modules, to mypy.
    ex.kano(["like"], ["dislike"], missing="drop")
    ex.funnel(scores, by=["a", "b", "c"], missing="drop")
    ex.servqual(frame, frame, missing="drop")
    ex.cluster(frame, 2, columns=["amount"])
    ex.rfm(frame, customer="customer", date="date", amount="amount", missing="drop")

    # Misspelt options do not.
    ex.nps(scores, missing="dorp")  # type: ignore[call-overload]
    ex.csat([5, 4], missing="Drop")  # type: ignore[call-overload]
    ex.ces([5, 4], missing="ignore")  # type: ignore[call-overload]
    ex.kano(["like"], ["dislike"], missing="skip")  # type: ignore[call-overload]
    ex.fulfilment(promise, [1.0], missing="dorp")  # type: ignore[call-overload]
    ex.realistic_target([1.0, 2.0], missing="dorp")  # type: ignore[arg-type]
    ex.consistency([5, 4], ["a", "b"], missing="dorp")  # type: ignore[arg-type]
    ex.rfm(frame, customer="customer", date="date", amount="amount",
           missing="dorp")  # type: ignore[arg-type]
    ex.retention_rate(frame, customer="customer", date="date", missing="dorp")  # type: ignore[arg-type]
    ex.tag_themes(["late"], missing="dorp")  # type: ignore[call-overload]
    ex.trend(scores, pd.to_datetime(["2024-01-01"] * 3), missing="dorp")  # type: ignore[arg-type]
    ex.trend(scores, pd.to_datetime(["2024-01-01"] * 3), freq="month")  # type: ignore[arg-type]
    ex.trend(scores, pd.to_datetime(["2024-01-01"] * 3), metric="xps")  # type: ignore[arg-type]
    ex.relative_weights(frame, "amount", ["customer"], missing="dorp")  # type: ignore[arg-type]
    ex.cronbach_alpha(frame, missing="drop")  # type: ignore[arg-type]

"""nps warns (ScaleWarning) when its answers look like ratings on another scale."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import expectations as ex
from expectations.errors import ScaleWarning, SmallSampleWarning
from expectations.scoring.nps import SCALE_CHECK_MIN_N, nps


def _no_scale_warning(func: object, *args: object, **kwargs: object) -> None:
    """Call ``func``; a ScaleWarning fails the test (a small-sample warning does not)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        warnings.simplefilter("error", ScaleWarning)
        func(*args, **kwargs)  # type: ignore[operator]


@pytest.mark.parametrize(("low", "high", "named"), [(1, 5, "1..5"), (1, 7, "1..7")])
def test_other_scale_warns(low: int, high: int, named: str) -> None:
    """30 answers all within 1..5 (or 1..7) raise a ScaleWarning naming the scale."""
    scores = np.resize(np.arange(low, high + 1), 30)
    with pytest.warns(ScaleWarning, match=rf"look like answers on a {named} scale"):
        nps(scores)


def test_scale_warning_is_a_user_warning() -> None:
    """ScaleWarning is a UserWarning, exported from expectations.errors."""
    assert issubclass(ScaleWarning, UserWarning)
    assert "ScaleWarning" in ex.errors.__all__


def test_by_warns_once_per_call() -> None:
    """With by=, the answers of the whole call are judged and the warning comes once."""
    scores = np.resize([1, 2, 3, 4, 5], 300)
    groups = np.resize(["a", "b", "c"], 300)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        nps(scores, by=groups)
    assert [w.category for w in caught].count(ScaleWarning) == 1


def test_warning_points_at_the_caller() -> None:
    """The warning names the caller's file, not the library's."""
    with pytest.warns(ScaleWarning) as record:
        nps(pd.Series([3] * 40))
    assert record[0].filename == __file__


@pytest.mark.parametrize("scores", [
    [1, 2, 3, 4, 5] * 5 + [1, 2, 3, 4],  # 29 answers: too few to judge
    [1, 2, 3, 4, 5] * 6 + [8],  # an 8: beyond 1..7
    [0, 1, 2, 3, 4, 5] * 6,  # a 0: not a 1-based rating scale
    [7, 8, 9, 10, 6, 5] * 10,  # ordinary 0-10 answers
])
def test_rule_boundaries(scores: list[int]) -> None:
    """Fewer than 30 answers, any 0, or any answer above 7: no ScaleWarning."""
    _no_scale_warning(nps, scores)


def test_missing_answers_do_not_count() -> None:
    """The rule counts non-missing answers: 29 answers and 10 blanks do not warn."""
    scores = pd.Series([1.0, 2.0, 3.0] * 9 + [4.0, 5.0] + [np.nan] * 10)
    assert SCALE_CHECK_MIN_N == 30
    _no_scale_warning(nps, scores, missing="drop")
    with pytest.warns(ScaleWarning):
        nps(pd.concat([scores, pd.Series([2.0])], ignore_index=True), missing="drop")


def test_demo_data_does_not_warn() -> None:
    """The bundled demo's NPS answers are 0-10 answers: no ScaleWarning."""
    responses = ex.datasets.load_retail().responses
    _no_scale_warning(nps, responses["nps"], missing="drop")
    _no_scale_warning(nps, responses["nps"], by=responses["segment"], missing="drop")


def test_score_is_still_computed() -> None:
    """The warning does not change the result."""
    with pytest.warns(ScaleWarning):
        res = nps([1, 2, 3, 4, 5] * 6)
    assert res.score == -100.0

r"""A lone surrogate in a key or a comment is the library's error, not a UnicodeEncodeError.

QA F2: pandas keeps text as Arrow strings, which cannot hold half of a
surrogate pair (``"\ud800"``, from a bad decode or a JSON escape). Every
public path that turns user text into such strings names the argument, the
rule, the count and the first offending value with its position.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import expectations as ex
from expectations._validation import check_text, text_conversion
from expectations.errors import InvalidScoreError

BAD = "bad\ud800x"
RULE = "must be valid Unicode text (no lone surrogates)"


def _object(values: list[Any]) -> pd.Series:
    return pd.Series(values, dtype=object)


CASES: dict[str, tuple[Callable[[], object], str, int, int]] = {
    # name: (call, argument named, how many bad values, first bad position)
    "nps": (lambda: ex.nps([10, 0, 9], by=["b", BAD, BAD]), "by", 2, 1),
    "csat": (lambda: ex.csat([5, 1], by=[BAD, "b"]), "by", 1, 0),
    "ces": (lambda: ex.ces([5, 1], by=["b", BAD]), "by", 1, 1),
    "top_box": (lambda: ex.top_box([5, 1], scale=ex.Scale(1, 5), by=[BAD, "b"]), "by", 1, 0),
    "nps_two_keys": (lambda: ex.nps([10, 0], by=[["x", "y"], ["b", BAD]]), "by", 1, 1),
    "compare_segments": (lambda: ex.compare_segments([10, 0, 5, 9], [BAD, "b", BAD, "b"]),
                         "by", 2, 0),
    "funnel": (lambda: ex.funnel([10, 0], by=[BAD, "b"]), "by", 1, 0),
    "league_table": (lambda: ex.league_table([10, 0], by=[BAD, "b"]), "by", 1, 0),
    "consistency": (lambda: ex.consistency([5, 1, 4, 2] * 10, [BAD, "b", "c", "d"] * 10),
                    "by", 10, 0),
    "trend": (lambda: ex.trend([10, 0], pd.to_datetime(["2024-01-01", "2024-02-01"]),
                               by=["a", BAD]), "by", 1, 1),
    "kano": (lambda: ex.kano(["like", "neutral"], ["dislike", "neutral"], feature=[BAD, "b"]),
             "feature", 1, 0),
    "tag_themes": (lambda: ex.tag_themes([BAD, "late"], lexicon={"d": ["late"]}),
                   "texts", 1, 0),
    "tag_themes_by": (lambda: ex.tag_themes(["late", "ok"], lexicon={"d": ["late"]},
                                            by=["a", BAD]), "by", 1, 1),
    "theme_impact": (lambda: ex.theme_impact(["ok", BAD], [10, 0], lexicon={"d": ["late"]}),
                     "texts_or_tags", 1, 1),
    "distinctive_terms_texts": (lambda: ex.distinctive_terms([BAD, "late"], ["a", "b"]),
                                "texts", 1, 0),
    "distinctive_terms_groups": (lambda: ex.distinctive_terms(
        ["late x", "late", "ok", "fine"], ["b", BAD, "b", BAD]), "groups", 2, 1),
    "follow_up_customers": (lambda: ex.follow_up([1, 0], customers=["a", BAD]),
                            "customers", 1, 1),
    "follow_up_texts": (lambda: ex.follow_up([1, 0], customers=["a", "b"], texts=[BAD, "x"]),
                        "texts", 1, 0),
    "report_comment": (lambda: ex.report(responses=pd.DataFrame(
        {"nps": [10, 0] * 20, "comment": _object(["late", BAD] * 20)})),
        "responses['comment']", 20, 1),
    "report_mapping": (lambda: ex.report(responses={"nps": [10, 0], "comment": ["ok", BAD]}),
                       "responses['comment']", 1, 1),
    "report_mapped_segment": (lambda: ex.report(
        responses=pd.DataFrame({"ltr": [10, 0] * 20, "region": _object([BAD, "b"] * 20)}),
        columns={"nps": "ltr", "segment": "region"}), "responses['region']", 20, 0),
    "report_commitment": (lambda: ex.report(
        outcomes=pd.DataFrame({"commitment": _object(["d\ud800"] * 4), "value": [1.0] * 4}),
        commitments=[]), "outcomes['commitment']", 4, 0),
}


@pytest.mark.parametrize("case", list(CASES))
def test_lone_surrogate_is_a_library_error(case: str) -> None:
    call, argument, count, position = CASES[case]
    noun = "value is" if count == 1 else "values are"
    with pytest.raises(InvalidScoreError) as caught:
        call()
    message = str(caught.value)
    assert message.startswith(f"{argument} {RULE}; {count} {noun} not (first: ")
    assert f"at position {position})" in message
    assert "'bad\\ud800x'" in message or "'d\\ud800'" in message
    assert isinstance(caught.value, ValueError)
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None or caught.value.__suppress_context__


def test_valid_text_is_unchanged() -> None:
    """Surrogate pairs written as one character (emoji) and accents are valid text."""
    with pytest.warns(ex.errors.SmallSampleWarning):
        result = ex.nps([10, 0, 9], by=["caf\u00e9", "\U0001f600", "caf\u00e9"])
    assert list(result.index) == ["caf\u00e9", "\U0001f600"]
    check_text(["caf\u00e9", "\U0001f600", None, 3], "texts")


def test_check_text_counts_every_bad_value() -> None:
    with pytest.raises(InvalidScoreError, match=r"^texts must be valid Unicode text.*; "
                                                r"2 values are not \(first: 'a\\udfff' at "
                                                r"position 1\)"):
        check_text(pd.Series(["ok", "a\udfff", "\ud800"], dtype=object), "texts")


def test_text_conversion_reraises_other_encode_errors() -> None:
    """A UnicodeEncodeError the values do not explain is not hidden."""
    with pytest.raises(UnicodeEncodeError), text_conversion(["fine"], "by"):
        "caf\u00e9".encode("ascii")

"""First-match rule segmentation: rule tables as data, every row exactly one label.

Independent reference: a plain-Python, row-by-row evaluation of the same rule
table (``_reference`` below), written from the rule semantics in the docs and
sharing no code with the vectorised implementation.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from expectations.datasets import load_retail
from expectations.errors import InvalidParameterError, SchemaError
from expectations.segmentation import OPERATORS, Rule, load_rules, segment

CUSTOMERS = pd.DataFrame({
    "orders": [12, 3, 1, 0, 7, None],
    "spend": [900.0, 50.5, 10.0, 0.0, np.nan, 20.0],
    "region": ["north", "south", "north", None, "east", "west"],
    "vip": [True, False, False, False, True, False],
    "joined": pd.to_datetime(["2020-01-05", "2023-06-01", "2024-02-01", "2024-03-03",
                              "2021-07-07", "2022-01-01"]),
}).astype({"orders": "Int64"})


def _reference(row: dict[str, Any], rules: list[dict[str, Any]], default: str) -> str:
    """Row-by-row reference: the first rule whose every condition holds."""
    def holds(value: Any, op: str, target: Any) -> bool:
        missing = value is None or (isinstance(value, float) and math.isnan(value)) \
            or value is pd.NA or value is pd.NaT
        if op == "missing":
            return missing == target
        if missing:
            return False
        if isinstance(value, pd.Timestamp):  # dates in rules are written as text
            target = ([pd.Timestamp(t) for t in target] if isinstance(target, list)
                      else pd.Timestamp(target))
        if op == "==":
            return bool(value == target)
        if op == "!=":
            return bool(value != target)
        if op == "in":
            return value in target
        if op == "not_in":
            return value not in target
        if op == "between":
            return bool(target[0] <= value <= target[1])
        return bool({">": value > target, ">=": value >= target, "<": value < target,
                     "<=": value <= target}[op])

    for rule in rules:
        ok = True
        for column, cond in rule["when"].items():
            ops = cond if isinstance(cond, dict) else (
                {"in": cond} if isinstance(cond, list) else {"==": cond})
            ok = ok and all(holds(row[column], op, t) for op, t in ops.items())
        if ok:
            return rule["name"]
    return default


def _rows(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [dict(zip(df.columns, values, strict=True))
            for values in df.astype(object).itertuples(index=False)]


RULES: list[dict[str, Any]] = [
    {"name": "vip", "when": {"vip": True, "spend": {">=": 500}}},
    {"name": "northern", "when": {"region": ["north", "east"]}},
    {"name": "active", "when": {"orders": {"between": [1, 9]}, "spend": {"<": 100}}},
    {"name": "lapsed", "when": {"orders": 0}},
    {"name": "no region", "when": {"region": {"missing": True}}},
]


def test_labels_follow_first_match_and_match_reference() -> None:
    """Each row gets the first rule it meets, as a row-by-row evaluation says."""
    labels = segment(CUSTOMERS, RULES)
    expected = [_reference(row, RULES, "other") for row in _rows(CUSTOMERS)]
    assert labels.tolist() == expected
    assert expected == ["vip", "active", "northern", "lapsed", "northern", "other"]


def test_result_is_categorical_in_rule_order_aligned_with_index() -> None:
    """The labels are a categorical Series, categories in rule order then the default."""
    df = CUSTOMERS.set_index(pd.Index(list("abcdef")))
    labels = segment(df, RULES, default="rest")
    assert isinstance(labels.dtype, pd.CategoricalDtype)
    assert list(labels.cat.categories) == ["vip", "northern", "active", "lapsed", "no region",
                                           "rest"]
    assert labels.index.equals(df.index)
    assert labels.name == "segment"


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"spend": {">": 20}}, [True, True, False, False, False, False]),
        ({"spend": {">=": 20}}, [True, True, False, False, False, True]),
        ({"spend": {"<": 20}}, [False, False, True, True, False, False]),
        ({"spend": {"<=": 20}}, [False, False, True, True, False, True]),
        ({"spend": {"==": 0}}, [False, False, False, True, False, False]),
        ({"spend": {"!=": 0}}, [True, True, True, False, False, True]),
        ({"spend": {"between": [10, 50.5]}}, [False, True, True, False, False, True]),
        ({"orders": {"in": [0, 1]}}, [False, False, True, True, False, False]),
        ({"orders": {"not_in": [0, 1]}}, [True, True, False, False, True, False]),
        ({"orders": {"missing": True}}, [False, False, False, False, False, True]),
        ({"orders": {"missing": False}}, [True, True, True, True, True, False]),
        ({"region": "north"}, [True, False, True, False, False, False]),
        ({"region": {"!=": "north"}}, [False, True, False, False, True, True]),
        ({"region": {"not_in": ["north", "south"]}}, [False, False, False, False, True, True]),
        ({"vip": False}, [False, True, True, True, False, True]),
        ({"joined": {">=": "2024-01-01"}}, [False, False, True, True, False, False]),
        ({"joined": {"between": ["2021-01-01", "2022-12-31"]}},
         [False, False, False, False, True, True]),
        ({"spend": {">": 5, "<": 60}}, [False, True, True, False, False, True]),
    ],
)
def test_each_operator_matches_its_definition(condition: dict[str, Any],
                                              expected: list[bool]) -> None:
    """Each operator (on numbers, nullable ints, text, bools and dates) selects the right rows."""
    labels = segment(CUSTOMERS, [{"name": "hit", "when": condition}], default="miss")
    assert (labels == "hit").tolist() == expected
    assert labels.tolist() == [
        _reference(row, [{"name": "hit", "when": condition}], "miss")
        for row in _rows(CUSTOMERS)]


def test_categorical_column_is_tested_on_its_categories() -> None:
    """A categorical column gives the same labels as the same column as text."""
    as_category = CUSTOMERS.astype({"region": "category"})
    pd.testing.assert_series_equal(segment(as_category, RULES), segment(CUSTOMERS, RULES))


def test_empty_when_is_a_catch_all() -> None:
    """A rule without conditions takes every row no earlier rule took."""
    rules = [{"name": "vip", "when": {"vip": True}}, {"name": "rest", "when": {}}]
    assert segment(CUSTOMERS, rules).tolist() == ["vip", "rest", "rest", "rest", "vip", "rest"]


@pytest.mark.parametrize(
    ("rules", "default", "message"),
    [
        ([RULES[0], RULES[0]], "other",
         r"rules\[1\]\['name'\] must be unique among the rules. 'vip' already names rules\[0\]"),
        ([{"name": "other", "when": {"vip": True}}], "other",
         "default must be different from every rule's name"),
    ],
)
def test_names_must_identify_one_segment(rules: list[dict[str, Any]], default: str,
                                         message: str) -> None:
    """Two rules with one name, or a default named like a rule, are refused."""
    with pytest.raises(InvalidParameterError, match=message):
        segment(CUSTOMERS, rules, default=default)


def test_rules_load_from_json_text_file_and_mapping(tmp_path: Path) -> None:
    """JSON text, a JSON file and a {"rules": [...]} mapping give the same table."""
    text = json.dumps(RULES)
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"rules": RULES}), encoding="utf-8")
    expected = segment(CUSTOMERS, RULES)
    for source in (text, path, {"rules": RULES}, load_rules(RULES)):
        pd.testing.assert_series_equal(segment(CUSTOMERS, source), expected)


def test_rule_round_trips_through_dict() -> None:
    """Rule.to_dict() reads back to the same rule."""
    rules = load_rules(RULES)
    assert load_rules([r.to_dict() for r in rules]) == rules
    assert all(isinstance(r, Rule) for r in rules)


def test_demo_customers_segment_like_their_segment_column() -> None:
    """Rules restating the demo's segment column reproduce it on real-shaped data."""
    customers = load_retail().customers
    names = [str(s) for s in customers["segment"].cat.categories]
    rules = [{"name": s, "when": {"segment": s}} for s in names]
    labels = segment(customers, rules)
    assert labels.astype(str).tolist() == customers["segment"].astype(str).tolist()


def test_input_is_not_mutated() -> None:
    """segment() leaves the data frame unchanged."""
    before = CUSTOMERS.copy()
    segment(CUSTOMERS, RULES)
    pd.testing.assert_frame_equal(CUSTOMERS, before)


# ---------------------------------------------------------------- properties

values = st.integers(0, 5)
frames = st.lists(st.tuples(values, values), min_size=0, max_size=40).map(
    lambda rows: pd.DataFrame(rows, columns=["a", "b"], dtype=np.int64))
conditions = st.sampled_from(list(OPERATORS)).flatmap(
    lambda op: st.tuples(st.sampled_from(["a", "b"]), st.just(op), {
        "in": st.lists(values, min_size=1, max_size=3),
        "not_in": st.lists(values, min_size=1, max_size=3),
        "between": st.tuples(values, values).map(lambda t: sorted(t)),
        "missing": st.booleans(),
    }.get(op, values)))
rule_tables = st.lists(
    st.lists(conditions, min_size=0, max_size=3).map(
        lambda cs: {c: {o: t} for c, o, t in cs}),
    min_size=1, max_size=5,
).map(lambda whens: [{"name": f"r{i}", "when": w} for i, w in enumerate(whens)])


@given(df=frames, rules=rule_tables)
@settings(max_examples=80)
def test_every_row_gets_exactly_one_label(df: pd.DataFrame,
                                          rules: list[dict[str, Any]]) -> None:
    """Every row gets one label from the categories; it is the reference's first match."""
    labels = segment(df, rules)
    assert len(labels) == len(df)
    assert labels.notna().all()
    assert set(labels) <= set(labels.cat.categories)
    assert labels.tolist() == [_reference(row, rules, "other") for row in _rows(df)]


@given(df=frames, first=rule_tables, second=rule_tables)
@settings(max_examples=60)
def test_rule_order_decides_ties(df: pd.DataFrame, first: list[dict[str, Any]],
                                 second: list[dict[str, Any]]) -> None:
    """A row meeting two rules gets the one listed first; swapping them swaps its label."""
    a = {"name": "A", "when": first[0]["when"]}
    b = {"name": "B", "when": second[0]["when"]}
    in_a = (segment(df, [a], default="-") == "A").to_numpy()
    in_b = (segment(df, [b], default="-") == "B").to_numpy()
    ab = segment(df, [a, b]).astype(str).to_numpy()
    ba = segment(df, [b, a]).astype(str).to_numpy()
    assert (ab[in_a & in_b] == "A").all()
    assert (ba[in_a & in_b] == "B").all()
    assert (ab[in_a != in_b] == ba[in_a != in_b]).all()
    assert (ab[~in_a & ~in_b] == "other").all()


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([{"name": "x", "when": {"age": {"=>": 3}}}],
         (r"rules\[0\]\['when'\]\['age'\] must be a condition using the operators .* "
         r"Got the unknown operator '=>'")),
        ([{"name": "x", "when": {"age": {"like": "a%"}}}], "unknown operator 'like'"),
        ([{"name": "", "when": {}}], r"rules\[0\]\['name'\] must be a non-empty string"),
        ([{"name": "x", "when": {}, "where": 1}], "Got 'where'"),
        ([{"name": "x", "when": ["age"]}], "must be a mapping from column names"),
        ([{"name": "x", "when": {"age": {"between": [5, 1]}}}], "low <= high"),
        ([{"name": "x", "when": {"age": {"between": [1]}}}], r"\[low, high\] pair"),
        ([{"name": "x", "when": {"age": {"in": []}}}], "non-empty list"),
        ([{"name": "x", "when": {"age": None}}], "missing': true"),
        ([{"name": "x", "when": {"age": {"missing": "yes"}}}], "true or false"),
        ([{"name": "x", "when": {"age": {">": [1, 2]}}}], "a number"),
        ([{"name": "x", "when": {"age": {}}}], "non-empty condition"),
        ("[{'name': 'x'}]", "valid JSON; the text has an error at line 1, column 3"),
        ({"rules": [], "default": "x"}, "a list of rules"),
        (42, "a list of rules"),
        (["vip"], r"rules\[0\] must be a mapping"),
    ],
)
def test_malformed_rules_raise_invalid_parameter(rules: object, message: str) -> None:
    """Malformed rule tables and unknown operators raise InvalidParameterError naming where."""
    with pytest.raises(InvalidParameterError, match=message):
        segment(CUSTOMERS, rules)


def test_unknown_column_raises_schema_error_naming_it() -> None:
    """A rule on a column the data lacks raises SchemaError naming the column and rule."""
    with pytest.raises(SchemaError, match=r"data must have the column 'age' used by "
                       r"rules\[1\] \('young'\); it has 'orders'"):
        segment(CUSTOMERS, [RULES[0], {"name": "young", "when": {"age": {"<": 30}}}])


@pytest.mark.parametrize(
    ("rules", "error", "message"),
    [
        ([{"name": "x", "when": {"region": {">": 3}}}], SchemaError,
         r"data\['region'\] must be numeric or dates for the operator '>'"),
        ([{"name": "x", "when": {"spend": {">": "lots"}}}], InvalidParameterError,
         "a number for '>' on the numeric column 'spend'"),
        ([{"name": "x", "when": {"joined": {">": "not a date"}}}], InvalidParameterError,
         "a date for '>' on the date column 'joined'"),
        ([{"name": "x", "when": {"vip": "yes"}}], InvalidParameterError,
         "true or false for the boolean column 'vip'"),
    ],
)
def test_values_that_do_not_fit_the_column_are_refused(rules: object, error: type[Exception],
                                                       message: str) -> None:
    """Comparisons on text, and values of the wrong kind for a column, raise."""
    with pytest.raises(error, match=message):
        segment(CUSTOMERS, rules)


@pytest.mark.parametrize(("data", "default"), [([1, 2], "other"), (CUSTOMERS, ""),
                                               (CUSTOMERS, 3)])
def test_bad_data_or_default(data: object, default: object) -> None:
    """Non-DataFrame data and an empty or non-text default are refused."""
    with pytest.raises((SchemaError, InvalidParameterError), match="must be"):
        segment(data, RULES, default=default)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [2023, 2023.5, 1_700_000_000_000_000_000])
@pytest.mark.parametrize("operator", [">=", "<", "=="])
def test_a_date_column_compared_with_a_number_is_refused(value: float, operator: str) -> None:
    """{"joined": {">=": 2023}} would match every row (nanoseconds): refused, naming the column."""
    rules = [{"name": "new", "when": {"joined": {operator: value}}}]
    with pytest.raises(InvalidParameterError,
                       match=r"rules\[0\]\['when'\]\['joined'\] must be a date for .* on the date "
                             r"column 'joined'.*ISO string"):
        segment(CUSTOMERS, rules)


@pytest.mark.parametrize("when", [{"between": [2020, 2024]}, {"in": [2023]}])
def test_numbers_in_lists_on_a_date_column_are_refused(when: dict[str, Any]) -> None:
    """between/in with numbers on a date column are refused like single comparisons."""
    with pytest.raises(InvalidParameterError, match="on the date column 'joined'"):
        segment(CUSTOMERS, [{"name": "x", "when": {"joined": when}}])


def test_date_strings_still_compare_with_date_columns() -> None:
    """ISO date strings compare with a date column by date, as the reference does."""
    rules = [{"name": "new", "when": {"joined": {">=": "2023-01-01", "<": "2024-03-01"}}},
             {"name": "old", "when": {"joined": {"between": ["2020-01-01", "2021-12-31"]}}}]
    assert segment(CUSTOMERS, rules).tolist() == ["old", "new", "new", "other", "old",
                                                  "other"]


def test_a_zoned_date_column_compares_in_its_zone() -> None:
    """On a tz-aware column a rule date without offset is local time; one with is an instant."""
    stamps = pd.to_datetime(["2023-12-31 23:30", "2024-01-01 00:30"]).tz_localize("Europe/Berlin")
    frame = pd.DataFrame({"at": stamps})
    local = [{"name": "new_year", "when": {"at": {">=": "2024-01-01"}}}]
    assert segment(frame, local).tolist() == ["other", "new_year"]
    utc = [{"name": "new_year", "when": {"at": {">=": "2023-12-31T23:00+00:00"}}}]
    assert segment(frame, utc).tolist() == ["other", "new_year"]


def test_an_offset_on_a_date_without_zone_is_refused() -> None:
    """A rule date with an offset on a column without a time zone is ambiguous: refused."""
    rules = [{"name": "x", "when": {"joined": {">=": "2023-01-01T00:00+02:00"}}}]
    with pytest.raises(InvalidParameterError, match="without a time zone on the column 'joined'"):
        segment(CUSTOMERS, rules)


def test_duplicate_column_names_are_refused_naming_the_column() -> None:
    """A column a rule tests that appears twice in the frame raises SchemaError naming it."""
    frame = pd.DataFrame([[1, 2, "north"]], columns=["orders", "orders", "region"])
    with pytest.raises(SchemaError, match=r"one column named 'orders' .*it has 2"):
        segment(frame, [{"name": "x", "when": {"orders": {">": 1}}}])
    # A duplicate that no rule reads is harmless.
    assert segment(frame, [{"name": "n", "when": {"region": "north"}}]).tolist() == ["n"]


def test_a_rule_name_with_a_lone_surrogate_is_refused() -> None:
    """A segment label UTF-8 cannot encode is refused where it is given, naming the rule."""
    with pytest.raises(InvalidParameterError,
                       match=r"rules\[0\]\['name'\] must be text that can be written as UTF-8"):
        load_rules([{"name": "vip\ud800", "when": {}}])

"""Date columns in the KPI functions: zones, daylight-saving offsets and honest messages.

A timezone-aware column is read in its local time; an object column of
datetimes with several UTC offsets (what pandas makes of times on both sides
of a daylight-saving change) is read the same way, each value in its own
local time; anything else is refused with a message describing the column's
real dtype (its zone, or the offsets it holds), never ``object`` alone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import expectations as ex
from expectations.errors import InvalidScoreError, SchemaError
from expectations.kpis._transactions import day_numbers, describe_dtype

# 23:30 local on the evening before and after the Berlin DST change (31 March 2024).
ACROSS_DST = [pd.Timestamp("2024-03-30 23:30+01:00"), pd.Timestamp("2024-03-31 23:30+02:00")]
LOCAL_DAYS = [19812, 19813]  # 2024-03-30 and 2024-03-31 as days since 1970-01-01


def test_mixed_offsets_in_an_object_column_are_read_in_local_time() -> None:
    """Each value keeps its own local date, as a zoned column does."""
    column = pd.Series(ACROSS_DST)
    assert column.dtype == object
    assert day_numbers(column, "dates").tolist() == LOCAL_DAYS
    zoned = pd.Series(pd.to_datetime(["2024-03-30 23:30", "2024-03-31 23:30"])
                      .tz_localize("Europe/Berlin"))
    assert day_numbers(zoned, "dates").tolist() == LOCAL_DAYS


def test_a_list_of_mixed_offsets_is_read_not_a_foreign_error() -> None:
    """A list of datetimes with different offsets gives day numbers, not pandas' ValueError."""
    assert day_numbers(ACROSS_DST, "dates").tolist() == LOCAL_DAYS
    assert day_numbers([ACROSS_DST[0], None], "dates")[1] == np.iinfo(np.int64).min


def test_transactions_across_a_dst_change_give_the_zoned_answer() -> None:
    """repeat_rate on offsets +01:00/+02:00 equals the same data in a zoned column."""
    frame = pd.DataFrame({"customer": [1, 1, 2], "date": [*ACROSS_DST, ACROSS_DST[0]],
                          "amount": [5.0, 6.0, 7.0]})
    zoned = frame.assign(date=pd.to_datetime(frame["date"], utc=True)
                         .dt.tz_convert("Europe/Berlin"))
    ours = ex.repeat_rate(frame, customer="customer", date="date")
    theirs = ex.repeat_rate(zoned, customer="customer", date="date")
    assert (ours.rate, ours.events, ours.exposure) == (theirs.rate, theirs.events,
                                                        theirs.exposure)


@pytest.mark.parametrize(("values", "expected"), [
    (pd.Series(pd.to_datetime(["2024-01-01"]).tz_localize("Europe/Berlin")),
     r"datetime64\[\w+, Europe/Berlin\]"),
    (pd.Series(ACROSS_DST), r"object \(datetimes with the UTC offsets \+01:00, \+02:00\)"),
    (pd.Series(["2024-01-01"], dtype=object), r"object"),
    (pd.Series([1.5]), r"float64"),
])
def test_describe_dtype_names_the_real_dtype(values: pd.Series, expected: str) -> None:
    """The message names the zone of a zoned column and the offsets in an object column."""
    assert pd.Series([describe_dtype(values)]).str.fullmatch(expected).all()


def test_a_text_date_column_is_refused_with_its_dtype() -> None:
    """Text dates are refused (not guessed), naming the column and its dtype."""
    frame = pd.DataFrame({"customer": [1, 2], "date": pd.Series(["2024-01-01", "x"],
                                                                  dtype=object)})
    with pytest.raises(SchemaError, match=r"column 'date' \(date=\) must hold datetimes; got "
                                          r"dtype object\."):
        ex.repeat_rate(frame, customer="customer", date="date")


def test_a_zoned_column_that_is_not_dates_is_described_by_its_zone() -> None:
    """Where numbers are needed, a zoned column is described with its zone, not as object."""
    zoned = pd.DataFrame({"d": pd.to_datetime(["2024-01-01", "2024-02-01"])
                          .tz_localize("Europe/Berlin")})
    with pytest.raises(SchemaError, match=r"got dtype datetime64\[\w+, Europe/Berlin\]"):
        ex.cluster(zoned, 1, columns=["d"])


def test_object_values_that_are_not_dates_are_described() -> None:
    """An object column of numbers and text is refused with the kind of values it holds."""
    with pytest.raises(InvalidScoreError,
                       match=r"dates must be datetimes\. Got dtype object holding values of "
                             r"kind 'mixed-integer'"):
        day_numbers(pd.Series([1, "a"], dtype=object), "dates")

"""Hostile frames through data=: what the engine layer must not get wrong.

Each case is a trap a counter could fall into (an integer weight squared in
its own dtype, a column named like the count table's own, a key named like a
result column); the reference is the pandas path of the same rows.
"""

from __future__ import annotations

import decimal
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import expectations as ex
from expectations.errors import InvalidParameterError, InvalidScoreError, SchemaError

pytestmark = pytest.mark.filterwarnings("ignore::expectations.errors.SmallSampleWarning")


@pytest.fixture
def answers() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame({"s": rng.integers(0, 11, 90), "g": rng.choice(list("abc"), 90),
                         "w": rng.integers(1, 250, 90)})


@pytest.mark.parametrize("dtype", ["int8", "int16", "uint8", "int32", "float32"])
def test_weights_of_any_number_dtype_are_summed_as_floats(answers: pd.DataFrame,
                                                          dtype: str) -> None:
    """Squares of int16 weights overflow in int16, float32 sums drift: both must equal pandas."""
    frame = answers.assign(w=(answers["w"] % 120 + 1).astype(dtype))
    want = ex.nps("s", by="g", weights="w", data=frame)
    got = ex.nps("s", by="g", weights="w", data=pl.from_pandas(frame)).to_pandas()
    np.testing.assert_allclose(got["n_effective"], want["n_effective"], rtol=1e-12)
    np.testing.assert_allclose(got["score"], want["score"], rtol=1e-12)


def test_a_column_named_like_the_count_tables_own_is_not_taken_for_it(
        answers: pd.DataFrame) -> None:
    frame = answers.rename(columns={"w": "__ex_w2"})
    want = ex.nps("s", weights="__ex_w2", data=frame)
    assert ex.nps("s", weights="__ex_w2", data=pl.from_pandas(frame)) == want


def test_decimal_weights_are_refused_as_in_memory(answers: pd.DataFrame) -> None:
    frame = answers.assign(w=[decimal.Decimal("1.5")] * len(answers))
    with pytest.raises(InvalidScoreError) as in_memory:
        ex.nps("s", weights="w", data=frame)
    table = pa.Table.from_pandas(frame)
    with pytest.raises(InvalidScoreError) as through_arrow:
        ex.nps("s", weights="w", data=table)
    assert str(through_arrow.value) == str(in_memory.value)


@pytest.mark.parametrize("key", ["n", "score"])
def test_a_key_named_like_a_result_column_is_a_schema_error_for_polars(
        answers: pd.DataFrame, key: str) -> None:
    """A Polars table has no index to keep the key apart from the result's column."""
    frame = pl.from_pandas(answers.rename(columns={"g": key, "s": "answer"}))
    with pytest.raises(SchemaError, match=f"'{key}' is a result column"):
        ex.nps("answer", by=key, data=frame)


def test_pandas_frames_with_duplicate_column_names_still_work(answers: pd.DataFrame) -> None:
    """The numpy path takes the columns it names; a repeated unused name is no concern."""
    frame = pd.concat([answers, answers[["g"]]], axis=1)
    assert ex.nps("s", data=frame) == ex.nps(answers["s"])
    assert frame.cx.nps("s") == ex.nps(answers["s"])


def test_an_engine_failure_is_the_librarys_error() -> None:
    lazy = pl.LazyFrame({"s": [1, 2]}).with_columns(
        pl.col("s").map_elements(lambda x: 1 / 0, return_dtype=pl.Float64))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Polars' own warning about map_elements
        with pytest.raises(InvalidParameterError, match="failed with ZeroDivisionError"):
            ex.nps("s", data=lazy)


def test_a_lazy_frame_over_a_deleted_file_is_the_librarys_error(tmp_path: Path) -> None:
    path = tmp_path / "gone.parquet"
    pl.DataFrame({"s": [10, 9]}).write_parquet(path)
    lazy = pl.scan_parquet(path)
    path.unlink()
    with pytest.raises(InvalidParameterError, match="data must be a frame its engine"):
        ex.nps("s", data=lazy)


@pytest.mark.parametrize("engine", ["polars", "duckdb", "python"])
def test_scan_keys_of_more_digits_than_int64_holds_stay_text(tmp_path: Path,
                                                             engine: str) -> None:
    path = tmp_path / "big-keys.csv"
    path.write_text("score,key\n10,18446744073709551615\n9,1\n3,18446744073709551615\n")
    table = ex.nps("score", by="key", data=ex.scan(path, engine=engine))
    assert sorted(table.index.astype(str)) == ["1", "18446744073709551615"]
    assert table["n"].sum() == 3


@pytest.mark.parametrize("engine", ["polars", "duckdb", "pyarrow", "python"])
def test_nps_of_a_scanned_file_is_the_hand_count(tmp_path: Path, engine: str) -> None:
    """Reference: promoters minus detractors over answers, counted by pandas.read_csv.

    The file holds blanks and NA tokens (missing, dropped), a segment named
    "NA" (a segment) and whitespace around answers.
    """
    rng = np.random.default_rng(11)
    answers = rng.integers(0, 11, 400)
    segments = rng.choice(["north", "NA", "south"], 400)
    cells = [f" {a} " if i % 7 == 0 else str(a) for i, a in enumerate(answers)]
    cells[3], cells[10] = "", "NA"
    path = tmp_path / "answers.csv"
    lines = zip(cells, segments, strict=True)
    path.write_text("score,segment\n" + "".join(f"{c},{s}\n" for c, s in lines))
    got = ex.nps("score", by="segment", missing="drop", data=ex.scan(path, engine=engine))
    frame = pd.read_csv(path, keep_default_na=False, dtype=str)
    frame["score"] = pd.to_numeric(frame["score"].str.strip().replace({"": None, "NA": None}))
    for segment, rows in frame.groupby("segment"):
        kept = rows["score"].dropna()
        expected = 100 * ((kept >= 9).mean() - (kept <= 6).mean())
        assert got.loc[segment, "score"] == pytest.approx(expected, abs=1e-12)
        assert got.loc[segment, "n"] == len(kept)
        assert got.loc[segment, "n_dropped"] == len(rows) - len(kept)

"""The reading rules (``expectations._reading``) and the paths that share them."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from expectations import _reading as reading
from expectations.cli import main
from expectations.errors import InvalidParameterError, InvalidScoreError
from expectations.report import report, stream_report
from expectations.report._inputs import prepare, read_table
from expectations.streaming import stream_nps

# stream_nps is a deprecated alias of ex.nps(data=ex.scan(...)) and still reads by the
# rules: these tests keep checking it through the deprecation.
pytestmark = pytest.mark.filterwarnings("ignore:stream_nps is deprecated:DeprecationWarning")

needs_pyarrow = pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None,
                                   reason="needs pyarrow")


@pytest.mark.parametrize(("cell", "value"), [
    ("7", 7.0), (" 7 ", 7.0), ("+3", 3.0), ("-0.5", -0.5), (".5", 0.5), ("1e1", 10.0),
    ("7.", 7.0), ("1E+1", 10.0), ("007", 7.0),
])
def test_numbers_are_decimal_with_optional_sign_and_exponent(cell: str, value: float) -> None:
    """A number is decimal: optional sign, point and exponent, blanks around allowed."""
    numbers, bad = reading.number_cells(pd.Series([cell], dtype=object))
    assert numbers.tolist() == [value]
    assert not bad.any()


@pytest.mark.parametrize("cell", ["0x9", "1,000", "1_000", "inf", "-inf", "ten", "true", "٣",
                                  "1e", "e1", "--1", "7 7"])
def test_other_text_is_not_a_number(cell: str) -> None:
    """Hexadecimal, separators, infinities, words and non-ASCII digits are not numbers."""
    assert reading.number_cells(pd.Series([cell], dtype=object))[1].tolist() == [True]


@pytest.mark.parametrize("cell", ["", "  ", "\t", "NA", "N/A", "n/a", "NaN", "nan", "NULL",
                                  "null", "None", "#N/A", "<NA>", " na "])
def test_missing_tokens_are_missing_in_number_columns(cell: str) -> None:
    """Blank cells and the documented tokens (any case, any blanks) are missing numbers."""
    numbers, bad = reading.number_cells(pd.Series([cell, "5"], dtype=object))
    assert np.isnan(numbers[0])
    assert numbers[1] == 5.0
    assert not bad.any()


def test_tokens_are_text_in_text_columns() -> None:
    """In a text column only blank cells are missing: NA is the text "NA"."""
    assert reading.text_cells(pd.Series(["NA", " null ", "  ", ""])).tolist() == [
        "NA", "null", pd.NA, pd.NA]


def test_missing_tokens_are_the_documented_list() -> None:
    """The token list is the one the guide documents."""
    assert reading.MISSING_TOKENS == ("NA", "N/A", "NaN", "NULL", "None", "#N/A", "<NA>")


def test_boolean_and_date_columns_are_not_numbers() -> None:
    """A true/false column, or a date column, is refused as numbers with its real dtype."""
    assert "true/false" in str(reading.column_refusal(pd.Series([True, False]), "number"))
    dates = pd.Series(pd.date_range("2024-01-01", periods=2, tz="Europe/Paris"))
    assert "Europe/Paris]" in str(reading.column_refusal(dates, "number"))
    assert reading.column_refusal(pd.Series([1, 2]), "number") is None


def test_dates_keep_their_wall_clock_time() -> None:
    """A UTC offset is dropped: the date and time are read as written."""
    dates, bad = reading.date_cells(pd.Series(["2024-03-31T23:30:00+02:00",
                                               "2024-03-30T23:30:00+01:00", "2024-04-01Z",
                                               "null", ""]))
    assert [str(d) for d in dates[:3]] == ["2024-03-31 23:30:00", "2024-03-30 23:30:00",
                                           "2024-04-01 00:00:00"]
    assert dates[3:].isna().all()
    assert not bad.any()


def test_tz_aware_dates_are_read_at_local_time() -> None:
    """A time-zone-aware column is read at its wall-clock time in its own zone."""
    stamps = pd.Series(pd.to_datetime(["2024-03-31 23:30"]).tz_localize("Europe/Paris"))
    dates, _ = reading.date_cells(stamps)
    assert str(dates[0]) == "2024-03-31 23:30:00"


@pytest.mark.parametrize("encoding", ["klingon", 7, None])
def test_unknown_encoding_is_a_parameter_error(tmp_path: Path, encoding: object) -> None:
    """An unknown or non-text encoding names the argument."""
    path = tmp_path / "r.csv"
    path.write_text("nps\n9\n")
    with pytest.raises(InvalidParameterError, match="encoding must be"):
        read_table(path, encoding=encoding)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="encoding must be"):
        stream_nps(path, "nps", encoding=encoding)  # type: ignore[call-overload]


def test_unknown_encoding_on_the_command_line_exits_2(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """--encoding with an unknown name is one error line and exit 2."""
    path = tmp_path / "r.csv"
    path.write_text("nps\n9\n")
    assert main(["score", str(path), "--metric", "nps", "--column", "nps",
                 "--encoding", "klingon"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def _latin1(tmp_path: Path) -> Path:
    path = tmp_path / "latin.csv"
    rows = ["nps,segment", *[f"{i % 11},{'café' if i % 2 else 'thé'}" for i in range(40)]]
    path.write_bytes(("\n".join(rows) + "\n").encode("latin-1"))
    return path


def test_score_prints_latin1_text_as_text(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The score command with latin-1 shows café, never b'caf...'; without it, one error."""
    path = _latin1(tmp_path)
    assert main(["score", str(path), "--metric", "nps", "--column", "nps", "--by", "segment",
                 "--encoding", "latin-1"]) == 0
    out = capsys.readouterr().out
    assert "café" in out
    assert "\\xe9" not in out
    assert main(["score", str(path), "--metric", "nps", "--column", "nps", "--by",
                 "segment"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"{path}, line 2: byte 0xe9" in err


def test_latin1_reads_the_same_on_every_python_reader(tmp_path: Path) -> None:
    """encoding= gives the same segments to the in-memory and streamed readers."""
    path = _latin1(tmp_path)
    memory = report(responses=prepare("responses", read_table(path, encoding="latin-1"), None))
    streamed = stream_report(responses=path, encoding="latin-1", chunk_rows=8)
    assert (memory["nps"].table("by_segment").column("segment")
            == streamed["nps"].table("by_segment").column("segment") == ["café", "thé"])


@pytest.mark.filterwarnings("ignore::expectations.errors.SmallSampleWarning")
@pytest.mark.parametrize("engine", ["auto", "pandas"])
def test_a_field_over_the_csv_module_limit_is_read(tmp_path: Path, engine: str) -> None:
    """A field of several MB (over csv's 128 KiB limit and a pyarrow block) is read."""
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("nps,segment,note\n")
        for i in range(40):
            note = "y" * 3_000_000 if i == 21 else "ok"
            handle.write(f'{i % 11},{"a" if i % 2 else "b"},"{note}"\n')
    limit = csv.field_size_limit()
    result = stream_nps(path, "nps", by="segment", engine=engine, chunk_rows=8)
    assert result["n"].sum() == 40
    assert csv.field_size_limit() == limit  # lifted only while parsing, then restored
    assert len(read_table(path).frame) == 40
    assert csv.field_size_limit() == limit


def test_big_field_on_every_command(tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """report, report --stream and score all read a multi-MB field and exit 0."""
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("nps,segment,note\n")
        for i in range(40):
            handle.write(f'{i % 11},s,"{"z" * 2_000_000 if i == 5 else "-"}"\n')
    for argv in (["report", "--responses", str(path)],
                 ["report", "--responses", str(path), "--stream"],
                 ["score", str(path), "--metric", "nps", "--column", "nps"]):
        assert main(argv) == 0, capsys.readouterr().err
    capsys.readouterr()


def test_open_quote_is_the_same_error_on_pyarrow(tmp_path: Path) -> None:
    """A quote left open (which pyarrow reads as a field to the end) is the file reader's error."""
    path = tmp_path / "open.csv"
    path.write_text("nps,segment\n9,a\n7,\"b\n8,c\n")
    with pytest.raises(InvalidScoreError) as memory:
        read_table(path)
    with pytest.raises(InvalidScoreError) as streamed:
        stream_nps(path, "nps", engine="pyarrow")
    assert str(memory.value) == str(streamed.value)


# ------------------------------------------------ every section counts its rows
def _responses() -> pd.DataFrame:
    rows = 60
    segment = pd.Series(["north", "south", "east"] * 20, dtype=object)
    segment[[3, 10, 11]] = ["", None, "  "]
    nps = pd.Series([(i * 7) % 11 for i in range(rows)], dtype="Float64")
    nps[[4, 10]] = pd.NA
    dates = pd.Series([f"2024-0{1 + i % 3}-15" for i in range(rows)], dtype=object)
    dates[[7]] = None
    return pd.DataFrame({"nps": nps, "segment": segment, "date": dates})


# The sections built from the rows of the responses table (others count groups or scores).
_ROW_SECTIONS = ("nps", "csat", "ces", "segments", "trend", "commitments")


def _accounted(built: object, rows: int) -> dict[str, tuple[int, int]]:
    counts = {s.key: (s.n, s.n_dropped) for s in built.sections  # type: ignore[attr-defined]
              if s.key in _ROW_SECTIONS}
    for key, (n, dropped) in counts.items():
        assert n + dropped == rows, f"{key}: {n} + {dropped} != {rows}"
    return counts


def test_sections_count_rows_without_a_segment(tmp_path: Path) -> None:
    """Each section's n + n_dropped equals the rows given, in memory and streamed."""
    frame = _responses()
    path = tmp_path / "r.csv"
    frame.to_csv(path, index=False)
    memory = _accounted(report(responses=prepare("responses", read_table(path), None)), 60)
    streamed = _accounted(stream_report(responses=path, chunk_rows=16), 60)
    assert memory == streamed
    # 2 without an answer, then 3 answered rows without a segment (one also unanswered).
    assert memory["segments"] == (60 - 2 - 2, 4)
    assert memory["trend"] == (57, 3)


def test_the_segment_note_names_the_rows_left_out(tmp_path: Path) -> None:
    """The score section says how many answered rows have no segment."""
    path = tmp_path / "r.csv"
    _responses().to_csv(path, index=False)
    built = report(responses=prepare("responses", read_table(path), None))
    assert "2 answered responses without a segment are left out of the by-segment table." \
        in built["nps"].notes


def test_outcomes_of_unknown_commitments_are_counted(tmp_path: Path) -> None:
    """Outcomes naming no known commitment are dropped and counted, on both paths."""
    from expectations.models import Commitment

    promise = Commitment(name="delivery", target=3, unit="days", metric="delivery_days",
                         direction="at_most")
    outcomes = pd.DataFrame({"commitment": ["delivery"] * 8 + ["refund", "", "NA"],
                             "value": [1, 2, 3, 4, 5, 2, None, 3, 1, 2, 3]})
    path = tmp_path / "o.csv"
    outcomes.to_csv(path, index=False)
    memory = report(outcomes=prepare("outcomes", read_table(path), None),
                    commitments=[promise])["commitments"]
    streamed = stream_report(outcomes=path, commitments=[promise])["commitments"]
    assert (memory.n, memory.n_dropped) == (streamed.n, streamed.n_dropped) == (7, 4)


@needs_pyarrow
def test_boolean_parquet_scores_are_refused_everywhere(tmp_path: Path) -> None:
    """A boolean Parquet column as NPS is one error on the in-memory and streamed paths."""
    path = tmp_path / "b.parquet"
    pd.DataFrame({"nps": [True, False] * 20}).to_parquet(path)
    messages = set()
    for call in (lambda: prepare("responses", read_table(path), None),
                 lambda: stream_report(responses=path),
                 lambda: stream_nps(path, "nps")):
        with pytest.raises(InvalidScoreError, match="true/false") as info:
            call()
        messages.add(str(info.value))
    assert len(messages) == 1


def _late(tmp_path: Path, rows: dict[int, str], *, comment: bool = False) -> Path:
    """600 rows of answers with some rows replaced deep in the file."""
    note = '"two\nlines"' if comment else "n"
    lines = ["nps,segment,note"] + [f"{i % 11},s{i % 3},{note}" for i in range(600)]
    for index, text in rows.items():
        lines[index] = text
    path = tmp_path / "late.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("comment", [False, True], ids=["plain", "quoted-newlines"])
@pytest.mark.parametrize("cell", ["NA", "+3", " 7", "7.0", "1e1", "null", " "])
def test_cells_pyarrow_integers_refuse_late_in_the_file(tmp_path: Path, cell: str,
                                                        comment: bool) -> None:
    """A cell that leaves pyarrow's integer fast path deep in the file reads as in memory."""
    path = _late(tmp_path, {450: f"{cell},s1,n", 520: f"{cell},s2,n"}, comment=comment)
    memory = report(responses=prepare("responses", read_table(path), None))["nps"]
    for engine in ("pyarrow", "pandas"):
        result = stream_nps(path, "nps", missing="drop", chunk_rows=50, engine=engine)
        assert (result.n, result.n_dropped) == (memory.n, memory.n_dropped), engine
        assert result.score == pytest.approx(
            memory.table("overall").records()[0]["score"], abs=1e-9)


@pytest.mark.filterwarnings("ignore::expectations.errors.SmallSampleWarning")
@pytest.mark.parametrize("where", ["answer", "segment"])
def test_hexadecimal_anywhere_leaves_the_fast_path(tmp_path: Path, where: str) -> None:
    """0x9 as an answer is an error (pyarrow would read 9); as a segment it is text."""
    row = "0x9,s1,n" if where == "answer" else "9,0x9,n"
    path = _late(tmp_path, {480: row})
    if where == "answer":
        with pytest.raises(InvalidScoreError, match=r"late\.csv, line 481, column 1 \('nps'\): "
                           r"must be a number; 1 value is not \(first: '0x9'\)"):
            stream_nps(path, "nps", chunk_rows=50, engine="pyarrow")
    else:
        table = stream_nps(path, "nps", by="segment", chunk_rows=50, engine="pyarrow")
        assert "0x9" in table.index


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024-05-03", "2024-05-03 00:00:00"),
        ("2024-12-31", "2024-12-31 00:00:00"),
        ("2024-05-03T10:30:00", "2024-05-03 10:30:00"),
        ("2024-05-03T10:30:00+02:00", "2024-05-03 10:30:00"),
        ("2024-05-03T10:30:00-05:00", "2024-05-03 10:30:00"),
        ("2024-05-03T10:30:00Z", "2024-05-03 10:30:00"),
        ("2024-05-03+02:00", "2024-05-03 00:00:00"),
    ],
)
def test_a_plain_date_keeps_its_day(cell: str, expected: str) -> None:
    """A date's day is never read as a UTC offset ('2024-05-03' is the 3rd, not the 1st)."""
    from expectations._reading import date_cells

    dates, bad = date_cells(pd.Series([cell]))
    assert not bad.any()
    assert str(dates.iloc[0]) == expected

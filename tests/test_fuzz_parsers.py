"""Fuzzing the parsers of user-written rules, configs, CSV files and command lines.

Malformed input must either parse or raise the library's own errors (the CLI:
exit 2 with one ``expectations: error:`` line) — never another exception, a
hang, or a partial output file. Examples are bounded; the CI hypothesis profile
(tests/conftest.py) is derandomised, so CI runs the same examples every time.
"""

from __future__ import annotations

import contextlib
import io
import json
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from expectations.errors import ExpectationsError

SLOW = 5.0  # seconds: any single parse slower than this counts as a hang

segmentation = pytest.importorskip("expectations.segmentation")
report_inputs = pytest.importorskip("expectations.report._inputs")
cli = pytest.importorskip("expectations.cli")

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow,
                                       HealthCheck.function_scoped_fixture])

# ----------------------------------------------------------------- JSON values
text = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=True, allow_infinity=True), text)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=20,
)
COLUMNS = ["orders", "region", "spend", "missing_column"]
OPERATORS = [">=", ">", "<=", "<", "==", "!=", "in", "not in", "between", "=>", "~", ""]
# Rules that look nearly right: the likeliest mistakes, not just random noise.
condition = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(st.sampled_from(OPERATORS), json_values, min_size=0, max_size=2),
)
near_rules = st.lists(
    st.fixed_dictionaries(
        {"name": st.one_of(text, scalars)},
        optional={"when": st.one_of(st.dictionaries(st.sampled_from(COLUMNS), condition,
                                                    max_size=3), json_values),
                  "extra": json_values},
    ),
    max_size=4,
)
rule_sources = st.one_of(json_values, near_rules, near_rules.map(json.dumps),
                         text, near_rules.map(lambda r: json.dumps(r)[:-3]))

CUSTOMERS = pd.DataFrame({"orders": [12, 3, 1, 0], "region": ["north", "south", "north", None],
                          "spend": [1200.0, 80.5, 10.0, float("nan")]})


def _timed(func: Any, *args: Any, **kwargs: Any) -> Any:
    start = time.perf_counter()
    try:
        return func(*args, **kwargs)
    finally:
        assert time.perf_counter() - start < SLOW, "parser took too long (a hang?)"


@FUZZ
@given(source=rule_sources)
def test_load_rules_parses_or_raises_library_errors(source: object) -> None:
    """load_rules on arbitrary JSON, near-miss rules and broken JSON text: rules or our error."""
    try:
        rules = _timed(segmentation.load_rules, source)
    except ExpectationsError:
        return
    assert isinstance(rules, tuple)


@FUZZ
@given(rules=st.one_of(near_rules, json_values))
def test_segment_labels_or_raises_library_errors(rules: object) -> None:
    """Segment with malformed rules returns one label per row or raises our error."""
    before = CUSTOMERS.copy()
    try:
        labels = _timed(segmentation.segment, CUSTOMERS, rules)
    except ExpectationsError:
        pass
    else:
        assert len(labels) == len(CUSTOMERS)
    pd.testing.assert_frame_equal(CUSTOMERS, before)


# --------------------------------------------------------------- config files
config_bytes = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.dictionaries(st.sampled_from(["responses", "files", "nps", "drivers.outcome", "x.y"]),
                    json_values, max_size=4).map(lambda v: json.dumps(v).encode()),
)
toml_text = st.lists(st.sampled_from([
    "[responses]", "nps = \"ltr\"", "[files]", "responses = \"r.csv\"", "x = ", "= 1",
    "[[a]]", "nps = 3", "\"unterminated", "[responses", "a.b.c = true", "\x00", "é = 1",
]), max_size=6).map(lambda lines: "\n".join(lines).encode())


@FUZZ
@given(content=st.one_of(config_bytes, toml_text), suffix=st.sampled_from([".json", ".toml"]))
def test_load_config_reads_or_raises_library_errors(tmp_path_factory: pytest.TempPathFactory,
                                                    content: bytes, suffix: str) -> None:
    """A config file of arbitrary bytes, JSON or TOML fragments: a dict or our error."""
    path = tmp_path_factory.mktemp("config") / f"mapping{suffix}"
    path.write_bytes(content)
    try:
        config = _timed(report_inputs.load_config, path)
    except ExpectationsError:
        return
    assert isinstance(config, dict)
    with contextlib.suppress(ExpectationsError):
        _timed(report_inputs.normalise_columns, config)


# ------------------------------------------------------------------ CSV files
cells = st.one_of(st.sampled_from(["10", "0", "7", "5", "", "NA", "nan", "-1", "11", "7.5",
                                   "1e3", "inf", "yes", "web", "2024-01-31", "31/01/2024",
                                   "\"quoted, comma\"", "\"unterminated", "é", " 9 "]),
                  st.text(st.characters(exclude_categories=["Cs"]), max_size=6))
headers = st.lists(st.sampled_from(["nps", "csat", "ces", "segment", "touchpoint", "date",
                                    "comment", "nps", "", "x"]), min_size=0, max_size=5)
csv_text = st.builds(
    lambda header, rows, sep: "\n".join([sep.join(header)] + [sep.join(r) for r in rows]),
    headers, st.lists(st.lists(cells, max_size=6), max_size=8), st.sampled_from([",", ";"]),
)
csv_bytes = st.one_of(csv_text.map(str.encode), st.binary(max_size=120),
                      csv_text.map(lambda t: ("\ufeff" + t).encode()),
                      csv_text.map(lambda t: t.encode("latin-1", errors="replace")))


@FUZZ
@given(content=csv_bytes, delimiter=st.sampled_from([",", ";", "\t", "|"]))
def test_read_table_and_prepare_read_or_raise_library_errors(
        tmp_path_factory: pytest.TempPathFactory, content: bytes, delimiter: str) -> None:
    """A responses CSV of arbitrary shape and bytes: a prepared table or our error."""
    path = tmp_path_factory.mktemp("csv") / "responses.csv"
    path.write_bytes(content)
    try:
        raw = _timed(report_inputs.read_table, path, delimiter=delimiter)
        prepared = _timed(report_inputs.prepare, "responses", raw, None)
    except ExpectationsError:
        return
    assert prepared is not None


@pytest.mark.parametrize("delimiter", ["", "ab", None])
def test_read_table_rejects_bad_delimiters_with_library_errors(tmp_path: Path,
                                                               delimiter: object) -> None:
    """A delimiter that is not one character is our error, not csv's TypeError."""
    path = tmp_path / "responses.csv"
    path.write_text("nps\n10\n", encoding="utf-8")
    with pytest.raises(ExpectationsError, match="delimiter"):
        report_inputs.read_table(path, delimiter=delimiter)


# ------------------------------------------------------------------------ CLI
def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = _timed(cli.main, argv)
        except SystemExit as exc:  # argparse: --help (0) or bad usage (2)
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


@FUZZ
@given(content=csv_bytes, fmt=st.sampled_from(["json", "markdown", "terminal", "html"]))
def test_cli_report_on_malformed_csv_exits_0_or_2_without_partial_output(
        tmp_path_factory: pytest.TempPathFactory, content: bytes, fmt: str) -> None:
    """`expectations report` on a malformed CSV: a full report (0) or one error line (2)."""
    folder = tmp_path_factory.mktemp("cli")
    source, output = folder / "responses.csv", folder / "report.out"
    source.write_bytes(content)
    code, _, err = _run(["report", "--responses", str(source), "--format", fmt,
                           "--output", str(output)])
    assert code in (0, 2), (code, err)
    assert "Traceback" not in err
    if code == 2:
        assert not output.exists(), "a failed run left an output file behind"
        assert err.startswith("expectations: error:") or "usage:" in err
    else:
        assert output.stat().st_size > 0
    assert sorted(p.name for p in folder.iterdir()) in (["responses.csv"],
                                                        ["report.out", "responses.csv"])


@pytest.mark.parametrize("delimiter", ["", "ab"])
def test_cli_bad_delimiter_exits_2(tmp_path: Path, delimiter: str) -> None:
    """`--delimiter ''` is bad input: exit 2 with one error line, no traceback."""
    source = tmp_path / "responses.csv"
    source.write_text("nps\n10\n9\n", encoding="utf-8")
    code, out, err = _run(["report", "--responses", str(source), "--delimiter", delimiter])
    assert (code, out) == (2, "")
    assert err.startswith("expectations: error:")


FLAGS = ["report", "check", "demo", "--responses", "--config", "--column", "--delimiter",
         "--confidence", "--format", "--output", "--min-nps", "--min-csat",
         "--max-broken-rate", "--conservative", "--no-charts", "nps=ltr", "=", "nps=",
         "1.5", "-3", "nan", "json", "xml", "missing.csv", "missing.toml", ""]


@FUZZ
@given(argv=st.lists(st.sampled_from(FLAGS), max_size=6).filter(
    lambda a: "demo" not in a[:1]))
def test_cli_arguments_never_crash(argv: list[str]) -> None:
    """Arbitrary flag sequences exit 0, 1 or 2 with no traceback and no stray files."""
    before = set(Path.cwd().iterdir())
    code, _, err = _run(argv)
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in err
    assert set(Path.cwd().iterdir()) == before

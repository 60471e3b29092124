"""The one safe JSON/TOML reader behind load_rules, Lexicon.from_file and --config.

Every hostile file gives the same library error on all three paths (and exit 2
with one line in the CLI), never a RecursionError, ValueError or
UnicodeDecodeError from the standard library.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from expectations import _structured as structured
from expectations.cli import main
from expectations.errors import InvalidParameterError
from expectations.report._inputs import load_config
from expectations.segmentation import load_rules
from expectations.voice.lexicon import Lexicon

RULES_JSON = '{"rules": [{"name": "vip", "when": {"spend": {">=": 1000}}}]}'
RULES_TOML = '[[rules]]\nname = "vip"\n[rules.when.spend]\n">=" = 1000\n'
LOADERS: dict[str, Callable[[Path], object]] = {
    "load_rules": load_rules,
    "Lexicon.from_file": Lexicon.from_file,
    "load_config": load_config,
}
NEEDS_TOML = pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is Python 3.11+")


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("loader", list(LOADERS))
def test_a_missing_file_is_named(tmp_path: Path, loader: str) -> None:
    """A path that does not exist raises InvalidParameterError naming the path."""
    path = tmp_path / "nowhere.json"
    with pytest.raises(InvalidParameterError, match=r"nowhere\.json' does not exist"):
        LOADERS[loader](path)


@pytest.mark.parametrize("loader", list(LOADERS))
def test_a_directory_is_refused(tmp_path: Path, loader: str) -> None:
    """A directory in place of the file raises InvalidParameterError saying so."""
    folder = tmp_path / "rules.json"
    folder.mkdir()
    with pytest.raises(InvalidParameterError, match=r"rules\.json' is a directory"):
        LOADERS[loader](folder)


@pytest.mark.parametrize("loader", list(LOADERS))
def test_non_utf8_bytes_name_the_file_line_and_column(tmp_path: Path, loader: str) -> None:
    """Latin-1 bytes in a UTF-8 file name the file, the line and the column of the byte."""
    path = _write(tmp_path, "latin.json", '{\n  "caf\xe9": ["x"]\n}'.encode("latin-1"))
    with pytest.raises(InvalidParameterError,
                       match=r"UTF-8 text file; the file .*latin\.json' is not, at line 2, "
                             r"column 7 \(byte 0xe9\)"):
        LOADERS[loader](path)


def test_the_encoding_option_reads_other_encodings(tmp_path: Path) -> None:
    """load_rules and Lexicon.from_file read a file in the encoding they are given."""
    path = _write(tmp_path, "lex.json", '{"caf\xe9": ["cr\xe8me"]}'.encode("latin-1"))
    assert Lexicon.from_file(path, encoding="latin-1").themes == {"café": ("crème",)}
    rules = _write(tmp_path, "rules.json",
                   '[{"name": "caf\xe9", "when": {}}]'.encode("cp1252"))
    assert load_rules(rules, encoding="cp1252")[0].name == "café"
    with pytest.raises(InvalidParameterError, match="encoding must be a text encoding"):
        load_rules(rules, encoding="no-such-codec")


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """A UTF-8 file saved with a byte-order mark (Windows editors) reads normally."""
    path = _write(tmp_path, "rules.json", b"\xef\xbb\xbf" + RULES_JSON.encode())
    assert load_rules(path)[0].name == "vip"


@NEEDS_TOML
def test_rules_read_from_toml(tmp_path: Path) -> None:
    """A .toml rule file holding [[rules]] tables gives the same rules as JSON."""
    toml = _write(tmp_path, "rules.toml", RULES_TOML)
    json_ = _write(tmp_path, "rules.json", RULES_JSON)
    assert load_rules(toml) == load_rules(json_)


def _deep(kind: str, depth: int) -> str:
    if kind == "json":
        return '{"a": ' + "[" * depth + "]" * depth + "}"
    return "a = " + "[" * depth + "]" * depth + "\n"


@pytest.mark.parametrize("depth", [101, 1_000, 5_000, 100_000])
@pytest.mark.parametrize("kind", ["json", pytest.param("toml", marks=NEEDS_TOML)])
@pytest.mark.parametrize("loader", list(LOADERS))
def test_deep_nesting_is_refused(tmp_path: Path, loader: str, kind: str, depth: int) -> None:
    """Nesting deeper than 100 levels is a library error, not a RecursionError."""
    path = _write(tmp_path, f"deep.{kind}", _deep(kind, depth))
    with pytest.raises(InvalidParameterError, match=r"nested at most 100 levels deep; the "
                                                    r"file .*deep\.\w+' nests deeper"):
        LOADERS[loader](path)


@pytest.mark.parametrize("kind", ["json", pytest.param("toml", marks=NEEDS_TOML)])
def test_nesting_of_100_levels_still_parses(kind: str) -> None:
    """The depth limit leaves room: 99 nested lists inside the top table parse."""
    data = structured.parse_structured(_deep(kind, 99), kind,  # type: ignore[arg-type]
                                       argument="x")
    assert isinstance(data, dict)


@pytest.mark.parametrize(("name", "content"), [
    ("big.json", '{\n"files": {"n": ' + "7" * 5_000 + "}}"),
    pytest.param("big.toml", "[files]\nn = " + "7" * 5_000 + "\n", marks=NEEDS_TOML),
])
@pytest.mark.parametrize("loader", list(LOADERS))
def test_a_5000_digit_integer_is_refused_with_its_place(tmp_path: Path, loader: str,
                                                        name: str, content: str) -> None:
    """An integer past Python's int-string limit is a library error naming line and column."""
    path = _write(tmp_path, name, content)
    limit = sys.get_int_max_str_digits()
    with pytest.raises(InvalidParameterError,
                       match=rf"integers of at most {limit} digits; the file .*{name}' has a "
                             r"longer one at line 2, column \d+ \(5000 digits\)"):
        LOADERS[loader](path)


@pytest.mark.parametrize(("name", "content", "match"), [
    ("bad.json", '{\n  "a": [1, 2,\n}',
     r"valid JSON; the file .*bad\.json' has an error at line 3, column 1: Expecting value"),
    pytest.param("bad.toml", "[a]\nb = 1\nc = = 2\n",
                 r"valid TOML; the file .*bad\.toml' has an error: .*at line 3, column 5",
                 marks=NEEDS_TOML),
])
@pytest.mark.parametrize("loader", list(LOADERS))
def test_invalid_syntax_names_line_and_column(tmp_path: Path, loader: str, name: str,
                                              content: str, match: str) -> None:
    """A syntax error names the file with the line (and column) where parsing failed."""
    path = _write(tmp_path, name, content)
    with pytest.raises(InvalidParameterError, match=match):
        LOADERS[loader](path)


def test_a_repeated_json_key_is_refused() -> None:
    """A JSON object naming a key twice is refused instead of keeping the last value."""
    with pytest.raises(InvalidParameterError, match="repeats the key '>='"):
        load_rules('[{"name": "x", "when": {"age": {">=": 18, ">=": 65}}}]')


def test_a_lone_surrogate_escape_is_refused() -> None:
    """A lone surrogate escape (backslash-ud800) cannot be written out later: refused."""
    with pytest.raises(InvalidParameterError, match=r"lone surrogate '\\ud800'"):
        load_rules('[{"name": "\\ud800", "when": {}}]')


def test_an_unknown_suffix_is_refused_when_there_is_no_default(tmp_path: Path) -> None:
    """With no default format a .yaml file is refused by name."""
    path = _write(tmp_path, "lex.yaml", "price: [fee]")
    with pytest.raises(InvalidParameterError, match=r"a \.json or \.toml file; got 'lex\.yaml'"):
        structured.load_structured(path, argument="lexicon file", default_format=None)


@pytest.mark.parametrize(("name", "content"), [
    ("deep.json", _deep("json", 5_000)),
    ("big.json", '{"files": {"n": ' + "7" * 5_000 + "}}"),
    ("latin.json", b'{"responses": {"nps": "caf\xe9"}}'),
    ("missing.json", None),
])
def test_the_cli_config_errors_are_one_line_and_exit_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: Any) -> None:
    """The CLI's --config on a hostile file exits 2 with one error line, never a traceback."""
    path = tmp_path / name if content is None else _write(tmp_path, name, content)
    assert main(["report", "--demo", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("expectations: error: --config must ")
    assert err.count("\n") == 1

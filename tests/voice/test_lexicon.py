"""Lexicons: validation, the default lexicon, JSON/TOML loading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from expectations import _structured as structured
from expectations.errors import InvalidParameterError
from expectations.voice.lexicon import Lexicon, Term


def test_default_lexicon_has_the_nine_themes() -> None:
    """The shipped lexicon covers the nine customer-experience themes."""
    assert Lexicon.default().names == (
        "delivery", "wait_time", "price_and_fees", "staff_and_courtesy", "product_quality",
        "returns_and_refunds", "website_and_app", "communication", "reliability_of_promises",
    )


def test_default_lexicon_holds_non_english_terms() -> None:
    """French, Spanish and German terms ship with the default lexicon."""
    terms = Lexicon.default().themes["delivery"]
    assert {"livraison", "lieferung", "entrega"} <= set(terms)


@pytest.mark.parametrize(("term", "words", "prefix"), [
    ("Refund*", ("refund",), True),
    ("  on hold ", ("on", "hold"), False),
    ("Délai", ("delai",), False),
])
def test_terms_are_normalised_like_comments(term: str, words: tuple[str, ...],
                                            prefix: bool) -> None:
    """Terms are folded and split exactly as comments are."""
    assert Term.parse(term) == Term(words=words, prefix=prefix)


@pytest.mark.parametrize(("themes", "match"), [
    ({}, "at least one theme"),
    ({"price": []}, "at least one term each; 1 value is not .first: 'price'"),
    ({"price": ["fee"], "x": [], "y": []}, "2 values are not .first: 'x'"),
    ({"price": ["fee", 3]}, (r"lexicon\['price'\] must be a list of strings; 1 value is not "
                             r"\(first: 3 at position 1\)")),
    ({"price": "fee"}, "a list of terms"),
    ({"price": ["re*fund"]}, "'\\*' may only end a term"),
    ({"price": ["!!"]}, "no letter or digit"),
    ({"": ["fee"]}, "theme names must be non-empty strings"),
    (["fee"], "a mapping"),
])
def test_invalid_lexicons_name_the_problem(themes: object, match: str) -> None:
    """Empty lexicons, themes without terms and non-string terms raise InvalidParameterError."""
    with pytest.raises(InvalidParameterError, match=match):
        Lexicon(themes=themes)  # type: ignore[arg-type]


def test_lexicon_is_read_only_and_compares_by_value() -> None:
    """A lexicon cannot be changed after construction and equals a same-content one."""
    source = {"price": ["fee"]}
    lex = Lexicon(themes=source)
    source["price"].append("cost")
    assert lex.themes["price"] == ("fee",)
    assert lex == Lexicon(themes={"price": ["fee"]})
    with pytest.raises(TypeError):
        lex.themes["x"] = ("y",)  # type: ignore[index]


def test_json_file_round_trip(tmp_path: Path) -> None:
    """A lexicon saved as JSON loads back equal."""
    lex = Lexicon(themes={"price": ["fee", "too expensive"], "speed": ["slow*"]})
    path = tmp_path / "lex.json"
    path.write_text(json.dumps(lex.to_dict()), encoding="utf-8")
    assert Lexicon.from_file(path) == lex


def test_toml_file_loads(tmp_path: Path) -> None:
    """A TOML file of theme = [terms] loads (Python 3.11+)."""
    path = tmp_path / "lex.toml"
    path.write_text('price = ["fee", "prix élevé"]\nspeed = ["slow*"]\n', encoding="utf-8")
    assert Lexicon.from_file(path).themes == {"price": ("fee", "prix élevé"),
                                              "speed": ("slow*",)}


def test_toml_without_tomllib_raises_a_clear_error(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """On Python 3.10 (no tomllib) reading TOML says to use Python 3.11+ or JSON."""
    path = tmp_path / "lex.toml"
    path.write_text('price = ["fee"]\n', encoding="utf-8")

    def no_tomllib(name: str) -> object:
        raise ImportError(name)

    monkeypatch.setattr(structured.importlib, "import_module", no_tomllib)
    with pytest.raises(InvalidParameterError, match=r"Python 3.11\+.*Save lex.toml as JSON"):
        Lexicon.from_file(path)


@pytest.mark.parametrize(("name", "content", "match"), [
    ("lex.json", "{not json", "valid JSON"),
    ("lex.toml", "price = [", "valid TOML"),
    ("lex.yaml", "price: [fee]", "a .json or .toml file"),
    ("lex.json", "[1, 2]", "a mapping"),
])
def test_bad_files_raise_invalid_parameter(tmp_path: Path, name: str, content: str,
                                           match: str) -> None:
    """Unparseable files, unknown suffixes and wrong shapes raise InvalidParameterError."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidParameterError, match=match):
        Lexicon.from_file(path)


def test_toml_themes_written_as_tables_read_their_terms(tmp_path: Path) -> None:
    """[delivery] terms = [...] reads the terms, not the table's keys; both forms may mix."""
    path = tmp_path / "lex.toml"
    path.write_text('price = ["fee"]\n\n[delivery]\ndescription = "Shipping"\n'
                    'terms = ["late", "courier"]\n', encoding="utf-8")
    assert Lexicon.from_file(path).themes == {"price": ("fee",),
                                              "delivery": ("late", "courier")}


def test_json_themes_written_as_tables_read_their_terms(tmp_path: Path) -> None:
    """{"delivery": {"terms": [...]}} in JSON (or a dict) reads the terms."""
    path = tmp_path / "lex.json"
    path.write_text('{"delivery": {"terms": ["late"]}}', encoding="utf-8")
    assert Lexicon.from_file(path) == Lexicon(themes={"delivery": ["late"]})
    assert Lexicon(themes={"delivery": {"terms": ["late"]}}).themes == {"delivery": ("late",)}


@pytest.mark.parametrize(("table", "match"), [
    ({"words": ["late"]}, "the unknown key 'words'"),
    ({"terms": ["late"], "weight": 2}, "the unknown key 'weight'"),
    ({}, "a table without the key 'terms'"),
    ({"terms": ["late"], "description": 3}, r"lexicon\['delivery'\]\['description'\] must be"),
])
def test_other_tables_are_refused(table: dict[str, object], match: str) -> None:
    """A theme table without 'terms', or with another key, is refused naming the theme."""
    with pytest.raises(InvalidParameterError, match=match):
        Lexicon(themes={"delivery": table})


@pytest.mark.parametrize(("themes", "where"), [
    ({"price\udc00": ["fee"]}, "lexicon theme names"),
    ({"price": ["fee", "co\udc00st"]}, r"lexicon\['price'\]\[1\]"),
])
def test_lone_surrogates_are_refused(themes: dict[str, list[str]], where: str) -> None:
    """Theme names and terms UTF-8 cannot encode are refused, naming where."""
    with pytest.raises(InvalidParameterError, match=rf"^{where} must be text that can be written"):
        Lexicon(themes=themes)

"""Theme lexicons: which words and phrases signal which theme.

A lexicon maps each theme to its terms. A term is a word or a phrase of
several words, written in any case and with or without accents — it is
normalised exactly like the comments (see :mod:`expectations.voice.tokenize`).

Matching rules (used by :func:`~expectations.voice.themes.tag_themes`):

- **Whole words.** A term matches whole words only: ``price`` does not match
  ``priceless`` or ``overpriced``, and ``app`` does not match ``happy``.
- **Phrases.** A term of several words matches those words consecutively in
  one comment, whatever punctuation or spacing lies between them:
  ``"on hold"`` matches ``"On hold, again"`` and ``"on-hold"``.
- **Simple plurals.** The *last* word of a term also matches with ``s`` or
  ``es`` appended, and a final ``y`` after a consonant may read ``ies``:
  ``fee`` matches ``fees``, ``delivery fee`` matches ``delivery fees``,
  ``delivery`` matches ``deliveries``. Nothing else is stemmed (``refund``
  does not match ``refunded``), and other languages' plurals are not guessed.
- **Prefix wildcard.** A term ending in ``*`` matches any word *starting*
  with it (on its last word): ``refund*`` matches ``refund``, ``refunds``,
  ``refunded``; ``wait*`` matches ``waiting`` — and ``waiter``, so keep
  prefixes specific. ``*`` anywhere else is an error.

The default lexicon (:meth:`Lexicon.default`) covers nine customer-experience
themes — delivery, wait time, price and fees, staff and courtesy, product
quality, returns and refunds, website and app, communication, and reliability
of promises — in English with a few French, Spanish and German terms. Extend
or replace it with a ``dict`` or a JSON/TOML file (:meth:`Lexicon.from_file`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from os import PathLike
from types import MappingProxyType
from typing import Any

import attrs

from expectations._structured import load_structured
from expectations.errors import InvalidParameterError, format_message
from expectations.models._checks import check_unicode
from expectations.voice.tokenize import split_words

__all__ = ["Lexicon", "Term", "as_lexicon"]


@attrs.frozen
class Term:
    """One parsed lexicon term: its normalised words and whether it is a prefix.

    Examples
    --------
    >>> Term.parse("Délai d'attente*")
    Term(words=('delai', 'd', 'attente'), prefix=True)
    """

    words: tuple[str, ...]
    prefix: bool

    @classmethod
    def parse(cls, term: str) -> Term:
        """Parse a term as written in a lexicon (see the module notes)."""
        text = term.strip()
        prefix = text.endswith("*")
        body = text[:-1] if prefix else text
        if "*" in body:
            raise ValueError("'*' may only end a term")
        words = tuple(split_words(body))
        if not words:
            raise ValueError("it holds no letter or digit")
        return cls(words=words, prefix=prefix)

    def last_word_forms(self) -> tuple[str, ...]:
        """Return the forms the last word may take (plural rules), or the prefix itself.

        Examples
        --------
        >>> Term.parse("delivery").last_word_forms()
        ('delivery', 'deliverys', 'deliveryes', 'deliveries')
        """
        word = self.words[-1]
        if self.prefix:
            return (word,)
        forms = [word, word + "s", word + "es"]
        if len(word) > 1 and word.endswith("y") and word[-2] not in "aeiouy":
            forms.append(word[:-1] + "ies")
        return tuple(forms)


def _check_themes(themes: object) -> Mapping[str, tuple[str, ...]]:
    """Validate a theme -> terms mapping; return a read-only copy with tuples."""
    if not isinstance(themes, Mapping):
        raise InvalidParameterError(
            format_message("lexicon", "a mapping of theme names to lists of terms",
                           fix=f"Got {type(themes).__name__}.")
        )
    if not themes:
        raise InvalidParameterError(
            format_message("lexicon", "a mapping with at least one theme",
                           fix="Got an empty lexicon; pass None for the default one.")
        )
    bad_names = [name for name in themes if not (isinstance(name, str) and name.strip())]
    if bad_names:
        raise InvalidParameterError(
            format_message("lexicon theme names", "non-empty strings", count=len(bad_names),
                           first=bad_names[0])
        )
    out: dict[str, tuple[str, ...]] = {}
    no_terms = []
    for name, terms in themes.items():
        if isinstance(terms, Mapping):
            terms = _table_terms(name, terms)
        if isinstance(terms, (str, bytes)) or not isinstance(terms, Iterable):
            raise InvalidParameterError(
                format_message(f"lexicon[{name!r}]", "a list of terms",
                               fix=f"Got {type(terms).__name__}; write [{terms!r}] for "
                                   "a single term.")
            )
        items = list(terms)
        if not items:
            no_terms.append(name)
            continue
        not_text = [i for i, t in enumerate(items) if not isinstance(t, str)]
        if not_text:
            raise InvalidParameterError(
                format_message(f"lexicon[{name!r}]", "a list of strings",
                               count=len(not_text), first=items[not_text[0]],
                               position=not_text[0], fix="Write every term as text.")
            )
        _check_terms(name, items)
        check_unicode(name, "lexicon theme names")
        for position, term in enumerate(items):
            check_unicode(term, f"lexicon[{name!r}][{position}]")
        out[name] = tuple(items)
    if no_terms:
        raise InvalidParameterError(
            format_message("lexicon", "themes with at least one term each",
                           count=len(no_terms), first=no_terms[0],
                           fix="Add terms to those themes or remove them.")
        )
    return MappingProxyType(out)


def _table_terms(name: str, table: Mapping[Any, Any]) -> object:
    """Return the terms of a theme written as a table ``{"terms": [...]}``."""
    unknown = sorted(str(key) for key in table if key not in _TABLE_KEYS)
    if "terms" not in table or unknown:
        got = (f"the unknown key {unknown[0]!r}" if unknown
               else "a table without the key 'terms'")
        raise InvalidParameterError(
            format_message(f"lexicon[{name!r}]", "a list of terms or a table with the key "
                           "'terms' (and optionally 'description')",
                           fix=f"Got {got}; write {{\"terms\": [...]}} in JSON or "
                               f"[{name}] terms = [...] in TOML.")
        )
    description = table.get("description", "")
    if not isinstance(description, str):
        raise InvalidParameterError(
            format_message(f"lexicon[{name!r}]['description']", "text",
                           fix=f"Got {type(description).__name__}.")
        )
    return table["terms"]


_TABLE_KEYS = ("terms", "description")


def _check_terms(name: str, terms: list[str]) -> None:
    """Parse every term of one theme, naming the first unusable one."""
    position = 0
    try:
        for position, term in enumerate(terms):  # noqa: B007 - read in the handler
            Term.parse(term)
    except ValueError as exc:
        raise InvalidParameterError(
            format_message(f"lexicon[{name!r}]", "a list of usable terms", count=1,
                           first=terms[position], position=position,
                           fix=f"The term is unusable: {exc}.")
        ) from exc


@attrs.frozen(kw_only=True)
class Lexicon:
    """Themes and the terms that signal them, validated.

    Parameters
    ----------
    themes : mapping of str to list of str, or to a table of terms
        Theme name -> terms (words, phrases, ``prefix*`` wildcards). Theme order
        is kept and is the column order of the tags. A theme may also be a
        table ``{"terms": [...], "description": "..."}`` (the description is
        documentation only and is not kept); any other key is an error.

    Raises
    ------
    InvalidParameterError
        If there is no theme, a theme has no terms or is a table without
        ``terms`` (or with another key), a term is not a string, holds
        no letter or digit, or uses ``*`` other than at its end.

    Examples
    --------
    >>> lex = Lexicon(themes={"price": ["price", "too expensive"], "refund": ["refund*"]})
    >>> lex.names
    ('price', 'refund')
    >>> Lexicon(themes={"price": []})
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: lexicon must be themes with at least one term
    each; 1 value is not (first: 'price'). Add terms to those themes or remove them.
    """

    themes: Mapping[str, tuple[str, ...]] = attrs.field(converter=_check_themes, hash=False)

    @property
    def names(self) -> tuple[str, ...]:
        """The theme names, in order."""
        return tuple(self.themes)

    def parsed(self) -> list[tuple[int, Term]]:
        """Every term parsed, with the position of its theme in :attr:`names`."""
        return [(i, Term.parse(term)) for i, terms in enumerate(self.themes.values())
                for term in terms]

    def to_dict(self) -> dict[str, list[str]]:
        """Return the themes as a plain ``dict`` of lists (for JSON)."""
        return {name: list(terms) for name, terms in self.themes.items()}

    @classmethod
    def default(cls) -> Lexicon:
        """Return the customer-experience lexicon shipped with the library.

        Examples
        --------
        >>> Lexicon.default().names[:3]
        ('delivery', 'wait_time', 'price_and_fees')
        """
        return _default()

    @classmethod
    def from_file(cls, path: str | PathLike[str], *, encoding: str = "utf-8") -> Lexicon:
        r"""Load a lexicon from a JSON (``.json``) or TOML (``.toml``) file.

        The file holds one mapping of theme names to their terms, in either of
        two forms, which may be mixed:

        - a list of terms: ``{"delivery": ["late", "courier"]}`` in JSON, or
          ``delivery = ["late", "courier"]`` in TOML;
        - a table with the key ``terms`` (and optionally ``description``, which
          is not kept): ``{"delivery": {"terms": ["late"]}}`` in JSON, or
          ``[delivery]`` then ``terms = ["late"]`` in TOML.

        Only the standard library's safe parsers are used (``json``;
        ``tomllib``, Python 3.11+), through the library's one structured-file
        reader.

        Parameters
        ----------
        path : str or os.PathLike
            The file.
        encoding : str, default "utf-8"
            Its text encoding (a UTF-8 byte-order mark is accepted).

        Raises
        ------
        InvalidParameterError
            If the file is missing or a directory, its suffix is neither, its
            bytes are not valid in ``encoding`` (the message names the line),
            it cannot be parsed (line and column), nests deeper than 100
            levels, holds an integer of thousands of digits, TOML is read on
            Python 3.10, or the content is not a valid lexicon.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "lex.json").write_text('{"price": ["fee", "price"]}')
        >>> Lexicon.from_file(folder / "lex.json").themes["price"]
        ('fee', 'price')
        >>> _ = (folder / "lex.toml").write_text('[delivery]\nterms = ["late", "courier"]\n')
        >>> Lexicon.from_file(folder / "lex.toml").themes["delivery"]
        ('late', 'courier')
        """
        data = load_structured(path, argument="lexicon file", default_format=None,
                               encoding=encoding, encoding_option=True)
        return cls(themes=data)


@lru_cache(maxsize=1)
def _default() -> Lexicon:
    # The lexicon is immutable, so one shared instance is safe.
    data = resources.files("expectations.voice") / "data" / "default_lexicon.json"
    return Lexicon(themes=json.loads(data.read_text(encoding="utf-8")))


def as_lexicon(lexicon: object) -> Lexicon:
    """Return ``lexicon`` as a :class:`Lexicon`: None means the default one.

    Examples
    --------
    >>> as_lexicon({"price": ["fee"]}).names
    ('price',)
    """
    if lexicon is None:
        return Lexicon.default()
    if isinstance(lexicon, Lexicon):
        return lexicon
    return Lexicon(themes=lexicon)

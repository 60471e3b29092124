r"""One safe reader for the JSON and TOML files users hand the library.

Rule tables (:func:`~expectations.segmentation.load_rules`), theme lexicons
(:meth:`~expectations.voice.Lexicon.from_file`) and the command line's
``--config`` file all come through here, so the same bad file gives the same
library error everywhere, never a foreign exception:

- a missing path, a directory or an unreadable file names the path;
- bytes that are not valid in the encoding (UTF-8 unless told otherwise; a
  UTF-8 byte-order mark is accepted) name the file, the line and the column;
- invalid syntax names the line and the column;
- nesting deeper than :data:`MAX_DEPTH` levels is refused (the standard
  parsers would otherwise raise :class:`RecursionError` near 1,000 levels);
- an integer longer than Python's int-string conversion limit
  (:func:`sys.get_int_max_str_digits`, 4,300 digits by default) is refused
  with its line and column;
- a JSON object that repeats a key is refused (the standard parser keeps the
  last value silently), and so is text holding a lone surrogate (a
  ``"\ud800"`` escape), which no UTF-8 writer could output later.

Only the standard library's data parsers are used (:mod:`json`; :mod:`tomllib`
on Python 3.11+): nothing in a file is ever executed.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from expectations._validation import surrogate_at
from expectations.errors import InvalidParameterError

__all__ = ["MAX_DEPTH", "load_structured", "parse_structured"]

#: The deepest nesting of lists and tables accepted in a file.
MAX_DEPTH = 100

Format = Literal["json", "toml"]
_SUFFIXES: Mapping[str, Format] = {".json": "json", ".toml": "toml"}
_DIGITS = re.compile(r"\d+")


def load_structured(path: str | os.PathLike[str], *, argument: str,
                    default_format: Format | None = "json", encoding: str = "utf-8",
                    encoding_option: bool = False) -> Any:
    r"""Read a JSON or TOML file (chosen by its suffix) into plain Python data.

    Parameters
    ----------
    path : str or os.PathLike
        The file. A ``.toml`` suffix means TOML, ``.json`` JSON; any other
        suffix means ``default_format``.
    argument : str
        How the caller names the file in messages (``"rules"``, ``"lexicon file"``).
    default_format : {"json", "toml"} or None, default "json"
        The format of a file whose suffix is neither; None refuses such files.
    encoding : str, default "utf-8"
        The text encoding of the file.
    encoding_option : bool, default False
        Whether the caller offers an ``encoding=`` option, which the message
        about undecodable bytes then suggests.

    Returns
    -------
    object
        The parsed data: dicts, lists, strings, numbers, booleans (and dates
        for TOML).

    Raises
    ------
    InvalidParameterError
        If the file is missing, a directory or unreadable; its bytes are not
        valid ``encoding``; its syntax is invalid; it nests deeper than
        :data:`MAX_DEPTH`; it holds an integer too long to convert, a
        repeated JSON key or a lone surrogate; or its suffix is unknown and
        ``default_format`` is None. The message names the file, and the
        line and column where known.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.json").write_text('{"price": ["fee"]}', encoding="utf-8")
    >>> load_structured(folder / "a.json", argument="lexicon file")
    {'price': ['fee']}
    >>> _ = (folder / "b.json").write_bytes(b'{"caf\xe9": 1}')
    >>> load_structured(folder / "b.json", argument="rules")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: rules must be a UTF-8 text file; ...b.json' is
    not, at line 1, column 6 (byte 0xe9). Save the file as UTF-8.
    >>> load_structured(folder / "missing.json", argument="rules")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: rules must be a readable file; ...missing.json'
    does not exist.
    """
    file = Path(path)
    kind = _SUFFIXES.get(file.suffix.lower(), default_format)
    if kind is None:
        known = " or ".join(_SUFFIXES)
        raise InvalidParameterError(
            f"{argument} must be a {known} file; got {file.name!r}.")
    source = f"the file {str(file)!r}"
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise InvalidParameterError(
            f"{argument} must be a readable file; {source} does not exist.") from None
    except IsADirectoryError:
        raise InvalidParameterError(
            f"{argument} must be a readable file; {source} is a directory.") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InvalidParameterError(
            f"{argument} must be a readable file; {source} cannot be read ({reason}).") from None
    text = _decode(raw, encoding, argument=argument, source=source,
                   encoding_option=encoding_option)
    return parse_structured(text, kind, argument=argument, source=source, name=file.name)


def parse_structured(text: str, kind: Format, *, argument: str, source: str = "the text",
                     name: str = "") -> Any:
    """Parse JSON or TOML text with the checks of :func:`load_structured`.

    Parameters
    ----------
    text : str
        The document.
    kind : {"json", "toml"}
        Its format.
    argument : str
        How the caller names the input in messages.
    source : str, default "the text"
        Where the text came from, for messages (``"the file 'a.json'"``).
    name : str, default ""
        The file's name, used when suggesting to save it as JSON.

    Returns
    -------
    object
        The parsed data.

    Raises
    ------
    InvalidParameterError
        As :func:`load_structured`, except for the file and encoding errors.

    Examples
    --------
    >>> parse_structured('delivery = {terms = ["late"]}', "toml", argument="lexicon")
    {'delivery': {'terms': ['late']}}
    >>> parse_structured('{"a": 1,}', "json", argument="rules")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: rules must be valid JSON; the text has an error
    at line 1, column 9: Expecting property name enclosed in double quotes.
    >>> parse_structured("[" * 5000 + "]" * 5000, "json", argument="rules")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: rules must be nested at most 100 levels deep; the
    text nests deeper. Flatten the structure.
    """
    try:
        data = _parse(text, kind, argument=argument, source=source, name=name)
    except RecursionError:
        raise _too_deep(argument, source) from None
    except ValueError as exc:
        if isinstance(exc, InvalidParameterError):
            raise
        limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
        if "digits" not in str(exc) or not limit:
            raise InvalidParameterError(
                f"{argument} must be valid {kind.upper()}; {source} is not ({exc}).") from None
        raise _long_integer(text, limit, argument, source) from None
    _check_tree(data, argument, source)
    return data


def _decode(raw: bytes, encoding: str, *, argument: str, source: str,
            encoding_option: bool) -> str:
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        return raw.decode(codec)
    except LookupError:
        raise InvalidParameterError(
            f"encoding must be a text encoding Python knows; got {encoding!r}.") from None
    except UnicodeDecodeError as exc:
        start = exc.start
        if codec == "utf-8-sig" and raw.startswith(b"\xef\xbb\xbf"):
            start += 3
        line = raw.count(b"\n", 0, start) + 1
        column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
        fix = "Save the file as UTF-8" if codec == "utf-8-sig" else "Check the encoding"
        if encoding_option:
            fix += ", or pass its encoding (for example encoding='cp1252')"
        label = "UTF-8" if codec == "utf-8-sig" else encoding
        raise InvalidParameterError(
            f"{argument} must be a {label} text file; {source} is not, at line {line}, "
            f"column {column} (byte 0x{raw[start]:02x}). {fix}.") from None


def _parse(text: str, kind: Format, *, argument: str, source: str, name: str) -> Any:
    if kind == "json":
        try:
            return json.loads(text, object_pairs_hook=_unique_keys(argument, source))
        except json.JSONDecodeError as exc:
            raise InvalidParameterError(
                f"{argument} must be valid JSON; {source} has an error at line {exc.lineno}, "
                f"column {exc.colno}: {exc.msg}.") from None
    try:
        tomllib: Any = importlib.import_module("tomllib")
    except ImportError:  # Python 3.10
        version = f"{sys.version_info[0]}.{sys.version_info[1]}"
        raise InvalidParameterError(
            f"{argument} must be JSON on Python < 3.11; reading TOML needs the standard "
            f"library's tomllib (Python 3.11+), and this is Python {version}. Save "
            f"{name or 'it'} as JSON.") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidParameterError(
            f"{argument} must be valid TOML; {source} has an error: {exc}.") from None


def _unique_keys(argument: str, source: str) -> Any:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise InvalidParameterError(
                    f"{argument} must be JSON whose objects name each key once; {source} "
                    f"repeats the key {key!r}. Merge the two entries.")
            out[key] = value
        return out
    return hook


def _too_deep(argument: str, source: str) -> InvalidParameterError:
    return InvalidParameterError(
        f"{argument} must be nested at most {MAX_DEPTH} levels deep; {source} nests deeper. "
        "Flatten the structure.")


def _long_integer(text: str, limit: int, argument: str, source: str) -> InvalidParameterError:
    where = ""
    for match in _DIGITS.finditer(text):
        if len(match.group()) > limit:
            start = match.start()
            line = text.count("\n", 0, start) + 1
            column = start - (text.rfind("\n", 0, start) + 1) + 1
            where = f" at line {line}, column {column} ({len(match.group())} digits)"
            break
    return InvalidParameterError(
        f"{argument} must hold integers of at most {limit} digits; {source} has a longer "
        f"one{where}. Write it as text or shorten it.")


def _check_tree(data: object, argument: str, source: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH and text that cannot be written as UTF-8."""
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _check_text(item, argument, source)
        elif isinstance(item, (dict, list)):
            if depth >= MAX_DEPTH:
                raise _too_deep(argument, source)
            if isinstance(item, dict):
                for key, value in item.items():
                    _check_text(str(key), argument, source)
                    stack.append((value, depth + 1))
            else:
                stack.extend((value, depth + 1) for value in item)


def _check_text(text: str, argument: str, source: str) -> None:
    at = surrogate_at(text)
    if at is not None:
        bad = text[at]
        raise InvalidParameterError(
            f"{argument} must hold text that can be written as UTF-8; {source} has the lone "
            f"surrogate {bad!r} in {text[:40]!r}. Remove the '\\u{ord(bad):04x}' escape."
        )

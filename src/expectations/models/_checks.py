"""Validators and converters shared by the domain models.

Every check raises an error from :mod:`expectations.errors` whose message
names the argument and the offending value, in the library's one template.
Converters are plain named functions (not closures) so that mypy's attrs
plugin can read the ``__init__`` signature from them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import attrs
import numpy as np
import pandas as pd

from expectations._validation import surrogate_at
from expectations.errors import InvalidParameterError, format_message

__all__ = [
    "check_keys",
    "check_unicode",
    "is_collection",
    "is_missing",
    "is_number",
    "is_text",
    "non_empty_text",
    "optional_text",
    "param_error",
    "plain",
    "strict_bool",
    "to_date",
    "to_float",
    "tuple_of",
]

T = TypeVar("T")


def param_error(name: str, rule: str, value: object, fix: str = "") -> InvalidParameterError:
    """Build the error for one bad argument, in the library's template.

    Examples
    --------
    >>> str(param_error("name", "a non-empty string", ""))
    "name must be a non-empty string; got ''."
    """
    message = f"{name} must be {rule}; got {value!r}."
    return InvalidParameterError(f"{message} {fix}" if fix else message)


def plain(value: Any) -> Any:
    """Turn a numpy scalar into the Python scalar it holds; leave anything else.

    Examples
    --------
    >>> type(plain(np.int64(3)))
    <class 'int'>
    """
    return value.item() if isinstance(value, np.generic) else value


def is_missing(value: object) -> bool:
    """Whether a cell read from a DataFrame is a missing value (None, NaN, NA, NaT).

    Examples
    --------
    >>> is_missing(float("nan")), is_missing(pd.NA), is_missing(0)
    (True, True, False)
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def is_number(value: object) -> bool:
    """Whether ``value`` is a real number (booleans are not numbers here)."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    )


def to_float(value: object, name: str, *, minimum: float | None = None,
             strict: bool = False) -> float:
    """Check a finite real number (optionally bounded below) and return it as float.

    Examples
    --------
    >>> to_float(2, "target")
    2.0
    >>> to_float(0, "response_target", minimum=0, strict=True)
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: response_target must be ... greater than 0; got 0.
    """
    rule = "a finite number"
    if minimum is not None:
        rule += f" {'greater than' if strict else 'at least'} {minimum:g}"
    if not is_number(value):
        raise param_error(name, rule, value)
    number = float(value)  # type: ignore[arg-type]  # is_number checked the type
    if not math.isfinite(number):
        raise param_error(name, rule, value)
    if minimum is not None and (number <= minimum if strict else number < minimum):
        raise param_error(name, rule, plain(value))
    return number


def is_text(value: object) -> bool:
    """Whether ``value`` is a string with something other than spaces in it."""
    return isinstance(value, str) and bool(value.strip())


def is_collection(value: object) -> bool:
    """Whether ``value`` is an iterable other than a string, bytes or a mapping."""
    return isinstance(value, Iterable) and not isinstance(value, (str, bytes, Mapping))


def check_unicode(value: str, name: str) -> str:
    r"""Return ``value`` if it can be written as UTF-8; refuse a lone surrogate otherwise.

    A string holding half of a surrogate pair (``"\ud800"``, from a bad
    decode or a JSON escape) can be held in memory but not written to any
    UTF-8 file, so it would crash every writer later; it is refused here,
    naming the field.

    Examples
    --------
    >>> check_unicode("café", "name")
    'café'
    >>> check_unicode("caf\ud800", "name")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: name must be text that can be written as UTF-8;
    got 'caf\ud800'. It holds the lone surrogate '\ud800' at character 3; ...
    """
    at = surrogate_at(value)
    if at is not None:
        raise param_error(
            name, "text that can be written as UTF-8", value,
            f"It holds the lone surrogate {value[at]!r} at character {at}; "
            "decode the source with the right encoding (errors='strict') or remove it.",
        )
    return value


def non_empty_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate (attrs) that the field is a non-empty string that UTF-8 can encode."""
    if not is_text(value):
        raise param_error(attribute.name, "a non-empty string", value)
    check_unicode(value, attribute.name)  # type: ignore[arg-type]  # is_text checked it


def optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate (attrs) that the field is None or a non-empty string."""
    if value is not None:
        non_empty_text(instance, attribute, value)


def strict_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate (attrs) that the field is exactly True or False (not 0 or 1)."""
    if not isinstance(value, bool):
        raise param_error(attribute.name, "True or False", value)


def tuple_of(value: object, kind: type[T], name: str) -> tuple[T, ...]:
    """Convert an iterable (not a string or mapping) to a tuple whose items are ``kind``.

    Examples
    --------
    >>> tuple_of(["a", "b"], str, "pain_points")
    ('a', 'b')
    >>> tuple_of(["a", 2], str, "pain_points")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: pain_points must be ... (first: 2 at position 1).
    """
    rule = f"a sequence of {kind.__name__}"
    if not isinstance(value, Iterable) or not is_collection(value):
        raise param_error(name, rule, value)
    items = tuple(value)
    bad = [i for i, item in enumerate(items) if not isinstance(item, kind)]
    if bad:
        raise InvalidParameterError(
            format_message(name, rule, count=len(bad), first=items[bad[0]], position=bad[0])
        )
    if kind is str:
        empty = [i for i, item in enumerate(items) if not str(item).strip()]
        if empty:
            raise InvalidParameterError(
                format_message(name, "a sequence of non-empty strings", count=len(empty),
                               first=items[empty[0]], position=empty[0])
            )
        for i, item in enumerate(items):
            check_unicode(str(item), f"{name}[{i}]")
    return items


def to_date(value: object, name: str) -> dt.date:
    """Accept a date, a midnight datetime/Timestamp or an ISO ``YYYY-MM-DD`` string.

    Examples
    --------
    >>> to_date("2024-01-31", "since")
    datetime.date(2024, 1, 31)
    """
    rule = "a date (datetime.date or an ISO 'YYYY-MM-DD' string)"
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0) or value.tzinfo is not None:
            raise param_error(name, rule, value, "Drop the time of day with .date().")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise param_error(name, rule, value) from None
    raise param_error(name, rule, value)


def check_keys(data: object, required: Iterable[str], optional: Iterable[str],
               model: str) -> Mapping[str, Any]:
    """Check that a ``from_dict`` input is a mapping with the model's keys and no others.

    Examples
    --------
    >>> check_keys({"name": "x", "colour": 1}, ["name"], [], "Journey")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: data must be ...; got the unknown key 'colour'. ...
    """
    required, optional = tuple(required), tuple(optional)
    known = ", ".join(repr(k) for k in (*required, *optional))
    rule = f"a mapping with the keys of a {model} ({known})"
    if not isinstance(data, Mapping):
        raise param_error("data", rule, data)
    for key in required:
        if key not in data:
            raise InvalidParameterError(f"data must be {rule}; the key {key!r} is missing.")
    for key in data:
        if key not in required and key not in optional:
            raise InvalidParameterError(
                f"data must be {rule}; got the unknown key {key!r}. Check its spelling."
            )
    return data

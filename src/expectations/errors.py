"""Errors and warnings raised by :mod:`expectations`.

Every error derives from :class:`ExpectationsError` and also from the builtin
it refines, so ``except ValueError`` keeps working for callers who do not know
this library.

All messages follow one template, built by :func:`format_message`::

    <argument> must be <rule>; <count> values are not (first: <value> at
    position <position>). <suggested fix>

Examples
--------
>>> from expectations.errors import InvalidScoreError
>>> issubclass(InvalidScoreError, ValueError)
True
"""

from __future__ import annotations

__all__ = [
    "ExpectationsError",
    "InsufficientDataError",
    "InvalidParameterError",
    "InvalidScoreError",
    "LengthMismatchError",
    "SchemaError",
    "SmallSampleWarning",
    "format_message",
]


class ExpectationsError(Exception):
    """Root of every error raised by :mod:`expectations`."""


class InvalidScoreError(ExpectationsError, ValueError):
    """Data values break a rule: out of range, not integers, NaN, wrong type."""


class InvalidParameterError(ExpectationsError, ValueError, TypeError):
    """An option (keyword argument) has a value or type the function does not accept."""


class LengthMismatchError(ExpectationsError, ValueError):
    """Arrays that must be aligned row by row have different lengths."""


class InsufficientDataError(ExpectationsError, ValueError):
    """There is no data (or too little) to compute the requested quantity."""


class SchemaError(ExpectationsError, KeyError, TypeError):
    """A DataFrame column is missing or has the wrong type."""

    def __str__(self) -> str:
        # KeyError.__str__ quotes its argument; keep the message readable.
        return str(self.args[0]) if self.args else ""


class SmallSampleWarning(UserWarning):
    """A result rests on fewer observations than its method needs to be reliable."""


def format_message(
    argument: str,
    rule: str,
    *,
    count: int | None = None,
    first: object = None,
    position: object = None,
    fix: str | None = None,
) -> str:
    """Build an error message following the library's single template.

    Parameters
    ----------
    argument : str
        Name of the offending argument as the caller wrote it.
    rule : str
        What the values must be, phrased to follow "must be".
    count : int, optional
        How many values break the rule.
    first : object, optional
        The first offending value.
    position : object, optional
        Where the first offending value is (an index label or position).
    fix : str, optional
        A suggested fix, as a full sentence.

    Returns
    -------
    str
        The message.

    Examples
    --------
    >>> print(format_message("scores", "integers in 0..10 for NPS", count=3,
    ...                      first=10.5, position=17, fix="Round or drop them first."))
    scores must be integers in 0..10 for NPS; 3 values are not
    (first: 10.5 at position 17). Round or drop them first.
    """
    message = f"{argument} must be {rule}"
    if count is not None:
        noun = "value is" if count == 1 else "values are"
        message += f"; {count} {noun} not"
        if position is not None:
            message += f" (first: {first!r} at position {position})"
        elif first is not None:
            message += f" (first: {first!r})"
    message += "."
    if fix:
        message += f" {fix}"
    return message

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
    "ConvergenceWarning",
    "ExpectationsError",
    "InsufficientDataError",
    "InvalidParameterError",
    "InvalidScoreError",
    "LengthMismatchError",
    "ScaleWarning",
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
    """Arrays that must be aligned row by row have different lengths or index labels.

    Arguments carrying pandas indexes pair by label; this error also says
    when their label sets differ (naming both arguments and the first label
    missing from one), or when duplicate labels make pairing ambiguous.
    """


class InsufficientDataError(ExpectationsError, ValueError):
    """There is no data (or too little) to compute the requested quantity."""


class SchemaError(ExpectationsError, KeyError, TypeError):
    """A DataFrame column is missing or has the wrong type."""

    def __str__(self) -> str:
        # KeyError.__str__ quotes its argument; keep the message readable.
        return str(self.args[0]) if self.args else ""


class SmallSampleWarning(UserWarning):
    """A result rests on fewer observations than its method needs to be reliable."""


class ConvergenceWarning(UserWarning):
    """An iterative method stopped at its iteration limit before meeting its tolerance.

    For example, :func:`~expectations.rake` when the margins cannot all be met
    (inconsistent targets, or a ``cap`` too tight for them). The result is still
    returned, marked ``converged=False``; the warning gives the largest
    remaining error.

    Examples
    --------
    >>> import warnings
    >>> import pandas as pd
    >>> import expectations as ex
    >>> issubclass(ConvergenceWarning, UserWarning)
    True
    >>> people = pd.DataFrame({"sex": ["f", "f", "f", "m"],
    ...                        "age": ["young", "old", "young", "old"]})
    >>> targets = {"sex": {"f": 0.5, "m": 0.5}, "age": {"young": 0.5, "old": 0.5}}
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     result = ex.rake(people, targets, cap=1.5)
    >>> result.converged, [w.category.__name__ for w in caught]
    (False, ['ConvergenceWarning'])
    """


class ScaleWarning(UserWarning):
    """Answers look like they come from another scale than the one the score assumes.

    For example, :func:`~expectations.nps` (0-10) on 30 or more answers that
    all lie within 1..7 (none is 0 or above 7): ratings on a 1-5 scale would
    all count as detractors. The score is still computed; the warning says why
    it is probably meaningless.

    Examples
    --------
    >>> import warnings
    >>> import expectations as ex
    >>> issubclass(ScaleWarning, UserWarning)
    True
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     score = ex.nps([1, 2, 3, 4, 5] * 6).score
    >>> score, [w.category.__name__ for w in caught]
    (-100.0, ['ScaleWarning'])
    """


def format_message(
    argument: str,
    rule: str,
    *,
    count: int | None = None,
    first: object = None,
    position: object = None,
    detail: str | None = None,
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
    detail : str, optional
        What is wrong, when it is not a count of values (for example which
        label of one argument is missing from another); follows the rule
        after a semicolon.
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
    if detail:
        message += f"; {detail}"
    message += "."
    if fix:
        message += f" {fix}"
    return message

"""A bounded rating scale."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from expectations import _validation as v
from expectations.errors import InvalidParameterError
from expectations.models._checks import check_keys, check_unicode

__all__ = ["Scale"]


def _labels_converter(value: object) -> tuple[tuple[float, str], ...] | None:
    if value is None:
        return None
    items: Any = value.items() if isinstance(value, Mapping) else value
    try:
        pairs = tuple(sorted((float(k), str(lab)) for k, lab in items))
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(
            f"labels must be a mapping from scale values to text; got {value!r}."
        ) from exc
    for point, label in pairs:
        check_unicode(label, f"labels[{point:g}]")
    points = [point for point, _ in pairs]
    if len(set(points)) != len(points):
        raise InvalidParameterError(
            f"labels must give each scale value one label; got {value!r}."
        )
    return pairs


def _bound(value: float) -> float:
    # A numpy scalar (from a DataFrame) becomes the Python number it holds, so
    # to_dict returns plain values; anything else is left for the checks below.
    return value.item() if isinstance(value, np.generic) else value


#: The largest magnitude of an integer scale's bounds: every whole number up to
#: 2**53 is exactly a float, so answers compare exactly with the bounds.
MAX_INTEGER_BOUND = 2**53


def _check_number(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InvalidParameterError(f"{name} must be a number; got {value!r}.")
    try:
        finite = np.isfinite(float(value))
    except OverflowError:  # an int beyond the float range
        finite = False
    if not finite:
        # repr of a huge int is thousands of digits (or refused beyond 4,300).
        shown = (f"an integer of {value.bit_length()} bits, beyond the float range"
                 if isinstance(value, int) else repr(value))
        raise InvalidParameterError(f"{name} must be finite; got {shown}.")


@attrs.frozen(kw_only=False)
class Scale:
    """A bounded rating scale, such as 1-5 for CSAT or 0-10 for NPS.

    Parameters
    ----------
    low, high : float
        The lowest and highest answers. ``low`` must be below ``high``; both
        are finite, and on an integer scale whole numbers within ±2**53.
    integer : bool, default True
        Whether only whole numbers are valid answers.
    labels : mapping, optional
        Text for some or all scale points, for example ``{1: "Very
        dissatisfied", 5: "Very satisfied"}``. Stored as sorted
        ``(value, label)`` pairs.

    Examples
    --------
    >>> s = Scale(1, 5)
    >>> s.midpoint, s.points
    (3.0, 5)
    >>> s.contains([1, 5, 6]).tolist()
    [True, True, False]
    >>> Scale(5, 1)
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: high must be greater than low (5); got 1.
    """

    low: float = attrs.field(converter=_bound)
    high: float = attrs.field(converter=_bound)
    integer: bool = attrs.field(default=True, kw_only=True)
    labels: tuple[tuple[float, str], ...] | None = attrs.field(
        default=None, converter=_labels_converter, kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        _check_number("low", self.low)
        _check_number("high", self.high)
        if not self.high > self.low:
            raise InvalidParameterError(
                f"high must be greater than low ({self.low}); got {self.high}."
            )
        if not isinstance(self.integer, bool):
            raise InvalidParameterError(f"integer must be True or False; got {self.integer!r}.")
        if self.integer and not (float(self.low).is_integer() and float(self.high).is_integer()):
            raise InvalidParameterError(
                "low and high must be whole numbers on an integer scale; "
                f"got {self.low}..{self.high}. Pass integer=False for a continuous scale."
            )
        if self.integer and max(abs(self.low), abs(self.high)) > MAX_INTEGER_BOUND:
            raise InvalidParameterError(
                f"low and high must lie within -2**53..2**53 on an integer scale (whole "
                f"numbers a float holds exactly); got {self.low}..{self.high}. Rating scales "
                "are small: check the bounds, or pass integer=False for a continuous scale."
            )
        if self.labels is not None:
            for value, _ in self.labels:
                if not self.low <= value <= self.high:
                    raise InvalidParameterError(
                        f"labels must be keyed by values on the scale {self.low}..{self.high}; "
                        f"got {value}."
                    )

    @property
    def midpoint(self) -> float:
        """The middle of the scale, ``(low + high) / 2``.

        Examples
        --------
        >>> Scale(0, 10).midpoint
        5.0
        """
        # Halve first: low + high overflows for bounds near the float maximum.
        return float(self.low) / 2.0 + float(self.high) / 2.0

    @property
    def points(self) -> int | None:
        """The number of answer options on an integer scale (None otherwise).

        Examples
        --------
        >>> Scale(0, 10).points, Scale(0, 1, integer=False).points
        (11, None)
        """
        return int(self.high - self.low) + 1 if self.integer else None

    def contains(self, values: object) -> npt.NDArray[np.bool_]:
        """Return, for each value, whether it is a valid answer on this scale.

        Missing values (NaN) are not valid answers.

        Examples
        --------
        >>> Scale(1, 5).contains([1, 2.5, None]).tolist()
        [True, False, False]
        >>> Scale(1, 5, integer=False).contains([2.5]).tolist()
        [True]
        """
        x = v.to_float_array(values, "values")
        ok = (x >= self.low) & (x <= self.high)
        if self.integer:
            ok &= np.floor(x) == x
        return ok

    def validate(self, values: npt.NDArray[np.float64], name: str, what: str = "") -> None:
        """Raise :class:`~expectations.errors.InvalidScoreError` on values off the scale.

        ``values`` must already be a float array without NaN; ``name`` and
        ``what`` (for example ``"for CSAT"``) go into the message.

        Examples
        --------
        >>> Scale(1, 5).validate(np.array([1.0, 6.0]), "scores", "for CSAT")
        Traceback (most recent call last):
        ...
        expectations.errors.InvalidScoreError: scores must be integers in 1..5 for CSAT; ...
        """
        if self.integer:
            v.check_integer_scale(values, name, self.low, self.high, what)
        else:
            v.check_range(values, name, self.low, self.high, what)

    def label(self, value: float) -> str | None:
        """Return the label of a scale point, or None if it has none.

        Examples
        --------
        >>> Scale(1, 5, labels={1: "Very poor", 5: "Excellent"}).label(5)
        'Excellent'
        """
        for point, text in self.labels or ():
            if point == value:
                return text
        return None

    def to_dict(self) -> dict[str, Any]:
        """Return a plain dict that :meth:`from_dict` turns back into this scale.

        Examples
        --------
        >>> Scale(1, 5, labels={5: "Excellent"}).to_dict()
        {'low': 1, 'high': 5, 'integer': True, 'labels': {5.0: 'Excellent'}}
        """
        return {
            "low": self.low,
            "high": self.high,
            "integer": self.integer,
            "labels": None if self.labels is None else dict(self.labels),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scale:
        """Build a scale from the dict :meth:`to_dict` returns.

        Examples
        --------
        >>> Scale.from_dict({"low": 0, "high": 10}) == Scale(0, 10)
        True
        """
        d = check_keys(data, ("low", "high"), ("integer", "labels"), "Scale")
        return cls(d["low"], d["high"], integer=d.get("integer", True), labels=d.get("labels"))

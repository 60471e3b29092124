"""A promise with a measurable target, and whether outcomes keep it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Literal

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v
from expectations.errors import InvalidScoreError
from expectations.models import _checks, _frames
from expectations.models.touchpoint import Touchpoint

__all__ = ["Commitment", "Direction"]

Direction = Literal["at_most", "at_least"]
_DIRECTIONS: tuple[Direction, ...] = ("at_most", "at_least")


def _target(value: float) -> float:
    return _checks.to_float(value, "target")


def _direction(instance: Commitment, attribute: attrs.Attribute[Any], value: object) -> None:
    v.check_option(value, "direction", _DIRECTIONS)


def _touchpoint(value: str | Touchpoint | None) -> str | None:
    # Keep only the name, so a commitment stays one flat row in a table.
    return value.name if isinstance(value, Touchpoint) else value


@attrs.frozen(kw_only=True)
class Commitment:
    """A promise to customers with a measurable target.

    Parameters
    ----------
    name : str
        What is promised, for example ``"two-day delivery"``.
    metric : str
        The outcome measured, for example ``"delivery_days"``.
    target : float
        The promised level of the metric.
    unit : str
        The metric's unit, for example ``"days"`` or ``"seconds"``.
    direction : {"at_most", "at_least"}, default "at_most"
        ``"at_most"``: an outcome keeps the promise when ``value <= target``
        (delivery time); ``"at_least"``: when ``value >= target`` (uptime).
    touchpoint : str or Touchpoint, optional
        The touchpoint the promise belongs to; a :class:`Touchpoint` is stored
        by its name.
    explicit : bool, default True
        True for an advertised promise, False for one implied by price,
        appearance or habit.

    Raises
    ------
    InvalidParameterError
        If an argument has the wrong type or value.

    Examples
    --------
    >>> c = Commitment(name="two-day delivery", metric="delivery_days", target=2, unit="days")
    >>> c.keeps(1.5), c.keeps(3)
    (True, False)
    >>> c.kept([1, 2, 3]).tolist()
    [True, True, False]
    >>> c.breach([1, 2, 3.5]).tolist()
    [0.0, 0.0, 1.5]
    """

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "name", "metric", "target", "unit", "direction", "touchpoint", "explicit",
    )

    name: str = attrs.field(validator=_checks.non_empty_text)
    metric: str = attrs.field(validator=_checks.non_empty_text)
    target: float = attrs.field(converter=_target)
    unit: str = attrs.field(validator=_checks.non_empty_text)
    direction: Direction = attrs.field(default="at_most", validator=_direction)
    touchpoint: str | None = attrs.field(default=None, converter=_touchpoint,
                                         validator=_checks.optional_text)
    explicit: bool = attrs.field(default=True, validator=_checks.strict_bool)

    def keeps(self, value: float) -> bool:
        """Whether one outcome keeps the promise.

        Raises
        ------
        InvalidScoreError
            If ``value`` is not a number or is NaN.

        Examples
        --------
        >>> Commitment(name="uptime", metric="uptime_pct", target=99.9, unit="%",
        ...            direction="at_least").keeps(99.95)
        True
        """
        if not _checks.is_number(value) or np.isnan(value):
            raise InvalidScoreError(f"value must be a number (not NaN); got {value!r}.")
        return bool(value <= self.target if self.direction == "at_most" else value >= self.target)

    def kept(self, values: object) -> npt.NDArray[np.bool_]:
        """Whether each outcome keeps the promise (the target itself keeps it).

        Parameters
        ----------
        values : array-like of float
            Observed outcomes of :attr:`metric`, in :attr:`unit`.

        Returns
        -------
        numpy.ndarray of bool

        Raises
        ------
        InvalidScoreError
            If a value is missing (NaN) or not a number.

        Examples
        --------
        >>> c = Commitment(name="fast answer", metric="wait_s", target=30, unit="seconds")
        >>> c.kept([10, 30, 31]).tolist()
        [True, True, False]
        """
        x = self._outcomes(values)
        return x <= self.target if self.direction == "at_most" else x >= self.target

    def breach(self, values: object) -> npt.NDArray[np.float64]:
        """How far past the target each outcome is, in :attr:`unit` (0 when kept).

        Examples
        --------
        >>> c = Commitment(name="uptime", metric="uptime_pct", target=99.0, unit="%",
        ...                direction="at_least")
        >>> c.breach([99.5, 98.0]).tolist()
        [0.0, 1.0]
        """
        x = self._outcomes(values)
        past = x - self.target if self.direction == "at_most" else self.target - x
        return np.maximum(past, 0.0)

    def _outcomes(self, values: object) -> npt.NDArray[np.float64]:
        x = v.to_float_array(values, "values")
        v.handle_missing(x, "values", "raise")
        return x

    def to_dict(self) -> dict[str, Any]:
        """Return a plain dict that :meth:`from_dict` turns back into this commitment.

        Examples
        --------
        >>> c = Commitment(name="two-day delivery", metric="delivery_days", target=2, unit="days")
        >>> Commitment.from_dict(c.to_dict()) == c
        True
        """
        return {name: getattr(self, name) for name in self.COLUMNS}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Commitment:
        """Build a commitment from the dict :meth:`to_dict` returns.

        Examples
        --------
        >>> Commitment.from_dict({"name": "n", "metric": "m", "target": 1, "unit": "u"}).direction
        'at_most'
        """
        d = _checks.check_keys(data, ("name", "metric", "target", "unit"),
                               ("direction", "touchpoint", "explicit"), "Commitment")
        return cls(**d)

    @classmethod
    def to_frame(cls, items: Iterable[Commitment]) -> pd.DataFrame:
        """One flat row per commitment, with the columns :attr:`COLUMNS`.

        ``name``, ``metric``, ``unit``, ``direction`` and ``touchpoint`` are
        text (``touchpoint`` missing when unset), ``target`` is a float and
        ``explicit`` a bool, so the frame goes to CSV or Parquet as it is and
        :meth:`from_frame` reads it back exactly. On pandas < 3, pass
        ``float_precision="round_trip"`` to ``pd.read_csv`` unless reading with
        ``dtype=str``, for the floats to come back exact.

        Examples
        --------
        >>> c = Commitment(name="two-day delivery", metric="delivery_days", target=2, unit="days")
        >>> Commitment.to_frame([c])[["metric", "target", "direction", "explicit"]]
                  metric  target direction  explicit
        0  delivery_days     2.0   at_most      True
        """
        rows = _checks.tuple_of(items, Commitment, "items")
        return _frames.frame(
            {name: [getattr(c, name) for c in rows] for name in cls.COLUMNS},
            {"name": "str", "metric": "str", "target": "float64", "unit": "str",
             "direction": "str", "touchpoint": "str", "explicit": "bool"},
        )

    @classmethod
    def from_frame(cls, df: pd.DataFrame) -> tuple[Commitment, ...]:
        """Build commitments from a frame shaped like :meth:`to_frame`'s.

        ``direction`` (default ``"at_most"``), ``touchpoint`` and ``explicit``
        (default True) are optional columns; an empty cell takes the default.
        ``target`` and ``explicit`` may be given as text (a CSV read with
        ``dtype=str``).

        Raises
        ------
        SchemaError
            If ``name``, ``metric``, ``target`` or ``unit`` is missing.
        InvalidParameterError
            If a row holds an unusable value; the message names the row.

        Examples
        --------
        >>> df = pd.DataFrame({"name": ["n"], "metric": ["m"], "target": [2], "unit": ["days"]})
        >>> Commitment.from_frame(df)[0].target
        2.0
        """
        required = ("name", "metric", "target", "unit")
        c = _frames.read(df, required, ("direction", "touchpoint", "explicit"))

        def build(i: int) -> Commitment:
            explicit = c["explicit"][i]
            return cls(
                name=_frames.as_text(c["name"][i], "name"),
                metric=_frames.as_text(c["metric"][i], "metric"),
                target=_frames.as_float(c["target"][i]),
                unit=_frames.as_text(c["unit"][i], "unit"),
                direction="at_most" if c["direction"][i] is None else c["direction"][i],
                touchpoint=_frames.as_text(c["touchpoint"][i], "touchpoint"),
                explicit=True if explicit is None else _frames.as_bool(explicit),
            )

        return _frames.rows(df, build)

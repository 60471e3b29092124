"""What a customer expects of one dimension: the zone of tolerance."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations import _validation as v
from expectations.errors import InvalidParameterError, InvalidScoreError
from expectations.models import _checks, _frames
from expectations.models.scale import Scale

__all__ = [
    "LEVELS",
    "Expectation",
    "expectations_from_cell",
    "scale_from_cells",
    "to_expectations",
]

LEVELS = ("dissatisfied", "satisfied", "delighted")
"""The three experiences, in order: below, within and above the zone of tolerance."""


def _adequate(value: float) -> float:
    return _checks.to_float(value, "adequate")


def _desired(value: float) -> float:
    return _checks.to_float(value, "desired")


def _importance(value: float | None) -> float | None:
    return None if value is None else _checks.to_float(value, "importance", minimum=0)


def _scale(instance: Expectation, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Scale):
        raise _checks.param_error("scale", "a Scale, such as Scale(1, 7)", value)


def _levels(instance: Expectation, attribute: attrs.Attribute[Any], value: Scale) -> None:
    # Validators run after every field is set, so both levels are available here.
    scale = value
    for name in ("adequate", "desired"):
        level = getattr(instance, name)
        if not scale.low <= level <= scale.high:
            raise InvalidScoreError(
                f"{name} must be within the scale {scale.low}..{scale.high}; got {level!r}. "
                "Express both levels on the expectation's scale."
            )
    if instance.desired < instance.adequate:
        raise _checks.param_error(
            "desired", f"at least adequate ({instance.adequate!r})", instance.desired,
            "A desired level below the adequate one is an inverted zone; swap or drop it.",
        )


@attrs.frozen(kw_only=True)
class Expectation:
    """The zone of tolerance for one service dimension.

    A customer holds two expectations of each dimension (Zeithaml, Berry &
    Parasuraman 1993): the *adequate* level, the minimum they will accept, and
    the *desired* level, what they hope for. Between the two lies the zone of
    tolerance.

    Parameters
    ----------
    dimension : str
        What is expected, for example ``"reliability"`` or ``"delivery speed"``.
    adequate : float
        The minimum acceptable level, on ``scale``.
    desired : float
        The hoped-for level, on ``scale``; at least ``adequate``.
    scale : Scale
        The scale both levels are expressed on. Levels need only lie within its
        range, not on its whole points: zones are often set from mean answers.
    importance : float, optional
        A non-negative weight for the dimension (for example points out of 100).

    Raises
    ------
    InvalidParameterError
        If an argument has the wrong type, or ``desired < adequate``.
    InvalidScoreError
        If ``adequate`` or ``desired`` lies outside the scale.

    References
    ----------
    Zeithaml, V. A., Berry, L. L. & Parasuraman, A. (1993). The nature and
    determinants of customer expectations of service. *Journal of the Academy of
    Marketing Science*, 21(1), 1-12.

    Examples
    --------
    >>> e = Expectation(dimension="reliability", adequate=5, desired=6.5, scale=Scale(1, 7))
    >>> e.zone_width
    1.5
    >>> e.level([4, 5, 6.5, 7]).tolist()
    ['dissatisfied', 'satisfied', 'satisfied', 'delighted']
    >>> Expectation(dimension="reliability", adequate=6, desired=5, scale=Scale(1, 7))
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: desired must be at least adequate (6.0); got 5.0. ...
    """

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "dimension", "adequate", "desired", "importance",
        "scale_low", "scale_high", "scale_integer", "scale_labels",
    )

    dimension: str = attrs.field(validator=_checks.non_empty_text)
    adequate: float = attrs.field(converter=_adequate)
    desired: float = attrs.field(converter=_desired)
    scale: Scale = attrs.field(validator=[_scale, _levels])
    importance: float | None = attrs.field(default=None, converter=_importance)

    @property
    def zone_width(self) -> float:
        """The width of the zone of tolerance, ``desired - adequate``."""
        return self.desired - self.adequate

    def level(self, perceived: object) -> npt.NDArray[np.str_]:
        """Classify perceived performance against the zone of tolerance.

        Parameters
        ----------
        perceived : array-like of float
            Perceived performance on the expectation's scale (answers or means).

        Returns
        -------
        numpy.ndarray of str
            ``"dissatisfied"`` below ``adequate``, ``"satisfied"`` from
            ``adequate`` to ``desired`` inclusive, ``"delighted"`` above ``desired``.

        Raises
        ------
        InvalidScoreError
            If a value is missing, not a number, or outside the scale.

        Examples
        --------
        >>> e = Expectation(dimension="speed", adequate=3, desired=4, scale=Scale(1, 5))
        >>> e.level([2.9, 3, 4, 4.1]).tolist()
        ['dissatisfied', 'satisfied', 'satisfied', 'delighted']
        """
        values = v.to_float_array(perceived, "perceived")
        v.handle_missing(values, "perceived", "raise")
        v.check_range(values, "perceived", self.scale.low, self.scale.high,
                      "(the expectation's scale)")
        codes = (values >= self.adequate).astype(np.intp) + (values > self.desired)
        return np.asarray(LEVELS)[codes]

    def to_dict(self) -> dict[str, Any]:
        """Return a plain dict that :meth:`from_dict` turns back into this expectation.

        Examples
        --------
        >>> e = Expectation(dimension="speed", adequate=3, desired=4, scale=Scale(1, 5))
        >>> Expectation.from_dict(e.to_dict()) == e
        True
        """
        return {
            "dimension": self.dimension,
            "adequate": self.adequate,
            "desired": self.desired,
            "scale": self.scale.to_dict(),
            "importance": self.importance,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Expectation:
        """Build an expectation from the dict :meth:`to_dict` returns.

        ``scale`` may be a :class:`Scale` or its dict form.

        Examples
        --------
        >>> Expectation.from_dict({"dimension": "speed", "adequate": 3, "desired": 4,
        ...                        "scale": {"low": 1, "high": 5}}).zone_width
        1.0
        """
        d = _checks.check_keys(data, ("dimension", "adequate", "desired", "scale"),
                               ("importance",), "Expectation")
        scale = d["scale"]
        return cls(
            dimension=d["dimension"],
            adequate=d["adequate"],
            desired=d["desired"],
            scale=Scale.from_dict(scale) if isinstance(scale, Mapping) else scale,
            importance=d.get("importance"),
        )

    @classmethod
    def to_frame(cls, items: Iterable[Expectation]) -> pd.DataFrame:
        """One flat row per expectation, with the scale spread over ``scale_*`` columns.

        The columns are :attr:`COLUMNS`: ``dimension`` (text), ``adequate``,
        ``desired`` and ``importance`` (float, NaN when unset), ``scale_low``
        and ``scale_high`` (float), ``scale_integer`` (bool) and
        ``scale_labels``, the scale's labels as JSON text such as
        ``{"1.0":"Poor","5.0":"Excellent"}`` (missing when the scale has none).
        Every cell is a plain number, bool or text, so the frame goes to CSV
        or Parquet as it is and :meth:`from_frame` reads it back exactly. On
        pandas < 3, pass ``float_precision="round_trip"`` to ``pd.read_csv``
        unless reading with ``dtype=str``, for the floats to come back exact.

        Examples
        --------
        >>> e = Expectation(dimension="speed", adequate=3, desired=4,
        ...                 scale=Scale(1, 5, labels={5: "Excellent"}))
        >>> Expectation.to_frame([e]).iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
        {'dimension': 'speed', 'adequate': 3.0, 'desired': 4.0, 'importance': nan,
         'scale_low': 1.0, 'scale_high': 5.0, 'scale_integer': True,
         'scale_labels': '{"5.0":"Excellent"}'}
        """
        rows = _checks.tuple_of(items, Expectation, "items")
        return _frames.frame({
            "dimension": [e.dimension for e in rows],
            "adequate": [e.adequate for e in rows],
            "desired": [e.desired for e in rows],
            "importance": [e.importance for e in rows],
            "scale_low": [float(e.scale.low) for e in rows],
            "scale_high": [float(e.scale.high) for e in rows],
            "scale_integer": [e.scale.integer for e in rows],
            "scale_labels": _frames.as_json(
                [None if e.scale.labels is None else dict(e.scale.labels) for e in rows]),
        }, {"dimension": "str", "adequate": "float64", "desired": "float64",
            "importance": "float64", "scale_low": "float64", "scale_high": "float64",
            "scale_integer": "bool", "scale_labels": "str"})

    @classmethod
    def from_frame(cls, df: pd.DataFrame) -> tuple[Expectation, ...]:
        """Build expectations from a frame shaped like :meth:`to_frame`'s.

        ``importance``, ``scale_integer`` (default True) and ``scale_labels``
        are optional. Numbers and booleans may be given as text (a CSV read
        with ``dtype=str``); the bounds of an integer scale come back as ints.
        ``scale_labels`` may be JSON text, a mapping or ``(value, label)`` pairs.

        Raises
        ------
        SchemaError
            If a required column is missing.
        InvalidParameterError
            If a row holds an unusable value; the message names the row.

        Examples
        --------
        >>> df = pd.DataFrame({"dimension": ["speed"], "adequate": [3], "desired": [4],
        ...                    "scale_low": [1.0], "scale_high": [5.0]})
        >>> Expectation.from_frame(df)[0].scale
        Scale(low=1, high=5, integer=True, labels=None)
        """
        c = _frames.read(df, ("dimension", "adequate", "desired", "scale_low", "scale_high"),
                         ("importance", "scale_integer", "scale_labels"))

        def build(i: int) -> Expectation:
            return cls(
                dimension=_frames.as_text(c["dimension"][i], "dimension"),
                adequate=_frames.as_float(c["adequate"][i]),
                desired=_frames.as_float(c["desired"][i]),
                importance=_frames.as_float(c["importance"][i]),
                scale=scale_from_cells(c["scale_low"][i], c["scale_high"][i],
                                       c["scale_integer"][i], c["scale_labels"][i]),
            )

        return _frames.rows(df, build)


def scale_from_cells(low: Any, high: Any, integer: Any, labels: Any) -> Scale:
    """Build a :class:`Scale` from the ``scale_*`` cells of one row.

    Examples
    --------
    >>> scale_from_cells("1", 5.0, "True", '{"5.0": "Top"}')
    Scale(low=1, high=5, integer=True, labels=((5.0, 'Top'),))
    """
    integer = True if integer is None else _frames.as_bool(integer)
    low, high = _frames.as_float(low), _frames.as_float(high)
    if integer is True:
        low, high = _frames.whole(low), _frames.whole(high)
    return Scale(low, high, integer=integer, labels=_frames.from_json(labels, "scale_labels"))


def to_expectations(value: Iterable[Expectation]) -> tuple[Expectation, ...]:
    """Convert an ``expectations`` argument to a tuple of :class:`Expectation`.

    Examples
    --------
    >>> to_expectations([])
    ()
    """
    items = _checks.tuple_of(value, Expectation, "expectations")
    seen: set[str] = set()
    for position, expectation in enumerate(items):
        # One zone of tolerance per dimension: two would make every lookup by
        # dimension (gaps, pain points) ambiguous.
        if expectation.dimension in seen:
            raise InvalidParameterError(
                f"expectations must have unique dimensions; {expectation.dimension!r} is "
                f"repeated (at position {position}). Merge the duplicates."
            )
        seen.add(expectation.dimension)
    return items


def expectations_from_cell(value: Any, name: str = "expectations") -> list[Expectation]:
    """Read expectations from JSON text, or a sequence of Expectation or their dicts.

    Examples
    --------
    >>> expectations_from_cell('[{"dimension": "speed", "adequate": 3, "desired": 4, '
    ...                        '"scale": {"low": 1, "high": 5}}]')[0].zone_width
    1.0
    >>> expectations_from_cell(None)
    []
    """
    items = _frames.from_json(value, name)
    if items is None:
        return []
    if not _checks.is_collection(items):
        raise _checks.param_error(name, "a list of expectations (JSON text)", value)
    return [e if isinstance(e, Expectation) else Expectation.from_dict(e) for e in items]

"""Colours and number formats shared by the charts.

The palette is Okabe & Ito's (2008), readable with the common forms of colour
blindness; the same colour means the same thing on every chart.
"""

from __future__ import annotations

import math

__all__ = ["BAD", "GOOD", "HIGHLIGHT", "MUTED", "NEUTRAL", "ZONE", "signed"]

BAD = "#D55E00"  # vermillion: detractors, dissatisfied, below the zone
NEUTRAL = "#BBBBBB"  # grey: passives, no difference
GOOD = "#009E73"  # bluish green: promoters, delighted
HIGHLIGHT = "#0072B2"  # blue: the estimate itself
ZONE = "#56B4E9"  # sky blue: the zone of tolerance, interval bands
MUTED = "#555555"  # dark grey: reference lines and annotations


def signed(value: float, digits: int = 0) -> str:
    """Format a score with its sign (``+12``, ``-3``), or "n/a" when missing.

    Examples
    --------
    >>> signed(12.4), signed(-3.0), signed(float("nan"))
    ('+12', '-3', 'n/a')
    """
    if not math.isfinite(value):
        return "n/a"
    if round(value, digits) == 0:
        return f"{0:.{digits}f}"
    return f"{value:+.{digits}f}"

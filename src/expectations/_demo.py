"""The ``expectations demo`` summary of the bundled demo data.

Presentation only: every number comes from the public scoring functions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from expectations.datasets import load_retail
from expectations.results import Interval
from expectations.scoring import ces, csat, nps
from expectations.scoring.proportions import proportion_interval

__all__ = ["summary"]


def _ci(interval: Interval | None, digits: int = 1) -> str:
    if interval is None:
        return ""
    return f"[{interval.low:.{digits}f}, {interval.high:.{digits}f}]"


def _table(frame: pd.DataFrame, label: str) -> list[str]:
    """Render a ``by=`` score frame as aligned text rows."""
    lines = [f"  {label:<22} {'score':>7}  {'95% CI':<16} {'n':>6}"]
    for key, row in frame.iterrows():
        interval = f"[{row['ci_low']:.1f}, {row['ci_high']:.1f}]"
        lines.append(f"  {key!s:<22} {row['score']:>7.1f}  {interval:<16} {int(row['n']):>6}")
    return lines


def summary() -> str:
    """Return a readable, plain-text summary of the demo data's key scores.

    Returns
    -------
    str
        The text, ending with a newline.

    Examples
    --------
    >>> text = summary()
    >>> text.splitlines()[0]
    'customer-expectations demo: Northwind Home, a fictional online retailer'
    """
    data = load_retail()
    responses = data.responses
    overall = nps(responses["nps"], missing="drop")
    out = [
        "customer-expectations demo: Northwind Home, a fictional online retailer",
        "",
        (f"{len(data.customers):,} customers, {len(responses):,} survey responses "
        f"from {responses['date'].min():%Y-%m-%d} to {responses['date'].max():%Y-%m-%d}."),
        "",
        "Net Promoter Score (points, -100..100; adjusted-Wald 95% interval)",
        (f"  overall {overall.score:.1f} {_ci(overall.interval)} "
        f"n={overall.n:,} (no answer: {overall.n_dropped:,}, not scored)"),
    ]
    by_segment = nps(responses["nps"], by=responses["segment"], missing="drop")
    out += _table(by_segment, "segment")
    out += ["", "CSAT (% answering 4-5 of 5; Wilson 95% interval) by touchpoint"]
    out += _table(csat(responses["csat"], by=responses["touchpoint"], missing="drop"),
                  "touchpoint")
    effort = ces(responses["ces"], missing="drop")
    out += [
        "",
        "Customer Effort Score (% agreeing 5-7 of 7 that it was easy)",
        (f"  overall {effort.score:.1f} {_ci(effort.interval)} mean {effort.mean:.2f} "
        f"n={effort.n:,}"),
        "",
        "Commitments: share of outcomes that kept the promise (Wilson 95% interval)",
    ]
    outcomes = data.outcomes
    for commitment in data.commitments:
        values = outcomes.loc[outcomes["commitment"] == commitment.name, "value"]
        kept = commitment.kept(values.to_numpy(dtype=np.float64))
        low, high = proportion_interval([kept.sum()], [kept.size])
        kind = "advertised" if commitment.explicit else "implied"
        out.append(
            f"  {commitment.name:<34} {100 * kept.mean():5.1f}% "
            f"[{100 * float(low[0]):.1f}, {100 * float(high[0]):.1f}] "
            f"n={kept.size:,} ({kind})"
        )
    out += ["", "Run `expectations --help` for the commands."]
    return "\n".join(out) + "\n"

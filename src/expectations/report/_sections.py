"""One builder per report section; every number comes from a public function.

Each builder takes tables whose columns already carry the report's role names
(see :mod:`expectations.report._inputs`) and returns a
:class:`~expectations.report._model.Section`. Missing answers are dropped and
counted, never scored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from expectations.errors import InvalidParameterError
from expectations.models import Commitment
from expectations.report._model import Cell, Column, ColumnType, Section, Table
from expectations.results import Interval

__all__ = [
    "as_commitments",
    "commitment_row",
    "commitments_section",
    "commitments_section_from",
    "customers_section",
    "drivers_sections",
    "kano_section",
    "score_section",
    "score_section_from",
    "segments_section",
    "segments_section_from",
    "servqual_section",
    "themes_section",
    "tolerance_section",
    "trend_section",
    "trend_section_from",
]

Spec = Sequence[tuple[str, ColumnType, int]]

_CI: Spec = (("ci_low", "number", 1), ("ci_high", "number", 1))


def _frame_table(name: str, frame: pd.DataFrame, spec: Spec, *,
                 index: str | None = None) -> Table:
    """Turn selected columns of a result frame into a :class:`Table`."""
    columns = [Column(name=c, type=t, digits=d) for c, t, d in spec]
    data = [frame[c].to_numpy(dtype=object) for c, _, _ in spec]
    if index is not None:
        columns.insert(0, Column(name=index, type="string"))
        data.insert(0, np.asarray([str(k) for k in frame.index], dtype=object))
    rows: list[tuple[Cell, ...]] = list(zip(*data, strict=True)) if data else []
    return Table(name=name, columns=tuple(columns), rows=tuple(rows))


def _interval_words(interval: Interval | None) -> str:
    if interval is None:
        return "no interval"
    return f"{interval.method} {interval.confidence:.0%} interval"


def _present_keys(values: pd.Series, keys: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Rows whose grouping key is known (a missing segment is not a segment).

    The rows left out are counted by the section: see :func:`_without_key`.
    """
    keep = keys.notna().to_numpy()
    groups = keys[keep]
    if isinstance(groups.dtype, pd.CategoricalDtype):
        groups = groups.cat.remove_unused_categories()
    return values[keep], groups


_SCORE_DEFS: dict[str, tuple[str, str]] = {
    "nps": ("Net Promoter Score",
            "NPS = % promoters (9-10) minus % detractors (0-6) of 0-10 answers, in points"),
    "csat": ("Customer satisfaction (CSAT)",
             "CSAT = % answering 4 or 5 on a 1-5 scale (top-2 box)"),
    "ces": ("Customer effort (CES)",
            "CES = % agreeing 5-7 on a 1-7 scale that it was easy (top-3 box)"),
}


def score_section(metric: str, responses: pd.DataFrame, *, confidence: float) -> Section:
    """NPS, CSAT or CES overall and by segment and touchpoint, with intervals."""
    from expectations.scoring import ces, csat, nps

    funcs: dict[str, Callable[..., Any]] = {"nps": nps, "csat": csat, "ces": ces}
    func = funcs[metric]
    answered = responses[metric].notna().to_numpy()
    values = responses[metric]
    overall = func(values, missing="drop", confidence=confidence)
    by: dict[str, pd.DataFrame] = {}
    for key in ("segment", "touchpoint"):
        if key in responses.columns:
            # Only answered rows form groups: a touchpoint where the question was never
            # asked is not a group with no answers.
            kept, groups = _present_keys(values[answered], responses[key][answered])
            by[key] = func(kept, by=groups.rename(key), missing="drop", confidence=confidence)
    return score_section_from(metric, overall, by)


def score_section_from(metric: str, overall: Any, by: Mapping[str, pd.DataFrame]) -> Section:
    """Build the score section from the overall result and the ``by=`` frames per key."""
    extra: Spec
    if metric == "nps":
        extra = (("promoter_share", "number", 1), ("detractor_share", "number", 1))
    else:
        extra = (("mean", "number", 2),)
    spec: Spec = (("score", "number", 1), *_CI, ("n", "integer", 0), *extra)
    tables = [_frame_table("overall", overall.to_frame(), spec)]
    tables.extend(_frame_table(f"by_{key}", frame, spec, index=key) for key, frame in by.items())
    notes = []
    if overall.n_dropped:
        notes.append(f"{overall.n_dropped:,} responses without an answer were left out.")
    for key, frame in by.items():
        # Answered rows without a key are in the overall score, not in the key's table.
        without = int(overall.n) - int(frame["n"].sum()) if len(frame) else int(overall.n)
        if without:
            notes.append(f"{without:,} answered responses without a {key} are left out of "
                         f"the by-{key} table.")
    title, definition = _SCORE_DEFS[metric]
    return Section(key=metric, title=title, n=overall.n, n_dropped=overall.n_dropped,
                   method=f"{definition}; {_interval_words(overall.interval)}",
                   tables=tuple(tables), notes=tuple(notes))


def segments_section(responses: pd.DataFrame, *, confidence: float) -> Section:
    """Each segment's NPS against everyone else's, with Holm-adjusted p-values."""
    from expectations.segmentation import compare_segments

    values, groups = _present_keys(responses["nps"], responses["segment"])
    frame = compare_segments(values, groups, metric="nps", correction="holm",
                             confidence=confidence, missing="drop")
    return segments_section_from(frame, confidence=confidence, rows=len(responses))


def _left_out(rows: int | None, n: int, what: str) -> tuple[int, tuple[str, ...]]:
    """Rows given to a section but not counted in ``n``, and the note that says so."""
    if rows is None or rows <= n:
        return 0, ()
    return rows - n, (f"{rows - n:,} responses without {what} were left out.",)


def segments_section_from(frame: pd.DataFrame, *, confidence: float,
                          rows: int | None = None) -> Section:
    """Build the segment comparison section from :func:`compare_segments`' table.

    ``rows`` is the number of responses the section was given; those without
    an answer or a segment are its ``n_dropped``, so that ``n + n_dropped``
    equals ``rows``.
    """
    spec: Spec = (("score", "number", 1), *_CI, ("n", "integer", 0),
                  ("rest_score", "number", 1), ("difference", "number", 1),
                  ("p_value", "number", 4), ("p_adjusted", "number", 4),
                  ("significant", "boolean", 0))
    n = int(frame["n"].sum())
    dropped, notes = _left_out(rows, n, "an NPS answer or a segment")
    return Section(
        key="segments", title="Segments compared (NPS)", n=n, n_dropped=dropped,
        notes=notes,
        method=("each segment's NPS against all other respondents (z test on the "
                "difference with an Agresti-Caffo-style adjusted Wald standard error: 3/8 "
                "promoter, 3/4 passive, 3/8 detractor added to each side, so small segments "
                "are not flagged on noise); p-values adjusted for multiple comparisons with "
                "Holm's step-down method; significant at adjusted p < "
                f"{1 - confidence:.2g}"),
        tables=(_frame_table("segments", frame, spec, index="segment"),))


def servqual_section(servqual: pd.DataFrame, *, confidence: float) -> Section:
    """SERVQUAL gaps (perception minus expectation) by dimension."""
    from expectations.gaps import servqual as servqual_gaps

    expected = servqual[[f"e{i:02d}" for i in range(1, 23)]]
    perceived = servqual[[f"p{i:02d}" for i in range(1, 23)]]
    result = servqual_gaps(expected, perceived, confidence=confidence, missing="drop")
    gaps = [result.overall, *result.dimensions]
    frame = pd.DataFrame({
        "expected": [g.expected for g in gaps], "perceived": [g.perceived for g in gaps],
        "gap": [g.gap for g in gaps],
        "ci_low": [g.interval.low for g in gaps],
        "ci_high": [g.interval.high for g in gaps],
        "n": [g.n for g in gaps]}, index=[str(g.dimension) for g in gaps])
    spec: Spec = (("expected", "number", 2), ("perceived", "number", 2), ("gap", "number", 2),
                  ("ci_low", "number", 2), ("ci_high", "number", 2), ("n", "integer", 0))
    return Section(
        key="servqual", title="SERVQUAL gaps by dimension", n=result.n,
        n_dropped=result.n_dropped,
        method=("gap = perception minus expectation on the 22 SERVQUAL items (Parasuraman, "
                "Zeithaml & Berry 1988), averaged per dimension; "
                f"{_interval_words(result.overall.interval)}; negative means below "
                "expectations"),
        tables=(_frame_table("by_dimension", frame, spec, index="dimension"),))


_SHARES: Spec = tuple(
    (f"{level}{suffix}", "number", 1)
    for level in ("dissatisfied", "satisfied", "delighted")
    for suffix in ("", "_ci_low", "_ci_high"))


def tolerance_section(tolerance: pd.DataFrame, *, confidence: float) -> Section:
    """Shares dissatisfied, satisfied and delighted against the zone of tolerance."""
    from expectations.gaps import tolerance_zone

    args = (tolerance["perceived"], tolerance["adequate"], tolerance["desired"])
    overall = tolerance_zone(*args, confidence=confidence, missing="drop")
    spec: Spec = (*_SHARES, ("msa", "number", 2), ("mss", "number", 2), ("n", "integer", 0))
    tables = [_frame_table("overall", overall.to_frame(), spec)]
    if "dimension" in tolerance.columns:
        keep = tolerance["dimension"].notna().to_numpy()
        kept = tolerance[keep]
        by = kept["dimension"]
        if isinstance(by.dtype, pd.CategoricalDtype):
            by = by.cat.remove_unused_categories()
        frame = tolerance_zone(kept["perceived"], kept["adequate"], kept["desired"], by=by,
                               confidence=confidence, missing="drop")
        tables.append(_frame_table("by_dimension", frame, spec, index="dimension"))
    notes = [("dissatisfied: perceived below adequate; satisfied: within the zone; "
              "delighted: above desired (% of answers).")]
    if overall.n_dropped:
        notes.append(f"{overall.n_dropped:,} answers with a missing level were left out.")
    if overall.n_inverted:
        notes.append(f"{overall.n_inverted:,} answers had adequate above desired (inverted "
                     "zone) and were left out.")
    # n counts the answers the shares rest on; every other row given is left out, so
    # n + n_dropped is the number of rows given.
    return Section(
        key="tolerance", title="Zone of tolerance: dissatisfied, satisfied, delighted",
        n=overall.n, n_dropped=max(len(tolerance) - overall.n, 0),
        method=("perceived service against the adequate-desired zone of tolerance (Zeithaml, "
                "Berry & Parasuraman 1993); shares with "
                f"{_interval_words(overall.dissatisfied_interval)}s; MSA = perceived minus "
                "adequate, MSS = perceived minus desired"),
        tables=tuple(tables), notes=tuple(notes))


def kano_section(kano_answers: pd.DataFrame) -> Section:
    """Kano categories per feature with Better and Worse coefficients."""
    from expectations.gaps import kano

    frame = kano(kano_answers["functional"], kano_answers["dysfunctional"],
                 feature=kano_answers["feature"], missing="drop")
    spec: Spec = (("category", "string", 0), ("better", "number", 2), ("worse", "number", 2),
                  ("attractive", "integer", 0), ("one_dimensional", "integer", 0),
                  ("must_be", "integer", 0), ("indifferent", "integer", 0),
                  ("reverse", "integer", 0), ("questionable", "integer", 0),
                  ("fong_significant", "boolean", 0), ("n", "integer", 0))
    return Section(
        key="kano", title="Kano categories", n=int(frame["n"].sum()),
        n_dropped=int(frame["n_dropped"].sum()),
        method=("Kano evaluation table (functional x dysfunctional answer); category = the most "
                "frequent (M must-be, O one-dimensional, A attractive, I indifferent, R reverse, "
                "Q questionable); Better = (A+O)/(A+O+M+I), Worse = -(O+M)/(A+O+M+I) "
                "(Berger et al. 1993); Fong's test for the top two categories"),
        tables=(_frame_table("by_feature", frame, spec, index="feature"),))


def as_commitments(commitments: object) -> list[Commitment]:
    if isinstance(commitments, pd.DataFrame):
        records = commitments.to_dict(orient="records")
        return [Commitment(**{str(k): v for k, v in r.items() if not _missing(v)})
                for r in records]
    if not isinstance(commitments, Iterable):
        raise InvalidParameterError(
            f"commitments must be Commitment objects or a DataFrame; got {commitments!r}.")
    return [c for c in commitments if isinstance(c, Commitment)]


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def commitments_section(outcomes: pd.DataFrame, commitments: object, *, confidence: float,
                        reliability: float) -> Section:
    """Share of outcomes that kept each promise, and the promise that can be kept."""
    from expectations.commitments import fulfilment, realistic_target

    rows: list[tuple[Cell, ...]] = []
    names = outcomes["commitment"].astype("string")
    notes = []
    n = n_dropped = 0
    for commitment in as_commitments(commitments):
        values = outcomes.loc[(names == commitment.name).fillna(False).to_numpy(), "value"]
        if values.notna().sum() == 0:
            notes.append(f"no outcomes for {commitment.name!r}.")
            continue
        kept = fulfilment(commitment, values, confidence=confidence, missing="drop")
        target = realistic_target(values, reliability=reliability, confidence=confidence,
                                  current=commitment, missing="drop")
        n += kept.n
        n_dropped += kept.n_dropped
        rows.append(commitment_row(commitment, kept, target))
    return commitments_section_from(rows, n=n, n_dropped=n_dropped, notes=notes,
                                    confidence=confidence, reliability=reliability,
                                    given=len(outcomes))


def commitment_row(commitment: Commitment, kept: Any, target: Any | None) -> tuple[Cell, ...]:
    """One commitment's row: its promise, how often it was kept, the realistic target.

    ``target`` None (not computed) leaves the realistic-target cells empty.
    """
    realistic: tuple[Cell, ...] = (None, None, None) if target is None else (
        target.target, target.interval.low, target.interval.high)
    return (commitment.name, commitment.target, commitment.unit, commitment.explicit,
            kept.kept_rate, kept.interval.low, kept.interval.high, 100.0 - kept.kept_rate,
            kept.broken, kept.n, *realistic)


def commitments_section_from(rows: Sequence[tuple[Cell, ...]], *, n: int, n_dropped: int,
                             notes: Sequence[str], confidence: float, reliability: float,
                             realistic: bool = True, given: int | None = None) -> Section:
    """Build the commitments section from rows of :func:`commitment_row`.

    ``realistic=False`` says in the method that no realistic target was computed.
    ``given`` is the number of outcome rows the section was given: those that
    name no known commitment are counted in ``n_dropped`` too, so that
    ``n + n_dropped`` equals ``given``.
    """
    notes = list(notes)
    if given is not None and given > n + n_dropped:
        unknown = given - n - n_dropped
        notes.append(f"{unknown:,} outcomes name no known commitment (or none) and were "
                     "left out.")
        n_dropped += unknown
    columns = (Column(name="commitment", type="string"), Column(name="target", type="number"),
               Column(name="unit", type="string"), Column(name="explicit", type="boolean"),
               Column(name="kept_rate", type="number", digits=1),
               Column(name="ci_low", type="number", digits=1),
               Column(name="ci_high", type="number", digits=1),
               Column(name="broken_rate", type="number", digits=1),
               Column(name="broken", type="integer"), Column(name="n", type="integer"),
               Column(name="realistic_target", type="number"),
               Column(name="realistic_ci_low", type="number"),
               Column(name="realistic_ci_high", type="number"))
    kept = f"kept rate = % of outcomes meeting the target, Wilson {confidence:.0%} interval"
    target = (f"realistic target = the value met by {reliability:.0%} of outcomes (empirical "
              f"quantile), with a distribution-free order-statistics {confidence:.0%} interval"
              if realistic else "realistic target not computed (it needs every outcome value)")
    return Section(
        key="commitments", title="Commitments kept, and the promise that can be kept", n=n,
        n_dropped=n_dropped, method=f"{kept}; {target}",
        tables=(Table(name="commitments", columns=columns, rows=tuple(rows)),),
        notes=tuple(notes))


def driver_columns(drivers: pd.DataFrame) -> list[str]:
    """Return the driver columns: every column but the outcome and identifiers."""
    return [c for c in drivers.columns
            if c != "outcome" and not (str(c) == "id" or str(c).endswith("_id"))]


def drivers_sections(drivers: pd.DataFrame, *, confidence: float) -> list[Section]:
    """Relative-weight drivers and the importance-performance priorities they imply."""
    from expectations.measurement import relative_weights

    names = driver_columns(drivers)
    data = drivers[["outcome", *names]].astype("Float64").astype(np.float64)
    weights = relative_weights(data, "outcome", names, missing="drop")
    # The priorities rest on the same respondents as the weights (those who gave the
    # outcome and every driver), so one n holds for the whole section.
    complete = data.notna().all(axis=1).to_numpy()
    frame = pd.DataFrame({"raw_weight": weights.raw_weights,
                          "rescaled_weight": weights.rescaled_weights},
                         index=list(weights.drivers))
    frame["rank"] = frame["rescaled_weight"].rank(ascending=False, method="min").astype(int)
    spec: Spec = (("rescaled_weight", "number", 1), ("raw_weight", "number", 3),
                  ("rank", "integer", 0))
    drivers_section = Section(
        key="drivers", title="What drives the overall rating", n=weights.n,
        n_dropped=weights.n_dropped,
        method=("relative weights (Johnson 2000): each driver's share of the explained variance "
                f"R\u00b2 = {weights.r_squared:.3f}; rescaled weights are % of R\u00b2"),
        tables=(_frame_table("drivers", frame, spec, index="driver"),))
    importance = pd.Series(weights.rescaled_weights, index=list(weights.drivers))
    return [drivers_section, _priorities_section(
        importance, data.loc[complete, list(weights.drivers)], n=weights.n,
        n_dropped=weights.n_dropped, confidence=confidence)]


def _priorities_section(importance: pd.Series, ratings: pd.DataFrame, *, n: int,
                        n_dropped: int, confidence: float) -> Section:
    """Importance-performance quadrants, naming a quadrant only where it is settled."""
    from expectations.gaps import importance_performance
    from expectations.gaps.importance import SETTLED

    # A fixed seed: the same data gives the same report.
    grid = importance_performance(importance, ratings, missing="drop", confidence=confidence,
                                  rng=0)
    ipa = grid.to_frame()
    unsettled = ~ipa["settled"].fillna(False).to_numpy(dtype=bool)
    ipa["quadrant"] = ipa["quadrant"].where(~unsettled, "not distinguishable")
    ipa_spec: Spec = (("importance", "number", 1), ("performance", "number", 2),
                      ("performance_ci_low", "number", 2), ("performance_ci_high", "number", 2),
                      ("quadrant_probability", "number", 2), ("quadrant", "string", 0))
    notes = []
    if unsettled.any():
        notes.append(
            f"{int(unsettled.sum())} of {len(ipa)} attributes are not distinguishable: their "
            f"quadrant holds in fewer than {SETTLED:.0%} of bootstrap resamples of the "
            "respondents, so the data cannot place them.")
    if n_dropped:
        notes.append(f"{n_dropped:,} respondents without the overall rating or a driver's "
                     "rating were left out, as for the drivers.")
    return Section(
        key="priorities", title="Importance-performance priorities", n=n, n_dropped=n_dropped,
        method=("importance-performance analysis (Martilla & James 1977): importance = "
                "relative weight (% of R\u00b2, held fixed), performance = mean rating with a "
                f"t {confidence:.0%} interval; crosshair at the means "
                f"({grid.importance_crosshair:.1f}, {grid.performance_crosshair:.2f}); a "
                f"quadrant is named only when it holds in at least {SETTLED:.0%} of "
                f"{grid.n_resamples} bootstrap resamples of the respondents"),
        tables=(_frame_table("attributes", ipa, ipa_spec, index="attribute"),),
        notes=tuple(notes))


def customers_section(transactions: pd.DataFrame) -> Section:
    """RFM segments of the customers in the transactions."""
    from expectations.segmentation import rfm

    result = rfm(transactions, customer="customer", date="date", amount="amount",
                 missing="drop")
    frame = result.segments
    spec: Spec = tuple((c, "integer" if c == "customers" else "number",
                        0 if c == "customers" else 1) for c in frame.columns)
    return Section(
        key="customers", title="Customers by recency, frequency and value (RFM)",
        n=int(frame["customers"].sum()), n_dropped=int(result.n_dropped),
        method=(f"RFM quintile scores ({result.bins} bins) as of {result.now:%Y-%m-%d}, "
                "mapped to named segments"),
        tables=(_frame_table("segments", frame, spec, index="segment"),))


def themes_section(responses: pd.DataFrame, *, confidence: float) -> Section:
    """Themes in comments and how the NPS of those who mention each differs."""
    from expectations.voice.themes import tag_themes, theme_impact

    comments = responses["comment"].astype("string").fillna("")
    tags = tag_themes(comments, confidence=confidence)
    frame = theme_impact(tags, responses["nps"], metric="nps", confidence=confidence,
                         missing="drop")
    # The shares and scores rest on the comments compared: those with text and an NPS
    # answer. Every other response given is left out, so n + n_dropped = rows given.
    n = int(frame.attrs.get("n", tags.n_comments))
    dropped = max(len(responses) - n, 0)
    spec: Spec = (("mentions", "integer", 0), ("share", "number", 1),
                  ("score_mentioned", "number", 1), ("score_not_mentioned", "number", 1),
                  ("difference", "number", 1), *_CI, ("p_value", "number", 4),
                  ("p_adjusted", "number", 4))
    return Section(
        key="themes", title="Themes in comments and their effect on NPS", n=n,
        n_dropped=dropped,
        method=("comments tagged with the built-in theme lexicon; NPS of respondents who "
                "mention a theme against those who do not, with an Agresti-Caffo-style "
                "adjusted Wald interval on the difference (3/8 promoter, 3/4 passive, 3/8 "
                "detractor added to each side) and its z test; Holm-adjusted p-values"),
        tables=(_frame_table("themes", frame, spec, index="theme"),),
        notes=((f"{n:,} of {len(responses):,} responses have a comment and an NPS answer; the "
                f"other {dropped:,} were left out. share = % of those {n:,} comments."),))


def trend_section(responses: pd.DataFrame, *, confidence: float) -> Section:
    """Monthly NPS with significant changes and control limits flagged."""
    from expectations.kpis import trend

    frame = trend(responses["nps"], responses["date"], metric="nps", freq="M",
                  confidence=confidence, missing="drop")
    return trend_section_from(frame, confidence=confidence, rows=len(responses))


def trend_section_from(frame: pd.DataFrame, *, confidence: float,
                       rows: int | None = None) -> Section:
    """Build the trend section from :func:`~expectations.kpis.trend`'s monthly NPS table.

    ``rows`` is the number of responses given; those without an answer or a
    date are the section's ``n_dropped``.
    """
    spec: Spec = (("score", "number", 1), *_CI, ("n", "integer", 0), ("change", "number", 1),
                  ("p_value", "number", 4), ("significant", "boolean", 0),
                  ("share", "number", 1), ("lower_limit", "number", 1),
                  ("upper_limit", "number", 1), ("out_of_control", "boolean", 0))
    n = int(frame["n"].sum())
    dropped, notes = _left_out(rows, n, "an NPS answer or a date")
    return Section(
        key="trend", title="NPS trend", n=n, n_dropped=dropped, notes=notes,
        method=("NPS per calendar month with adjusted-Wald intervals; a change from the "
                "previous month is significant when its two-sample z test gives p < "
                f"{1 - confidence:.2g}; p-chart control limits (3 sigma) on the promoter "
                "share flag months out of control"),
        tables=(_frame_table("periods", frame, spec, index="period"),))

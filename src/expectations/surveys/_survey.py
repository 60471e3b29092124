"""The :class:`Survey` result: responses, their codebook, and scores by role."""

from __future__ import annotations

import html
import warnings
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from expectations.errors import InvalidParameterError, SchemaError, SmallSampleWarning
from expectations.models import Scale

if TYPE_CHECKING:
    from expectations.report import Report
    from expectations.scoring import NPSResult, TopBoxResult

__all__ = ["Survey"]

# What report() needs of each score column (its fixed scale), and the role behind it.
_REPORT_SCALES: dict[str, tuple[int, int]] = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
_UNWEIGHTED = "Unweighted (weights apply to the score sections)."
# The report's default share of outcomes a realistic promise keeps (no outcomes here).
_RELIABILITY = 0.95


def _check_frames(instance: Survey, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, pd.DataFrame):
        raise InvalidParameterError(
            f"{attribute.name} must be a pandas DataFrame; got {type(value).__name__}.")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Survey:
    """A survey export read into responses and a codebook.

    Build it with :func:`~expectations.read_survey`. The scores
    (:meth:`nps`, :meth:`csat`, :meth:`ces`) find their column by its role
    in the codebook and use the weight column, if there is one;
    :meth:`weight` rakes the respondents to population margins and returns
    a new ``Survey`` with such a column.

    Attributes
    ----------
    responses : DataFrame
        One row per respondent, one column per question: numbers as numbers,
        value-labelled categories as pandas Categoricals of their labels
        (score questions stay numeric even when labelled), dates as
        datetimes, text as text.
    codebook : DataFrame
        Indexed by the responses' column names: ``question`` (the question's
        full text, ``""`` when the export has none), ``role`` (one of
        ``"nps"``, ``"csat"``, ``"ces"``, ``"rating"``, ``"text"``,
        ``"category"``, ``"date"``, ``"id"``, ``"weight"``, ``"other"``),
        ``scale`` (a :class:`~expectations.Scale`, or None) and ``labels``
        (value → label, or None).
    source : str
        Where the survey came from (the file), for messages and reports.
    format : str
        The export format it was read as (``"qualtrics"``, ``"spss"``, ...).

    Examples
    --------
    >>> import expectations as ex
    >>> survey = ex.read_survey(ex.datasets.qualtrics_export_path())
    >>> survey.codebook.loc["Q1", "role"], survey.codebook.loc["Q2", "role"]
    ('nps', 'csat')
    >>> survey.nps().score == ex.nps(survey.responses["Q1"], missing="drop").score
    True
    """

    responses: pd.DataFrame = attrs.field(validator=_check_frames)
    codebook: pd.DataFrame = attrs.field(validator=_check_frames)
    source: str = ""
    format: str = "dataframe"

    # ----------------------------------------------------------- lookups
    def columns(self, role: str) -> list[str]:
        """Return the columns with ``role``, in order.

        Examples
        --------
        >>> import expectations as ex
        >>> ex.read_survey(ex.datasets.qualtrics_export_path()).columns("date")
        ['StartDate', 'EndDate', 'RecordedDate']
        """
        roles = self.codebook["role"]
        return [str(c) for c in roles.index[roles.to_numpy() == role]]

    def column(self, role: str, column: str | None = None) -> str:
        """Return the one column with ``role`` (or ``column``, checked); raise if none or several.

        Examples
        --------
        >>> import expectations as ex
        >>> ex.read_survey(ex.datasets.qualtrics_export_path()).column("nps")
        'Q1'
        """
        if column is not None:
            if column not in self.responses.columns:
                raise SchemaError(
                    f"column {column!r} is not a column of the survey ({self.source}); its "
                    f"{role} columns are {self.columns(role)!r}.")
            return column
        found = self.columns(role)
        if not found:
            raise SchemaError(
                f"the survey ({self.source}) has no column with the role {role!r}. Name one "
                f"with column=, or give a column that role: read_survey(..., "
                f"roles={{'Q7': {role!r}}}).")
        if len(found) > 1:
            raise SchemaError(
                f"the survey ({self.source}) has {len(found)} columns with the role {role!r} "
                f"({', '.join(map(repr, found))}); choose one with column=.")
        return found[0]

    @property
    def weights(self) -> pd.Series | None:
        """The weight column's values (None when the survey has no weight column)."""
        found = self.columns("weight")
        if not found:
            return None
        return self.responses[self.column("weight")]

    @property
    def design_effect(self) -> float | None:
        """Kish's design effect of the weights, ``n·Σw²/(Σw)²`` (None without weights).

        Examples
        --------
        >>> import expectations as ex
        >>> ex.read_survey(ex.datasets.qualtrics_export_path()).design_effect is None
        True
        """
        weights = self.weights
        if weights is None:
            return None
        w = weights.to_numpy(dtype=np.float64, na_value=np.nan)
        w = w[~np.isnan(w)]
        total = float(w.sum())
        if w.size == 0 or total <= 0:
            return None
        return float(w.size * float(np.dot(w, w)) / total**2)

    def _scale(self, column: str) -> Scale | None:
        scale: object = self.codebook.loc[column, "scale"]
        return scale if isinstance(scale, Scale) else None

    def _options(self, options: dict[str, Any], by: object) -> dict[str, Any]:
        out = {"missing": "drop", **options}
        if "weights" not in out:
            out["weights"] = self.weights
        if isinstance(by, str):
            if by not in self.responses.columns:
                raise SchemaError(
                    f"by names column {by!r}, which the survey ({self.source}) does not have. "
                    "Correct the name.")
            out["by"] = self.responses[by]
        elif by is not None:
            out["by"] = by
        return out

    # ----------------------------------------------------------- scores
    def nps(self, column: str | None = None, *, by: object = None,
            **options: Any) -> NPSResult | pd.DataFrame:
        """Score the survey's NPS question: :func:`expectations.nps`.

        Parameters
        ----------
        column : str, optional
            The question; by default the one column whose role is ``"nps"``.
        by : str or array-like, optional
            A column name of the survey, or keys as :func:`~expectations.nps` takes.
        **options
            Passed to :func:`~expectations.nps`. ``weights`` defaults to the
            survey's weight column (if any) and ``missing`` to ``"drop"``
            (unanswered questions are left out and counted in ``n_dropped``).

        Returns
        -------
        NPSResult or DataFrame
            As :func:`~expectations.nps` returns.

        Raises
        ------
        SchemaError
            If no column, or several, have the role and ``column`` is not given.

        Examples
        --------
        >>> import expectations as ex
        >>> survey = ex.read_survey(ex.datasets.qualtrics_export_path())
        >>> survey.nps().n + survey.nps().n_dropped == len(survey.responses)
        True
        """
        from expectations.scoring import nps

        name = self.column("nps", column)
        result: NPSResult | pd.DataFrame = nps(self.responses[name],
                                               **self._options(options, by))
        return result

    def csat(self, column: str | None = None, *, by: object = None,
             **options: Any) -> TopBoxResult | pd.DataFrame:
        """Score the survey's CSAT question (top box): :func:`expectations.csat`.

        The question's scale comes from the codebook unless ``scale=`` is
        given; other options as in :meth:`nps`.

        Examples
        --------
        >>> import expectations as ex
        >>> survey = ex.read_survey(ex.datasets.qualtrics_export_path())
        >>> survey.csat().score == ex.csat(survey.responses["Q2"], missing="drop").score
        True
        """
        from expectations.scoring import csat

        return self._top_box(csat, "csat", column, by, options)

    def ces(self, column: str | None = None, *, by: object = None,
            **options: Any) -> TopBoxResult | pd.DataFrame:
        """Score the survey's CES question: :func:`expectations.ces`.

        The question's scale comes from the codebook unless ``scale=`` is
        given (a scale other than 1..7 needs ``direction=``); other options as
        in :meth:`nps`.

        Examples
        --------
        >>> import expectations as ex
        >>> survey = ex.read_survey(ex.datasets.qualtrics_export_path())
        >>> round(survey.ces().score, 1) == round(ex.ces(survey.responses["Q3"],
        ...                                               missing="drop").score, 1)
        True
        """
        from expectations.scoring import ces

        return self._top_box(ces, "ces", column, by, options)

    def _top_box(self, score: Callable[..., TopBoxResult | pd.DataFrame], role: str,
                 column: str | None, by: object,
                 options: dict[str, Any]) -> TopBoxResult | pd.DataFrame:
        """Score the ``role`` question with ``score``, the codebook's scale unless ``scale=``."""
        name = self.column(role, column)
        out = self._options(options, by)
        scale = self._scale(name)
        if "scale" not in out and scale is not None:
            out["scale"] = scale
        result: TopBoxResult | pd.DataFrame = score(self.responses[name], **out)
        return result

    # ----------------------------------------------------------- weights
    def weight(self, targets: Mapping[str, Mapping[object, float]], *, name: str = "weight",
               **rake_options: Any) -> Survey:
        """Rake the respondents to population margins; a new survey with a weight column.

        Parameters
        ----------
        targets : mapping
            Population shares per category of each raking column, as
            :func:`~expectations.rake` takes (``{"age": {"18-34": 0.3, ...}}``).
        name : str, default "weight"
            The new column's name. An existing weight column is kept as the
            design weights the raking starts from, and loses its role.
        **rake_options
            Passed to :func:`~expectations.rake` (``cap``, ``max_iter``,
            ``tol``, ``missing``, ``weights``).

        Returns
        -------
        Survey
            The same responses plus the weight column (mean 1), whose role is
            ``"weight"``; its scores and report use it.

        Examples
        --------
        >>> import expectations as ex
        >>> survey = ex.read_survey(ex.datasets.qualtrics_export_path())
        >>> weighted = survey.weight({"Region": {"north": 0.2, "midlands": 0.2, "south": 0.2,
        ...                                      "london": 0.2, "scotland": 0.1,
        ...                                      "wales": 0.1}})
        >>> weighted.codebook.loc["weight", "role"]
        'weight'
        >>> round(float(weighted.responses["weight"].mean()), 6)
        1.0
        >>> weighted.design_effect > 1
        True
        """
        from expectations.surveys import rake

        given: object = name
        if not isinstance(given, str) or not given:
            raise InvalidParameterError(
                f"name must be the new weight column's name, a non-empty string; got {name!r}.")
        previous = self.columns("weight")
        if "weights" not in rake_options and previous:
            rake_options["weights"] = self.responses[previous[0]]
        result = rake(self.responses, targets, **rake_options)
        responses = self.responses.assign(**{name: result.weights})
        codebook = self.codebook.copy()
        codebook.loc[previous, "role"] = "other"
        question = "raking weight to " + ", ".join(map(str, targets))
        codebook.loc[name] = pd.Series({"question": question, "role": "weight", "scale": None,
                                        "labels": None}, dtype=object)
        return Survey(responses=responses, codebook=codebook, source=self.source,
                      format=self.format)

    # ----------------------------------------------------------- report
    def report(self, *, segment: str | None = None, touchpoint: str | None = None,
               date: str | None = None, comment: str | None = None,
               confidence: float = 0.95) -> Report:
        """Build the expectations report of the survey (:func:`expectations.report`), by role.

        The first column of each score role (``nps``, ``csat`` on 1..5,
        ``ces`` on 1..7) becomes the report's score column; ``segment``,
        ``touchpoint``, ``date`` and ``comment`` name the columns for those
        parts of the report (by default, columns so named, in any letter
        case). With a weight column, the NPS, CSAT and CES sections are
        weighted, and a note states the design effect and the effective
        sample size; the segment comparison and trend stay unweighted.

        Examples
        --------
        >>> import expectations as ex
        >>> r = ex.read_survey(ex.datasets.qualtrics_export_path()).report()
        >>> r.keys()
        ('headline', 'nps', 'csat', 'ces', 'segments', 'glossary')
        >>> r["nps"].table("by_segment").column("segment")
        ['bargain', 'loyal', 'new', 'regular']
        """
        from expectations.report import report

        frame, notes = self._report_frame(segment=segment, touchpoint=touchpoint, date=date,
                                          comment=comment)
        built = report(responses=frame, confidence=confidence,
                       sources={"responses": self.source or "survey"})
        if notes:
            built = _with_notes(built, notes)
        weights = self.weights
        if weights is None:
            return built
        return _weighted(built, frame, weights, self.column("weight"),
                         confidence=confidence, design_effect=self.design_effect)

    def _report_frame(self, **named: str | None) -> tuple[pd.DataFrame, dict[str, list[str]]]:
        columns: dict[str, pd.Series] = {}
        notes: dict[str, list[str]] = {}
        for role, (low, high) in _REPORT_SCALES.items():
            found = self.columns(role)
            if not found:
                continue
            first = found[0]
            scale = self._scale(first)
            if scale is None or (scale.low, scale.high) != (low, high):
                continue
            columns[role] = self.responses[first]
            notes[role] = [f"From the survey's question {first!r}"
                           + (f" (of {len(found)} {role} questions)." if len(found) > 1
                              else ".")]
        lowered = {str(c).casefold(): str(c) for c in self.responses.columns}
        for key, chosen in named.items():
            if chosen is None:
                chosen = lowered.get(key)
                if chosen is None:
                    continue
            elif chosen not in self.responses.columns:
                raise SchemaError(
                    f"{key} names column {chosen!r}, which the survey ({self.source}) does "
                    "not have. Correct the name.")
            values = self.responses[chosen]
            if isinstance(values.dtype, pd.CategoricalDtype):
                values = values.astype(object).where(values.notna(), None)
            columns[key] = values
        frame: pd.DataFrame = pd.DataFrame(columns, index=self.responses.index)
        return frame, notes

    # ----------------------------------------------------------- display
    def __repr__(self) -> str:
        roles = [f"{role}={', '.join(self.columns(role))}" for role in ("nps", "csat", "ces",
                                                                       "weight")
                 if self.columns(role)]
        shown = f"; {'; '.join(roles)}" if roles else ""
        return (f"Survey({self.source!r}, {self.format}: {len(self.responses):,} respondents, "
                f"{self.responses.shape[1]:,} columns{shown})")

    def _repr_html_(self) -> str:
        book = self.codebook.assign(scale=self.codebook["scale"].map(
            lambda s: f"{s.low:g}..{s.high:g}" if isinstance(s, Scale) else ""))
        table: str = book[["question", "role", "scale"]].to_html(escape=True)
        return (f"<p><b>Survey</b> {html.escape(self.source)} ({html.escape(self.format)}): "
                f"{len(self.responses):,} respondents</p>" + table)


def _with_notes(built: Report, notes: Mapping[str, list[str]]) -> Report:
    sections = tuple(attrs.evolve(s, notes=(*notes.get(s.key, ()), *s.notes))
                     for s in built.sections)
    return attrs.evolve(built, sections=sections)


def _weighted(built: Report, frame: pd.DataFrame, weights: pd.Series, name: str, *,
              confidence: float, design_effect: float | None) -> Report:
    """Replace the score sections by weighted ones, each stating the design effect.

    The headline and the glossary are built again from the weighted sections.
    """
    from expectations.report._glossary import with_glossary
    from expectations.report._headline import with_headline
    from expectations.report._sections import score_section_from
    from expectations.scoring import ces, csat, nps

    funcs: dict[str, Callable[..., Any]] = {"nps": nps, "csat": csat, "ces": ces}
    sections = []
    n_eff = len(weights.dropna()) / design_effect if design_effect else float("nan")
    note = (f"Weighted by {name!r}: design effect {design_effect:.2f} (Kish), effective "
            f"sample size {n_eff:,.0f} of {len(weights.dropna()):,}.")
    for section in built.sections:
        if section.key not in funcs:
            if section.key in ("segments", "trend", "many_groups", "themes"):
                section = attrs.evolve(section, notes=(*section.notes, _UNWEIGHTED))
            sections.append(section)
            continue
        func = funcs[section.key]
        values = frame[section.key]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SmallSampleWarning)
            overall = func(values, weights=weights, missing="drop", confidence=confidence)
            by: dict[str, pd.DataFrame] = {}
            for key in ("segment", "touchpoint"):
                if key in frame.columns:
                    keep = (frame[key].notna() & values.notna()).to_numpy()
                    by[key] = func(values[keep], weights=weights[keep],
                                   by=frame[key][keep].rename(key), missing="drop",
                                   confidence=confidence)
        small = tuple(dict.fromkeys(str(w.message) for w in caught
                                    if issubclass(w.category, SmallSampleWarning)))
        for other in caught:
            if not issubclass(other.category, SmallSampleWarning):
                warnings.warn_explicit(other.message, other.category, other.filename,
                                       other.lineno)
        made = score_section_from(section.key, overall, by)
        kept = tuple(n for n in section.notes if n.startswith("From the survey"))
        sections.append(attrs.evolve(made, notes=(*kept, note, *made.notes, *small)))
    body = tuple(s for s in sections if s.key not in ("headline", "glossary"))
    if any(s.key == "headline" for s in sections):
        body = with_headline(body, confidence=confidence, reliability=_RELIABILITY)
    return attrs.evolve(built, sections=with_glossary(body, confidence))

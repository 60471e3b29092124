"""The expectations report: every available analysis of the tables given, in one document.

:func:`report` builds a :class:`Report` from whichever tables it is given;
:func:`report_demo` builds it from the bundled demo data; :func:`stream_report`
builds the sections that are functions of counts from files too large for
memory, read once in chunks. A report renders as
text, Markdown, self-contained HTML, or a JSON document whose schema is
shipped as ``schema.json`` (see :func:`json_schema`).
"""

from __future__ import annotations

import importlib
import json
import warnings
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from typing import Any

import attrs
import pandas as pd

from expectations import _validation as v
from expectations._align import caller_stacklevel
from expectations.errors import InvalidParameterError, ScaleWarning, SmallSampleWarning
from expectations.models import Commitment
from expectations.report import _sections as build
from expectations.report._inputs import TABLES, check_scores, normalise_columns, select
from expectations.report._model import (
    SCHEMA_VERSION,
    Column,
    InputSummary,
    Report,
    Section,
    Table,
    Unavailable,
)
from expectations.report._stream import NEEDS_WHOLE_TABLE, stream_report

__all__ = ["NEEDS_WHOLE_TABLE", "SCHEMA_VERSION", "Column", "Report", "Section", "Table",
           "Unavailable", "json_schema", "report", "report_demo", "stream_report"]

Progress = Callable[[str], None]


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of :meth:`Report.to_dict`.

    Examples
    --------
    >>> json_schema()["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    True
    """
    text = resources.files("expectations.report").joinpath("schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _available(module: str, name: str) -> bool:
    """Whether an optional analysis exists in this installation."""
    try:
        return hasattr(importlib.import_module(module), name)
    except ImportError:
        return False


def _frame(value: object, name: str) -> pd.DataFrame:
    if isinstance(value, pd.DataFrame):
        return value
    if isinstance(value, Mapping):
        columns = dict(value)
        try:
            frame: pd.DataFrame = pd.DataFrame(columns)
        except UnicodeEncodeError:  # text pandas cannot hold as Arrow strings
            found = (v.invalid_text(values, f"{name}[{column!r}]")
                     for column, values in columns.items())
            error = next((e for e in found if e is not None), None)
            if error is None:
                raise
            raise error from None
        return frame
    raise InvalidParameterError(
        f"{name} must be a pandas DataFrame or a mapping of column name to values; got "
        f"{type(value).__name__}.")


def report(*, responses: object = None, servqual: object = None, tolerance: object = None,
           kano: object = None, outcomes: object = None,
           commitments: Sequence[Commitment] | pd.DataFrame | None = None,
           transactions: object = None, drivers: object = None,
           columns: Mapping[str, Any] | None = None, confidence: float = 0.95,
           reliability: float = 0.95, sources: Mapping[str, str] | None = None,
           progress: Progress | None = None) -> Report:
    """Build the expectations report from whichever tables are given.

    Each table is optional; a section appears only when its table is given.
    A section whose analysis is not part of this installation, or whose
    column is absent, is listed in :attr:`Report.unavailable` with the reason
    instead of being shown.

    Parameters
    ----------
    responses : DataFrame or mapping, optional
        Survey responses: ``nps`` (0-10), ``csat`` (1-5), ``ces`` (1-7),
        ``segment``, ``touchpoint``, ``date``, ``comment`` (each optional).
        Sections: NPS, CSAT, CES (overall, by segment, by touchpoint), segment
        comparison, trend, themes.
    servqual : DataFrame, optional
        One row per respondent, expectation items ``e01..e22`` and perception
        items ``p01..p22`` on 1-7. Section: SERVQUAL gaps by dimension.
    tolerance : DataFrame, optional
        ``adequate``, ``desired``, ``perceived`` (and ``dimension``) per answer.
        Section: shares dissatisfied / satisfied / delighted.
    kano : DataFrame, optional
        ``feature``, ``functional``, ``dysfunctional`` answers. Section: Kano
        categories with Better/Worse.
    outcomes : DataFrame, optional
        ``commitment`` (a commitment's name) and ``value`` per outcome; needs
        ``commitments``. Section: commitments kept and the realistic promise.
    commitments : sequence of Commitment, or DataFrame, optional
        The promises (a DataFrame has the columns of
        :class:`~expectations.models.Commitment`).
    transactions : DataFrame, optional
        ``customer_id``, ``date``, ``amount``. Section: RFM customer segments.
    drivers : DataFrame, optional
        ``overall`` rating plus one column per driver (identifier columns,
        ending ``_id``, are ignored). Sections: relative-weight drivers and
        importance-performance priorities.
    columns : mapping, optional
        Your column names for the roles above, nested
        (``{"responses": {"nps": "ltr"}}``) or flat (``{"nps": "ltr",
        "drivers.outcome": "overall"}``).
    confidence : float, default 0.95
        Confidence level of every interval.
    reliability : float, default 0.95
        Share of outcomes a realistic promise must be kept for.
    sources : mapping of str to str, optional
        Where each table came from (a file name), shown in the report.
    progress : callable, optional
        Called with each section's title before it is computed.

    Returns
    -------
    Report

    Raises
    ------
    SchemaError
        If a mapped or required column is missing.
    InvalidScoreError
        If a score column of ``responses`` holds a value off its scale or not a
        number (blank answers are allowed: each section skips and counts them);
        the message names the column, as ``responses['nps']``.
    InvalidParameterError
        If ``outcomes`` is given without ``commitments``, or an option (such as
        ``columns``) is invalid.

    Examples
    --------
    >>> r = report(responses={"nps": [10, 9, 9, 7, 6, 3, 10, 8],
    ...                       "segment": ["a", "a", "b", "b", "a", "b", "a", "b"]})
    >>> r.keys()
    ('headline', 'nps', 'segments', 'glossary')
    >>> r["nps"].table("by_segment").column("segment")
    ['a', 'b']
    """
    v.check_confidence(confidence)
    v.check_confidence(reliability, "reliability")
    if columns is not None and not isinstance(columns, Mapping):
        raise InvalidParameterError(
            f"columns must be a mapping of role to column name, such as {{'nps': 'ltr'}}, "
            f"or None; got {type(columns).__name__} {columns!r}.")
    mapping = normalise_columns(columns)
    given = {"responses": responses, "servqual": servqual, "tolerance": tolerance,
             "kano": kano, "outcomes": outcomes, "transactions": transactions,
             "drivers": drivers}
    if outcomes is not None and commitments is None:
        raise InvalidParameterError(
            "outcomes need commitments: pass commitments= (the promises whose names the "
            "outcomes' commitment column uses).")
    sources = dict(sources or {})
    frames: dict[str, pd.DataFrame] = {}
    inputs: list[InputSummary] = []
    for name, value in given.items():
        if value is None:
            continue
        raw = _frame(value, name)
        source = sources.get(name, f"{name} (DataFrame)")
        frames[name], picked = select(name, raw, mapping.get(name), source=source)
        if name == "responses":
            check_scores(frames[name], picked)
        _check_text_columns(frames[name], name, picked)
        inputs.append(InputSummary(name=name, source=source, rows=len(raw)))
    if isinstance(commitments, (pd.DataFrame, Mapping)):
        table, _ = select("commitments", _frame(commitments, "commitments"),
                          mapping.get("commitments"),
                          source=sources.get("commitments", "commitments (DataFrame)"))
        commitments = table
    sections: list[Section] = []
    unavailable: list[Unavailable] = []
    scale: list[str] = []
    for key, title, needs, step in _plan(frames, commitments, confidence, reliability):
        if needs:
            unavailable.append(Unavailable(key=key, title=title, reason=needs))
            continue
        if progress is not None:
            progress(title)
        sections.extend(_with_warnings_as_notes(step, scale))
    _with_scale_notes(sections, scale)
    # The glossary comes last and is built last: it lists the terms of every section
    # above it (a headline included), so any section added to the report goes in first.
    # The headline comes first and is built from the sections below it, never from raw data.
    # The headline and glossary modules (and the many-groups one, in _plan) are imported
    # here rather than at the top, so that ``import expectations`` does not pay for them.
    from expectations.report._glossary import with_glossary
    from expectations.report._headline import with_headline

    ordered = with_headline(sections, confidence=confidence, reliability=reliability)
    return Report(sections=with_glossary(ordered, confidence), unavailable=tuple(unavailable),
                  inputs=tuple(inputs), confidence=confidence)


def _check_text_columns(frame: pd.DataFrame, name: str, picked: Mapping[str, str]) -> None:
    """Refuse text no section could convert: a lone surrogate in an object column.

    Columns of pandas' string dtypes cannot hold one, so only object columns
    are read; the message names the column as the caller did (``responses['note']``).
    """
    for role in frame.columns:
        if frame[role].dtype == object:
            v.check_text(frame[role], f"{name}[{picked.get(str(role), str(role))!r}]")


Step = Callable[[], "Section | list[Section]"]


def _with_warnings_as_notes(step: Step, scale: list[str] | None = None) -> list[Section]:
    """Run a builder; its small-sample warnings become notes of the section.

    A report is read, not logged: a caveat belongs next to the number it
    qualifies. A :class:`~expectations.errors.ScaleWarning` (NPS answers that
    look like ratings on a shorter scale) is about the answers, not this
    section: its message is collected in ``scale`` (once) for
    :func:`_with_scale_notes`, or is a note here when ``scale`` is None.
    Other warnings pass through unchanged.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        made = step()
    sections = made if isinstance(made, list) else [made]
    notes: list[str] = []
    for item in caught:
        if issubclass(item.category, ScaleWarning) and scale is not None:
            if str(item.message) not in scale:
                scale.append(str(item.message))
        elif issubclass(item.category, (SmallSampleWarning, ScaleWarning)):
            if str(item.message) not in notes:
                notes.append(str(item.message))
        else:
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
    if notes:
        sections[0] = attrs.evolve(sections[0], notes=(*sections[0].notes, *notes))
    return sections


def _with_scale_notes(sections: list[Section], scale: Sequence[str]) -> None:
    """Put the ScaleWarnings collected from the sections' builders on the NPS section.

    Each message becomes a note of the NPS section (first, as it qualifies
    every NPS number) and is warned once more, so that a caller (or the
    command line, as one ``expectations: warning:`` line) hears it once,
    however many sections scored the same answers.
    """
    for position, section in enumerate(sections):
        if section.key == "nps":
            new = tuple(m for m in scale if m not in section.notes)
            sections[position] = attrs.evolve(section, notes=(*new, *section.notes))
            break
    for message in scale:
        warnings.warn(message, ScaleWarning, stacklevel=caller_stacklevel())


def _score_step(metric: str, responses: pd.DataFrame, confidence: float) -> Step:
    return lambda: build.score_section(metric, responses, confidence=confidence)


def _plan(frames: dict[str, pd.DataFrame], commitments: object, confidence: float,
          reliability: float) -> list[tuple[str, str, str, Step]]:
    """List the sections to build, in report order: (key, title, why not, builder)."""
    from expectations.report import _many_groups

    plan: list[tuple[str, str, str, Step]] = []
    responses = frames.get("responses")
    if responses is not None:
        cols = set(responses.columns)
        for metric in ("nps", "csat", "ces"):
            if metric not in cols:
                why = (f"the responses have no {metric!r} column (map one with "
                       f"--column {metric}=NAME)")
            elif not responses[metric].notna().any():
                why = f"the responses' {metric!r} column has no answers"
            else:
                why = ""
            plan.append((metric, build._SCORE_DEFS[metric][0], why,
                         _score_step(metric, responses, confidence)))
        if {"nps", "segment"} <= cols:
            plan.append(("segments", "Segments compared (NPS)", "",
                         lambda: build.segments_section(responses, confidence=confidence)))
        if _many_groups.keys_with_many_groups(responses):
            plan.append(("many_groups", _many_groups.TITLE, "",
                         lambda: _many_groups.many_groups_section(responses,
                                                                  confidence=confidence)))
        if {"nps", "date"} <= cols:
            plan.append(("trend", "NPS trend", "" if _available("expectations.kpis", "trend")
                         else "not available in this version (expectations.kpis.trend)",
                         lambda: build.trend_section(responses, confidence=confidence)))
        if {"nps", "comment"} <= cols:
            ok = _available("expectations.voice.themes", "theme_impact")
            plan.append(("themes", "Themes in comments", "" if ok else
                         "not available in this version (expectations.voice.theme_impact)",
                         lambda: build.themes_section(responses, confidence=confidence)))
    if "servqual" in frames:
        plan.append(("servqual", "SERVQUAL gaps by dimension", "",
                     lambda: build.servqual_section(frames["servqual"], confidence=confidence)))
    if "tolerance" in frames:
        plan.append(("tolerance", "Zone of tolerance", "",
                     lambda: build.tolerance_section(frames["tolerance"],
                                                     confidence=confidence)))
    if "kano" in frames:
        plan.append(("kano", "Kano categories", "", lambda: build.kano_section(frames["kano"])))
    if "outcomes" in frames:
        plan.append(("commitments", "Commitments", "",
                     lambda: build.commitments_section(frames["outcomes"], commitments,
                                                       confidence=confidence,
                                                       reliability=reliability)))
    if "drivers" in frames:
        plan.append(("drivers", "Drivers and priorities", "",
                     lambda: build.drivers_sections(frames["drivers"], confidence=confidence)))
    if "transactions" in frames:
        plan.append(("customers", "Customers (RFM)", "",
                     lambda: build.customers_section(frames["transactions"])))
    return plan


def report_demo(*, confidence: float = 0.95, progress: Progress | None = None) -> Report:
    """Build the report on the bundled demo data (:func:`expectations.datasets.load_retail`).

    Examples
    --------
    >>> r = report_demo()
    >>> "nps" in r and "servqual" in r and "commitments" in r
    True
    """
    from expectations.datasets import load_retail

    data = load_retail()
    demo = "demo: load_retail()"
    return report(responses=data.responses, servqual=data.servqual,
                  tolerance=data.tolerance, kano=data.kano, outcomes=data.outcomes,
                  commitments=data.commitments, transactions=data.transactions,
                  drivers=data.drivers, confidence=confidence, progress=progress,
                  sources={name: f"{demo}.{name}" for name in TABLES})

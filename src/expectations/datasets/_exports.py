"""Survey-tool exports bundled with the demo data, for :func:`expectations.read_survey`."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["qualtrics_export_path"]


def qualtrics_export_path() -> Path:
    """Return the path of a small Qualtrics-shaped CSV export of the demo survey.

    334 responses of the retail demo (every 60th of :func:`load_retail`'s
    responses) as Qualtrics exports them: a row of question ids, a row of
    question texts, a row of ``{"ImportId": ...}`` objects, then one row per
    respondent. ``Q1`` is the NPS question (0-10), ``Q2`` CSAT (1-5), ``Q3``
    CES (1-7, blank where the question was not asked), ``Q4`` the age group,
    ``Q5`` the comment; ``Region`` and ``Segment`` are embedded data.
    Written by ``scripts/make_demo_data.py``.

    Returns
    -------
    pathlib.Path
        The file, inside the installed package (read it, do not write it).

    Examples
    --------
    >>> import expectations as ex
    >>> survey = ex.read_survey(ex.datasets.qualtrics_export_path())
    >>> survey.format, len(survey.responses)
    ('qualtrics', 334)
    """
    resource = resources.files("expectations.datasets") / "data" / "qualtrics_export.csv"
    return Path(str(resource))

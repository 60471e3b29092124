r"""What each column of a survey export is for: its role, and its scale where one applies.

A role is inferred from three things, in this order:

1. **The column's type and name.** A date column is ``"date"``; a column named
   like an identifier (``ResponseId``, ``Respondent ID``, ``respondent_id``,
   ``id``) whose values are all different is ``"id"``; a numeric column named
   like a weight (``weight``, ``wt``, ``Gewicht``, ``poids``, ``peso``) with
   no negative value is ``"weight"``.
2. **The question text** (or, without one, the column name), matched against
   :data:`RULES` — a table of patterns per language (English, German, French,
   Spanish) — for ``"nps"``, ``"csat"``, ``"ces"`` and ``"text"``. A score
   role needs numeric answers on its scale (NPS 0..10; CSAT and CES 1..5,
   1..7 or 1..10): a "how likely to recommend" question answered in words is
   not an NPS column.
3. **The value labels and value range.** Labels on 0 and 10 (and numbers in
   0..10) make an NPS question even without its text; labels in scale words
   ("very", "satisfied", "agree", "sehr", "très", "muy", ...), or labels on
   only some points of a range of up to 11 whole numbers (the ends of a
   rating scale), make a ``"rating"``; other labels make a ``"category"``.
   Unlabelled text with few distinct values is a ``"category"``, with many a
   ``"text"``; other numbers are ``"other"``.

Any inference can be overridden: ``read_survey(path, roles={"Q7": "nps"})``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

import attrs
import numpy as np
import pandas as pd

from expectations.models import Scale

__all__ = ["ROLES", "RULES", "RoleRule", "infer_role", "scale_for"]

#: The roles a column can have.
ROLES: Final = ("nps", "csat", "ces", "rating", "text", "category", "date", "id", "weight",
                "other")


@attrs.frozen(kw_only=True)
class RoleRule:
    """One row of the role table: a pattern of question text that means ``role``."""

    role: str
    language: str
    pattern: str
    example: str

    def matches(self, text: str) -> bool:
        """Whether ``text`` (any letter case) matches the rule."""
        return re.search(self.pattern, text, flags=re.IGNORECASE) is not None


def _rule(role: str, language: str, pattern: str, example: str) -> RoleRule:
    return RoleRule(role=role, language=language, pattern=pattern, example=example)


#: The question-text rules, tried in order (the first match wins).
RULES: Final[tuple[RoleRule, ...]] = (
    _rule("nps", "en", r"\blikely\b.*\brecommend",
          "How likely are you to recommend us to a friend?"),
    _rule("nps", "de", r"wahrscheinlich.*empfehl", "Wie wahrscheinlich ist es, dass Sie uns "
          "einem Freund empfehlen?"),
    _rule("nps", "fr", r"probabilit[ée].*\brecommand", "Quelle est la probabilité que vous "
          "recommandiez notre entreprise ?"),
    _rule("nps", "es", r"probab(?:ilidad|le).*\brecomiend|\brecomendar[ií]a",
          "¿Qué probabilidad hay de que recomiende nuestra empresa?"),
    _rule("nps", "any", r"\bnps\b|net promoter|likelihood to recommend|\bltr\b",
          "NPS"),
    _rule("ces", "en", r"\bhow easy\b|\beffort\b|\bease of\b|\beasy (?:was|it was|to)\b",
          "How easy was it to get your issue resolved?"),
    _rule("ces", "de", r"\baufwand|\bwie einfach\b|\beinfach\b|\bmühelos",
          "Wie einfach war es, Ihr Anliegen zu lösen?"),
    _rule("ces", "fr", r"\bfacile\b|\beffort\b|\bfacilité", "Dans quelle mesure a-t-il été "
          "facile de résoudre votre demande ?"),
    _rule("ces", "es", r"\bf[aá]cil\b|\besfuerzo\b|\bfacilidad\b",
          "¿Qué tan fácil fue resolver su problema?"),
    _rule("ces", "any", r"\bces\b|customer effort", "CES"),
    _rule("csat", "en", r"\bhow satisfied\b|\bsatisf(?:ied|action)\b",
          "Overall, how satisfied are you with your purchase?"),
    _rule("csat", "de", r"\bzufrieden", "Wie zufrieden sind Sie insgesamt mit uns?"),
    _rule("csat", "fr", r"\bsatisf(?:ait|aite|action)\b", "Dans l'ensemble, êtes-vous "
          "satisfait de votre achat ?"),
    _rule("csat", "es", r"\bsatisfech[oa]s?\b|\bsatisfacci[oó]n\b",
          "En general, ¿qué tan satisfecho está con su compra?"),
    _rule("csat", "any", r"\bcsat\b", "CSAT"),
    _rule("text", "en", r"\bcomments?\b|\bwhy\b|\bplease (?:tell|explain|describe)\b|"
          r"\bin your own words\b|\bfeedback\b", "Why did you give that score?"),
    _rule("text", "de", r"\bwarum\b|\bkommentar|\banmerkung|\bbegründ",
          "Warum haben Sie diese Bewertung gegeben?"),
    _rule("text", "fr", r"\bpourquoi\b|\bcommentaire", "Pourquoi avez-vous donné cette note ?"),
    _rule("text", "es", r"\bpor qu[eé]\b|\bcomentario", "¿Por qué dio esa puntuación?"),
)

_ID_NAME = re.compile(r"^(?:response ?id|respondent ?id|respondent_id|response_id|"
                      r"respid|resp_id|record ?id|id)$|_id$", re.IGNORECASE)
_WEIGHT_NAME = re.compile(r"^(?:weights?|wt|wgt|weight_\w+|\w+_weight|gewicht|poids|peso)$",
                          re.IGNORECASE)
_SCALE_WORDS = re.compile(
    r"\b(?:very|extremely|not at all|somewhat|strongly|agree|disagree|satisfied|"
    r"dissatisfied|likely|unlikely|easy|difficult|poor|excellent|good|bad|neutral|"
    r"sehr|überhaupt|stimme|zufrieden|unzufrieden|wahrscheinlich|einfach|schwierig|"
    r"très|pas du tout|d'accord|satisfait|insatisfait|probable|facile|difficile|"
    r"muy|nada|de acuerdo|satisfecho|insatisfecho|probable|f[aá]cil|dif[ií]cil)\b",
    re.IGNORECASE)

# The scales a CSAT or CES question may use, smallest first (the first that holds
# every answer, or that the labels span, is taken).
_CSAT_SCALES: Final = ((1, 5), (1, 7), (1, 10), (0, 10))
_CES_SCALES: Final = ((1, 5), (1, 7), (1, 10))
# Distinct values at or below which unlabelled text is a category, not free text.
_CATEGORY_LIMIT: Final = 30


def _text_role(text: str) -> str | None:
    for rule in RULES:
        if rule.matches(text):
            return rule.role
    return None


def _whole_range(values: pd.Series) -> tuple[float, float] | None:
    """``(min, max)`` of a numeric column of whole numbers, or None."""
    if not pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(
            values.dtype):
        return None
    x = values.to_numpy(dtype=np.float64, na_value=np.nan)
    x = x[~np.isnan(x)]
    if x.size == 0:
        return None
    if not np.all(x == np.round(x)):
        return None
    return float(x.min()), float(x.max())


def scale_for(role: str, values: pd.Series,
              labels: Mapping[object, str] | None = None) -> Scale | None:
    """Return the scale a score or rating column is on, from its labels and its answers.

    Examples
    --------
    >>> scale_for("csat", pd.Series([1, 4, 5]))
    Scale(low=1, high=5, integer=True, labels=None)
    >>> scale_for("ces", pd.Series([2, 6]))
    Scale(low=1, high=7, integer=True, labels=None)
    """
    span = _whole_range(values)
    keys = sorted(float(k) for k in (labels or {}) if isinstance(k, (int, float, np.number)))
    if span is None and not keys:
        return None
    low = min([*keys, *(span or ())])
    high = max([*keys, *(span or ())])
    if role == "nps":
        return Scale(0, 10) if low >= 0 and high <= 10 else None
    candidates = {"csat": _CSAT_SCALES, "ces": _CES_SCALES}.get(role)
    if candidates is not None:
        for a, b in candidates:
            if low >= a and high <= b:
                return Scale(a, b)
        return None
    if high > low:
        return Scale(int(low), int(high))
    return None


def _labels_look_like_a_scale(labels: Mapping[object, str]) -> bool:
    keys = [k for k in labels if isinstance(k, (int, float, np.number))]
    if len(keys) != len(labels) or not keys:
        return False
    whole = sorted(float(k) for k in keys)
    if any(k != round(k) for k in whole):
        return False
    if any(_SCALE_WORDS.search(str(text)) for text in labels.values()):
        return True
    # Only some points of a longer range labelled ("1 = poor ... 7 = excellent") reads
    # as a scale; every point labelled with other words reads as categories.
    gaps = len(whole) >= 2 and whole[-1] - whole[0] + 1 > len(whole)
    return gaps and whole[-1] - whole[0] + 1 <= 11


def infer_role(name: str, question: str, values: pd.Series,
               labels: Mapping[object, str] | None = None) -> str:
    """Return the role of one column from its name, question text, answers and labels.

    Parameters
    ----------
    name : str
        The column's name.
    question : str
        The question's text ("" when the export has none).
    values : Series
        The answers as read (numbers, dates, text).
    labels : mapping, optional
        The value labels (value → label) the export carries.

    Returns
    -------
    str
        One of :data:`ROLES`.

    Examples
    --------
    >>> infer_role("Q1", "Wie wahrscheinlich ist es, dass Sie uns empfehlen?",
    ...            pd.Series([0, 9, 10]))
    'nps'
    >>> infer_role("Q2", "¿Qué tan satisfecho está?", pd.Series([1, 4, 5]))
    'csat'
    >>> infer_role("Q3", "", pd.Series([3, 10]), {0: "Not at all likely", 10: "Extremely likely"})
    'nps'
    """
    dtype = values.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "date"
    numeric = pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
    present = values.dropna()
    if _ID_NAME.search(name.strip()) and len(present) and present.is_unique:
        return "id"
    if numeric and _WEIGHT_NAME.match(name.strip()) and not bool((present < 0).any()):
        return "weight"
    text_role = _text_role(question) if question.strip() else None
    if text_role is None:
        text_role = _text_role(name.replace("_", " "))
    if text_role in ("nps", "csat", "ces") and numeric:
        if scale_for(text_role, values, labels) is not None:
            return text_role
        text_role = None
    if labels:
        keys = {float(k) for k in labels if isinstance(k, (int, float, np.number))}
        span = _whole_range(values)
        if {0.0, 10.0} <= keys and max(keys) <= 10 and min(keys) >= 0 and (
                span is None or (span[0] >= 0 and span[1] <= 10)):
            return "nps"
        if _labels_looks_scale_and_numeric(labels, numeric):
            return "rating"
        return "category"
    if numeric:
        return "other"
    if text_role == "text":
        return "text"
    if pd.api.types.is_bool_dtype(dtype):
        return "category"
    distinct = present.nunique()
    if distinct <= _CATEGORY_LIMIT and distinct <= max(len(present) // 2, 2):
        return "category"
    return "text"


def _labels_looks_scale_and_numeric(labels: Mapping[object, str], numeric: bool) -> bool:
    return numeric and _labels_look_like_a_scale(labels)

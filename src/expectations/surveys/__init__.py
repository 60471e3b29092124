"""Survey data in: survey tools' exports with their codebooks, and raking weights.

:func:`read_survey` reads an export (SPSS, Stata, SAS, Qualtrics,
SurveyMonkey, or a plain table) into a :class:`Survey`: responses, one row
per respondent, and a codebook giving each column's question text, role,
scale and value labels. :func:`rake` weights respondents to population
margins; :meth:`Survey.weight` does so for a survey.

Roles
-----
Each column gets one of :data:`ROLES`. The rules, in order:

1. A date column is ``"date"``. A column named like an identifier
   (``ResponseId``, ``Respondent ID``, ``respondent_id``, ``id``, a name
   ending ``_id``) whose values all differ is ``"id"``. A numeric column
   named like a weight (``weight``, ``wt``, ``wgt``, ``Gewicht``,
   ``poids``, ``peso``) without negative values is ``"weight"``.
   Qualtrics' ``ResponseId`` and dates, and SurveyMonkey's ``Respondent
   ID``, dates and open-ended answers, have their roles by format.
2. The question text (or, without one, the column name) is matched against
   :data:`RULES`, one pattern per role and language, first match wins:

   ====  ========  ===================================================================
   role  language  the text contains (any letter case)
   ====  ========  ===================================================================
   nps   English   "likely" … "recommend"
   nps   German    "wahrscheinlich" … "empfehl…"
   nps   French    "probabilité" … "recommand…"
   nps   Spanish   "probabilidad"/"probable" … "recomiend…", or "recomendaría"
   nps   any       "NPS", "net promoter", "likelihood to recommend", "LTR"
   ces   English   "how easy", "effort", "ease of", "easy was/to"
   ces   German    "Aufwand", "wie einfach", "einfach", "mühelos"
   ces   French    "facile", "effort", "facilité"
   ces   Spanish   "fácil", "esfuerzo", "facilidad"
   ces   any       "CES", "customer effort"
   csat  English   "how satisfied", "satisfied", "satisfaction"
   csat  German    "zufrieden…"
   csat  French    "satisfait(e)", "satisfaction"
   csat  Spanish   "satisfecho/a", "satisfacción"
   csat  any       "CSAT"
   text  English   "comment", "why", "please tell/explain/describe", "feedback"
   text  German    "warum", "Kommentar", "Anmerkung", "begründ…"
   text  French    "pourquoi", "commentaire"
   text  Spanish   "por qué", "comentario"
   ====  ========  ===================================================================

   A score role (nps, csat, ces) also needs whole-number answers on its
   scale: 0..10 for NPS; 1..5, 1..7, 1..10 (CSAT also 0..10) for CSAT and
   CES, the smallest that holds the answers and the labelled values.
3. Value labels: labels on 0 and 10 over answers in 0..10 make ``"nps"``
   ("Not at all likely" … "Extremely likely"); labels in scale words (very,
   satisfied, agree, sehr, très, muy, …), or on only some points of a range
   of up to 11 whole numbers (a scale's ends), make ``"rating"`` (kept
   numeric); other labels make ``"category"`` (a Categorical of the labels).
4. Otherwise: numbers are ``"other"``; text with at most 30 distinct values
   (and at most half as many as answers) is ``"category"``, other text
   ``"text"``.

``read_survey(path, roles={"Q7": "nps"})`` overrides any of this.

Examples
--------
>>> import expectations as ex
>>> survey = ex.read_survey(ex.datasets.qualtrics_export_path())
>>> survey.codebook.loc[["ResponseId", "Q1", "Q2", "Q3", "Q5"], "role"].tolist()
['id', 'nps', 'csat', 'ces', 'text']
"""

from __future__ import annotations

from expectations.surveys._read import FORMATS, read_survey
from expectations.surveys._roles import ROLES, RULES, RoleRule
from expectations.surveys._survey import Survey
from expectations.surveys.rake import RakeResult, rake

__all__ = ["FORMATS", "ROLES", "RULES", "RakeResult", "RoleRule", "Survey", "rake",
           "read_survey"]

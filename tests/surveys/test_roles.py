"""Role inference: question texts in English, German, French and Spanish, labels, ranges."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tests.surveys.exports import write_qualtrics

import expectations as ex
from expectations.surveys import ROLES, RULES
from expectations.surveys._roles import infer_role, scale_for

NPS = pd.Series([0, 6, 9, 10, 7])
CSAT = pd.Series([1, 4, 5, 3])
CES = pd.Series([1, 6, 7, 4])
TEXTS = pd.Series([f"comment number {i}" for i in range(40)])

QUESTIONS = [
    # (language, question, answers, role)
    ("en", "How likely is it that you would recommend us to a friend or colleague?", NPS, "nps"),
    ("de", "Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?",
     NPS, "nps"),
    ("fr", "Quelle est la probabilité que vous recommandiez notre entreprise à un ami ?",
     NPS, "nps"),
    ("es", "¿Qué probabilidad hay de que recomiende nuestra empresa a un amigo?", NPS, "nps"),
    ("es", "¿Qué tan probable es que recomiende nuestra tienda?", NPS, "nps"),
    ("en", "Overall, how satisfied are you with your purchase?", CSAT, "csat"),
    ("de", "Wie zufrieden sind Sie insgesamt mit unserem Service?", CSAT, "csat"),
    ("fr", "Dans l'ensemble, êtes-vous satisfait de votre achat ?", CSAT, "csat"),
    ("es", "En general, ¿qué tan satisfecho está con su compra?", CSAT, "csat"),
    ("en", "How easy was it to get your issue resolved?", CES, "ces"),
    ("en", "The company made it easy to handle my issue (customer effort)", CES, "ces"),
    ("de", "Wie einfach war es, Ihr Anliegen zu lösen?", CES, "ces"),
    ("de", "Wie hoch war Ihr persönlicher Aufwand?", CES, "ces"),
    ("fr", "Dans quelle mesure a-t-il été facile de résoudre votre demande ?", CES, "ces"),
    ("fr", "Quel effort avez-vous dû fournir ?", CES, "ces"),
    ("es", "¿Qué tan fácil fue resolver su problema?", CES, "ces"),
    ("es", "¿Cuánto esfuerzo tuvo que hacer?", CES, "ces"),
    ("en", "Why did you give that score?", TEXTS, "text"),
    ("de", "Warum haben Sie diese Bewertung gegeben?", TEXTS, "text"),
    ("fr", "Pourquoi avez-vous donné cette note ?", TEXTS, "text"),
    ("es", "¿Por qué dio esa puntuación?", TEXTS, "text"),
]


@pytest.mark.parametrize(("language", "question", "values", "role"), QUESTIONS,
                         ids=[f"{q[3]}-{q[0]}-{i}" for i, q in enumerate(QUESTIONS)])
def test_question_text_gives_the_role(language: str, question: str, values: pd.Series,
                                      role: str) -> None:
    """Each language's phrasing of the NPS, CSAT, CES and open questions is recognised."""
    assert infer_role("Q7", question, values) == role


def test_every_score_role_has_rules_in_four_languages() -> None:
    """The rule table covers English, German, French and Spanish for nps, csat and ces."""
    for role in ("nps", "csat", "ces"):
        assert {r.language for r in RULES if r.role == role} >= {"en", "de", "fr", "es"}
    assert all(rule.role in ROLES for rule in RULES)


@pytest.mark.parametrize("rule", RULES, ids=[f"{r.role}-{r.language}" for r in RULES])
def test_each_rules_example_matches_it(rule: object) -> None:
    """The example stated with each rule matches its pattern."""
    assert rule.matches(rule.example)  # type: ignore[attr-defined]


def test_a_recommend_question_answered_in_words_is_not_nps() -> None:
    """A score role needs numbers on its scale."""
    words = pd.Series(["likely", "unlikely"] * 5)
    assert infer_role("Q1", "How likely are you to recommend us?", words) == "category"
    off = pd.Series([0, 50, 100])
    assert infer_role("Q1", "How likely are you to recommend us?", off) == "other"


def test_nps_from_labels_without_text() -> None:
    """Labels on 0 and 10 make an NPS question even without a question text."""
    labels = {0: "Not at all likely", 10: "Extremely likely"}
    assert infer_role("v12", "", pd.Series([3.0, 10.0]), labels) == "nps"


def test_rating_and_category_from_labels() -> None:
    """Scale words or end-point labels make a rating; other labels a category."""
    agree = {1: "Strongly disagree", 2: "Disagree", 3: "Neutral", 4: "Agree",
             5: "Strongly agree"}
    assert infer_role("v1", "", pd.Series([1, 5]), agree) == "rating"
    assert infer_role("v2", "", pd.Series([1, 7]), {1: "Poor", 7: "Excellent"}) == "rating"
    regions = {1: "North", 2: "South", 3: "East", 4: "West"}
    assert infer_role("v3", "", pd.Series([1, 4]), regions) == "category"


@pytest.mark.parametrize(("name", "values", "role"), [
    ("ResponseId", pd.Series(["R_1", "R_2"]), "id"),
    ("respondent_id", pd.Series([1, 2, 3]), "id"),
    ("customer_id", pd.Series([1, 1, 2]), "other"),  # repeats: not an identifier
    ("weight", pd.Series([0.5, 1.5]), "weight"),
    ("Gewicht", pd.Series([0.5, 1.5]), "weight"),
    ("poids", pd.Series([-1.0, 1.5]), "other"),  # negative: not a weight
    ("when", pd.Series(pd.to_datetime(["2024-01-01", "2024-02-01"])), "date"),
    ("nps", pd.Series([9, 10, 3]), "nps"),
    ("csat", pd.Series([1, 5]), "csat"),
    ("segment", pd.Series(["a", "b", "a", "a"]), "category"),
])
def test_roles_from_names_types_and_values(name: str, values: pd.Series, role: str) -> None:
    """Identifiers, weights, dates and plainly named score columns."""
    assert infer_role(name, "", values) == role


@pytest.mark.parametrize(("role", "values", "expected"), [
    ("csat", [1, 5], (1, 5)), ("csat", [1, 7], (1, 7)), ("csat", [0, 10], (0, 10)),
    ("ces", [2, 6], (1, 7)), ("ces", [1, 4], (1, 5)), ("nps", [0, 10], (0, 10)),
])
def test_scales_are_the_smallest_that_hold_the_answers(role: str, values: list[int],
                                                       expected: tuple[int, int]) -> None:
    """CSAT and CES scales are the usual ones: 1..5, 1..7, 1..10 (CSAT also 0..10)."""
    scale = scale_for(role, pd.Series(values))
    assert scale is not None
    assert (scale.low, scale.high) == expected


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_a_translated_export_needs_no_roles(tmp_path: Path, language: str) -> None:
    """A Qualtrics export in German, French or Spanish scores with no arguments."""
    texts = {
        "de": ("Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen würden?",
               "Wie zufrieden sind Sie?", "Wie einfach war es?"),
        "fr": ("Quelle est la probabilité que vous nous recommandiez ?",
               "Êtes-vous satisfait ?", "Était-ce facile ?"),
        "es": ("¿Qué probabilidad hay de que nos recomiende?", "¿Está satisfecho?",
               "¿Fue fácil?"),
    }[language]
    questions = {"ltr": texts[0], "sat": texts[1], "effort": texts[2]}
    survey = ex.read_survey(write_qualtrics(tmp_path / "q.csv", questions=questions))
    assert survey.codebook.loc[["Q1", "Q2", "Q3"], "role"].tolist() == ["nps", "csat", "ces"]


def test_overrides_win(tmp_path: Path) -> None:
    """roles= replaces the inferred role, and the column is typed for it."""
    path = write_qualtrics(tmp_path / "q.csv")
    survey = ex.read_survey(path, roles={"Q1": "rating", "Q4": "text", "Q5": "category"})
    assert survey.codebook.loc[["Q1", "Q4", "Q5"], "role"].tolist() == ["rating", "text",
                                                                        "category"]
    assert survey.codebook.loc["Q1", "scale"] == ex.Scale(0, 10)
    assert survey.nps(column="Q1") == ex.nps(survey.responses["Q1"], missing="drop")
    renamed = ex.read_survey(path, roles={"Q1": "other", "Q3": "nps"})
    assert renamed.column("nps") == "Q3"

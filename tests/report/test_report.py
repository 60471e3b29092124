"""The expectations report built in Python: sections, numbers, renderings."""

from __future__ import annotations

import base64
import re
import sys

import numpy as np
import pandas as pd
import pytest

from expectations import datasets
from expectations.errors import InvalidParameterError, InvalidScoreError, SchemaError
from expectations.report import Report, report, report_demo
from expectations.report._gate import evaluate

EVERY_SECTION = ("nps", "csat", "ces", "segments", "many_groups", "trend", "themes", "servqual",
                 "tolerance", "kano", "commitments", "drivers", "priorities", "customers")


#: Sections that frame the analyses (a summary first, the glossary of their terms last).
FRAMING = ("headline", "glossary")


def _analyses(r: Report) -> tuple[str, ...]:
    """Return the section keys without the framing sections."""
    return tuple(k for k in r.keys() if k not in FRAMING)  # noqa: SIM118 - not a dict


@pytest.fixture(scope="module")
def demo() -> Report:
    return report_demo()


@pytest.fixture(scope="module")
def demo_html(demo: Report) -> str:
    return demo.to_html()


def test_demo_has_every_section_in_order(demo: Report) -> None:
    """The demo report has every section, in the documented order, and nothing unavailable."""
    assert _analyses(demo) == EVERY_SECTION
    assert demo.keys()[-1] == "glossary"
    assert demo.unavailable == ()


@pytest.mark.parametrize("key", EVERY_SECTION)
def test_every_section_states_n_and_method(demo: Report, key: str) -> None:
    """Each section states a positive n, a method, and has at least one non-empty table."""
    section = demo[key]
    assert section.n > 0
    assert len(section.method) > 20
    assert section.tables
    assert all(t.rows for t in section.tables)


def test_nps_matches_a_count_by_hand(demo: Report) -> None:
    """Overall NPS = %promoters - %detractors counted directly with numpy (Reichheld 2003)."""
    scores = datasets.load_retail().responses["nps"].dropna().to_numpy(dtype=float)
    expected = 100.0 * (np.mean(scores >= 9) - np.mean(scores <= 6))
    row = demo["nps"].table("overall").records()[0]
    assert row["score"] == pytest.approx(expected)
    assert row["n"] == scores.size
    assert row["ci_low"] < row["score"] < row["ci_high"]


def test_nps_by_segment_matches_a_count_by_hand(demo: Report) -> None:
    """Each segment's NPS equals the promoter-minus-detractor share of that segment's answers."""
    responses = datasets.load_retail().responses.dropna(subset=["nps"])
    for row in demo["nps"].table("by_segment").records():
        mine = responses.loc[responses["segment"] == row["segment"], "nps"].to_numpy(float)
        assert row["score"] == pytest.approx(100 * (np.mean(mine >= 9) - np.mean(mine <= 6)))


def test_kano_better_worse_follow_berger(demo: Report) -> None:
    """Better = (A+O)/(A+O+M+I) and Worse = -(O+M)/(A+O+M+I) from the section's own counts."""
    for row in demo["kano"].table("by_feature").records():
        a, o, m, i = (row[k] for k in ("attractive", "one_dimensional", "must_be",
                                        "indifferent"))
        assert row["better"] == pytest.approx((a + o) / (a + o + m + i))
        assert row["worse"] == pytest.approx(-(o + m) / (a + o + m + i))


def test_commitments_kept_rate_matches_a_count(demo: Report) -> None:
    """The kept rate is the share of outcomes at or under an at-most target."""
    data = datasets.load_retail()
    rows = {r["commitment"]: r for r in demo["commitments"].table("commitments").records()}
    for commitment in data.commitments:
        values = data.outcomes.loc[data.outcomes["commitment"] == commitment.name, "value"]
        values = values.dropna().to_numpy()
        assert rows[commitment.name]["kept_rate"] == pytest.approx(
            100 * np.mean(values <= commitment.target))


def test_realistic_target_is_the_reliability_quantile(demo: Report) -> None:
    """The realistic promise is met by about 95% of outcomes (empirical quantile)."""
    data = datasets.load_retail()
    for row in demo["commitments"].table("commitments").records():
        values = data.outcomes.loc[data.outcomes["commitment"] == row["commitment"], "value"]
        share = np.mean(values.dropna().to_numpy() <= row["realistic_target"])
        assert 0.94 <= share <= 0.96


def test_tolerance_shares_add_to_100(demo: Report) -> None:
    """Dissatisfied + satisfied + delighted = 100% in every row."""
    for table in demo["tolerance"].tables:
        for row in table.records():
            total = row["dissatisfied"] + row["satisfied"] + row["delighted"]
            assert total == pytest.approx(100.0)


def test_sections_only_for_tables_given() -> None:
    """A report from Kano answers alone has only the Kano section."""
    r = report(kano=datasets.load_retail().kano)
    assert _analyses(r) == ("kano",)


def test_missing_optional_column_is_listed_as_unavailable() -> None:
    """Responses without CSAT/CES columns list those sections as unavailable, with the reason."""
    r = report(responses={"nps": [10, 9, 3, 7] * 10})
    assert _analyses(r) == ("nps",)
    reasons = {u.key: u.reason for u in r.unavailable}
    assert set(reasons) == {"csat", "ces"}
    assert "'csat' column" in reasons["csat"]


def test_column_mapping_renames_roles() -> None:
    """A flat mapping reads NPS from the caller's column name."""
    frame = pd.DataFrame({"ltr": [10, 9, 3, 7] * 10})
    r = report(responses=frame, columns={"nps": "ltr"})
    assert r["nps"].table("overall").records()[0]["score"] == pytest.approx(25.0)
    assert list(frame.columns) == ["ltr"]  # the caller's frame is untouched


def test_mistyped_column_names_the_column() -> None:
    """A mapped column that does not exist raises SchemaError naming it and a close match."""
    with pytest.raises(SchemaError, match=r"'ltrr'.*Did you mean 'ltr'"):
        report(responses=pd.DataFrame({"ltr": [10, 9]}), columns={"nps": "ltrr"})


def test_ambiguous_role_must_be_qualified() -> None:
    """'date' is a role of several tables, so an unqualified mapping is rejected."""
    with pytest.raises(InvalidParameterError, match="qualify it"):
        report(responses={"nps": [10]}, columns={"date": "when"})


def test_outcomes_need_commitments() -> None:
    """Outcomes without the commitments they refer to are a usage error."""
    with pytest.raises(InvalidParameterError, match="commitments"):
        report(outcomes=datasets.load_retail().outcomes)


def test_small_sample_warnings_become_notes() -> None:
    """A small group's SmallSampleWarning is shown as a note, not emitted."""
    r = report(responses={"nps": [10, 9, 3, 7] * 10 + [10, 3],
                          "segment": ["big"] * 40 + ["tiny"] * 2})
    assert any("fewer than 30" in note for note in r["nps"].notes)


@pytest.mark.parametrize("render", ["to_text", "to_markdown"])
def test_text_renderings_show_every_section(demo: Report, render: str) -> None:
    """Text and Markdown show each section's title, n and method."""
    text = getattr(demo, render)()
    for section in demo:
        assert section.title in text
        if section.key != "headline":  # its n counts findings, each shown as a line
            assert f"n = {section.n:,}" in text
        assert section.method[:40] in text


def test_text_intervals_are_bracketed(demo: Report) -> None:
    """The terminal rendering shows intervals as [low, high] next to the estimate."""
    text = demo.to_text()
    low, high = (demo["nps"].table("overall").records()[0][k] for k in ("ci_low", "ci_high"))
    assert f"[{low:.1f}, {high:.1f}]" in text


def test_html_has_every_section_and_a_png_each(demo: Report, demo_html: str) -> None:
    """The HTML has one section element per section and each embeds a decodable PNG."""
    for key in _analyses(demo):
        match = re.search(rf'<section id="section-{key}".*?</section>', demo_html, re.S)
        assert match is not None, key
        image = re.search(r'src="data:image/png;base64,([^"]+)"', match.group(0))
        assert image is not None, key
        assert base64.b64decode(image.group(1)).startswith(b"\x89PNG\r\n\x1a\n")
    assert "<script" not in demo_html
    assert "http://" not in demo_html
    assert "https://" not in demo_html.split("<body>")[1]


def test_html_without_matplotlib_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without matplotlib the HTML states that charts need the plot extra, and has no images."""
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    page = report(responses={"nps": [10, 9, 3, 7] * 10, "segment": ["a", "b"] * 20}).to_html()
    assert 'class="charts-missing"' in page
    assert 'customer-expectations[plot]' in page
    assert "<img" not in page


def test_gate_conservative_uses_the_lower_bound() -> None:
    """A score above the threshold with its lower bound below passes only when not conservative."""
    r = report(responses={"nps": [10] * 45 + [8] * 20 + [3] * 35})  # NPS 10
    assert evaluate(r, min_nps=5)[0].passed
    assert not evaluate(r, min_nps=5, conservative=True)[0].passed


def test_gate_broken_rate_conservative_uses_the_upper_bound(demo: Report) -> None:
    """The broken rate judged conservatively is 1 - the kept rate's lower bound."""
    rows = demo["commitments"].table("commitments").records()
    chat = next(r for r in rows if r["commitment"].startswith("chat"))
    estimate, upper = 1 - chat["kept_rate"] / 100, 1 - chat["ci_low"] / 100
    limit = (estimate + upper) / 2
    plain = {v.name: v.passed for v in evaluate(demo, max_broken_rate=limit)}
    strict = {v.name: v.passed for v in evaluate(demo, max_broken_rate=limit, conservative=True)}
    name = f"broken rate of {chat['commitment']!r}"
    assert plain[name]
    assert not strict[name]


@pytest.mark.parametrize(("values", "first"), [
    ([10, 11], "11.0 at position 1"),
    ([np.inf, 9], "inf at position 0"),
    ([9, 0.5], "0.5 at position 1"),
    ([9, np.nan, -np.inf], "-inf at position 2"),
])
def test_off_scale_score_column_names_the_table_and_column(values: list[float],
                                                           first: str) -> None:
    """A bad score in a DataFrame names responses['column'] and the first value, not scores."""
    message = f"responses['nps'] must be integers in 0..10 for NPS; 1 value is not (first: {first})"
    with pytest.raises(InvalidScoreError, match=re.escape(message)):
        report(responses=pd.DataFrame({"nps": values}))


@pytest.mark.parametrize("values", [["10", "9"], [True, False],
                                    pd.to_datetime(["2024-01-01", "2024-01-02"])])
def test_non_numeric_score_column_names_the_callers_column(values: object) -> None:
    """Text, booleans or dates in a mapped score column name the caller's column."""
    with pytest.raises(InvalidScoreError, match=re.escape("responses['ltr'] must be")):
        report(responses=pd.DataFrame({"ltr": values}), columns={"nps": "ltr"})


def test_blank_answers_in_a_score_column_are_allowed() -> None:
    """Missing answers are skipped and counted by the section, not rejected."""
    made = report(responses=pd.DataFrame({"nps": [10, np.nan, 3, 9]}))
    assert made["nps"].n_dropped == 1


@pytest.mark.parametrize("columns", ["nps=ltr", True, ["nps"]])
def test_columns_that_are_not_a_mapping_are_rejected(columns: object) -> None:
    """columns= must be a mapping: anything else is InvalidParameterError naming columns."""
    with pytest.raises(InvalidParameterError, match=r"^columns must be a mapping"):
        report(responses=pd.DataFrame({"nps": [10, 9]}), columns=columns)  # type: ignore[arg-type]

"""The report's "Comparing many groups" section: present with more than five groups, else omitted.

Its numbers are those of :func:`expectations.funnel` and
:func:`expectations.league_table` (checked by hand and against statsmodels in
tests/groups); here, that the section appears exactly when a key has more than
five groups, carries those numbers, and renders in every format.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from tests.report.test_schema import validate

import expectations as ex
from expectations.report import json_schema, report
from expectations.report._many_groups import MANY_GROUPS


def _responses(touchpoints: int, segments: int = 3, n: int = 1200) -> pd.DataFrame:
    rng = np.random.default_rng(touchpoints)
    touchpoint = rng.integers(0, touchpoints, size=n)
    lift = np.linspace(-0.3, 0.3, touchpoints)[touchpoint]
    nps = np.clip(np.round(rng.normal(7.5 + 3 * lift, 2.0)), 0, 10).astype(float)
    nps[::97] = np.nan
    return pd.DataFrame({"nps": nps,
                         "touchpoint": [f"tp {t}" for t in touchpoint],
                         "segment": rng.choice([f"s{i}" for i in range(segments)], size=n)})


def test_section_appears_for_a_key_with_more_than_five_groups() -> None:
    """Eight touchpoints (and three segments): one funnel table, by touchpoint."""
    r = report(responses=_responses(8))
    assert "many_groups" in r
    section = r["many_groups"]
    assert [t.name for t in section.tables] == ["by_touchpoint"]
    assert r.keys().index("many_groups") == r.keys().index("segments") + 1


@pytest.mark.parametrize("groups", [MANY_GROUPS, 3])
def test_section_is_omitted_with_five_groups_or_fewer(groups: int) -> None:
    """With at most five touchpoints and segments there is nothing to rank: no section."""
    r = report(responses=_responses(groups))
    assert "many_groups" not in r
    assert "many_groups" not in [u.key for u in r.unavailable]


def test_table_holds_the_funnel_and_league_numbers() -> None:
    """Each row equals funnel() and league_table(rng=0) on the answered rows, in rank order."""
    responses = _responses(9)
    section = report(responses=responses)["many_groups"]
    table = section.table("by_touchpoint").to_frame().set_index("touchpoint")
    answered = responses.dropna(subset=["nps"])
    funnel = ex.funnel(answered["nps"], by=answered["touchpoint"])
    league = ex.league_table(answered["nps"], by=answered["touchpoint"], rng=0)
    assert table.index.tolist() == league.index.tolist()
    np.testing.assert_allclose(table["low_998"], funnel.loc[table.index, "low_998"])
    np.testing.assert_allclose(table["shrunk"], league["shrunk"])
    assert table["rank_high"].tolist() == league["rank_high"].tolist()
    assert table["band"].tolist() == funnel.loc[table.index, "band"].astype(str).tolist()
    assert section.n == len(answered)
    assert section.n_dropped == len(responses) - len(answered)


def test_section_renders_in_text_markdown_html_and_valid_json() -> None:
    """Terminal, Markdown, HTML (with its chart) and schema-valid JSON all carry the section."""
    r = report(responses=_responses(7))
    assert "Comparing many groups" in r.to_text()
    assert "## Comparing many groups" in r.to_markdown()
    html = r.to_html()
    assert 'id="section-many_groups"' in html
    document = json.loads(r.to_json())
    schema = json_schema()
    assert validate(document, schema, schema) == []
    keys = [s["key"] for s in document["sections"]]
    assert "many_groups" in keys
    rows = document["sections"][keys.index("many_groups")]["tables"][0]["rows"]
    assert {"touchpoint", "band", "rank_low", "rank_high"} <= set(rows[0])


def test_notes_name_the_groups_beyond_the_limits() -> None:
    """The notes say which groups lie beyond the limits, or that none do."""
    section = report(responses=_responses(8))["many_groups"]
    assert section.notes
    assert section.notes[0].startswith("By touchpoint:")

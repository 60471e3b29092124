"""The bundled retail demo: schema, ranges, the designed structure, determinism."""

from __future__ import annotations

import importlib.util
import math
import re
from importlib import resources
from pathlib import Path
from types import ModuleType

import attrs
import numpy as np
import pandas as pd
import pytest

from expectations.datasets import TABLES, RetailData, load_retail

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "make_demo_data.py"
DATA = resources.files("expectations.datasets") / "data"


@pytest.fixture(scope="module")
def data() -> RetailData:
    return load_retail()


def nps_points(scores: pd.Series) -> float:
    """NPS in points from raw answers (Reichheld 2003: promoters 9-10, detractors 0-6)."""
    s = scores.dropna().to_numpy(dtype=float)
    return 100.0 * (int(np.sum(s >= 9)) - int(np.sum(s <= 6))) / s.size


# ------------------------------------------------------------------ schema
@pytest.mark.parametrize("table", list(TABLES))
def test_columns_follow_documented_order(data: RetailData, table: str) -> None:
    """Each table has exactly the documented columns, in the documented order."""
    assert list(data.tables()[table].columns) == [c.name for c in TABLES[table]]


@pytest.mark.parametrize(("table", "column"),
                         [(t, c.name) for t, cols in TABLES.items() for c in cols])
def test_column_dtype_matches_schema(data: RetailData, table: str, column: str) -> None:
    """Every column is parsed into the dtype TABLES documents."""
    spec = next(c for c in TABLES[table] if c.name == column)
    series = data.tables()[table][column]
    if spec.dtype == "category":
        assert isinstance(series.dtype, pd.CategoricalDtype)
        assert tuple(series.cat.categories) == spec.categories
        assert series.cat.ordered == spec.ordered
        # An unknown label would have been read as missing.
        assert not series.isna().any()
    elif spec.dtype == "string":
        assert isinstance(series.dtype, pd.StringDtype)
    else:
        assert str(series.dtype) == spec.dtype


@pytest.mark.parametrize(("table", "low", "high"), [
    ("customers", 2_000, 3_000),
    ("responses", 15_000, 25_000),
    ("servqual", 450, 550),
    ("tolerance", 5 * 350, 5 * 500),
    ("kano", 5 * 350, 5 * 500),
    ("drivers", 1_000, 5_000),
])
def test_table_sizes(data: RetailData, table: str, low: int, high: int) -> None:
    """Tables have the documented number of rows."""
    assert low <= len(data.tables()[table]) <= high


@pytest.mark.parametrize(("table", "column"), [
    ("customers", "customer_id"), ("responses", "response_id"),
    ("transactions", "transaction_id"), ("outcomes", "outcome_id"),
    ("servqual", "respondent_id"), ("drivers", "response_id"),
    ("touchpoints", "name"), ("commitments", "name"),
])
def test_keys_are_unique(data: RetailData, table: str, column: str) -> None:
    """Identifier columns hold no duplicates."""
    assert data.tables()[table][column].is_unique


@pytest.mark.parametrize("table", ["responses", "servqual", "tolerance", "outcomes",
                                   "transactions"])
def test_customer_ids_refer_to_customers(data: RetailData, table: str) -> None:
    """Every customer_id in a fact table exists in customers."""
    assert data.tables()[table]["customer_id"].isin(data.customers["customer_id"]).all()


def test_driver_rows_refer_to_responses(data: RetailData) -> None:
    """Driver ratings belong to existing survey responses."""
    assert data.drivers["response_id"].isin(data.responses["response_id"]).all()


def test_documentation_lists_every_column() -> None:
    """docs/datasets.rst names every column (the SERVQUAL items as e01, e02 .. e22 ...)."""
    text = (ROOT / "docs" / "datasets.rst").read_text(encoding="utf-8")
    item = re.compile(r"[ep](0[2-9]|1\d|2[0-2])")
    missing = [f"{t}.{c.name}" for t, cols in TABLES.items() for c in cols
               if f"``{c.name}``" not in text and not item.fullmatch(c.name)]
    assert missing == []
    assert "``e02`` .. ``e22``" in text
    assert "``p02`` .. ``p22``" in text


# ------------------------------------------------------------------ ranges
SCORE_RANGES = [
    ("responses", ["nps"], 0, 10),
    ("responses", ["csat"], 1, 5),
    ("responses", ["ces"], 1, 7),
    ("servqual", [f"{k}{i:02d}" for k in "ep" for i in range(1, 23)], 1, 7),
    ("tolerance", ["adequate", "desired", "perceived"], 1, 9),
    ("drivers", ["price", "delivery", "quality", "support", "overall"], 1, 5),
]


@pytest.mark.parametrize(("table", "columns", "low", "high"), SCORE_RANGES)
def test_scores_within_their_scale(data: RetailData, table: str, columns: list[str],
                                   low: int, high: int) -> None:
    """Answers lie on their scale, and each scale's extremes are used."""
    values = data.tables()[table][columns].to_numpy(dtype=float, na_value=np.nan)
    answered = values[~np.isnan(values)]
    assert answered.min() == low
    assert answered.max() == high


@pytest.mark.parametrize(("name", "low", "high"), [
    ("nps", 0, 10), ("csat", 1, 5), ("ces", 1, 7), ("servqual", 1, 7), ("tolerance", 1, 9),
    ("drivers", 1, 5),
])
def test_scales_describe_the_answers(data: RetailData, name: str, low: int, high: int) -> None:
    """The bundled Scale objects have the documented bounds."""
    assert (data.scales[name].low, data.scales[name].high) == (low, high)


@pytest.mark.parametrize("column", ["nps", "csat", "ces"])
def test_some_answers_missing(data: RetailData, column: str) -> None:
    """Scores have unanswered questions, held as pd.NA in Int64."""
    share = data.responses[column].isna().mean()
    assert 0.01 < share < 0.6


def test_responses_span_eighteen_months(data: RetailData) -> None:
    """Responses run from January 2024 to June 2025, after each customer signed up."""
    dates = data.responses["date"]
    assert dates.min() == pd.Timestamp("2024-01-01")
    assert dates.max() == pd.Timestamp("2025-06-30")
    signup = data.responses["customer_id"].map(
        data.customers.set_index("customer_id")["signup_date"])
    assert (dates >= signup).all()


def test_segment_copied_from_customers(data: RetailData) -> None:
    """A response's segment is its customer's segment."""
    expected = data.responses["customer_id"].map(
        data.customers.set_index("customer_id")["segment"].astype(str))
    assert (data.responses["segment"].astype(str) == expected).all()


# ------------------------------------------------------------------ designed structure
def test_nps_is_j_shaped(data: RetailData) -> None:
    """Ten is the most common answer, many answer 9-10 and some answer 0-3."""
    counts = data.responses["nps"].value_counts(normalize=True)
    assert counts.idxmax() == 10
    assert counts.loc[[9, 10]].sum() > 0.4
    assert counts.loc[[0, 1, 2, 3]].sum() > 0.05
    assert counts.loc[[0, 1, 2, 3]].sum() > counts.loc[4]


def test_segments_differ_in_nps(data: RetailData) -> None:
    """Loyal customers' NPS is far above new ones', and bargain hunters' is lowest.

    The gap is checked against the two-sample z statistic of Rocks (2016), with
    the trinomial variance V = p + d - (p - d)^2.
    """
    by = {s: g["nps"].dropna().to_numpy(dtype=float)
          for s, g in data.responses.groupby("segment", observed=True)}
    nps = {s: nps_points(pd.Series(v)) for s, v in by.items()}
    assert nps["loyal"] > nps["regular"] > nps["new"] > nps["bargain"]
    assert nps["loyal"] - nps["new"] > 30

    def variance(v: np.ndarray) -> float:
        p, d = np.mean(v >= 9), np.mean(v <= 6)
        return float(p + d - (p - d) ** 2)

    z = ((nps["loyal"] - nps["new"]) / 100
         / math.sqrt(variance(by["loyal"]) / by["loyal"].size
                     + variance(by["new"]) / by["new"].size))
    assert z > 10


def test_delivery_is_the_worst_touchpoint(data: RetailData) -> None:
    """Delivery has the lowest NPS of all touchpoints."""
    nps = data.responses.groupby("touchpoint", observed=True)["nps"].agg(nps_points)
    assert nps.idxmin() == "delivery"
    assert nps.drop("delivery").min() - nps["delivery"] > 15


def delivery_days(data: RetailData) -> pd.Series:
    return data.outcomes.loc[data.outcomes["commitment"] == "delivery within 2 days", "value"]


def test_two_day_delivery_usually_broken(data: RetailData) -> None:
    """The 2-day delivery promise is kept well under 70% of the time."""
    kept = (delivery_days(data) <= 2).mean()
    assert 0.5 < kept < 0.7


def test_four_days_is_a_realistic_promise(data: RetailData) -> None:
    """The 95th percentile of delivery days is about 4 (a promise kept 95% of the time)."""
    assert 3.6 <= np.quantile(delivery_days(data), 0.95) <= 4.4


@pytest.mark.parametrize(("commitment", "low", "high"), [
    ("chat reply within 60 seconds", 0.85, 0.97),
    ("refund within 5 days", 0.7, 0.92),
    ("phone answered within 3 minutes", 0.55, 0.8),
])
def test_other_commitments_kept_rates(data: RetailData, commitment: str, low: float,
                                      high: float) -> None:
    """Chat replies are mostly on time; refunds and phone waits miss more often."""
    target = data.commitment_table.set_index("name").loc[commitment, "target"]
    values = data.outcomes.loc[data.outcomes["commitment"] == commitment, "value"]
    assert low < (values <= target).mean() < high


def test_delivery_days_right_skewed(data: RetailData) -> None:
    """Delivery times have a long right tail: mean above median."""
    days = delivery_days(data)
    assert days.min() > 0
    assert days.mean() > days.median()


def test_servqual_points_sum_to_100(data: RetailData) -> None:
    """Each respondent's importance allocation sums to exactly 100 points."""
    points = data.servqual.filter(like="w_")
    assert points.shape[1] == 5
    assert (points.sum(axis=1) == 100).all()
    assert (points >= 0).all().all()


def test_reliability_has_biggest_servqual_gap(data: RetailData) -> None:
    """Reliability has the most negative P - E gap (per-respondent dimension means).

    Dimension items as in Parasuraman, Zeithaml & Berry (1988): tangibles 1-4,
    reliability 5-9, responsiveness 10-13, assurance 14-17, empathy 18-22.
    """
    items = {"tangibles": range(1, 5), "reliability": range(5, 10),
             "responsiveness": range(10, 14), "assurance": range(14, 18),
             "empathy": range(18, 23)}
    sq = data.servqual
    gaps = {d: np.mean([sq[f"p{i:02d}"].to_numpy() - sq[f"e{i:02d}"].to_numpy() for i in r],
                       axis=0).mean()
            for d, r in items.items()}
    assert min(gaps, key=gaps.__getitem__) == "reliability"
    assert all(g < 0 for g in gaps.values())


def test_some_tolerance_answers_inverted(data: RetailData) -> None:
    """About 1-2% of zone-of-tolerance answers put desired below adequate."""
    tol = data.tolerance
    share = (tol["desired"] < tol["adequate"]).mean()
    assert 0.005 < share < 0.03


def test_tolerance_reliability_mostly_below_zone(data: RetailData) -> None:
    """Perceived reliability falls below the adequate level more often than any dimension."""
    tol = data.tolerance
    below = (tol["perceived"] < tol["adequate"]).groupby(tol["dimension"], observed=True).mean()
    assert below.idxmax() == "reliability"


# Kano evaluation table (Berger et al. 1993), rows functional, columns dysfunctional,
# both in the order like, must-be, neutral, live-with, dislike (REFERENCES.md).
KANO_ORDER = ["like", "must-be", "neutral", "live-with", "dislike"]
KANO_TABLE = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]


def kano_counts(data: RetailData) -> pd.DataFrame:
    kano = data.kano
    rows = kano["functional"].astype(str).map(KANO_ORDER.index)
    cols = kano["dysfunctional"].astype(str).map(KANO_ORDER.index)
    category = [KANO_TABLE[r][c] for r, c in zip(rows, cols, strict=True)]
    return pd.crosstab(kano["feature"].astype(str), pd.Series(category, name="category"))


@pytest.mark.parametrize(("feature", "category"), [
    ("free returns", "M"), ("same-day delivery", "A"), ("live chat", "O"),
    ("gift wrapping", "I"),
])
def test_kano_modal_category(data: RetailData, feature: str, category: str) -> None:
    """Each feature's most frequent Kano category is the designed one."""
    assert kano_counts(data).loc[feature].idxmax() == category


def test_kano_loyalty_points_mixed(data: RetailData) -> None:
    """Loyalty points has no significant winner (Fong 1996 test on the top two)."""
    counts = kano_counts(data).loc["loyalty points"].sort_values(ascending=False)
    a, b, n = counts.iloc[0], counts.iloc[1], counts.sum()
    assert abs(a - b) < 1.65 * math.sqrt((a + b) * (2 * n - a - b) / (2 * n))


def test_kano_each_respondent_answers_every_feature(data: RetailData) -> None:
    """The Kano table is complete long format: one row per respondent and feature."""
    per = data.kano.groupby("respondent_id")["feature"].nunique()
    assert (per == 5).all()
    assert len(data.kano) == 5 * per.size


def test_most_customers_buy_once(data: RetailData) -> None:
    """Over half of customers have exactly one order; a loyal tail orders ten or more."""
    frequency = data.transactions["customer_id"].value_counts()
    assert frequency.size == len(data.customers)
    assert (frequency == 1).mean() > 0.5
    assert (frequency >= 10).sum() > 50


def test_amounts_log_normal_like(data: RetailData) -> None:
    """Order values are positive and right-skewed, their logs roughly symmetric."""
    from scipy.stats import skew

    amount = data.transactions["amount"].to_numpy()
    assert (amount > 0).all()
    assert skew(amount) > 1
    assert abs(skew(np.log(amount))) < 0.5


def test_delivery_is_strongest_driver(data: RetailData) -> None:
    """Delivery correlates most with overall satisfaction among the attribute ratings."""
    corr = data.drivers.drop(columns="response_id").astype(float).corr(method="spearman")
    assert corr["overall"].drop("overall").idxmax() == "delivery"


def test_comments_mostly_english_with_some_other_languages(data: RetailData) -> None:
    """Comments are mostly ASCII English, with some accented French/Spanish/German."""
    comments = data.responses["comment"].dropna()
    accented = comments.str.contains("[éèêàçñ¡üöäß]", regex=True)
    assert 20 < accented.sum() < 0.1 * comments.size
    assert comments.str.contains("Livraison|envío|Lieferung", regex=True).any()


@pytest.mark.parametrize("theme", ["late", "fee", "staff", "crash", "refund"])
def test_comments_cover_themes(data: RetailData, theme: str) -> None:
    """Every designed theme appears in the free text."""
    assert data.responses["comment"].str.contains(theme, case=False).sum() > 20


# ------------------------------------------------------------------ model objects
def test_each_customer_matches_its_persona(data: RetailData) -> None:
    """Each customer matches exactly one persona's traits: the one named in the table."""
    matches = np.column_stack([p.matches(data.customers) for p in data.personas])
    assert (matches.sum(axis=1) == 1).all()
    names = np.array([p.name for p in data.personas])
    assert (names[matches.argmax(axis=1)] == data.customers["persona"].astype(str)).all()


def test_journey_matches_touchpoint_table(data: RetailData) -> None:
    """The Journey's touchpoints are the touchpoints table's rows, in order."""
    rows = [(t.name, t.channel.value, t.stage.value) for t in data.journey.touchpoints]
    table = data.touchpoints
    assert rows == list(zip(table["name"], table["channel"].astype(str),
                            table["stage"].astype(str), strict=True))


def test_commitments_match_commitment_table(data: RetailData) -> None:
    """The Commitment objects are the commitment table's rows."""
    table = data.commitment_table
    assert [c.name for c in data.commitments] == table["name"].tolist()
    assert [c.target for c in data.commitments] == table["target"].tolist()
    assert [c.explicit for c in data.commitments] == table["explicit"].tolist()
    assert set(table["touchpoint"]) <= set(data.touchpoints["name"])


# ------------------------------------------------------------------ copies and files
def test_loads_are_independent_copies() -> None:
    """Changing one loaded table leaves the next load untouched."""
    first = load_retail()
    original = first.responses["nps"].copy()
    first.responses.loc[:, "nps"] = 0
    del first.customers["segment"]
    second = load_retail()
    pd.testing.assert_series_equal(second.responses["nps"], original)
    assert "segment" in second.customers.columns


def test_retail_data_is_frozen(data: RetailData) -> None:
    """Fields cannot be reassigned, and scales cannot be replaced."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        data.customers = pd.DataFrame()  # type: ignore[misc]
    with pytest.raises(TypeError):
        data.scales["nps"] = data.scales["csat"]  # type: ignore[index]


def test_repr_is_a_short_summary(data: RetailData) -> None:
    """The repr names each table with its row count, not the data."""
    text = repr(data)
    assert "responses=20,000 rows" in text
    assert len(text) < 400


def test_data_files_are_small() -> None:
    """The bundled files stay well under 1 MB in total."""
    total = sum(len((DATA / f"{name}.csv.gz").read_bytes()) for name in TABLES)
    assert total < 1_000_000


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_demo_data", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_reproduces_shipped_files(tmp_path: Path) -> None:
    """Running the generator rewrites every bundled file byte for byte."""
    written = load_script().write(tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{name}.csv.gz" for name in TABLES)
    for path in written:
        assert path.read_bytes() == (DATA / path.name).read_bytes(), path.name

"""Regenerate the bundled retail demo data of ``expectations.datasets.load_retail``.

Usage::

    python scripts/make_demo_data.py            # rewrites src/expectations/datasets/data/
    python scripts/make_demo_data.py OUTDIR     # writes the files somewhere else

Every table is drawn from one ``numpy.random.default_rng(SEED)`` stream in a fixed
order, written with a fixed column order and float format, and gzipped with
``mtime=0``, so the output is byte-for-byte identical on every run (given the same
numpy and zlib). The structure each table is built to show is stated next to the
code that builds it; ``tests/test_datasets.py`` checks that it really holds.
"""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from expectations.datasets._catalogue import (
    AGE_BANDS,
    COMMITMENTS,
    FEATURES,
    PERSONAS,
    REGIONS,
    SEGMENTS,
    SERVQUAL_DIMENSIONS,
    SERVQUAL_ITEMS,
    TOUCHPOINTS,
)
from expectations.datasets._schema import TABLES

SEED = 20240601
N_CUSTOMERS = 2_500
N_RESPONSES = 20_000
N_SERVQUAL = 500
N_TOLERANCE = 400
N_KANO = 400
N_DRIVERS = 3_000
START = np.datetime64("2024-01-01")
END = np.datetime64("2025-06-30")
DEFAULT_DIR = Path(__file__).resolve().parents[1] / "src" / "expectations" / "datasets" / "data"

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Rng = np.random.Generator


# ------------------------------------------------------------------ helpers
def ordinal(latent: Floats, shares: list[float], low: int) -> Ints:
    """Cut a roughly standard-normal latent into ``low, low+1, ...`` with target shares."""
    from scipy.stats import norm

    cuts = norm.ppf(np.cumsum(shares)[:-1])
    return np.searchsorted(cuts, latent).astype(np.int64) + low


def days_between(rng: Rng, first: npt.NDArray[np.datetime64],
                 last: np.datetime64) -> npt.NDArray[np.datetime64]:
    """One uniformly drawn day in ``[first, last]`` per element of ``first``."""
    span = (last - first).astype(np.int64) + 1
    offset = np.floor(rng.random(first.size) * span).astype(np.int64)
    return first + offset.astype("timedelta64[D]")


def with_missing(rng: Rng, values: Ints, share: float) -> pd.Series:
    """Values as nullable Int64 with about ``share`` of them unanswered."""
    out = pd.array(values, dtype="Int64")
    out[rng.random(values.size) < share] = pd.NA
    return pd.Series(out)


def pick(rng: Rng, options: tuple[str, ...], p: list[float], n: int) -> npt.NDArray[np.str_]:
    """Draw ``n`` labels with probabilities ``p``."""
    return np.asarray(options)[rng.choice(len(options), size=n, p=p)]


# ------------------------------------------------------------------ customers
def make_customers(rng: Rng) -> pd.DataFrame:
    n = N_CUSTOMERS
    segment = pick(rng, SEGMENTS, [0.25, 0.35, 0.15, 0.25], n)
    new = segment == "new"
    # "new" means joined in the last year of the survey window; the others before it.
    old_first = np.datetime64("2019-01-01")
    cut = np.datetime64("2024-07-01")
    signup = np.where(new, days_between(rng, np.full(n, cut), END),
                      days_between(rng, np.full(n, old_first), cut - 1))
    region = pick(rng, REGIONS, [0.22, 0.18, 0.24, 0.2, 0.09, 0.07], n)
    age = pick(rng, AGE_BANDS, [0.12, 0.24, 0.22, 0.18, 0.14, 0.10], n)
    young = np.isin(age, ["18-24", "25-34"])
    channels = ("store", "web", "app", "email", "phone", "chat", "social")
    channel = np.where(
        young,
        pick(rng, channels, [0.08, 0.33, 0.42, 0.03, 0.02, 0.09, 0.03], n),
        pick(rng, channels, [0.20, 0.40, 0.15, 0.06, 0.12, 0.05, 0.02], n),
    )
    names = [p.name for p in PERSONAS]
    persona = np.where(segment == "loyal", names[0],
                       np.where(segment == "bargain", names[1],
                                np.where(young, names[2], names[3])))
    return pd.DataFrame({
        "customer_id": np.arange(1, n + 1, dtype=np.int64),
        "signup_date": signup,
        "region": region,
        "age_band": age,
        "preferred_channel": channel,
        "segment": segment,
        "persona": persona,
    })


# ------------------------------------------------------------------ transactions
def make_transactions(rng: Rng, customers: pd.DataFrame) -> pd.DataFrame:
    """Most customers buy once (heavy ties in RFM frequency); loyal ones buy often."""
    segment = customers["segment"].to_numpy()
    n = segment.size
    u = rng.random(n)
    count = np.ones(n, dtype=np.int64)
    count = np.where(segment == "new", 1 + (u < 0.08) * rng.poisson(0.6, n) + (u < 0.08), count)
    count = np.where(segment == "regular", np.where(u < 0.6, 1, 2 + rng.poisson(1.0, n)), count)
    count = np.where(segment == "bargain", np.where(u < 0.55, 1, 2 + rng.poisson(0.8, n)), count)
    count = np.where(segment == "loyal", 3 + rng.negative_binomial(3, 0.3, n), count)
    owner = np.repeat(np.arange(n), count)
    first = np.maximum(customers["signup_date"].to_numpy().astype("datetime64[D]"), START)
    date = days_between(rng, first[owner], END)
    scale = np.select([segment == "bargain", segment == "loyal"], [0.65, 1.25], 1.0)[owner]
    amount = np.maximum(np.round(rng.lognormal(np.log(38.0), 0.75, owner.size) * scale, 2), 2.99)
    order = np.lexsort((owner, date))
    return pd.DataFrame({
        "transaction_id": np.arange(1, owner.size + 1, dtype=np.int64),
        "customer_id": customers["customer_id"].to_numpy()[owner][order],
        "date": date[order],
        "amount": amount[order],
    })


# ------------------------------------------------------------------ responses
SEGMENT_EFFECT = {"new": -0.3, "regular": 0.05, "loyal": 0.8, "bargain": -0.5}
TOUCHPOINT_MIX = {  # share of surveys, effect on the latent satisfaction
    "social ads": (0.03, -0.1),
    "website browse": (0.12, 0.2),
    "app checkout": (0.15, 0.1),
    "delivery": (0.26, -0.75),  # the touchpoint that is clearly worse
    "store pickup": (0.08, 0.3),
    "chat support": (0.11, 0.15),
    "phone support": (0.07, -0.15),
    "returns": (0.10, -0.35),
    "loyalty newsletter": (0.08, 0.1),
}
CES_ASKED = ("app checkout", "store pickup", "chat support", "phone support", "returns")
NPS_SHARES = [0.05, 0.015, 0.02, 0.025, 0.025, 0.05, 0.06, 0.11, 0.15, 0.19, 0.305]
CSAT_SHARES = [0.08, 0.07, 0.12, 0.30, 0.43]
CES_SHARES = [0.05, 0.05, 0.07, 0.10, 0.18, 0.25, 0.30]
DRIVER_SHARES = [0.08, 0.12, 0.25, 0.33, 0.22]

COMMENTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # touchpoint: (negative comments, positive comments)
    "social ads": (
        ("Too many ads, and the offer was not valid when I clicked.",
         "The advert promised a discount I never got."),
        ("Saw the sale on Instagram, nice offer.", "Fun adverts, made me look."),
    ),
    "website browse": (
        ("Website search is useless, could not find anything.",
         "Pages load slowly and the filters reset.", "Prices on the site changed at checkout."),
        ("Great range, easy to find what I wanted.", "Clear product photos and descriptions."),
    ),
    "app checkout": (
        ("App crashed at checkout twice.", "The app keeps freezing when I pay.",
         "App crashes every time I apply a voucher.", "Surprise delivery fee at checkout."),
        ("Checkout in the app is quick and easy.", "Paying in the app took seconds."),
    ),
    "delivery": (
        ("Delivery was late again and nobody told me.", "Promised 2 days, took nearly a week.",
         "Parcel arrived late and the box was damaged.", "Courier left my parcel in the rain.",
         "Delivery late, tracking said delivered when it was not.",
         "Late delivery, missed the birthday it was for."),
        ("Arrived the next day, well packed.", "Fast delivery, thank you.",
         "Driver was polite and on time."),
    ),
    "store pickup": (
        ("Staff at the counter were rude.", "Waited 20 minutes at the pickup desk.",
         "Order was not ready when the email said it was."),
        ("Staff were friendly and helpful.", "Quick pickup, very courteous staff.",
         "Lovely staff, order ready on time."),
    ),
    "chat support": (
        ("Waited ages for a chat reply.", "The chat bot went round in circles."),
        ("Chat answered straight away and sorted it.", "Helpful agent on chat, very polite."),
    ),
    "phone support": (
        ("On hold for 25 minutes.", "Agent was dismissive and hung up on me.",
         "Had to explain my problem three times."),
        ("The lady on the phone was very polite.", "Courteous staff who solved it in one call."),
    ),
    "returns": (
        ("Still waiting for my refund after two weeks.",
         "Refund took ages and I had to chase it.", "Return label never arrived."),
        ("Refund came back within three days.", "Returns were easy, refund was quick."),
    ),
    "loyalty newsletter": (
        ("Too many emails, and the points expire too fast.",),
        ("Love the loyalty points offers.", "Nice member discounts every month."),
    ),
}
PRICE_COMMENTS = (
    "Delivery fee is too high for a small order.", "Prices went up, found it cheaper elsewhere.",
    "Hidden fees at checkout.", "Too expensive compared with other shops.",
)
NEUTRAL_COMMENTS = ("It was fine.", "OK, nothing special.", "Average experience.",
                    "Fine but the delivery could be faster.")
FOREIGN_COMMENTS = (
    # (negative, positive) in French, Spanish and German, with their accents.
    ("Livraison très en retard, déçu.", "Personnel très aimable, merci !"),
    ("Le remboursement a pris trop de temps.", "Livraison rapide, très satisfaite."),
    ("Frais de livraison trop élevés.", "Application facile à utiliser, génial."),
    ("El envío llegó tarde otra vez.", "Atención muy amable, ¡gracias!"),
    ("La aplicación se cierra al pagar.", "Entrega rápida, todo perfecto."),
    ("El reembolso tardó demasiado.", "Muy buena calidad, lo recomiendo."),
    ("Lieferung kam drei Tage zu spät.", "Sehr freundliches Personal, danke schön."),
    ("Die App stürzt beim Bezahlen ab.", "Schnelle Lieferung, alles bestens."),
    ("Rückerstattung dauert viel zu lange, ärgerlich.", "Tolle Qualität, gerne wieder."),
)
CLOSERS = (("Won't order again.", "Very disappointed."), ("Would recommend.", "Thanks!"))


def choose(rng: Rng, pool: tuple[str, ...], n: int) -> npt.NDArray[np.object_]:
    return np.asarray(pool, dtype=object)[rng.integers(0, len(pool), n)]


def make_comments(rng: Rng, touchpoint: npt.NDArray[np.str_], segment: npt.NDArray[np.str_],
                  mood: Ints) -> pd.Series:
    """Free text for about a third of responses; detractors comment more often."""
    n = touchpoint.size
    text = np.full(n, None, dtype=object)
    for name, (neg, pos) in COMMENTS.items():
        here = touchpoint == name
        text[here & (mood < 0)] = choose(rng, neg, int(np.sum(here & (mood < 0))))
        text[here & (mood > 0)] = choose(rng, pos, int(np.sum(here & (mood > 0))))
    neutral = mood == 0
    text[neutral] = choose(rng, NEUTRAL_COMMENTS, int(neutral.sum()))
    # Bargain hunters complain about price and fees whatever the touchpoint.
    fees = (mood < 0) & (segment == "bargain") & (rng.random(n) < 0.5)
    text[fees] = choose(rng, PRICE_COMMENTS, int(fees.sum()))
    closer = rng.random(n) < 0.25
    for sign, pool in ((-1, CLOSERS[0]), (1, CLOSERS[1])):
        extra = closer & (mood == sign)
        text[extra] = text[extra] + " " + choose(rng, pool, int(extra.sum()))
    foreign = rng.random(n) < 0.03
    pair = rng.integers(0, len(FOREIGN_COMMENTS), n)
    foreign_text = np.asarray(FOREIGN_COMMENTS, dtype=object)[pair, (mood > 0).astype(int)]
    text[foreign & (mood != 0)] = foreign_text[foreign & (mood != 0)]
    leaves = rng.random(n) < np.select([mood < 0, mood > 0], [0.5, 0.28], 0.2)
    text[~leaves] = None
    return pd.Series(pd.array(text, dtype="string"))


def make_responses(rng: Rng, customers: pd.DataFrame,
                   transactions: pd.DataFrame) -> tuple[pd.DataFrame, Floats]:
    """J-shaped scores; loyal far above new and bargain; delivery clearly worst."""
    n = N_RESPONSES
    # Customers who buy more are surveyed more.
    bought = np.bincount(transactions["customer_id"].to_numpy() - 1, minlength=len(customers))
    who = rng.choice(len(customers), size=n, p=bought / bought.sum())
    segment = customers["segment"].to_numpy()[who]
    names = tuple(TOUCHPOINT_MIX)
    share = np.array([TOUCHPOINT_MIX[t][0] for t in names])
    tp_index = rng.choice(len(names), size=n, p=share / share.sum())
    touchpoint = np.asarray(names)[tp_index]
    first = np.maximum(customers["signup_date"].to_numpy().astype("datetime64[D]")[who], START)
    date = days_between(rng, first, END)

    tp_channel = {t[0]: t[1] for t in TOUCHPOINTS}
    channel = np.asarray([tp_channel[t] for t in names])[tp_index]
    prefers_app = customers["preferred_channel"].to_numpy()[who] == "app"
    online = np.isin(touchpoint, ["delivery", "returns"])
    app = rng.random(n) < np.where(prefers_app, 0.75, 0.2)
    channel = np.where(online & app, "app", channel)

    elapsed = (date - START).astype(np.int64) / (END - START).astype(np.int64)
    month_day = pd.DatetimeIndex(date)
    peak = (month_day.month == 12) | ((month_day.month == 11) & (month_day.day >= 20))
    tp_effect = np.array([TOUCHPOINT_MIX[t][1] for t in names])[tp_index]
    person = rng.normal(0.0, 0.35, len(customers))[who]
    segment_effect = np.vectorize(SEGMENT_EFFECT.__getitem__, otypes=[float])(segment)
    latent = (segment_effect + tp_effect - 0.2
              + 0.25 * elapsed  # expectations met a little better each month
              - 0.5 * (peak & (touchpoint == "delivery"))  # the Christmas delivery crunch
              + person + rng.normal(0.0, 0.75, n))
    nps = ordinal(latent + rng.normal(0.0, 0.45, n), NPS_SHARES, 0)
    csat = ordinal(latent + rng.normal(0.0, 0.6, n), CSAT_SHARES, 1)
    ces = ordinal(0.8 * latent + rng.normal(0.0, 0.7, n), CES_SHARES, 1)
    mood = np.select([nps <= 6, nps >= 9], [-1, 1], 0)
    comment = make_comments(rng, touchpoint, segment, mood)

    ces_series = with_missing(rng, ces, 0.06)
    ces_series[~np.isin(touchpoint, CES_ASKED)] = pd.NA
    order = np.lexsort((tp_index, who, date))
    frame = pd.DataFrame({
        "customer_id": customers["customer_id"].to_numpy()[who],
        "date": date,
        "touchpoint": touchpoint,
        "channel": channel,
        "segment": segment,
        "nps": with_missing(rng, nps, 0.04),
        "csat": with_missing(rng, csat, 0.07),
        "ces": ces_series,
        "comment": comment,
    }).iloc[order].reset_index(drop=True)
    frame.insert(0, "response_id", np.arange(1, n + 1, dtype=np.int64))
    return frame, latent[order]


# ------------------------------------------------------------------ drivers
def make_drivers(rng: Rng, responses: pd.DataFrame, latent: Floats) -> pd.DataFrame:
    """Attribute ratings sharing a common factor; delivery drives overall most."""
    rows = np.sort(rng.choice(len(responses), size=N_DRIVERS, replace=False))
    factor = (latent[rows] - latent.mean()) / latent.std()
    k = rows.size
    attribute = {
        "price": 0.45 * factor + 0.89 * rng.standard_normal(k),
        "delivery": 0.6 * factor + 0.8 * rng.standard_normal(k),
        "quality": 0.5 * factor + 0.87 * rng.standard_normal(k),
        "support": 0.45 * factor + 0.89 * rng.standard_normal(k),
    }
    overall = (0.55 * attribute["delivery"] + 0.2 * attribute["quality"]
               + 0.15 * attribute["price"] + 0.15 * attribute["support"]
               + 0.55 * rng.standard_normal(k))
    frame = pd.DataFrame({"response_id": responses["response_id"].to_numpy()[rows]})
    for name, values in attribute.items():
        frame[name] = with_missing(rng, ordinal(values, DRIVER_SHARES, 1), 0.01)
    frame["overall"] = with_missing(rng, ordinal(overall / overall.std(), DRIVER_SHARES, 1), 0.0)
    return frame


# ------------------------------------------------------------------ outcomes
def make_outcomes(rng: Rng, customers: pd.DataFrame,
                  transactions: pd.DataFrame) -> pd.DataFrame:
    """Delivery days right-skewed: ~60% within the 2-day promise, ~95% within 4 days."""
    prefers_app = customers["preferred_channel"].to_numpy() == "app"
    parts = []

    # Solving P(X <= 2) = 0.6 and P(X <= 4) = 0.95 for a log-normal gives these values.
    delivered = transactions[rng.random(len(transactions)) < 0.85]
    cid = delivered["customer_id"].to_numpy()
    m = cid.size
    days = np.round(rng.lognormal(0.567, 0.498, m), 2)
    app = rng.random(m) < np.where(prefers_app[cid - 1], 0.75, 0.2)
    parts.append(("delivery within 2 days", cid, delivered["date"].to_numpy(),
                  np.where(app, "app", "web"), days))

    returned = transactions[rng.random(len(transactions)) < 0.1]
    cid = returned["customer_id"].to_numpy()
    refund_date = returned["date"].to_numpy() + rng.integers(3, 20, cid.size).astype(
        "timedelta64[D]")
    parts.append(("refund within 5 days", cid, np.minimum(refund_date, END), np.full(
        cid.size, "web"), np.round(rng.lognormal(np.log(3.2), 0.45, cid.size), 2)))

    for name, channel, count, median, sigma in (
        ("chat reply within 60 seconds", "chat", 3_000, 28.0, 0.6),
        ("phone answered within 3 minutes", "phone", 1_500, 130.0, 0.7),
    ):
        cid = rng.integers(1, len(customers) + 1, count)
        first = np.maximum(customers["signup_date"].to_numpy().astype("datetime64[D]")[cid - 1],
                           START)
        parts.append((name, cid, days_between(rng, first, END), np.full(count, channel),
                      np.round(rng.lognormal(np.log(median), sigma, count))))

    names = [c[0] for c in COMMITMENTS]
    frame = pd.concat([
        pd.DataFrame({"commitment": name, "customer_id": cid, "date": date,
                      "channel": channel, "value": value})
        for name, cid, date, channel, value in parts
    ], ignore_index=True)
    rank = frame["commitment"].map({n: i for i, n in enumerate(names)}).to_numpy()
    order = np.lexsort((frame["customer_id"].to_numpy(), rank, frame["date"].to_numpy()))
    frame = frame.iloc[order].reset_index(drop=True)
    frame.insert(0, "outcome_id", np.arange(1, len(frame) + 1, dtype=np.int64))
    return frame


# ------------------------------------------------------------------ gap surveys
SERVQUAL_GAP = {"tangibles": -0.2, "reliability": -1.4, "responsiveness": -0.9,
                "assurance": -0.4, "empathy": -0.7}
SERVQUAL_EXPECT = {"tangibles": -0.5, "reliability": 0.4, "responsiveness": 0.2,
                   "assurance": 0.1, "empathy": -0.1}
SERVQUAL_IMPORTANCE = [0.11, 0.32, 0.22, 0.19, 0.16]


def allocate_points(rng: Rng, n: int) -> Ints:
    """Allocate importance points in steps of 5 summing to exactly 100 (largest remainder)."""
    share = rng.dirichlet(12.0 * np.asarray(SERVQUAL_IMPORTANCE), n) * 20.0
    steps = np.floor(share).astype(np.int64)
    short = 20 - steps.sum(axis=1)
    rank = np.argsort(np.argsort(-(share - steps), axis=1, kind="stable"), axis=1)
    return (steps + (rank < short[:, None])) * 5


def make_servqual(rng: Rng, customers: pd.DataFrame) -> pd.DataFrame:
    """Draw high expectations and lower perceptions; reliability has the biggest gap."""
    n = N_SERVQUAL
    dims = [d for d in SERVQUAL_DIMENSIONS for _ in SERVQUAL_ITEMS[d]]
    expect_base = rng.normal(6.0, 0.45, n)[:, None]
    perceive_base = rng.normal(0.0, 0.6, n)[:, None]
    e_shift = np.array([SERVQUAL_EXPECT[d] for d in dims])
    gap = np.array([SERVQUAL_GAP[d] for d in dims])
    expected = expect_base + e_shift + rng.normal(0.0, 0.6, (n, 22))
    perceived = expect_base + e_shift + gap + perceive_base + rng.normal(0.0, 0.8, (n, 22))
    e = np.clip(np.round(expected), 1, 7).astype(np.int64)
    p = np.clip(np.round(perceived), 1, 7).astype(np.int64)
    points = allocate_points(rng, n)
    frame = pd.DataFrame({
        "respondent_id": np.arange(1, n + 1, dtype=np.int64),
        "customer_id": np.sort(rng.choice(len(customers), n, replace=False)) + 1,
    })
    items = {f"e{i + 1:02d}": e[:, i] for i in range(22)}
    items |= {f"p{i + 1:02d}": p[:, i] for i in range(22)}
    items |= {f"w_{d}": points[:, j] for j, d in enumerate(SERVQUAL_DIMENSIONS)}
    return pd.concat([frame, pd.DataFrame(items)], axis=1)


TOLERANCE_LEVELS = {  # dimension: (mean adequate, mean perceived) on 1-9
    "tangibles": (4.5, 6.6), "reliability": (6.2, 5.4), "responsiveness": (5.6, 5.9),
    "assurance": (5.4, 6.6), "empathy": (5.0, 6.1),
}


def make_tolerance(rng: Rng, customers: pd.DataFrame) -> pd.DataFrame:
    """Zone of tolerance, 1-9; ~1.5% inverted answers (desired below adequate)."""
    n, k = N_TOLERANCE, len(SERVQUAL_DIMENSIONS)
    adequate_mean = np.array([TOLERANCE_LEVELS[d][0] for d in SERVQUAL_DIMENSIONS])
    perceived_mean = np.array([TOLERANCE_LEVELS[d][1] for d in SERVQUAL_DIMENSIONS])
    adequate = np.clip(np.round(adequate_mean + rng.normal(0, 0.7, (n, 1))
                                + rng.normal(0, 0.8, (n, k))), 1, 8).astype(np.int64)
    desired = np.minimum(adequate + 1 + rng.poisson(1.3, (n, k)), 9)
    perceived = np.clip(np.round(perceived_mean + rng.normal(0, 0.6, (n, 1))
                                 + rng.normal(0, 1.1, (n, k))), 1, 9).astype(np.int64)
    adequate, desired, perceived = adequate.ravel(), desired.ravel(), perceived.ravel()
    # Some respondents read the two questions the wrong way round: swap a few answers.
    inverted = rng.choice(adequate.size, size=round(0.015 * adequate.size), replace=False)
    adequate[inverted], desired[inverted] = desired[inverted], adequate[inverted].copy()
    return pd.DataFrame({
        "respondent_id": np.repeat(np.arange(1, n + 1, dtype=np.int64), k),
        "customer_id": np.repeat(np.sort(rng.choice(len(customers), n, replace=False)) + 1, k),
        "dimension": np.tile(np.asarray(SERVQUAL_DIMENSIONS), n),
        "adequate": adequate,
        "desired": desired,
        "perceived": perceived,
    })


KANO_MIX = {  # feature: shares of A, O, M, I, R, Q
    "free returns": [0.08, 0.2, 0.55, 0.12, 0.02, 0.03],
    "same-day delivery": [0.5, 0.15, 0.08, 0.22, 0.02, 0.03],
    "live chat": [0.18, 0.48, 0.14, 0.16, 0.02, 0.02],
    "gift wrapping": [0.2, 0.05, 0.03, 0.6, 0.09, 0.03],
    "loyalty points": [0.29, 0.27, 0.1, 0.28, 0.04, 0.02],  # no clear winner
}
# Answer pairs (functional, dysfunctional) that the evaluation table maps to each
# category, with how often respondents give each pair.
KANO_PAIRS: dict[str, tuple[tuple[str, str, float], ...]] = {
    "A": (("like", "neutral", 0.5), ("like", "live-with", 0.3), ("like", "must-be", 0.2)),
    "O": (("like", "dislike", 1.0),),
    "M": (("must-be", "dislike", 0.4), ("neutral", "dislike", 0.35),
          ("live-with", "dislike", 0.25)),
    "I": (("neutral", "neutral", 0.5), ("neutral", "live-with", 0.2),
          ("live-with", "live-with", 0.15), ("must-be", "neutral", 0.15)),
    "R": (("neutral", "like", 0.4), ("dislike", "like", 0.3), ("dislike", "neutral", 0.3)),
    "Q": (("like", "like", 0.5), ("dislike", "dislike", 0.5)),
}


def make_kano(rng: Rng) -> pd.DataFrame:
    """Free returns must-be, same-day delivery attractive, live chat one-dimensional."""
    n = N_KANO
    categories = "AOMIRQ"
    pairs = [(f, d) for cat in categories for f, d, _ in KANO_PAIRS[cat]]
    functional = np.asarray([f for f, _ in pairs])
    dysfunctional = np.asarray([d for _, d in pairs])
    columns = []
    for feature in FEATURES:
        # Exact category counts, shuffled, so each feature's profile is as designed.
        counts = np.round(np.asarray(KANO_MIX[feature]) * n).astype(np.int64)
        counts[int(np.argmax(counts))] += n - counts.sum()
        category = rng.permutation(np.repeat(np.arange(len(categories)), counts))
        chosen = np.empty(n, dtype=np.int64)
        offset = 0
        for index, cat in enumerate(categories):
            here = category == index
            weights = np.array([w for _, _, w in KANO_PAIRS[cat]])
            chosen[here] = offset + rng.choice(weights.size, size=int(here.sum()), p=weights)
            offset += weights.size
        columns.append(chosen)
    chosen = np.stack(columns, axis=1).ravel()
    return pd.DataFrame({
        "respondent_id": np.repeat(np.arange(1, n + 1, dtype=np.int64), len(FEATURES)),
        "feature": np.tile(np.asarray(FEATURES), n),
        "functional": functional[chosen],
        "dysfunctional": dysfunctional[chosen],
    })


# ------------------------------------------------------------------ fixed tables
def make_touchpoints() -> pd.DataFrame:
    return pd.DataFrame(
        [(name, channel, stage, np.nan if target is None else target)
         for name, channel, stage, target in TOUCHPOINTS],
        columns=[c.name for c in TABLES["touchpoints"]],
    )


def make_commitments() -> pd.DataFrame:
    return pd.DataFrame(list(COMMITMENTS), columns=[c.name for c in TABLES["commitments"]])


# ------------------------------------------------------------------ output
def build() -> dict[str, pd.DataFrame]:
    """Draw every table, in a fixed order from one seeded generator."""
    rng = np.random.default_rng(SEED)
    customers = make_customers(rng)
    transactions = make_transactions(rng, customers)
    responses, latent = make_responses(rng, customers, transactions)
    tables = {
        "customers": customers,
        "touchpoints": make_touchpoints(),
        "commitments": make_commitments(),
        "responses": responses,
        "drivers": make_drivers(rng, responses, latent),
        "outcomes": make_outcomes(rng, customers, transactions),
        "transactions": transactions,
        "servqual": make_servqual(rng, customers),
        "tolerance": make_tolerance(rng, customers),
        "kano": make_kano(rng),
    }
    return {name: tables[name][[c.name for c in TABLES[name]]] for name in TABLES}


def to_csv_gz(frame: pd.DataFrame) -> bytes:
    """CSV text gzipped without a timestamp or file name, so output is reproducible."""
    text = frame.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d",
                        float_format="%.2f")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9,
                       mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    return buffer.getvalue()


def write(directory: str | Path = DEFAULT_DIR) -> list[Path]:
    """Write one ``<table>.csv.gz`` per table into ``directory``; return the paths."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in build().items():
        path = out / f"{name}.csv.gz"
        path.write_bytes(to_csv_gz(frame))
        paths.append(path)
    return paths


# ------------------------------------------------------- survey-tool export
QUALTRICS_EXPORT = "qualtrics_export.csv"
# Every 60th response of the responses table, as a survey tool would export it.
QUALTRICS_STEP = 60
QUALTRICS_QUESTIONS = {
    "Q1": "How likely is it that you would recommend us to a friend or colleague?",
    "Q2": "Overall, how satisfied are you with your most recent experience?",
    "Q3": "How easy was it to get what you needed today?",
    "Q4": "Which age group are you in?",
    "Q5": "Why did you give that score?",
}


def make_qualtrics_export(tables: dict[str, pd.DataFrame]) -> bytes:
    """Return a Qualtrics-shaped CSV export of some responses (three header rows, UTF-8 with BOM).

    Drawn from the responses and customers tables without further random
    numbers: times, durations and response ids are arithmetic on the
    response id, so the file is reproducible byte for byte.
    """
    import csv
    import hashlib

    rows = tables["responses"].iloc[::QUALTRICS_STEP].reset_index(drop=True)
    people = tables["customers"].set_index("customer_id")
    rid = rows["response_id"].to_numpy()
    start = (pd.to_datetime(rows["date"]).to_numpy().astype("datetime64[s]")
             + (8 * 3600 + rid * 7919 % 43200).astype("timedelta64[s]"))
    duration = 60 + rid * 37 % 400
    end = start + duration.astype("timedelta64[s]")
    stamp = [str(t).replace("T", " ") for t in start]
    ended = [str(t).replace("T", " ") for t in end]

    def cell(value: object) -> str:
        return "" if value is None or value is pd.NA else str(value)

    ids = ["R_" + hashlib.sha256(f"{SEED}-{r}".encode()).hexdigest()[:15] for r in rid]
    header = ["StartDate", "EndDate", "Status", "Progress", "Duration (in seconds)",
              "Finished", "RecordedDate", "ResponseId", "DistributionChannel", "UserLanguage",
              *QUALTRICS_QUESTIONS, "Region", "Segment"]
    texts = ["Start Date", "End Date", "Response Type", "Progress", "Duration (in seconds)",
             "Finished", "Recorded Date", "Response ID", "Distribution Channel",
             "User Language", *QUALTRICS_QUESTIONS.values(), "Region", "Segment"]
    imports = [*(f'{{"ImportId":"{k}","timeZone":"Europe/London"}}' if k.endswith("Date")
                 else f'{{"ImportId":"{k}"}}'
                 for k in ("startDate", "endDate", "status", "progress", "duration",
                           "finished", "recordedDate", "_recordId", "distributionChannel",
                           "userLanguage")),
               *(f'{{"ImportId":"QID{i}"}}' for i in range(1, 6)),
               '{"ImportId":"Region"}', '{"ImportId":"Segment"}']
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerows([header, texts, imports])
    who = rows["customer_id"].to_numpy()
    for i in range(len(rows)):
        row = rows.iloc[i]
        out.writerow([stamp[i], ended[i], 0, 100, int(duration[i]), "True", ended[i], ids[i],
                      "anonymous", "EN", cell(row["nps"]), cell(row["csat"]), cell(row["ces"]),
                      people.loc[who[i], "age_band"], cell(row["comment"]),
                      people.loc[who[i], "region"], row["segment"]])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_exports(directory: str | Path = DEFAULT_DIR,
                  tables: dict[str, pd.DataFrame] | None = None) -> list[Path]:
    """Write the survey-tool export(s) into ``directory``; return the paths."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    path = out / QUALTRICS_EXPORT
    path.write_bytes(make_qualtrics_export(build() if tables is None else tables))
    return [path]


def main(argv: list[str]) -> int:
    paths = write(argv[1] if len(argv) > 1 else DEFAULT_DIR)
    paths += write_exports(argv[1] if len(argv) > 1 else DEFAULT_DIR)
    for path in paths:
        print(f"{path}  {path.stat().st_size:>8,d} bytes")
    print(f"total {sum(p.stat().st_size for p in paths):,d} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""k-means clustering with numpy: correctness on separated blobs, stable labels.

Independent checks: on well-separated synthetic blobs the generating partition
is the unique optimum, so it is the reference; the centroids are compared with
pandas' group means in the data's units; the inertia with a direct sum of
squared distances on ``(x - mean) / std(ddof=0)``. scikit-learn's ``KMeans`` is
used as a further reference only when it is installed.
"""

from __future__ import annotations

import importlib.util
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from expectations.errors import (
    InsufficientDataError,
    InvalidParameterError,
    InvalidScoreError,
    SchemaError,
)
from expectations.segmentation import ClusterResult, cluster

CENTRES = np.array([[0.0, 0.0], [10.0, 10.0], [0.0, 20.0]])


def _blobs(sizes: tuple[int, ...] = (60, 40, 25), seed: int = 0) -> tuple[pd.DataFrame,
                                                                          np.ndarray]:
    rng = np.random.default_rng(seed)
    truth = np.repeat(np.arange(len(sizes)), sizes)
    points = CENTRES[truth] + rng.normal(0, 0.5, size=(truth.size, 2))
    df = pd.DataFrame({"visits": points[:, 0], "spend": points[:, 1] * 100.0})
    return df, truth


def _same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two labelings group the rows identically (up to renaming)."""
    pairs = set(zip(a.tolist(), b.tolist(), strict=True))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


def test_recovers_separated_blobs_and_orders_by_size() -> None:
    """Well-separated blobs are found exactly; label 0 is the largest cluster."""
    df, truth = _blobs()
    result = cluster(df, 3, columns=["visits", "spend"], rng=1)
    assert isinstance(result, ClusterResult)
    assert result.labels.tolist() == truth.tolist()  # sizes 60 > 40 > 25 fix the labels
    assert result.sizes == (60, 40, 25)


def test_centroids_are_group_means_in_original_units() -> None:
    """Centroids equal pandas group means of the original columns."""
    df, _ = _blobs()
    result = cluster(df, 3, columns=["visits", "spend"], rng=2)
    means = df.groupby(result.labels.to_numpy()).mean()
    np.testing.assert_allclose(result.centroids.to_numpy(), means.to_numpy(), rtol=1e-10)
    assert list(result.centroids.columns) == ["visits", "spend"]


def test_inertia_is_within_cluster_sum_of_squares_on_standardised_data() -> None:
    """Inertia is the sum of squared distances to the centroids, in standard units."""
    df, _ = _blobs()
    result = cluster(df, 3, columns=["visits", "spend"], rng=3)
    z = (df - df.mean()) / df.std(ddof=0)
    centres = z.groupby(result.labels.to_numpy()).transform("mean")
    assert result.inertia == pytest.approx(float(((z - centres) ** 2).to_numpy().sum()))


@given(seed=st.integers(0, 2**32 - 1))
@settings(max_examples=15)
def test_partition_and_labels_invariant_to_row_order(seed: int) -> None:
    """Shuffling the rows gives the same partition and the same label for each row."""
    df, _ = _blobs(seed=1)
    permutation = np.random.default_rng(seed).permutation(len(df))
    shuffled = df.iloc[permutation]
    a = cluster(df, 3, columns=["visits", "spend"], rng=0).labels
    b = cluster(shuffled, 3, columns=["visits", "spend"], rng=seed).labels
    pd.testing.assert_series_equal(a, b.loc[a.index])


def test_equal_sizes_are_ordered_by_centroid() -> None:
    """Clusters of equal size are numbered by their centroid coordinates."""
    df, _ = _blobs(sizes=(30, 30, 30))
    result = cluster(df, 3, columns=["visits", "spend"], rng=4)
    centroids = result.centroids.to_numpy()
    order = np.lexsort((centroids[:, 1], centroids[:, 0]))
    assert order.tolist() == [0, 1, 2]


def test_same_seed_same_result_and_generator_accepted() -> None:
    """A seed or a Generator makes the result reproducible."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"x": rng.normal(size=300), "y": rng.normal(size=300)})
    first = cluster(df, 4, columns=["x", "y"], rng=7)
    again = cluster(df, 4, columns=["x", "y"], rng=np.random.default_rng(7))
    pd.testing.assert_series_equal(first.labels, again.labels)
    assert first.inertia == again.inertia


def test_k_equal_to_one_and_to_n() -> None:
    """With k = 1 every row is together; with k = n every distinct row its own cluster."""
    df = pd.DataFrame({"x": [1.0, 2.0, 4.0, 8.0]})
    assert cluster(df, 1, columns=["x"], rng=0).labels.tolist() == [0, 0, 0, 0]
    alone = cluster(df, 4, columns=["x"], rng=0)
    assert sorted(alone.labels.tolist()) == [0, 1, 2, 3]
    assert alone.inertia == pytest.approx(0.0)


def test_empty_data_is_refused_before_k() -> None:
    """No rows raise InsufficientDataError naming data, whatever k is."""
    with pytest.raises(InsufficientDataError, match="data must be non-empty"):
        cluster(pd.DataFrame({"x": np.array([], dtype=float)}), 2, columns=["x"])


def test_data_is_not_mutated() -> None:
    """cluster() leaves the data unchanged."""
    df, _ = _blobs()
    before = df.copy()
    cluster(df, 3, columns=["visits", "spend"], rng=0)
    pd.testing.assert_frame_equal(df, before)


@pytest.mark.skipif(importlib.util.find_spec("sklearn") is None,
                    reason="scikit-learn is not installed")
def test_matches_scikit_learn_kmeans_partition() -> None:  # pragma: no cover - optional
    """The partition equals scikit-learn's KMeans on the same standardised data."""
    from sklearn.cluster import KMeans

    df, _ = _blobs(seed=9)
    z = ((df - df.mean()) / df.std(ddof=0)).to_numpy()
    reference = KMeans(3, n_init=10, random_state=0).fit_predict(z)
    ours = cluster(df, 3, columns=["visits", "spend"], rng=0).labels.to_numpy()
    assert _same_partition(ours, reference)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"k": 0}, InvalidParameterError, "k must be an integer 1..4"),
        ({"k": 5}, InvalidParameterError, "k must be an integer 1..4"),
        ({"k": 2.0}, InvalidParameterError, "k must be an integer"),
        ({"n_init": 0}, InvalidParameterError, "n_init must be an integer >= 1"),
        ({"rng": "seed"}, InvalidParameterError, "rng must be None, a non-negative integer"),
        ({"rng": -1}, InvalidParameterError, "rng must be None, a non-negative integer"),
        ({"columns": "x"}, InvalidParameterError, "columns must be a non-empty list"),
        ({"columns": ["z"]}, SchemaError, "data must have the column 'z'"),
        ({"columns": ["label"]}, SchemaError, r"data\['label'\] must be numeric"),
        ({"columns": ["gap"]}, InvalidScoreError,
         (r"data\['gap'\] must be finite numbers \(no missing values\); 1 value is not "
         r"\(first: nan at position 2\)")),
    ],
)
def test_bad_input_raises(kwargs: dict[str, object], error: type[Exception],
                          message: str) -> None:
    """Bad k, n_init, rng, columns and missing values raise the library's errors."""
    df = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "label": list("abcd"),
                       "gap": [1.0, 2.0, np.nan, 4.0]})
    args: dict[str, object] = {"k": 2, "columns": ["x"], "rng": 0}
    args.update(kwargs)
    with pytest.raises(error, match=message):
        cluster(df, args.pop("k"), **args)  # type: ignore[arg-type]


@pytest.mark.parametrize("magnitude", [1e300, 1e308, 1.7e308])
def test_values_near_the_float_maximum_cluster_without_overflow(magnitude: float) -> None:
    """Columns near 1.8e308 give the same partition as the same data scaled down, no warning."""
    small = pd.DataFrame({"a": [1.0, 0.9, 0.8, -0.6, -1.0, -0.7],
                          "b": [0.1, 0.2, 0.1, 0.9, 1.0, 0.8]})
    big = small * magnitude
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = cluster(big, 2, columns=["a", "b"], rng=3)
    reference = cluster(small, 2, columns=["a", "b"], rng=3)
    assert result.labels.tolist() == reference.labels.tolist()
    assert result.inertia == pytest.approx(reference.inertia, rel=1e-9)
    np.testing.assert_allclose(result.centroids.to_numpy(),
                               reference.centroids.to_numpy() * magnitude, rtol=1e-12)
    assert np.isfinite(result.centroids.to_numpy()).all()

"""Shared pytest configuration: hypothesis profiles and the shared engines.

``ci`` is derandomised so that every run is reproducible: it is the default,
on CI and on a developer's machine alike (the README's test command must give
the same verdict everywhere). ``dev`` explores more examples with fresh
randomness, to hunt for new failures: ``HYPOTHESIS_PROFILE=dev``.

The ``spark`` and ``dask_cluster`` fixtures start one local engine for the
whole session, and only when a test asks for it: a session that runs no Spark
test never starts a JVM. An engine that cannot start (no ``java``, no
``pyspark``) skips its tests on a developer's machine but fails them on CI
(``CI=true``, set by ``.ci/run``), so CI can never pass by skipping them.
"""

from __future__ import annotations

import os
import shutil
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=60,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def _unavailable(reason: str) -> NoReturn:
    """Skip, except on CI, where a missing engine is a broken environment."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: engine tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """Yield a local SparkSession with two cores; stop it when the session ends.

    Bound to the loopback interface, with the web UI and progress bars off, so it
    needs no network. Its Python workers run this interpreter (not whatever
    ``python3`` is on PATH). Starting it takes 5-10 s, once per session.
    """
    if shutil.which("java") is None:
        _unavailable("Spark needs a Java runtime and 'java' is not on PATH")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        _unavailable("pyspark is not installed (pip install 'customer-expectations[spark]')")
    with pytest.MonkeyPatch.context() as patch:
        # The JVM reads these when it starts: bind to loopback, whatever the hostname says.
        patch.setenv("SPARK_LOCAL_IP", "127.0.0.1")
        patch.setenv("PYSPARK_PYTHON", sys.executable)
        session = (
            SparkSession.builder.master("local[2]")
            .appName("customer-expectations tests")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .getOrCreate()
        )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


# distributed warns about ports, memory limits and closing workers while a
# cluster starts and stops; none of that concerns the results of any test.
@contextmanager
def _cluster_noise_ignored() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="distributed")
        warnings.filterwarnings("ignore", category=UserWarning, module="distributed")
        warnings.filterwarnings("ignore", category=ResourceWarning)
        yield


@pytest.fixture(scope="session")
def dask_cluster() -> Iterator[Any]:
    """Yield a ``dask.distributed`` LocalCluster of two single-threaded worker processes.

    Started once, by the first test that asks for it (directly or through
    ``dask_client``), and closed when the session ends.
    """
    try:
        import distributed
    except ImportError:
        _unavailable("distributed is not installed (pip install 'customer-expectations[test]')")
    with _cluster_noise_ignored():
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=None)
    yield cluster
    with _cluster_noise_ignored():
        cluster.close()


@pytest.fixture
def dask_client(dask_cluster: Any) -> Iterator[Any]:
    """Yield a Client of the shared cluster: dask's default scheduler for one test.

    The cluster's own warnings are ignored during the test too (the filter is
    function-scoped, so it nests inside pytest's per-test warning capture).
    """
    import distributed

    with _cluster_noise_ignored(), distributed.Client(dask_cluster) as client:
        yield client

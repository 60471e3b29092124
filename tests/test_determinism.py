"""Randomness is explicit: ``rng=`` in, bit-identical results out, no global state.

Every function that resamples or initialises at random (the registry's specs
with ``random=``) takes ``rng`` — a seed or a numpy Generator — and gives
bit-identical results for the same seed. No public function reads numpy's or
Python's global random state: reseeding it changes nothing, and making its
functions raise breaks nothing.
"""

from __future__ import annotations

import inspect
import random
import warnings
from typing import Any

import numpy as np
import pytest
from tests.contract.compare import differences
from tests.contract.inputs import Source
from tests.contract.registry import AVAILABLE, Spec, call, resolve

RANDOM_SPECS = [s for s in AVAILABLE if s.random is not None]
RANDOM = [pytest.param(s, id=s.name) for s in RANDOM_SPECS]
ALL = [pytest.param(s, id=s.name) for s in AVAILABLE]

# The legacy global-state API of numpy and Python's random module.
GLOBAL_NUMPY = ["seed", "random", "random_sample", "rand", "randn", "randint", "choice",
                "shuffle", "permutation", "normal", "uniform", "binomial", "poisson",
                "multinomial", "get_state", "set_state"]
GLOBAL_PYTHON = ["random", "randint", "choice", "choices", "shuffle", "sample", "uniform",
                 "gauss", "seed", "getstate", "setstate"]


def _random_call(spec: Spec, rng: Any) -> Any:
    assert spec.random is not None
    kwargs = {**spec.valid(Source()), **spec.random, "rng": rng}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(spec, kwargs)


def test_there_are_random_functions_to_check() -> None:
    """The registry marks the bootstrap and clustering functions as random."""
    names = {s.name for s in RANDOM_SPECS}
    assert {"nps", "relative_weights"} <= names


@pytest.mark.parametrize("spec", RANDOM)
def test_random_functions_take_rng(spec: Spec) -> None:
    """Every function with randomness has an ``rng`` keyword defaulting to None."""
    parameter = inspect.signature(resolve(spec)).parameters.get("rng")
    assert parameter is not None
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert parameter.default is None


@pytest.mark.parametrize("spec", RANDOM)
@pytest.mark.parametrize("seed", [0, 12345])
def test_same_seed_gives_bit_identical_results(spec: Spec, seed: int) -> None:
    """Two calls with the same integer seed agree bit for bit."""
    first, second = _random_call(spec, seed), _random_call(spec, seed)
    assert not differences(first, second)


@pytest.mark.parametrize("spec", RANDOM)
def test_same_generator_state_gives_bit_identical_results(spec: Spec) -> None:
    """Two equally seeded Generators give bit-identical results, as does the same seed."""
    first = _random_call(spec, np.random.default_rng(7))
    second = _random_call(spec, np.random.default_rng(7))
    assert not differences(first, second)
    assert not differences(first, _random_call(spec, 7))


# k-means on well-separated data reaches one answer from any start, so only the
# resampling functions show a different draw.
RESAMPLING = [pytest.param(s, id=s.name) for s in RANDOM_SPECS if s.name != "cluster"]


@pytest.mark.parametrize("spec", RESAMPLING)
def test_a_passed_generator_is_advanced_not_copied(spec: Spec) -> None:
    """A Generator threaded through two calls gives two different draws (used, not reseeded)."""
    generator = np.random.default_rng(3)
    assert differences(_random_call(spec, generator), _random_call(spec, generator))


@pytest.mark.parametrize("spec", ALL)
def test_global_random_state_is_never_read(spec: Spec, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reseeding numpy's global state changes nothing; making it raise breaks nothing."""
    kwargs = {**spec.valid(Source()), **(spec.random or {})}
    if spec.random is not None:
        kwargs["rng"] = 11

    def run() -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return call(spec, dict(kwargs))

    np.random.seed(1)  # noqa: NPY002 - the legacy global state is what is under test
    first = run()
    np.random.seed(2)  # noqa: NPY002 - the legacy global state is what is under test
    second = run()
    assert not differences(first, second)

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("global random state used")

    for name in GLOBAL_NUMPY:
        if hasattr(np.random, name):
            monkeypatch.setattr(np.random, name, forbidden)
    for name in GLOBAL_PYTHON:
        monkeypatch.setattr(random, name, forbidden)
    assert not differences(first, run())

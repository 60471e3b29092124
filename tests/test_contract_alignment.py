"""The contract's alignment class: every public function pairs labelled arguments by label.

The cases are built in ``tests/contract/alignment.py`` from the registry: each
spec whose valid call passes two or more row-aligned arrays is checked with
one argument shuffled (same labels, same result) and with one label changed
(a library error naming both arguments). Every other spec carries a stated
exemption, so a new public function cannot skip the class.
"""

from __future__ import annotations

import warnings

import pytest
from tests.contract.alignment import (
    CASES,
    EXEMPT,
    Case,
    covered,
    relabelled,
    shuffled,
)
from tests.contract.compare import differences
from tests.contract.registry import AVAILABLE, Spec, call

from expectations.errors import ExpectationsError, SmallSampleWarning

IDS = [case.id for case in CASES]


def _call(spec: Spec, kwargs: dict[str, object]) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        return call(spec, kwargs)


@pytest.mark.parametrize("spec", [pytest.param(s, id=s.name) for s in AVAILABLE])
def test_every_spec_is_checked_for_alignment_or_exempt(spec: Spec) -> None:
    """A spec with two or more row-aligned arrays is checked; any other states why not."""
    if covered(spec):
        assert spec.name not in EXEMPT, (
            f"{spec.name} passes several arrays and is checked: drop its EXEMPT entry")
    else:
        assert EXEMPT.get(spec.name), (
            f"{spec.name} has fewer than two row-aligned array arguments in its valid call: "
            "add them to the registry's call (or EXTRA_CALLS in tests/contract/alignment.py), "
            "or give the reason in EXEMPT")


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_shuffled_labels_give_the_aligned_result(case: Case) -> None:
    """Shuffling one labelled argument (same labels) leaves the result unchanged."""
    kwargs = case.kwargs()
    expected = _call(case.spec, kwargs)
    kwargs[case.target] = shuffled(kwargs[case.target])
    got = _call(case.spec, kwargs)
    assert not differences(expected, got), differences(expected, got)[:3]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_different_labels_raise_naming_both_arguments(case: Case) -> None:
    """A label of one argument missing from the others is a library error naming both."""
    kwargs = case.kwargs()
    kwargs[case.target] = relabelled(kwargs[case.target], "no-such-label")
    with pytest.raises(ExpectationsError) as info:
        _call(case.spec, kwargs)
    message = str(info.value).replace("indexed by", "")  # "by" must be named, not matched
    named = [name for name in case.group if kwargs.get(name) is not None]
    first = named[0]
    assert case.target in message, message
    assert first in message, message


def test_alignment_class_covers_many_functions() -> None:
    """The class checks at least twenty public functions (and every case is distinct)."""
    assert len({case.spec.name for case in CASES}) >= 20
    assert len(set(IDS)) == len(IDS)


def matrix_figures() -> dict[str, int]:
    """Return the figures docs/reliability.rst quotes for the alignment class."""
    return {"functions": len({case.spec.name for case in CASES}), "cases": len(CASES),
            "checks": 2 * len(CASES), "exempt": len(EXEMPT),
            "specs": len(AVAILABLE)}


def test_alignment_figures_add_up() -> None:
    """Every spec is either checked or exempt, so the two counts cover the registry."""
    figures = matrix_figures()
    assert figures["functions"] + figures["exempt"] == figures["specs"]

"""The contract over the whole public API: bad input raises the library's own errors.

For every public callable (read from ``expectations.__all__`` at test time) and
every class of bad input that applies to one of its arguments, the call must
raise a subclass of :class:`expectations.errors.ExpectationsError` — never a
bare numpy, pandas, ``KeyError``, ``IndexError``, ``ZeroDivisionError`` or
``TypeError`` — whose message names the argument. The matrix lives in
``tests/contract`` (``inputs``: the classes; ``registry``: the calls).
Modelled on scikit-learn's ``tests/test_public_functions.py``.
"""

from __future__ import annotations

import importlib
import inspect
import warnings
from typing import Any

import pytest
from tests.contract.inputs import INPUT_CLASSES, KINDS, Slot, Source, bad_value
from tests.contract.registry import AVAILABLE, EXEMPT, SPECS, Spec, call, empty_rows, resolve

import expectations as ex
from expectations.errors import ExpectationsError, SmallSampleWarning

MATRIX: list[tuple[Spec, Slot, str]] = [
    (spec, slot, cls) for spec in AVAILABLE for slot in spec.slots for cls in slot.classes()
]
CASES = [pytest.param(spec, slot, cls, id=f"{spec.name}-{slot.label}-{cls}")
         for spec, slot, cls in MATRIX]


def matrix_figures() -> dict[str, int]:
    """Count the figures quoted on docs/reliability.rst."""
    exported = [s for s in AVAILABLE if s.name in ex.__all__]
    return {
        "public_names": len(ex.__all__),
        "callables_covered": len(exported),
        "exempt": len([n for n in ex.__all__ if n in EXEMPT]),
        "callables_pre_registered": len(AVAILABLE) - len(exported),
        "input_classes": len(INPUT_CLASSES),
        "slots": sum(len(s.slots) for s in AVAILABLE),
        "cases": len(CASES),
        "cases_exported": sum(1 for spec, _, _ in MATRIX if spec.name in ex.__all__),
    }


@pytest.mark.parametrize("name", sorted(ex.__all__))
def test_every_public_name_is_in_the_contract(name: str) -> None:
    """Each name in __all__ has a registry entry or a stated exemption."""
    assert name in SPECS or name in EXEMPT, (
        f"{name} is public but not in tests/contract/registry.py: add a Spec (valid call "
        "and bad-input slots) or, for non-functions, an EXEMPT reason."
    )


@pytest.mark.parametrize("name", sorted(n for n in ex.__all__ if n in SPECS))
def test_registered_public_names_are_the_exported_objects(name: str) -> None:
    """The registry's home module holds the very object the package exports."""
    spec = SPECS[name]
    module = importlib.import_module(spec.home)
    assert getattr(module, name) is getattr(ex, name)


@pytest.mark.parametrize("name", sorted(n for n in ex.__all__ if n in SPECS))
def test_every_covered_function_has_bad_input_cases(name: str) -> None:
    """Every registered public callable is exercised by at least three bad inputs."""
    assert sum(1 for spec, _, _ in MATRIX if spec.name == name) >= 3


@pytest.mark.parametrize(
    "slot", [pytest.param(s, id=f"{spec.name}-{s.label}") for spec in AVAILABLE
             for s in spec.slots])
def test_slot_kinds_are_known(slot: Slot) -> None:
    """Every slot's kind and skipped classes are ones the matrix defines."""
    assert slot.kind in KINDS
    assert set(slot.skip) <= set(INPUT_CLASSES)
    assert set(slot.custom) <= set(INPUT_CLASSES)


@pytest.mark.parametrize("spec", [pytest.param(s, id=s.name) for s in AVAILABLE])
def test_valid_call_succeeds(spec: Spec) -> None:
    """The registry's valid call runs without error or warning, so failures are the input's."""
    kwargs = spec.valid(Source())
    func = resolve(spec)
    assert set(kwargs) <= set(inspect.signature(func).parameters)
    call(spec, kwargs)


@pytest.mark.parametrize(("spec", "slot", "cls"), CASES)
def test_bad_input_raises_library_error_naming_the_argument(spec: Spec, slot: Slot,
                                                            cls: str) -> None:
    """Bad input raises an ExpectationsError subclass whose message names the argument."""
    kwargs = {**spec.valid(Source()), **slot.given}
    mentions = set(slot.mentions)
    if cls == "missing_column":
        mentions.add("no_such_column")  # naming the absent column names the mistake
    if cls == "mismatched_length":
        mentions |= {s.arg for s in spec.slots if s.aligned}
    if cls == "empty" and slot.aligned:
        kwargs = empty_rows(spec, kwargs)
        mentions |= {s.arg for s in spec.slots if s.aligned}
    else:
        kwargs[slot.arg] = bad_value(slot, cls, kwargs.get(slot.arg, _default(spec, slot)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        with pytest.raises(ExpectationsError) as info:
            call(spec, kwargs)
    message = str(info.value)
    assert any(word in message for word in mentions), (
        f"{type(info.value).__name__}: {message!r} names none of {sorted(mentions)}"
    )


def _default(spec: Spec, slot: Slot) -> Any:
    parameter = inspect.signature(resolve(spec)).parameters[slot.arg]
    return None if parameter.default is inspect.Parameter.empty else parameter.default


def test_matrix_is_large_enough_to_mean_something() -> None:
    """The matrix tries every input class somewhere, and many cases in all."""
    tried = {cls for _, _, cls in MATRIX}
    assert tried == set(INPUT_CLASSES)
    assert matrix_figures()["cases"] >= 10 * len(AVAILABLE)

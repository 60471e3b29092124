"""Tests for the expectations.models namespace."""

from __future__ import annotations

import attrs
import pytest

import expectations.models as models


def test_all_is_sorted_and_complete() -> None:
    """__all__ is sorted and every name in it exists."""
    assert models.__all__ == sorted(models.__all__)
    assert all(hasattr(models, name) for name in models.__all__)


@pytest.mark.parametrize(
    "name", ["Commitment", "Customer", "Expectation", "Journey", "Persona", "Touchpoint", "Trait"]
)
def test_models_are_frozen_slotted_kw_only(name: str) -> None:
    """Every model is a frozen, slotted attrs class with keyword-only fields."""
    cls = getattr(models, name)
    assert attrs.has(cls)
    assert "__slots__" in vars(cls)
    assert all(field.kw_only for field in attrs.fields(cls))
    assert cls.__setattr__ is not object.__setattr__

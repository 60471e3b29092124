"""The error hierarchy and the one message template."""

from __future__ import annotations

import pytest

from expectations import errors


@pytest.mark.parametrize(
    ("error", "builtins"),
    [
        (errors.InvalidScoreError, (ValueError,)),
        (errors.InvalidParameterError, (ValueError, TypeError)),
        (errors.LengthMismatchError, (ValueError,)),
        (errors.InsufficientDataError, (ValueError,)),
        (errors.SchemaError, (KeyError, TypeError)),
    ],
)
def test_each_error_is_the_root_and_its_builtin(error: type, builtins: tuple[type, ...]) -> None:
    """Each error is an ExpectationsError and also the builtin(s) it refines."""
    assert issubclass(error, errors.ExpectationsError)
    for builtin in builtins:
        assert issubclass(error, builtin)


def test_small_sample_warning_is_a_user_warning() -> None:
    """SmallSampleWarning can be filtered as a UserWarning."""
    assert issubclass(errors.SmallSampleWarning, UserWarning)


def test_schema_error_message_is_not_quoted() -> None:
    """SchemaError reads as a sentence, not as KeyError's quoted repr."""
    assert str(errors.SchemaError("data must have the column 'x'.")) == (
        "data must have the column 'x'."
    )


def test_template_without_position() -> None:
    """The template omits the parenthesis when no value is given."""
    assert errors.format_message("weights", "positive somewhere", fix="All are zero.") == (
        "weights must be positive somewhere. All are zero."
    )


def test_template_singular_and_plural() -> None:
    """One offending value reads 'value is', several 'values are'."""
    one = errors.format_message("x", "positive", count=1, first=-1, position=0)
    many = errors.format_message("x", "positive", count=2, first=-1, position=0)
    assert "1 value is not (first: -1 at position 0)" in one
    assert "2 values are not" in many


def test_public_errors_listed() -> None:
    """errors.__all__ is sorted and every name exists."""
    assert list(errors.__all__) == sorted(errors.__all__)
    for name in errors.__all__:
        assert hasattr(errors, name)

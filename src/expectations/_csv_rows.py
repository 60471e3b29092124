"""The error for a CSV line whose number of values does not match the header.

Shared by the report's file reader and the streaming readers, so that a
ragged line reads the same wherever it is found.
"""

from __future__ import annotations

from collections.abc import Sequence

from expectations.errors import InvalidScoreError

__all__ = ["ragged_row_error"]


def ragged_row_error(source: str, line: int, header: Sequence[str],
                     record: Sequence[str]) -> InvalidScoreError:
    """Describe a line with too few or too many values, naming file, line and column.

    Examples
    --------
    >>> print(ragged_row_error("a.csv", 7, ["nps", "segment"], ["9"]))
    a.csv, line 7, column 2 ('segment'): the line has 1 of the header's 2 values;
    it is incomplete (a truncated last line?). Complete or remove it.
    """
    if len(record) < len(header):
        missing = header[len(record)]
        return InvalidScoreError(
            f"{source}, line {line}, column {len(record) + 1} ({missing!r}): the line has "
            f"{len(record)} of the header's {len(header)} values; it is incomplete (a "
            "truncated last line?). Complete or remove it.")
    return InvalidScoreError(
        f"{source}, line {line}, column {len(header) + 1}: the line has {len(record)} "
        f"values but the header names {len(header)} columns. Quote values that contain "
        "the delimiter, or remove the extra values.")

"""Write the messy-files corpus: real-world CSV and Parquet files that read badly.

Every file is a responses table (``nps``, ``segment``, and for some a ``date``
or a ``comment``) written byte by byte by this script, never by hand, so that
the corpus can be regenerated anywhere and reviewed as code. Each case says
what it exercises and which options the paths need (an encoding).

Run it to write the corpus into a folder::

    python tests/messy/generate.py /tmp/messy

The tests call :func:`write_corpus` on a temporary folder.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import attrs

__all__ = ["CASES", "Case", "write_corpus"]

HEADER = "nps,segment"
# 30 well-formed rows so that every segment has answers (and small-sample notes agree).
_BASE = [f"{(i * 7) % 11},{'north' if i % 2 else 'south'}" for i in range(30)]


@attrs.frozen(kw_only=True)
class Case:
    """One corpus file: its name, what it tries, how to write it, and reading options."""

    name: str
    what: str
    write: Callable[[Path], None]
    encoding: str | None = None
    parquet: bool = False
    #: The column at fault, when only paths that read it can see the problem.
    column: str | None = None

    @property
    def filename(self) -> str:
        """The file's name in the corpus folder."""
        return f"{self.name}.parquet" if self.parquet else f"{self.name}.csv"


def _text(lines: list[str], *, end: str = "\n", encoding: str = "utf-8",
          prefix: bytes = b"") -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(prefix + end.join(lines).encode(encoding) + end.encode(encoding))
    return write


def _raw(data: bytes) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(data)
    return write


def _parquet(columns: Callable[[], dict[str, object]]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        import pandas as pd

        pd.DataFrame(columns()).to_parquet(path, index=False)
    return write


def _tz_dates() -> dict[str, object]:
    import pandas as pd

    stamps = pd.date_range("2024-03-25 09:00", periods=30, freq="D", tz="Europe/Paris")
    return {"nps": [(i * 7) % 11 for i in range(30)],
            "segment": ["north" if i % 2 else "south" for i in range(30)], "date": stamps}


def _tz_as_scores() -> dict[str, object]:
    import pandas as pd

    return {"nps": pd.date_range("2024-03-25", periods=30, freq="D", tz="UTC"),
            "segment": ["north"] * 30}


def _booleans() -> dict[str, object]:
    return {"nps": [i % 2 == 0 for i in range(30)], "segment": ["north"] * 30}


def _parquet_text_tokens() -> dict[str, object]:
    values = [str((i * 7) % 11) for i in range(30)]
    values[3], values[4], values[5] = "NA", " ", None  # type: ignore[call-overload]
    segments = ["north" if i % 2 else "NA" for i in range(30)]
    segments[6] = "  "
    return {"nps": values, "segment": segments}


def _with(rows: dict[int, str], header: str = HEADER) -> list[str]:
    lines = [header, *_BASE]
    for index, text in rows.items():
        lines[index] = text
    return lines


def _dated(offsets: bool) -> list[str]:
    lines = ["nps,segment,date"]
    for i in range(30):
        day = 25 + i
        month, day = (3, day) if day <= 31 else (4, day - 31)
        # Europe's summer time starts on 2024-03-31: the offset changes mid-file.
        offset = ("+01:00" if (month, day) < (3, 31) else "+02:00") if offsets else ""
        lines.append(f"{(i * 7) % 11},{'north' if i % 2 else 'south'},"
                     f"2024-{month:02d}-{day:02d}T23:30:00{offset}")
    return lines


def _dates_with(rows: dict[int, str]) -> list[str]:
    lines = _dated(offsets=False)
    for index, date in rows.items():
        answer, segment, _ = lines[index].split(",")
        lines[index] = f"{answer},{segment},{date}"
    return lines


def _big_field(size: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write("nps,segment,comment\n")
            for i, row in enumerate(_BASE):
                comment = "x" * size if i == 17 else "fine"
                handle.write(f'{row},"{comment}"\n')
    return write


CASES: tuple[Case, ...] = (
    Case(name="clean", what="a well-formed file (the reference)", write=_text([HEADER, *_BASE])),
    Case(name="na_tokens", what="NA, N/A, null, #N/A, NaN, None and <NA> answers are missing",
         write=_text(_with({1: "NA,north", 2: "N/A,south", 3: "null,north", 4: "#N/A,south",
                            5: "NaN,north", 6: "None,south", 7: "<NA>,north",
                            8: " n/a ,south"}))),
    Case(name="whitespace_cells", what="blank answers and segments are missing; values stripped",
         write=_text(_with({1: "   ,north", 2: "\t,south", 3: " 9 , north ",
                            4: "10,   ", 5: '" 7 ","south "'}))),
    Case(name="hex_number", what="0x9 is not a number (pyarrow would read 9)",
         write=_text(_with({12: "0x9,north", 20: "0x10,south"}))),
    Case(name="infinity", what="inf is not a number", write=_text(_with({9: "inf,north"}))),
    Case(name="odd_numbers", what="+3, 1e1, 7.0, .5e1 and ' 10' are numbers",
         write=_text(_with({1: "+3,north", 2: "1e1,south", 3: "7.0,north", 4: ".5e1,south",
                            5: " 10,north"}))),
    Case(name="thousands", what="1,000 quoted is not a number", write=_text(
        _with({2: '"1,000",south'}))),
    Case(name="latin1", what="latin-1 bytes are not UTF-8: an error naming the line",
         write=_text(_with({15: "9,café"}), encoding="latin-1")),
    Case(name="latin1_declared", what="the same latin-1 file read with encoding latin-1",
         write=_text(_with({15: "9,café"}), encoding="latin-1"), encoding="latin-1"),
    Case(name="bom", what="a UTF-8 byte-order mark before the header",
         write=_text([HEADER, *_BASE], prefix=b"\xef\xbb\xbf")),
    Case(name="segment_na", what="a segment literally named NA is a segment on every path",
         write=_text(_with({i: f"{(i * 3) % 11},NA" for i in range(1, 31, 3)}))),
    Case(name="missing_segment", what="rows without a segment are dropped and counted",
         write=_text(_with({2: "9,", 5: "3,", 9: ",", 11: "10,  "}))),
    Case(name="crlf", what="CRLF line ends", write=_text([HEADER, *_BASE], end="\r\n")),
    Case(name="cr_only", what="old Mac line ends (CR alone)",
         write=_text([HEADER, *_BASE], end="\r")),
    Case(name="quoted_newlines", what="quoted fields holding line breaks and commas",
         write=_text(["nps,segment,comment",
                      *[f'{row},"line one\nline two, with a comma"' for row in _BASE]])),
    Case(name="blank_lines", what="blank lines between rows are skipped",
         write=_text([HEADER, *_BASE[:10], "", "", *_BASE[10:], ""])),
    Case(name="dst_dates", what="dates with +01:00 then +02:00 offsets (summer time)",
         write=_text(_dated(offsets=True))),
    Case(name="plain_dates", what="the same dates without offsets (the reference)",
         write=_text(_dated(offsets=False))),
    Case(name="date_tokens", what="NA and blank dates are missing dates",
         write=_text(_dates_with({2: "NA", 3: " ", 4: "null"}))),
    Case(name="bad_date", what="a date that is not a date (only paths reading dates see it)",
         write=_text(_dates_with({5: "soon", 9: "2024-13-01"})), column="date"),
    Case(name="off_scale", what="answers off the 0-10 scale (11, 7.5)",
         write=_text(_with({8: "11,north", 14: "7.5,south"}))),
    Case(name="ragged", what="a line with too few values", write=_text(_with({10: "7"}))),
    Case(name="open_quote", what="a quote left open at the end of the file",
         write=_text([*_with({}), '9,"north'])),
    Case(name="empty", what="an empty file (zero bytes)", write=_raw(b"")),
    Case(name="header_only", what="a header and no rows", write=_text([HEADER])),
    Case(name="big_field", what="a 300 KB quoted field (over the csv module's default limit)",
         write=_big_field(300_000)),
    Case(name="boolean", what="a boolean Parquet column as scores is refused",
         write=_parquet(_booleans), parquet=True),
    Case(name="tz_dates", what="a time-zone-aware Parquet date column (DST inside)",
         write=_parquet(_tz_dates), parquet=True),
    Case(name="tz_as_scores", what="a time-zone-aware column as scores: its real dtype named",
         write=_parquet(_tz_as_scores), parquet=True),
    Case(name="parquet_text_tokens", what="Parquet text cells: NA answer missing, NA segment kept",
         write=_parquet(_parquet_text_tokens), parquet=True),
)
"""Every corpus case, in the order the files are written."""


def write_corpus(folder: Path, *, parquet: bool = True) -> list[tuple[Case, Path]]:
    """Write every case into ``folder`` (Parquet ones only with ``parquet``); return them."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for case in CASES:
        if case.parquet and not parquet:
            continue
        path = folder / case.filename
        case.write(path)
        written.append((case, path))
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "messy-corpus")
    for case, path in write_corpus(target):
        print(f"{path}: {case.what}")

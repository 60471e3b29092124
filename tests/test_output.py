r"""Output that is safe to open: ``expectations._output`` and the renderers that use it.

Two halves. Writing: files follow the umask, an existing file keeps its mode,
a FIFO or the null device is written as a stream, a directory or device is
refused, a symlink is written through. Escaping: names a hostile user puts in
the data (``<script>``, ``| x |``, ``\x1b[31m``, ``\x07``, ``=HYPERLINK(...)``,
``# heading``, line breaks) come out as text in every medium.
"""

from __future__ import annotations

import html.parser
import json
import os
import re
import stat
import sys
import threading
from pathlib import Path

import attrs
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from expectations._output import (
    chart_text,
    check_target,
    csv_cell,
    html_text,
    json_safe,
    markdown_text,
    neutralise_csv,
    terminal_text,
    write_text,
)
from expectations.errors import InvalidParameterError
from expectations.report import Report, report

HOSTILE = [
    "<script>alert(1)</script>",
    "| x |",
    "\x1b[31mred\x1b[0m",
    "bell\x07",
    '=HYPERLINK("http://evil.example","click")',
    "# heading",
    "- item",
    "+ item",
    "1. first",
    "two\nlines",
    "cr\rreturn",
    "`code`",
    "*bold* _it_",
    "[link](http://evil.example)",
    "$\\frac{$",
    "@SUM(A1:A9)",
    "\u202eevil\u202c",
    "nul\x00and\x9bcsi",
]
# Characters that act on a terminal: C0 except newline/tab, DEL, C1, bidi controls.
TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
UMASK_SUPPORTED = hasattr(os, "umask") and sys.platform != "win32"


def _hostile_report() -> Report:
    """Build a report whose segments, title and source all come from a hostile user."""
    names = HOSTILE
    built = report(responses={"nps": [10, 9, 3, 7, 0, 10] * (5 * len(names)),
                              "segment": names * 30},
                   sources={"responses": "<img src=x>|\x1b]0;pwned\x07.csv"})
    return attrs.evolve(built, title="Report <b>#1</b> | \x1b[2J\n# injected")


# --------------------------------------------------------------------------- escapers


@pytest.mark.parametrize("text", HOSTILE)
def test_terminal_text_leaves_nothing_a_terminal_acts_on(text: str) -> None:
    """No ESC, BEL, C1, bidi override or line break survives a single-line escape."""
    out = terminal_text(text)
    assert not TERMINAL_UNSAFE.search(out)
    assert "\n" not in out
    assert "\r" not in out


def test_terminal_text_keeps_newlines_only_when_multiline() -> None:
    """Multi-line output keeps its line breaks (CR and CRLF become LF); tabs become spaces."""
    assert terminal_text("a\r\nb\rc\td", multiline=True) == "a\nb\nc d"
    assert terminal_text("a\r\nb\rc\td") == "a b c d"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))))
def test_terminal_text_leaves_printable_text_alone(text: str) -> None:
    """Readable text (accents, CJK, emoji, punctuation) is unchanged."""
    assert terminal_text(text) == text


@given(st.text())
def test_terminal_text_is_safe_for_any_text(text: str) -> None:
    """Whatever the input, the output has no unsafe character and encodes as UTF-8."""
    out = terminal_text(text)
    assert not TERMINAL_UNSAFE.search(out)
    out.encode("utf-8")


@pytest.mark.parametrize(("text", "expected"), [
    ("<script>", "\\<script\\>"),
    ("| x |", "\\| x \\|"),
    ("# heading", "\\# heading"),
    ("- item", "\\- item"),
    ("+ item", "\\+ item"),
    ("= underline", "\\= underline"),
    ("1. first", "1\\. first"),
    ("12) twelfth", "12\\) twelfth"),
    ("`code`", "\\`code\\`"),
    ("*bold*", "\\*bold\\*"),
    ("_it_", "\\_it\\_"),
    ("[a](b)", "\\[a\\](b)"),
    ("two\nlines", "two lines"),
    ("back\\slash", "back\\\\slash"),
    ("likely_to_recommend", "likely_to_recommend"),
    ("-3.50", "-3.50"),
    ("<0.0001", "<0.0001"),
    ("[-1.20, 3.40]", "[-1.20, 3.40]"),
    ("1,234", "1,234"),
])
def test_markdown_text(text: str, expected: str) -> None:
    """Markdown specials are backslash-escaped; formatted numbers are left as they are."""
    assert markdown_text(text) == expected


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_markdown_report_tables_keep_their_shape_with_hostile_names() -> None:
    """Each table row has as many cell separators as its header; no raw HTML or heading."""
    text = _hostile_report().to_markdown()
    assert not re.search(r"(?<!\\)<[a-z/!?]", text), "every < that could open a tag is escaped"
    assert "\\<script\\>" in text
    assert "\x1b" not in text
    assert "\x07" not in text
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert all(re.match(r"#{1,3} [A-Z\\]", line) for line in headings), headings
    assert headings[0].startswith("# Report \\<b\\>\\#1\\</b\\> \\|")
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("| ") and i + 1 < len(lines) and lines[i + 1].startswith("| :-"):
            width = _unescaped_pipes(line)
            j = i + 2
            while j < len(lines) and lines[j].startswith("| "):
                assert _unescaped_pipes(lines[j]) == width, lines[j]
                j += 1


def test_terminal_report_has_no_control_characters() -> None:
    """The terminal rendering strips ESC/BEL/C1 and keeps one line per table row."""
    text = _hostile_report().to_text()
    assert not TERMINAL_UNSAFE.search(text)
    assert "\r" not in text
    rows = [line for line in text.splitlines() if "heading" in line or "two lines" in line]
    assert rows, "the hostile names are shown, as text"


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)


@pytest.mark.parametrize("charts", [False, True])
def test_html_report_escapes_titles_cells_notes_and_chart_labels(charts: bool) -> None:
    """Only the page's own tags appear; a ``$...$`` label does not break the chart."""
    pytest.importorskip("matplotlib") if charts else None
    page = _hostile_report().to_html(charts=charts)
    parser = _Tags()
    parser.feed(page)
    assert parser.tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3",
                           "p", "strong", "span", "ul", "li", "section", "table", "thead",
                           "tbody", "tr", "th", "td", "img", "abbr", "a"}
    assert "&lt;script&gt;" in page
    assert "<script" not in page
    assert "\x1b" not in page
    assert "\x07" not in page


def test_html_text_escapes_quotes_for_attributes() -> None:
    """Attribute values cannot be closed early."""
    assert html_text('" onload="x') == "&quot; onload=&quot;x"


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx",
                                  "=1", "-", "+"])
def test_csv_cell_neutralises_formulas(text: str) -> None:
    """Text a spreadsheet would run gets a leading single quote (OWASP)."""
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["-3.5", "+2", "-1e5", "12", "north", "", "a=b", -3.5, 7, None])
def test_csv_cell_leaves_numbers_and_plain_text_alone(value: object) -> None:
    """Numbers, even as text, and text that is not a formula are unchanged."""
    assert csv_cell(value) == value


def test_neutralise_csv_covers_names_and_text_columns_only() -> None:
    """Column names and text cells are neutralised; numeric columns keep their values."""
    frame = pd.DataFrame({"=cmd|' /C calc'!A0": ["=1+1", "-3.5", "ok"],
                          "score": [-3.5, 1.0, 2.0]})
    out = neutralise_csv(frame)
    text = out.to_csv(index=False, lineterminator="\n")
    assert text.splitlines()[0].startswith("'=cmd")
    assert out.iloc[:, 0].tolist() == ["'=1+1", "-3.5", "ok"]
    assert out["score"].tolist() == [-3.5, 1.0, 2.0]
    assert frame.columns[0].startswith("=")  # the input is not mutated


@given(st.dictionaries(st.text(), st.text()))
def test_json_safe_round_trips(document: dict[str, str]) -> None:
    """The escaped JSON parses to the same document and has no terminal controls."""
    text = json_safe(json.dumps(document, ensure_ascii=False))
    assert json.loads(text) == document
    assert not TERMINAL_UNSAFE.search(text)
    text.encode("utf-8")


def test_json_report_of_hostile_names_is_exact_and_safe() -> None:
    """The JSON document keeps names exactly (escaped inside strings only)."""
    r = _hostile_report()
    text = r.to_json()
    assert not TERMINAL_UNSAFE.search(text)
    document = json.loads(text)
    section = next(s for s in document["sections"] if s["key"] == "segments")
    segments = {row["segment"] for row in section["tables"][0]["rows"]}
    assert segments == set(HOSTILE)


def test_chart_text_makes_mathtext_literal() -> None:
    """A dollar sign is escaped so matplotlib never parses a label as mathtext."""
    assert chart_text("$x$ \x1b") == "\\$x\\$ \ufffd"


# --------------------------------------------------------------------------- writing


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_is_written_whole_with_no_temporary_left(tmp_path: Path) -> None:
    """A new file holds the text and nothing else is left in the directory."""
    target = tmp_path / "out.txt"
    write_text("héllo\n", target)
    assert target.read_text(encoding="utf-8") == "héllo\n"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.skipif(not UMASK_SUPPORTED, reason="POSIX umask")
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600),
                                             (0o002, 0o664)])
def test_new_file_follows_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    """A new file gets 0o666 minus the umask, as a shell redirection would."""
    old = os.umask(umask)
    try:
        write_text("x", tmp_path / "out.txt")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "out.txt") == mode


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600, 0o664, 0o604])
def test_existing_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    """Replacing an existing file keeps its permission bits, whatever the umask."""
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(mode)
    write_text("new", target)
    assert target.read_text(encoding="utf-8") == "new"
    assert _mode(target) == mode


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="needs root to chown")
def test_existing_file_keeps_its_owner_when_root_writes(tmp_path: Path) -> None:
    """Root rewriting another user's file leaves it owned by that user."""
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    os.chown(target, 4321, 4321)
    write_text("new", target)
    assert (target.stat().st_uid, target.stat().st_gid) == (4321, 4321)


def test_directory_is_refused(tmp_path: Path) -> None:
    """A directory is never replaced or written into."""
    with pytest.raises(InvalidParameterError, match="is a directory"):
        write_text("x", tmp_path)
    with pytest.raises(InvalidParameterError, match="is a directory"):
        check_target(tmp_path)
    assert tmp_path.is_dir()
    assert list(tmp_path.iterdir()) == []


def test_missing_directory_is_refused(tmp_path: Path) -> None:
    """A path in a directory that does not exist is an error naming the directory."""
    with pytest.raises(InvalidParameterError, match="does not exist"):
        write_text("x", tmp_path / "no" / "out.txt")
    with pytest.raises(InvalidParameterError, match="does not exist"):
        check_target(tmp_path / "no" / "out.txt")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_fifo_is_written_as_a_stream(tmp_path: Path) -> None:
    """A FIFO receives the text and stays a FIFO."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read)
    reader.start()
    write_text("through the pipe\n" * 10_000, fifo)
    reader.join(timeout=30)
    assert received == [b"through the pipe\n" * 10_000]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_null_device_is_written_as_a_stream() -> None:
    """``/dev/null`` is written to, not replaced."""
    before = os.stat(os.devnull)
    write_text("discarded", os.devnull)
    after = os.stat(os.devnull)
    assert stat.S_ISCHR(after.st_mode)
    assert after.st_rdev == before.st_rdev


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_other_device_is_refused() -> None:
    """A character device that is not the null device or a terminal is refused."""
    with pytest.raises(InvalidParameterError, match="is a device"):
        write_text("x", "/dev/zero")


@pytest.mark.skipif(not hasattr(os, "mknod"), reason="POSIX device nodes")
def test_device_node_is_not_replaced(tmp_path: Path) -> None:
    """A device node (which root could replace before) is refused and left in place."""
    node = tmp_path / "device"
    try:
        os.mknod(node, stat.S_IFCHR | 0o600, os.makedev(1, 7))  # /dev/full's numbers
    except PermissionError:
        pytest.skip("creating device nodes needs privileges")
    with pytest.raises(InvalidParameterError, match="is a device"):
        write_text("x", node)
    assert stat.S_ISCHR(os.lstat(node).st_mode)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_symlink_is_written_through_keeping_the_link_and_mode(tmp_path: Path) -> None:
    """A link to a file: the target gets the text and keeps its mode; the link stays."""
    target = tmp_path / "real.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_text("new", link)
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "new"
    assert _mode(target) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_dangling_symlink_is_refused(tmp_path: Path) -> None:
    """A link to a missing file is not followed to create a file elsewhere."""
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "missing" / "file.txt")
    with pytest.raises(InvalidParameterError, match="symbolic link to a missing file"):
        write_text("x", link)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="needs root to lchown")
def test_foreign_symlink_in_sticky_directory_is_refused(tmp_path: Path) -> None:
    """A link planted by another user in a shared ``/tmp``-like directory is not followed."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    link = shared / "report.txt"
    link.symlink_to(victim)
    os.lchown(link, 4321, 4321)
    with pytest.raises(InvalidParameterError, match="owned by another user"):
        write_text("x", link)
    assert victim.read_text(encoding="utf-8") == "precious"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anything")
def test_read_only_file_is_refused(tmp_path: Path) -> None:
    """A read-only file is not replaced behind its owner's back."""
    target = tmp_path / "out.txt"
    target.write_text("keep", encoding="utf-8")
    target.chmod(0o444)
    with pytest.raises(InvalidParameterError, match="read-only"):
        write_text("x", target)
    assert target.read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize("target", [None, "-"])
def test_dash_and_none_write_to_standard_output(target: str | None,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """``-`` (and no path) means standard output."""
    write_text("to stdout\n", target)
    assert capsys.readouterr().out == "to stdout\n"


def test_lone_surrogates_are_written_not_crashed_on(tmp_path: Path) -> None:
    """Text with a lone surrogate (undecodable input) is written with a visible escape."""
    target = tmp_path / "out.txt"
    write_text("caf\udce9\n", target)
    assert target.read_text(encoding="utf-8") == "caf\\udce9\n"


def test_empty_path_is_refused() -> None:
    """An empty --output is an error, not a file created somewhere."""
    with pytest.raises(InvalidParameterError, match="must be a file path"):
        write_text("x", "")
    with pytest.raises(InvalidParameterError, match="must be a file path"):
        check_target("")


def test_closed_directory_overwrites_a_writable_file_in_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When no temporary file may be created, a writable existing file is overwritten."""
    target = tmp_path / "out.txt"
    target.write_text("old text that is longer", encoding="utf-8")
    target.chmod(0o640)
    real_open = os.open

    def no_temporary(path: str, flags: int, mode: int = 0o777) -> int:
        if str(path).endswith(".part"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", no_temporary)
    write_text("new", target)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "new"
    assert _mode(target) == 0o640
    assert list(tmp_path.iterdir()) == [target]


def test_new_file_in_a_closed_directory_is_one_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A directory that forbids new files gives a library error quoting the reason."""
    def denied(path: str, flags: int, mode: int = 0o777) -> int:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(InvalidParameterError, match=r"cannot write .*Permission denied"):
        write_text("x", tmp_path / "new.txt")

"""The command line as a hostile user runs it: exit 0 with a right answer, or 2 with one line.

Pipes, FIFOs, directories, umasks, odd thresholds, deep configs and hostile
names, mostly through a real ``python -m expectations`` process so that what
is tested is what a shell sees (file descriptors, SIGPIPE, the final flush).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from expectations import cli
from expectations.cli import main

POSIX = os.name == "posix"
HOSTILE_SEGMENTS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "\x1b[31mred\x07", "| x |",
                    "<script>", "-3.5", "@SUM(A1)"]


def _run(*args: str, env: dict[str, str] | None = None,
         preexec: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``python -m expectations ARGS`` (after ``preexec`` Python code) and capture it."""
    code = f"{preexec}\nimport sys\nfrom expectations.cli import main\nsys.exit(main(sys.argv[1:]))"
    # The arguments are the test's own, never outside input.
    return subprocess.run([sys.executable, "-c", code, *args],  # noqa: S603
                          capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300, check=False)


def _one_error_line(stderr: str) -> str:
    """Check that stderr is one ``expectations: error:`` line (no traceback) and return it."""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("expectations: error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture(scope="module")
def responses(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Write a small responses file with hostile segment names."""
    folder = tmp_path_factory.mktemp("hardening")
    rows = ["nps,segment"]
    for i in range(60):
        segment = HOSTILE_SEGMENTS[i % len(HOSTILE_SEGMENTS)].replace('"', '""')
        rows.append(f'{(i * 7) % 11},"{segment}"')
    path = folder / "responses.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- where output goes


@pytest.mark.skipif(not POSIX, reason="/dev/stdout and SIGPIPE")
def test_demo_report_to_dev_stdout_into_a_pipe_that_closes_early() -> None:
    """`report --demo --output /dev/stdout | head -c 100` gives 100 bytes and no error."""
    # A real shell pipeline is the point of the test; the command is the test's own.
    completed = subprocess.run(  # noqa: S602
        f"{sys.executable} -m expectations report --demo --output /dev/stdout | head -c 100; "
        "echo; echo \"status=${PIPESTATUS[0]}\"",
        shell=True, executable="/bin/bash", capture_output=True, text=True, timeout=300,
        check=False)
    assert completed.stdout.startswith("Customer expectations report\n")
    assert completed.stdout.rstrip().endswith("status=0"), completed.stdout
    assert completed.stderr == ""


@pytest.mark.skipif(not POSIX, reason="/dev/stdout")
@pytest.mark.parametrize("fmt", ["terminal", "markdown", "json", "html"])
def test_output_dev_stdout_into_a_pipe_is_the_whole_document(responses: Path, fmt: str) -> None:
    """--output /dev/stdout into a pipe writes the document to the pipe (not a file)."""
    completed = _run("report", "--responses", str(responses), "--format", fmt, "--no-charts",
                     "--output", "/dev/stdout")
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    reference = _run("report", "--responses", str(responses), "--format", fmt, "--no-charts")
    assert completed.stdout == reference.stdout


@pytest.mark.skipif(not POSIX, reason="SIGPIPE")
@pytest.mark.parametrize("output", [[], ["--output", "-"], ["--output", "/dev/stdout"]])
def test_reader_closing_standard_output_early_is_not_an_error(tmp_path: Path,
                                                              output: list[str]) -> None:
    """A reader that stops after a few bytes of a large output: exit 0, no traceback."""
    path = tmp_path / "many.csv"
    path.write_text("nps,id\n" + "".join(f"{i % 11},{i}\n" for i in range(20_000)),
                    encoding="utf-8")
    with subprocess.Popen(  # noqa: S603 - the test's own arguments
            [sys.executable, "-m", "expectations", "score", str(path), "--metric", "nps",
             "--column", "nps", "--by", "id", "--format", "json", "--ci", "none", *output],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.read(5)
        process.stdout.close()
        stderr = process.stderr.read().decode()
        code = process.wait(timeout=300)
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert "error" not in stderr.lower()


def test_output_dash_is_standard_output(responses: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """--output - writes to standard output and creates no file named '-'."""
    assert main(["report", "--responses", str(responses), "--output", "-"]) == 0
    assert capsys.readouterr().out.startswith("Customer expectations report\n")
    assert not Path("-").exists()


def test_output_dot_slash_dash_is_a_file(responses: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A file literally called '-' is still reachable as ./-."""
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--responses", str(responses), "--output", "./-"]) == 0
    assert (tmp_path / "-").read_text(encoding="utf-8").startswith("Customer expectations")


@pytest.mark.parametrize("command", ["report", "score"])
def test_output_at_a_directory_exits_2_with_one_line(responses: Path, tmp_path: Path,
                                                     command: str) -> None:
    """--output DIR is refused before any work, with one line, and the directory is untouched."""
    args = (["report", "--responses", str(responses)] if command == "report" else
            ["score", str(responses), "--metric", "nps", "--column", "nps"])
    completed = _run(*args, "--output", str(tmp_path))
    assert completed.returncode == 2
    assert "is a directory" in _one_error_line(completed.stderr)
    assert completed.stdout == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_output_at_a_device_exits_2_and_leaves_it(responses: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """--output /dev/zero (a device, not a terminal or the null device) is refused."""
    before = os.stat("/dev/zero")
    assert main(["report", "--responses", str(responses), "--output", "/dev/zero"]) == 2
    assert "is a device" in _one_error_line(capsys.readouterr().err)
    assert os.stat("/dev/zero").st_rdev == before.st_rdev


def test_output_dev_null_is_accepted(responses: Path) -> None:
    """--output /dev/null discards the report and leaves the null device alone."""
    assert main(["report", "--responses", str(responses), "--output", os.devnull]) == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_output_in_a_missing_directory_exits_2(responses: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A missing parent directory is one error line naming it."""
    assert main(["report", "--responses", str(responses), "--output",
                 str(tmp_path / "nope" / "r.txt")]) == 2
    assert "does not exist" in _one_error_line(capsys.readouterr().err)


@pytest.mark.skipif(not POSIX, reason="POSIX umask")
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
@pytest.mark.parametrize("command", ["report", "score"])
def test_new_output_file_follows_the_umask(responses: Path, tmp_path: Path, umask: int,
                                           mode: int, command: str) -> None:
    """A new --output file is 0o666 minus the caller's umask (it used to be 0600 always)."""
    target = tmp_path / "out.txt"
    args = (["report", "--responses", str(responses)] if command == "report" else
            ["score", str(responses), "--metric", "nps", "--column", "nps"])
    completed = _run(*args, "--output", str(target), preexec=f"import os; os.umask({umask})")
    assert completed.returncode == 0, completed.stderr
    assert stat.S_IMODE(target.stat().st_mode) == mode


@pytest.mark.parametrize("mode", [0o644, 0o640])
def test_existing_output_file_keeps_its_mode(responses: Path, tmp_path: Path,
                                             mode: int) -> None:
    """Rewriting an existing report keeps the mode it had."""
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(mode)
    assert main(["report", "--responses", str(responses), "--format", "markdown",
                 "--output", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("# Customer expectations report")
    assert stat.S_IMODE(target.stat().st_mode) == mode


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
@pytest.mark.parametrize("command", ["report", "score"])
def test_output_fifo_is_written_as_a_stream(responses: Path, tmp_path: Path,
                                            command: str) -> None:
    """--output FIFO streams the document to the reader; the FIFO stays a FIFO."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    args = (["report", "--responses", str(responses), "--format", "json"]
            if command == "report" else
            ["score", str(responses), "--metric", "nps", "--column", "nps", "--format", "json"])
    completed = _run(*args, "--output", str(fifo))
    reader.join(timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(received[0].decode("utf-8"))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(not POSIX, reason="locale encodings")
def test_standard_output_that_cannot_encode_gets_escapes_not_a_traceback(
        responses: Path) -> None:
    """An ASCII-only standard output shows non-ASCII characters as escapes, exit 0."""
    completed = _run("report", "--responses", str(responses), "--format", "markdown",
                     env={"PYTHONIOENCODING": "ascii"})
    assert completed.returncode == 0, completed.stderr
    assert "\\xb7" in completed.stdout  # the middle dot of "n = ... · method"


# --------------------------------------------------------------------------- hostile names


def test_score_csv_neutralises_formulas_but_not_numbers(responses: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    """Group keys that a spreadsheet would run get a leading quote; numbers are unchanged."""
    assert main(["score", str(responses), "--metric", "nps", "--column", "nps",
                 "--by", "segment", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    keys = [line.split(",")[0] for line in lines[1:]]
    assert "\"'=HYPERLINK(\"\"http://evil.example\"\"" in next(k for k in keys if "HYPER" in k)
    assert "'@SUM(A1)" in keys
    assert "-3.5" in keys  # text that is a number is not a formula
    assert not any(key.startswith(("=", "@", "+")) for key in keys)
    scores = [line.split(",") for line in lines[1:]]
    assert any(cell.startswith("-") for row in scores for cell in row[1:])  # negative NPS kept


def test_score_csv_neutralises_hostile_column_names(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A key column whose name is a formula is neutralised in the header too."""
    path = tmp_path / "r.csv"
    path.write_text("nps,=cmd()\n10,a\n3,b\n", encoding="utf-8")
    assert main(["score", str(path), "--metric", "nps", "--column", "nps",
                 "--by", "=cmd()", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("'=cmd(),")


def test_score_terminal_strips_control_characters(responses: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """The terminal table shows no ESC or BEL from the data, and stays aligned."""
    assert main(["score", str(responses), "--metric", "nps", "--column", "nps",
                 "--by", "segment"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "\x07" not in out
    table = [line for line in out.splitlines()[2:] if line.strip()][:-1]
    assert len({len(line) for line in table}) == 1, table


def test_score_json_keeps_names_exactly(responses: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """JSON keeps hostile names exactly (JSON escapes them inside strings)."""
    assert main(["score", str(responses), "--metric", "nps", "--column", "nps",
                 "--by", "segment", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert {row["segment"] for row in json.loads(out)["rows"]} == set(HOSTILE_SEGMENTS)


@pytest.mark.parametrize(("fmt", "forbidden"), [("terminal", "\x1b"), ("markdown", "| x |"),
                                                ("html", "<script>")])
def test_report_formats_escape_hostile_segments(responses: Path, fmt: str, forbidden: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Each medium gets its own escaping: no raw ESC, table pipe or tag from the data."""
    assert main(["report", "--responses", str(responses), "--format", fmt,
                 "--no-charts"]) == 0
    assert forbidden not in capsys.readouterr().out


# --------------------------------------------------------------------------- check thresholds


@pytest.mark.parametrize("args", [
    ["--min-nps", "nan"], ["--min-nps", "inf"], ["--min-nps=-inf"], ["--min-nps", "200"],
    ["--min-nps", "-100.5"], ["--min-csat", "101"], ["--min-csat", "nan"], ["--min-ces", "-1"],
    ["--max-broken-rate", "10"], ["--max-broken-rate", "nan"], ["--max-broken-rate", "-0.1"],
])
def test_check_refuses_thresholds_off_their_scale(responses: Path, args: list[str],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """NaN, infinities and values outside the score's range are usage errors (exit 2)."""
    assert main(["check", "--responses", str(responses), *args]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert args[0].split("=")[0] in line
    assert "must be" in line


@pytest.mark.parametrize(("args", "last"), [
    (["--min-nps", "-100"], "1 threshold met."),
    (["--min-nps", "100"], "1 of 1 threshold missed."),
])
def test_check_counts_in_the_singular(responses: Path, args: list[str], last: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """One threshold reads "1 threshold met", not "all 1 thresholds met"."""
    main(["check", "--responses", str(responses), *args])
    assert capsys.readouterr().out.splitlines()[-1] == last


def test_check_counts_in_the_plural(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two thresholds read "all 2 thresholds met"."""
    path = tmp_path / "r.csv"
    path.write_text("nps,csat\n10,5\n9,4\n3,2\n", encoding="utf-8")
    assert main(["check", "--responses", str(path), "--min-nps", "0", "--min-csat", "0"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "all 2 thresholds met."


def test_check_verdicts_strip_control_characters(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A commitment named with terminal escapes cannot recolour the CI log."""
    outcomes = tmp_path / "outcomes.csv"
    commitments = tmp_path / "commitments.csv"
    outcomes.write_text("commitment,value\n" + "\"a\x1b[31m\x9b\",1\n" * 20, encoding="utf-8")
    commitments.write_text("name,target,metric,unit,direction\n"
                           "\"a\x1b[31m\x9b\",2,delivery time,days,at_most\n", encoding="utf-8")
    code = main(["check", "--outcomes", str(outcomes), "--commitments", str(commitments),
                 "--max-broken-rate", "0.5"])
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    assert "\x1b" not in captured.out
    assert "\x9b" not in captured.out


# --------------------------------------------------------------------------- configs and errors


def _nested_json(depth: int) -> str:
    return '{"responses": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize(("name", "content"), [
    ("deep.json", _nested_json(1_500)),
    ("deep_list.json", "[" * 100_000 + "]" * 100_000),
    ("deep.toml", "responses = " + "[" * 1_500 + "]" * 1_500 + "\n"),
    ("deep_tables.toml", "x = " + "{a = " * 1_200 + "1" + "}" * 1_200 + "\n"),
    ("big.json", '{"responses": {"nps": ' + "9" * 5_000 + "}}"),
    ("big.toml", "[responses]\nnps = " + "9" * 5_000 + "\n"),
])
def test_hostile_config_exits_2_with_one_line(responses: Path, tmp_path: Path, name: str,
                                              content: str) -> None:
    """A config nested 1000+ deep or with a 5,000-digit integer is one error line, exit 2."""
    config = tmp_path / name
    config.write_text(content, encoding="utf-8")
    completed = _run("report", "--responses", str(responses), "--config", str(config))
    assert completed.returncode == 2, completed.stderr[-2000:]
    _one_error_line(completed.stderr)
    assert completed.stdout == ""


def test_error_messages_are_one_safe_line(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """A library error quoting hostile input is printed on one line without control codes."""
    from expectations.errors import InvalidParameterError

    def boom(args: object) -> int:
        raise InvalidParameterError("bad value 'x\x1b[2J\ny\x07'")

    monkeypatch.setitem(cli._COMMANDS, "demo", boom)
    assert main(["demo"]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert "\x1b" not in line
    assert "\x07" not in line


def test_os_error_is_exit_2_with_one_line(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """An OSError the library did not explain still gives one line and exit 2."""
    def boom(args: object) -> int:
        raise PermissionError(13, "Permission denied", "/secret/file.csv")

    monkeypatch.setitem(cli._COMMANDS, "demo", boom)
    assert main(["demo"]) == 2
    assert _one_error_line(capsys.readouterr().err) == (
        "expectations: error: /secret/file.csv: Permission denied.")


def test_internal_error_is_exit_3_with_one_line(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A genuine bug is not disguised as bad input: exit 3 and one 'internal error' line."""
    def bug(args: object) -> int:
        raise KeyError("oops")

    monkeypatch.setitem(cli._COMMANDS, "demo", bug)
    monkeypatch.delenv("EXPECTATIONS_TRACEBACK", raising=False)
    assert main(["demo"]) == 3
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("expectations: internal error: KeyError: 'oops' (this is a bug")


def test_internal_error_traceback_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    """EXPECTATIONS_TRACEBACK=1 lets the exception through for debugging."""
    def bug(args: object) -> int:
        raise KeyError("oops")

    monkeypatch.setitem(cli._COMMANDS, "demo", bug)
    monkeypatch.setenv("EXPECTATIONS_TRACEBACK", "1")
    with pytest.raises(KeyError):
        main(["demo"])


@pytest.mark.skipif(not POSIX, reason="closing a descriptor in the shell")
def test_closed_standard_output_is_one_error_line(responses: Path) -> None:
    """Started with standard output closed (>&-), the run exits 2 with one line."""
    completed = subprocess.run(  # noqa: S602 - the shell's >&- is the point; our own command
        f"{sys.executable} -m expectations report --responses '{responses}' >&-",
        shell=True, executable="/bin/bash", capture_output=True, text=True, timeout=300,
        check=False)
    assert completed.returncode == 2, completed.stderr
    assert "standard output is closed" in _one_error_line(completed.stderr)

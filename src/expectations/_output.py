"""Output that is safe to open: files written carefully, text escaped for its medium.

Every writer (the report, ``score``, ``check``) and every renderer goes
through this one module, so the rules below hold on every path.

Writing (:func:`write_text`; :func:`check_target` refuses early, before long work)
    * ``None`` or ``"-"`` writes to standard output; so does a path that *is*
      standard output (``/dev/stdout``, ``/dev/fd/1``), whatever it points at.
    * A new file is created with mode ``0o666`` and the kernel applies the
      user's umask (and a directory's default ACL), like any shell redirection;
      the text is written to a temporary file in the same directory and
      renamed into place, so a failure never leaves a partial file.
    * An existing regular file keeps its permission bits (and, where the
      system allows, its owner and group). A read-only file is refused. The
      rename gives the path a new inode, so a hard link elsewhere keeps the
      old text; when the directory forbids new files but the file is
      writable, the file is overwritten in place instead.
    * A symbolic link is written through: its target is replaced and the link
      stays. A link to a missing file is refused, and so is a link owned by
      another user in a shared sticky directory such as ``/tmp`` (the rule of
      Linux's ``protected_symlinks``).
    * A FIFO, the null device and a terminal are written to as a stream: opened
      and written, never replaced.
    * A directory, a block or other character device and a socket are refused
      with a library error naming the option.

Escaping
    :func:`terminal_text`, :func:`markdown_text`, :func:`html_text`,
    :func:`csv_cell` (with :func:`neutralise_csv`), :func:`json_safe` and
    :func:`chart_text`: one function per medium, each a pure ``str -> str``.
    :func:`csv_text` writes a whole table as spreadsheet-safe CSV text.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import secrets
import stat
import sys
from typing import IO, TYPE_CHECKING, Any

from expectations.errors import InvalidParameterError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["chart_text", "check_target", "csv_cell", "csv_text", "html_text",
           "is_standard_output", "json_safe", "markdown_text", "neutralise_csv",
           "quiet_standard_output", "terminal_text", "write_text"]

# --------------------------------------------------------------------------- escaping

_REPLACEMENT = "\ufffd"
# Line breaks of any convention, including the Unicode line/paragraph separators.
_NEWLINES = re.compile("\r\n|[\r\n\u2028\u2029\x85]")
_SPACES = re.compile("[\t\x0b\x0c]")
# The bidirectional embedding/override/isolate controls (which reorder what is
# shown) and lone surrogates (which cannot be encoded): unsafe in every medium.
_BIDI_AND_SURROGATES = "\u202a-\u202e\u2066-\u2069\ud800-\udfff"
# C0 (except tab and newline, handled above), DEL, C1 (except NEL, a line
# break above), the bidirectional controls and lone surrogates.
_CONTROLS = re.compile(f"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f{_BIDI_AND_SURROGATES}]")


def terminal_text(text: str, *, multiline: bool = False) -> str:
    r"""Return ``text`` safe to print on a terminal.

    Tabs become spaces; line breaks become spaces, or ``"\n"`` when
    ``multiline``; every other control character (ESC, BEL, NUL, DEL, C1,
    bidirectional overrides, lone surrogates) becomes U+FFFD, so that nothing
    can move the cursor, recolour the screen or reorder the text, and the
    reader still sees that something was there.

    Parameters
    ----------
    text : str
        Text from the data (a name, a note, a message).
    multiline : bool, default False
        Keep line breaks (as ``"\n"``) instead of turning them into spaces.

    Returns
    -------
    str

    Examples
    --------
    >>> terminal_text("north\x1b[31m red\x07") == "north\ufffd[31m red\ufffd"
    True
    >>> terminal_text("two\r\nlines\tand a tab")
    'two lines and a tab'
    >>> terminal_text("two\rlines", multiline=True)
    'two\nlines'
    """
    text = _SPACES.sub(" ", text)
    text = _NEWLINES.sub("\n" if multiline else " ", text)
    return _CONTROLS.sub(_REPLACEMENT, text)


# Escaped wherever they appear: backslash, code, emphasis, links, HTML and
# autolinks, table pipes, headings and strike-through.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*\[\]<>|#~]")
# ``_`` inside a word (``likely_to_recommend``) is not emphasis in CommonMark.
_MARKDOWN_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_MARKDOWN_ORDERED = re.compile(r"(\s*\d+)([.)])")
# A formatted number, a missing dash or an interval ``[1.2, 3.4]``: shown as is.
_NUMBER_CELL = re.compile(r"-|[<>]?[-+]?[\d,]*\.?\d+(?:e[-+]?\d+)?%?|\[[-+\d.,e ]+\]")


def markdown_text(text: str) -> str:
    r"""Return ``text`` as literal Markdown inline content (a cell, a title, a note).

    Control characters and line breaks are handled as by
    :func:`terminal_text` (a line break would end a table row); the
    characters that start code, emphasis, links, HTML, table cells and
    headings are backslash-escaped; a leading ``-``, ``+``, ``=`` or ``1.``
    cannot start a list or an underline. A formatted number such as
    ``-3.50``, ``<0.001`` or ``[1.20, 3.40]`` is left as it is.

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Examples
    --------
    >>> print(markdown_text("<script>| x |"))
    \<script\>\| x \|
    >>> print(markdown_text("# heading\n- item"))
    \# heading - item
    >>> print(markdown_text("1. first"))
    1\. first
    >>> print(markdown_text("likely_to_recommend"), markdown_text("-3.50"))
    likely_to_recommend -3.50
    """
    text = terminal_text(text)
    if _NUMBER_CELL.fullmatch(text):
        return text
    text = _MARKDOWN_SPECIAL.sub(r"\\\g<0>", text)
    text = _MARKDOWN_UNDERSCORE.sub(r"\\_", text)
    stripped = text.lstrip()
    if stripped[:1] in ("-", "+", "="):
        return text[: len(text) - len(stripped)] + "\\" + stripped
    return _MARKDOWN_ORDERED.sub(r"\1\\\2", text, count=1) if _MARKDOWN_ORDERED.match(text) \
        else text


# HTML allows tab, LF, FF and CR as whitespace; every other control is replaced.
_HTML_CONTROLS = re.compile(f"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f{_BIDI_AND_SURROGATES}]")


def html_text(text: object) -> str:
    """Return ``text`` escaped for HTML content and quoted attribute values.

    ``& < > " '`` become character references; control characters other
    than tab and line breaks become U+FFFD (they are not allowed in HTML).

    Examples
    --------
    >>> html_text('<script>alert("x")</script>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    """
    return html.escape(_HTML_CONTROLS.sub(_REPLACEMENT, str(text)), quote=True)


# A cell that is a plain number, even as text, is not a formula.
_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    r"""Return ``value`` so that a spreadsheet shows it instead of running it.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    gets a leading single quote (the OWASP rule against CSV injection),
    unless it is a plain number such as ``-3.5``. Anything that is not text
    is returned unchanged.

    Examples
    --------
    >>> csv_cell('=HYPERLINK("http://x", "y")')
    '\'=HYPERLINK("http://x", "y")'
    >>> csv_cell("-3.5"), csv_cell(-3.5), csv_cell("north")
    ('-3.5', -3.5, 'north')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and \
            not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` with :func:`csv_cell` applied to text cells and names.

    Numeric columns are untouched, so numbers keep their exact text.

    Examples
    --------
    >>> import pandas as pd
    >>> out = neutralise_csv(pd.DataFrame({"=cmd": ["@SUM(A1)", "ok"], "score": [-3.5, 2.0]}))
    >>> out.columns.tolist(), out["'=cmd"].tolist(), out["score"].tolist()
    (["'=cmd", 'score'], ["'@SUM(A1)", 'ok'], [-3.5, 2.0])
    """
    out = frame.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if column.dtype == object or str(column.dtype) in ("string", "category", "str"):
            out.isetitem(position, column.astype(object).map(csv_cell))
    out.columns = [csv_cell(name) for name in out.columns]
    result: pd.DataFrame = out
    return result


def csv_text(frame: pd.DataFrame) -> str:
    r"""Return ``frame`` as CSV text, safe to open in a spreadsheet.

    Text cells and column names go through :func:`neutralise_csv` (so none
    can run as a formula); the index is left out and lines end with ``"\n"``
    on every platform.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table to export.

    Returns
    -------
    str
        The CSV text, header first.

    Examples
    --------
    >>> import pandas as pd
    >>> print(csv_text(pd.DataFrame({"name": ["=1+1", "ok"], "score": [-3.5, 2.0]})), end="")
    name,score
    '=1+1,-3.5
    ok,2.0
    """
    text: str = neutralise_csv(frame).to_csv(index=False, lineterminator="\n")
    return text


# Characters that are valid raw inside a JSON string but unsafe to show on a
# terminal (C1, bidirectional controls, line separators) or to encode (lone
# surrogates). JSON's own escaper already handles C0.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f\u2028\u2029{_BIDI_AND_SURROGATES}]")


def json_safe(document: str) -> str:
    r"""Escape, in JSON text made by :func:`json.dumps`, what a terminal would act on.

    Such characters can only occur inside JSON strings, where ``\uXXXX`` is
    an exact equivalent: the parsed document is unchanged.

    Examples
    --------
    >>> import json
    >>> text = json_safe(json.dumps({"name": "a\x9b31m\u202e"}, ensure_ascii=False))
    >>> text
    '{"name": "a\\u009b31m\\u202e"}'
    >>> json.loads(text)["name"] == "a\x9b31m\u202e"
    True
    """
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match[0]):04x}", document)


def chart_text(text: object) -> str:
    r"""Return ``text`` as a literal matplotlib label (no mathtext, no control characters).

    Examples
    --------
    >>> chart_text("$\\frac{1}{2}$ plan")
    '\\$\\frac{1}{2}\\$ plan'
    """
    return terminal_text(str(text)).replace("$", "\\$")


# --------------------------------------------------------------------------- writing


def write_text(text: str, target: str | os.PathLike[str] | None, *,
               option: str = "--output") -> None:
    r"""Write ``text`` (UTF-8) to standard output or to a path, by the rules of this module.

    Parameters
    ----------
    text : str
        The whole document.
    target : str, path-like or None
        Where to write: ``None`` or ``"-"`` for standard output, else a path.
    option : str, default "--output"
        The option that named ``target``, quoted in error messages.

    Raises
    ------
    InvalidParameterError
        The target is a directory, a device or a socket, a read-only file, a
        link that is not followed, in a missing directory, or cannot be
        written (the system's reason is quoted).
    BrokenPipeError
        The reader of standard output or of a FIFO went away.

    Examples
    --------
    >>> import stat, tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> path = folder / "report.txt"
    >>> _ = path.write_text("old", encoding="utf-8")
    >>> path.chmod(0o640)
    >>> write_text("new\n", path)
    >>> path.read_text(encoding="utf-8"), oct(stat.S_IMODE(path.stat().st_mode))
    ('new\n', '0o640')
    >>> write_text("x", folder)
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: --output: ... is a directory; give a file path.
    """
    if target is None or os.fspath(target) == "-":
        _to_stdout(text)
        return
    path = os.fspath(target)
    try:
        how, where, existing = _plan(path, option)
        if how == "stdout":
            _to_stdout(text)
        elif how == "stream":
            _stream(text, where, option)
        else:
            _replace(text, where, existing, option)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _cannot(option, path, exc) from None


def check_target(target: str | os.PathLike[str] | None, *, option: str = "--output") -> None:
    """Raise now if :func:`write_text` would refuse ``target``, before any long work.

    Nothing is created or opened.

    Examples
    --------
    >>> import tempfile
    >>> check_target(None)
    >>> check_target(tempfile.gettempdir(), option="-o")
    Traceback (most recent call last):
    ...
    expectations.errors.InvalidParameterError: -o: ... is a directory; give a file path.
    """
    if target is None or os.fspath(target) == "-":
        return
    path = os.fspath(target)
    try:
        how, where, existing = _plan(path, option)
        if how == "replace":
            _check_replaceable(where, existing, option)
    except OSError as exc:
        raise _cannot(option, path, exc) from None


def _cannot(option: str, path: str, exc: OSError) -> InvalidParameterError:
    reason = exc.strerror or str(exc)
    return InvalidParameterError(f"{option}: cannot write {path!r} ({reason}).")


def _to_stdout(text: str) -> None:
    stream = sys.stdout
    if stream is None:  # started with standard output closed (``>&-``)
        raise InvalidParameterError("standard output is closed; give --output PATH.")
    encoding = getattr(stream, "encoding", None)
    if encoding:
        try:
            text.encode(encoding, getattr(stream, "errors", None) or "strict")
        except UnicodeEncodeError:
            # A terminal that cannot show a character gets an escape, not a traceback.
            text = text.encode(encoding, "backslashreplace").decode(encoding)
        except LookupError:  # an unknown error handler: let the stream decide
            pass
    stream.write(text)
    stream.flush()


def is_standard_output(path: str | os.PathLike[str]) -> bool:
    """Tell whether ``path`` is the file standard output already writes to.

    Examples
    --------
    >>> is_standard_output("no/such/file")
    False
    """
    try:
        return os.path.samestat(os.stat(path), os.fstat(sys.stdout.fileno()))
    except (OSError, ValueError, AttributeError):
        return False


def quiet_standard_output() -> None:
    """Point standard output at the null device after its reader went away.

    Python flushes standard output once more at exit; without this, a closed
    pipe (``expectations report | head``) would end in a ``BrokenPipeError``
    message. Does nothing when standard output has no file descriptor.
    """
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            os.close(devnull)


def _refuse(option: str, path: str, what: str) -> InvalidParameterError:
    return InvalidParameterError(f"{option}: {path!r} is {what}; give a file path.")


def _plan(path: str, option: str) -> tuple[str, str, os.stat_result | None]:
    """Decide how to write ``path``: ``("stdout" | "stream" | "replace", where, existing)``."""
    if not path:
        raise InvalidParameterError(f"{option} must be a file path, or '-' for standard "
                                    "output; got ''.")
    if is_standard_output(path):
        return "stdout", path, None
    try:
        found: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        found = None
    if found is not None and stat.S_ISLNK(found.st_mode):
        _check_link(path, found, option)
        try:
            found = os.stat(path)
        except FileNotFoundError:
            raise _refuse(option, path, "a symbolic link to a missing file") from None
    if found is None:
        return "replace", path, None
    if stat.S_ISREG(found.st_mode):
        return "replace", os.path.realpath(path), found
    if stat.S_ISDIR(found.st_mode):
        raise _refuse(option, path, "a directory")
    if stat.S_ISFIFO(found.st_mode) or (stat.S_ISCHR(found.st_mode) and
                                         _is_terminal_or_null(path, found)):
        return "stream", path, found
    if stat.S_ISCHR(found.st_mode) or stat.S_ISBLK(found.st_mode):
        raise _refuse(option, path, "a device")
    raise _refuse(option, path, "not a regular file (a socket or other special file)")


def _check_link(path: str, link: os.stat_result, option: str) -> None:
    """Refuse a link planted by another user in a shared sticky directory (``/tmp``)."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:
        return
    parent = os.stat(os.path.dirname(os.path.abspath(path)))
    shared = parent.st_mode & stat.S_ISVTX and parent.st_mode & stat.S_IWOTH
    if shared and link.st_uid not in (geteuid(), parent.st_uid):
        raise _refuse(option, path, "a symbolic link owned by another user in a shared "
                                    "directory, which is not followed")


def _is_terminal_or_null(path: str, found: os.stat_result) -> bool:
    """Tell whether the device is the null device, ``/dev/tty`` or a standard stream's."""
    with contextlib.suppress(OSError):
        if found.st_rdev == os.stat(os.devnull).st_rdev:
            return True
    if os.path.realpath(path) == "/dev/tty":
        return True
    for fd in (0, 1, 2):
        with contextlib.suppress(OSError):
            if os.isatty(fd) and os.path.samestat(found, os.fstat(fd)):
                return True
    return False


def _open_text(fd: int) -> IO[str]:
    # backslashreplace: a lone surrogate from undecodable input is shown, never a crash.
    return os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="\n")


def _stream(text: str, path: str, option: str) -> None:
    """Open and write, without creating, truncating or replacing anything."""
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    if stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a file since we looked
        os.close(fd)
        raise _refuse(option, path, "no longer a FIFO or terminal")
    with _open_text(fd) as stream:
        stream.write(text)


def _check_replaceable(path: str, existing: os.stat_result | None, option: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise InvalidParameterError(f"{option}: the directory {directory!r} does not exist.")
    if existing is not None and not os.access(path, os.W_OK):
        raise _refuse(option, path, "read-only")


def _replace(text: str, path: str, existing: os.stat_result | None, option: str) -> None:
    """Write a temporary file next to ``path`` and rename it over ``path``."""
    _check_replaceable(path, existing, option)
    directory = os.path.dirname(os.path.abspath(path))
    # A new file asks for 0o666 and the kernel applies the umask (and default
    # ACLs); an existing one starts private and is given the old mode below.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    base = os.path.basename(path)[:200]
    try:
        for _ in range(100):
            temporary = os.path.join(directory, f".{base}.{secrets.token_hex(6)}.part")
            try:
                fd = os.open(temporary, flags, 0o666 if existing is None else 0o600)
                break
            except FileExistsError:
                continue
        else:  # pragma: no cover - 100 collisions of 48 random bits
            raise FileExistsError(f"no free temporary name in {directory}")
    except PermissionError:
        if existing is None:
            raise
        # The directory is closed to us but the file is writable: overwrite in place.
        with _open_text(os.open(path, os.O_WRONLY | os.O_TRUNC)) as stream:
            stream.write(text)
        return
    try:
        with _open_text(fd) as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if existing is not None:
            _keep_mode_and_owner(temporary, existing)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _keep_mode_and_owner(temporary: str, existing: os.stat_result) -> None:
    """Give the new file the old one's permission bits and, where allowed, owner and group."""
    chown = getattr(os, "chown", None)
    if chown is not None:
        mine = os.stat(temporary)
        if (mine.st_uid, mine.st_gid) != (existing.st_uid, existing.st_gid):
            with contextlib.suppress(OSError):  # only root may give a file away
                chown(temporary, existing.st_uid, existing.st_gid)
            with contextlib.suppress(OSError):  # a member may set one of their groups
                chown(temporary, -1, existing.st_gid)
    # After chown, which may clear set-id bits; those are not carried over anyway.
    os.chmod(temporary, stat.S_IMODE(existing.st_mode) & 0o1777)

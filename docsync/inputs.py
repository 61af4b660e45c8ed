"""Opening inputs: the one place every command turns a path into bytes, or a one-line reason.

A path is looked at before it is opened, so that a FIFO, socket or device is refused instead of
blocking the run (a pre-commit hook or an Ansible ``validate:`` must never hang), and a symlink
loop is named as one rather than as a missing file. The open itself is non-blocking and the
opened file is checked again, in case the path changed in between.
"""

from __future__ import annotations

import enum
import errno
import os
import stat
from pathlib import Path


class Problem(enum.Enum):
    """Why an input cannot be read."""

    MISSING = "missing"
    LOOP = "loop"
    DIRECTORY = "directory"
    SPECIAL = "special"
    DENIED = "denied"
    TOO_LARGE = "too-large"
    OTHER = "other"


class InputProblem(Exception):
    """An input that cannot be read; ``str()`` is a one-line reason without the path."""

    def __init__(self, problem: Problem, reason: str, size: int = 0) -> None:
        super().__init__(reason)
        self.problem = problem
        self.size = size


_SPECIAL = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _os_problem(exc: OSError, path: str | Path) -> InputProblem:
    if exc.errno == errno.ELOOP:
        return InputProblem(Problem.LOOP, "symlink loop (too many levels of symbolic links)")
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return InputProblem(Problem.MISSING, "broken symlink (its target does not exist)")
        return InputProblem(Problem.MISSING, "no such file")
    if exc.errno == errno.ENOTDIR:
        return InputProblem(Problem.MISSING, "no such file (a parent is not a directory)")
    if isinstance(exc, PermissionError):
        return InputProblem(Problem.DENIED, "permission denied")
    return InputProblem(Problem.OTHER, exc.strerror or str(exc))


def _check_mode(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise InputProblem(Problem.DIRECTORY, "is a directory")
    if not stat.S_ISREG(mode):
        what = next((name for test, name in _SPECIAL if test(mode)), "not a regular file")
        raise InputProblem(Problem.SPECIAL, f"is {what}, not a regular file; refused without reading it")


def stat_input(path: str | Path, *, directory: bool = False) -> os.stat_result:
    """The status of an input path (symlinks followed); a regular file, or a directory when
    ``directory`` allows one. Raises InputProblem otherwise."""
    try:
        st = os.stat(path)
    except OSError as exc:
        problem = _os_problem(exc, path)
        if directory and str(problem) == "no such file":
            problem = InputProblem(Problem.MISSING, "no such file or directory")
        raise problem from None
    if not (directory and stat.S_ISDIR(st.st_mode)):
        _check_mode(st.st_mode)
    return st


def read_input(path: str | Path, *, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; InputProblem otherwise."""
    st = stat_input(path)
    if st.st_size > max_bytes:
        raise _too_large(st.st_size, max_bytes)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _os_problem(exc, path) from None
    try:
        _check_mode(os.fstat(fd).st_mode)  # the path may have changed since the stat
        chunks = []
        size = 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise _os_problem(exc, path) from None
    finally:
        os.close(fd)
    if size > max_bytes:
        raise _too_large(size, max_bytes)
    return b"".join(chunks)


def looks_binary(data: bytes) -> bool:
    """Binary, not a text file with a stray NUL: a NUL and many control bytes in the first 8 KiB."""
    head = data[:8192]
    if b"\x00" not in head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls * 10 > len(head)


_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0D))


def _too_large(size: int, limit: int) -> InputProblem:
    return InputProblem(
        Problem.TOO_LARGE,
        f"file is too large ({size / 2**20:.1f} MiB; the limit is {limit / 2**20:.0f} MiB)",
        size,
    )

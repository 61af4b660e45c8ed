"""Regular-expression lists and redirect preference lists, read the way pgpool reads them.

pgpool compiles each item of a regex list with the C library's ``regcomp()`` (POSIX extended
syntax), anchored as ``^item$``. An item that does not compile is dropped with a WARNING
(function lists, memqcache table lists, ``primary_routing_query_pattern_list``); in
``database_redirect_preference_list`` and ``app_name_redirect_preference_list`` pgpool refuses
the whole configuration, as it does for a node spec other than ``primary``, ``standby`` or a
node id (checked against pgpool 4.3.5 by tests/lint/test_pgpool_differential.py).

POSIX and Python regular expressions differ (``*abc`` and ``a{2`` are errors in one and not
the other), so patterns are compiled by the same ``regcomp()`` through ctypes. Where no C
library can be loaded the patterns are not judged.
"""

from __future__ import annotations

import functools
import re

from docsync.lint.values import Verdict, VerdictKind

REG_EXTENDED = 1  # the same value in glibc, musl and the BSDs; no other flag changes validity


@functools.cache
def _libc():  # pragma: no cover - depends on the platform
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
        libc.regcomp.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        libc.regfree.argtypes = [ctypes.c_void_p]
        return libc, ctypes
    except (OSError, AttributeError, ImportError):
        return None


@functools.cache
def posix_regex_is_valid(pattern: str) -> bool | None:
    """Whether ``regcomp(pattern, REG_EXTENDED)`` succeeds; None if it cannot be asked."""
    found = _libc()
    if found is None:
        return None
    libc, ctypes = found
    buf = ctypes.create_string_buffer(1024)  # larger than any libc's regex_t
    if libc.regcomp(buf, pattern.encode("utf-8", "surrogateescape"), REG_EXTENDED) != 0:
        return False
    libc.regfree(buf)
    return True


def anchored(item: str) -> str:
    """pgpool adds ``^`` and ``$`` unless the item already starts or ends with them."""
    return ("" if item.startswith("^") else "^") + item + ("" if item.endswith("$") else "$")


def split_regex_list(value: str, separator: str) -> list[str]:
    """Items as strtok() yields them (empty ones vanish); ``\\;`` does not split a ';' list."""
    if separator == ";":
        return [item for item in re.split(r"(?<!\\);", value) if item]
    return [item for item in value.split(separator) if item]


def bad_regex_items(value: str, separator: str) -> list[str]:
    """Items of a regex list that the C library cannot compile."""
    return [item for item in split_regex_list(value, separator) if posix_regex_is_valid(anchored(item)) is False]


def redirect_problem(value: str, max_node: int) -> Verdict | None:
    """The first item pgpool refuses in a ``name:node`` redirect list, as a verdict.

    Its kind is ``ENUM`` for a node spec (``primary``, ``standby`` or a node id 0 ..
    ``max_node``, an optional ``(weight)`` after it) and ``REGEX`` for the name pattern.
    Items without ``:`` are ignored by pgpool, as are empty items.
    """
    for item in value.split(","):
        if ":" not in item:
            continue
        left, right = item.split(":", 1)
        node = right.split("(", 1)[0]
        if not (
            node.lower() in ("primary", "standby") or (node.isdigit() and node.isascii() and int(node) <= max_node)
        ):
            return Verdict(
                VerdictKind.ENUM,
                f"has node {node!r} in {item!r}, which is not primary, standby or a node id "
                f"0 .. {max_node}; Pgpool-II refuses to start",
            )
        if not left or posix_regex_is_valid(anchored(left)) is False:
            return Verdict(
                VerdictKind.REGEX,
                f"has {left!r} in {item!r}, which is not a valid regular expression "
                f"(POSIX extended); Pgpool-II refuses to start",
            )
    return None

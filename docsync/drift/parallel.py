"""Work shared with one forked child process: both cores on the pairs of a whole-book drift.

The child is a fork of this process, so it has the parsed books already and is given nothing
but indexes; it sends back its results as JSON (never pickle) through a pipe and ends with
``os._exit`` (no teardown, no buffered output written twice). If anything goes wrong in it,
the parent computes the child's share itself: the results are the same, only slower.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this much work (characters of input) a fork costs more than it saves.
MIN_SHARED_WORK = 200_000


def cores() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def split(weights: Sequence[int]) -> tuple[list[int], list[int]]:
    """Indexes in two shares of about equal weight (heaviest first, each to the lighter share)."""
    shares: tuple[list[int], list[int]] = ([], [])
    totals = [0, 0]
    for i in sorted(range(len(weights)), key=lambda i: -weights[i]):
        side = 0 if totals[0] <= totals[1] else 1
        shares[side].append(i)
        totals[side] += weights[i]
    return sorted(shares[0]), sorted(shares[1])


def map_shared(
    items: Sequence[T],
    compute: Callable[[T], R],
    *,
    weights: Sequence[int],
    encode: Callable[[R], Any],
    decode: Callable[[Any], R],
) -> list[R]:
    """``[compute(x) for x in items]``, half of the work done by a forked child when it is worth it."""
    if len(items) < 2 or sum(weights) < MIN_SHARED_WORK or cores() < 2 or not hasattr(os, "fork"):
        return [compute(x) for x in items]
    mine, theirs = split(weights)
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return [compute(x) for x in items]
    if pid == 0:  # the child: compute its share, send it, and end here whatever happens
        status = 1
        try:
            os.close(read_end)
            data = json.dumps([encode(compute(items[i])) for i in theirs], ensure_ascii=False).encode()
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    results: dict[int, R] = {i: compute(items[i]) for i in mine}
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    try:
        if status != 0:
            raise ValueError("the child failed")
        sent = json.loads(data)
        if not isinstance(sent, list) or len(sent) != len(theirs):
            raise ValueError("the child sent something else")
        results.update((i, decode(value)) for i, value in zip(theirs, sent, strict=True))
    except (ValueError, KeyError, TypeError, IndexError):
        results.update((i, compute(items[i])) for i in theirs)
    return [results[i] for i in range(len(items))]

"""Work shared with forked child processes, so that a whole-book check uses both cores.

A child is a fork of this process, so it has the parsed books already and is given nothing but
what to compute; it sends back its results as JSON (never pickle) through a pipe and ends with
``os._exit`` (no teardown, no buffered output written twice). If anything goes wrong in it, the
parent computes the child's share itself: the results are the same, only slower.
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


def _fork(compute: Callable[[], Any]) -> tuple[int, int] | None:
    """(pid, read end) of a child that sends ``compute()`` (JSON data) back; None if no fork."""
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: compute, send, and end here whatever happens
        status = 1
        try:
            os.close(read_end)
            data = json.dumps(compute(), ensure_ascii=False).encode()
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _collect(child: tuple[int, int]) -> Any:
    """What the child sent (ValueError if it failed or sent nothing whole)."""
    pid, read_end = child
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0:
        raise ValueError("the child failed")
    return json.loads(data)


def in_background(compute: Callable[[], R], *, encode: Callable[[R], Any], decode: Callable[[Any], R],
                  ) -> Callable[[], R]:
    """Start ``compute()`` in a forked child; the function returned waits for its result.

    With one core (or no fork) ``compute()`` runs right here, before this returns."""
    child = _fork(lambda: encode(compute())) if cores() >= 2 and hasattr(os, "fork") else None
    if child is None:
        value = compute()
        return lambda: value

    def join() -> R:
        try:
            return decode(_collect(child))
        except (ValueError, KeyError, TypeError, IndexError):
            return compute()

    return join


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
    child = _fork(lambda: [encode(compute(items[i])) for i in theirs])
    if child is None:
        return [compute(x) for x in items]
    results: dict[int, R] = {i: compute(items[i]) for i in mine}
    try:
        sent = _collect(child)
        if not isinstance(sent, list) or len(sent) != len(theirs):
            raise ValueError("the child sent something else")
        results.update((i, decode(value)) for i, value in zip(theirs, sent, strict=True))
    except (ValueError, KeyError, TypeError, IndexError):
        results.update((i, compute(items[i])) for i in theirs)
    return [results[i] for i in range(len(items))]

"""Work shared with a forked child: the same results as one process, in order, and the
parent's own computation when the child fails."""

from __future__ import annotations

import os

import pytest

from docsync import parallel


@pytest.fixture(autouse=True)
def two_cores(monkeypatch) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: 2)  # the shared path, whatever this machine has


def _square(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def test_the_child_does_half_and_the_order_is_kept() -> None:
    items = list(range(40))
    out = parallel.map_shared(items, _square, weights=[parallel.MIN_SHARED_WORK] * 40,
                              encode=list, decode=tuple)
    assert [v for v, _ in out] == [x * x for x in items]
    pids = {pid for _, pid in out}
    assert os.getpid() in pids and len(pids) == 2  # two processes did the work


def test_a_failing_child_leaves_the_work_to_the_parent() -> None:
    parent = os.getpid()

    def only_here(x: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return x + 1

    out = parallel.map_shared(list(range(10)), only_here, weights=[parallel.MIN_SHARED_WORK] * 10,
                              encode=int, decode=int)
    assert out == list(range(1, 11))


def test_background_work_comes_back() -> None:
    join = parallel.in_background(lambda: _square(7), encode=list, decode=tuple)
    value, pid = join()
    assert value == 49 and pid != os.getpid()


def test_a_failing_background_child_leaves_the_work_to_the_parent() -> None:
    parent = os.getpid()

    def only_here() -> int:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return 5

    assert parallel.in_background(only_here, encode=int, decode=int)() == 5


def test_small_work_stays_in_one_process() -> None:
    out = parallel.map_shared([1, 2, 3], _square, weights=[1, 1, 1], encode=list, decode=tuple)
    assert {pid for _, pid in out} == {os.getpid()}


@pytest.mark.parametrize(("weights", "expected"), [
    ([5, 1, 1, 1, 1, 1], ([0], [1, 2, 3, 4, 5])),
    ([3, 3, 2, 2], ([0, 2], [1, 3])),
    ([1], ([0], [])),
])
def test_shares_are_balanced(weights: list[int], expected: tuple[list[int], list[int]]) -> None:
    assert parallel.split(weights) == expected


def test_a_whole_book_check_is_the_same_in_one_process(upstream, monkeypatch, capsys) -> None:
    from pathlib import Path

    from docsync.cli import main

    forks: list[int] = []
    real_fork = parallel._fork
    monkeypatch.setattr(parallel, "_fork", lambda compute: forks.append(1) or real_fork(compute))
    args = ["check", "--docs", str(Path(upstream) / "V4_3_STABLE"), "--no-cache", "--format", "json", "--exit-zero"]
    main(args)
    shared = capsys.readouterr().out
    assert len(forks) == 2  # the checks in one child, half of drift's pairs in another
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    main(args)
    assert capsys.readouterr().out == shared and len(forks) == 2

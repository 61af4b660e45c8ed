"""Drift checks read their rule's options from the run (``ctx.options``), in every way drift runs.

No drift rule has options yet, so a check with options is added for the test (under the code
DRF001, whose own check stays registered) and given its options by the run, as
``[tool.docsync.drift.options]`` would.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from docsync import parallel
from docsync.cache import Cache, Store
from docsync.cli import main
from docsync.config import find_config
from docsync.drift.base import CHECKS, Registered
from docsync.drift.blocks import SECTION
from docsync.drift.checks import check_codes
from docsync.drift.config import DriftSettings
from docsync.drift.run import drift_book, drift_files
from docsync.drift.session import run_drift
from docsync.options import option
from tests.drift.helpers import sect


@dataclass(frozen=True)
class WordOptions:
    word: str = option("a word the check notes")


@pytest.fixture
def noted(monkeypatch) -> list[str]:
    """The word the added check read, once per pair of sections it was called for."""
    monkeypatch.setattr(parallel, "cores", lambda: 1)  # calls in a forked child are not seen here
    check_codes()  # every drift check registered before one is added
    seen: list[str] = []

    def check_word(pair, ctx):
        seen.append(ctx.options(WordOptions).word)
        return iter(())

    monkeypatch.setitem(CHECKS, SECTION, [*CHECKS[SECTION], Registered(check_word, frozenset({"DRF001"}))])
    return seen


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for lang in ("doc", "doc.ja"):
        path = tmp_path / lang / "src" / "sgml" / "a.sgml"
        path.parent.mkdir(parents=True)
        path.write_text(sect("<para>text</para>"), encoding="utf-8")
    return tmp_path


def test_options_reach_the_check_of_one_pair(tree: Path, noted: list[str]) -> None:
    files = (tree / "doc/src/sgml/a.sgml", tree / "doc.ja/src/sgml/a.sgml")
    drift_files(*files, options={"DRF001": WordOptions("pair")})
    assert noted and set(noted) == {"pair"}


def test_options_reach_the_check_of_a_book_and_name_its_stored_results(tree: Path, noted: list[str]) -> None:
    def run(word: str) -> list[str]:
        store = Store(Cache(tree / "cache"), "pairs")  # what earlier runs saved
        drift_book(tree, store=store, options={"DRF001": WordOptions(word)})
        store.save()
        found = list(noted)
        noted.clear()
        return found

    assert set(run("one")) == {"one"}
    # Stored results are for the options they were computed with: other options compute again,
    assert set(run("two")) == {"two"}
    # and the same options reuse them.
    assert run("two") == []


def test_run_drift_hands_the_options_on(tree: Path, noted: list[str]) -> None:
    run_drift([tree], settings=DriftSettings(rule_options={"DRF001": WordOptions("session")}))
    assert noted and set(noted) == {"session"}


def test_drift_options_of_a_rule_without_options_are_exit_2(tree: Path, capsys) -> None:
    (tree / ".docsync.toml").write_text("[drift.options.drift-missing-section]\nword = 'x'\n")
    find_config.cache_clear()
    try:
        assert main(["drift", str(tree)]) == 2
    finally:
        find_config.cache_clear()
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    said = "[tool.docsync.drift.options.drift-missing-section]: rule DRF001 (drift-missing-section) has no options"
    assert said in err

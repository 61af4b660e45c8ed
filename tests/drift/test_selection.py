"""Selection before the checks run: every drift check declares the codes it reports, a run
calls only the checks of the codes it enables, and what it reports is the full run's findings
of those codes.

Real trees: the project's sgml/ and upstream's docs (../shared/pgpool-docs), plus every drift
rule's bad example from rules/codes/drift.toml (so each declared code is really produced).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from docsync import parallel
from docsync.cli import main
from docsync.drift.base import CHECKS, Drift, Registered
from docsync.drift.checks import check_codes
from docsync.drift.config import DriftSettings, code_selection
from docsync.drift.run import drift_book, drift_files
from docsync.drift.session import run_drift
from docsync.model import Finding
from docsync.rules import RuleExample, stage_rules
from tests.conftest import PROJECT, require_upstream

# Codes drift reports outside the checks: a file with no counterpart (drift_book) and --since.
OUTSIDE_CHECKS = {"DRF001", "DRF011"}


def _name(reg: Registered) -> str:
    return reg.func.__name__


@pytest.fixture
def yielded(monkeypatch) -> dict[str, Counter[str]]:
    """Every registered check wrapped: check name -> codes it yielded (one process: calls in a
    forked child would not be noted here)."""
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    check_codes()  # every check module registered before the registry is wrapped
    seen: dict[str, Counter[str]] = {}
    for kind, regs in list(CHECKS.items()):
        wrapped = []
        for reg in regs:
            noted = seen.setdefault(_name(reg), Counter())

            @functools.wraps(reg.func)
            def noting(pair, ctx, func=reg.func, noted=noted) -> Iterator[Drift]:
                noted["(called)"] += 1
                for d in func(pair, ctx):
                    noted[d.code] += 1
                    yield d

            wrapped.append(Registered(noting, reg.codes))
        monkeypatch.setitem(CHECKS, kind, wrapped)
    return seen


def _declared() -> dict[str, frozenset[str]]:
    return {_name(reg): reg.codes for regs in CHECKS.values() for reg in regs}


# A table with a row more in English (DRF051 from the table check; the rule's own example is a
# psql listing's).
TABLE_ROWS = """EN: <table><title>Modes</title><tgroup cols="2"><tbody>
<row><entry>mode</entry><entry>replication</entry></row>
<row><entry>mode</entry><entry>snapshot</entry></row>
</tbody></tgroup></table>
JA: <table><title>モード</title><tgroup cols="2"><tbody>
<row><entry>モード</entry><entry>replication</entry></row>
</tbody></tgroup></table>
"""


def _bad_examples(tmp: Path) -> list[Finding]:
    """Drift over every drift rule's bad example (and TABLE_ROWS), each side a chapter of its own."""
    found = []
    examples = {code: doc.bad for code, doc in stage_rules("drift").items() if not doc.example.illustrative}
    for code, example in {**examples, "rows": TABLE_ROWS}.items():
        if not example:
            continue
        sides: dict[str, list[str]] = {"EN": [], "JA": []}
        side = "EN"
        for line in example.strip("\n").split("\n"):
            if line[:3] in ("EN:", "JA:"):
                side, line = line[:2], line[3:].strip()
            sides[side].append(line)
        paths = []
        for lang, lines in sides.items():
            text = "\n".join(lines)
            if not text.lstrip().startswith("<sect1"):
                text = f'<sect1 id="example">\n<title>Example</title>\n{text}\n</sect1>'
            path = tmp / code / f"{lang.lower()}.sgml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(RuleExample.content(text))
            paths.append(path)
        found.extend(drift_files(paths[0], paths[1]).findings)
    return found


def test_every_check_reports_only_the_codes_it_declares(yielded, tmp_path: Path) -> None:
    upstream = require_upstream()
    found = _bad_examples(tmp_path)
    for root in (PROJECT / "sgml", upstream / "V4_3_STABLE", upstream / "master"):
        found.extend(drift_book(root).findings)
    declared = _declared()
    for name, codes in yielded.items():
        assert codes["(called)"], f"{name} never ran"
        assert set(codes) - {"(called)"} <= declared[name], f"{name} reports codes it does not declare"
    # Each declared code was really produced by its check (the comparison above is not empty).
    produced = {(name, c) for name, codes in yielded.items() for c in codes if c != "(called)"}
    assert {(name, c) for name, codes in declared.items() for c in codes} <= produced
    assert {f.code for f in found if f.code.startswith("DRF")} >= check_codes()


def test_every_drift_code_is_declared_or_reported_by_drift_itself() -> None:
    codes = set(stage_rules("drift"))
    assert codes == check_codes() | OUTSIDE_CHECKS
    assert "DRF011" not in check_codes()  # --since reports it, no check does


def test_a_selection_calls_only_the_checks_of_selected_codes(yielded, capsys) -> None:
    root = require_upstream() / "V4_3_STABLE"
    assert main(["drift", str(root), "--select", "DRF020", "--format", "json", "--exit-zero"]) == 0
    capsys.readouterr()
    called = {name for name, codes in yielded.items() if codes["(called)"]}
    assert called == {"check_code"}
    assert set(yielded["check_code"]) <= {"(called)", "DRF020", "DRF051"}
    for codes in yielded.values():
        codes.clear()
    # DRF051 is reported by two checks: both run, and nothing else does.
    assert main(["drift", str(root), "--select", "drift-table", "--format", "json", "--exit-zero"]) == 0
    capsys.readouterr()
    called = {name for name, codes in yielded.items() if codes["(called)"]}
    assert called == {"check_code", "check_table"}


def test_check_runs_only_the_drift_checks_it_selects(yielded, capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # the cache lands in the working directory
    docs = require_upstream() / "V4_3_STABLE"
    args = ["check", "--docs", str(docs), "--no-cache", "--format", "json", "--exit-zero"]
    assert main([*args, "--select", "DRF030,DRF004"]) == 0
    capsys.readouterr()
    assert {name for name, codes in yielded.items() if codes["(called)"]} == {"check_numbers", "check_stale"}


@functools.cache
def _full(branch: str) -> tuple[Finding, ...]:
    return tuple(run_drift([require_upstream() / branch]).findings)


@pytest.mark.parametrize(
    ("select", "ignore"),
    [
        (["DRF020"], []),
        (["DRF051"], []),  # a code two checks report, each with another code
        (["drift-stale"], []),  # a category: DRF004 and DRF010 of one check
        (["DRF0"], ["DRF010", "DRF003"]),
        (["SGM"], []),  # no drift check at all: the reader's findings only
    ],
)
def test_selected_results_are_the_full_results_of_those_codes(select, ignore) -> None:
    settings = DriftSettings().with_command_line(select, ignore)
    enabled = code_selection(settings)
    assert enabled is not None
    expected = [f for f in _full("V4_3_STABLE") if enabled(f.code)]
    assert expected  # each selection has something to find on this tree
    assert run_drift([require_upstream() / "V4_3_STABLE"], settings=settings).findings == expected

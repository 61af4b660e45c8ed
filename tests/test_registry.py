"""One registry of rule implementations (docsync.registry), and every rule reported by code.

Each rule of lint, check and drift is either registered by its stage's decorator or reported
by the stage's engine itself; a rule the data declares and no code reports would be a page
and a selector for nothing.
"""

from __future__ import annotations

import re

import pytest

from docsync import registry
from docsync.paths import PACKAGE_DIR
from docsync.rules import stage_rules

STAGES = {"lint": "PGP", "check": "DOC", "drift": "DRF"}


def _source_literals(stage: str) -> set[str]:
    """Rule codes written as string literals in the stage's package (its engine included)."""
    found: set[str] = set()
    for path in (PACKAGE_DIR / stage).rglob("*.py"):
        found.update(re.findall(r"""["']([A-Z]{3}\d{3})["']""", path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_every_rule_of_a_stage_is_reported_by_its_code(stage: str) -> None:
    declared = set(stage_rules(stage))
    implemented = registry.implementations(stage)
    assert implemented, f"{stage} registered nothing"
    assert set(implemented) <= declared, "a registered code the rules data does not declare"
    by_engine = declared - set(implemented)
    unreported = by_engine - _source_literals(stage)
    assert not unreported, f"{stage}: declared, reported by no code: {sorted(unreported)}"
    for code, found in implemented.items():
        assert all(i.stage == stage and code in i.codes for i in found)


def test_lint_and_check_run_one_function_per_rule_drift_may_run_several() -> None:
    everything = registry.implementations()
    for code, found in everything.items():
        if found[0].stage in ("lint", "check"):
            assert len(found) == 1, code
    assert len(everything["DRF051"]) == 2  # a listing's and a table's psql column counts


def test_a_rule_registered_in_two_stages_or_twice_where_one_function_runs_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(registry, "IMPLEMENTATIONS", {})

    def check_one(ctx):
        return iter(())

    def check_two(ctx):
        return iter(())

    registry.register("lint", ("PGP999",), check_one, only=True)
    with pytest.raises(ValueError, match="PGP999 registered twice"):
        registry.register("lint", ("PGP999",), check_two, only=True)
    with pytest.raises(ValueError, match="registered twice"):
        registry.register("drift", ("PGP999",), check_two)
    registry.register("drift", ("DRF998",), check_one)
    registry.register("drift", ("DRF998",), check_two)  # drift: several functions, one rule
    assert [i.name for i in registry.IMPLEMENTATIONS["DRF998"]] == ["one", "two"]

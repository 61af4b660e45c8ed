"""``rule(code)`` reads one stage's table: every code's prefix names the stage that defines it."""

from __future__ import annotations

from docsync.rules import STAGE_OF_PREFIX, all_rules, rule


def test_every_code_is_in_the_stage_its_prefix_names() -> None:
    docs = all_rules()
    assert {d.stage for d in docs.values()} == set(STAGE_OF_PREFIX.values())
    wrong = [(code, d.stage) for code, d in docs.items() if STAGE_OF_PREFIX.get(code[:3]) != d.stage]
    assert wrong == []
    assert all(rule(code) == d.rule for code, d in docs.items())

"""One meaning of --select/--ignore and of ignore[...] comments for every command."""

from __future__ import annotations

import pytest

from docsync.drift.config import DriftSettings, code_selection
from docsync.model import Category, Rule, Severity
from docsync.selection import parse_ignore_comment, rule_enabled, split_selectors

RULE = Rule("DRF020", "drift-code-block", Category.DRIFT_CODE, Severity.ERROR)


@pytest.mark.parametrize(
    ("select", "ignore", "enabled"),
    [
        ((), (), True),
        (("DRF",), (), True),
        (("PGP",), (), False),
        ((), ("drift-code",), False),
        (("DRF020",), ("drift-code",), True),  # the more specific selector wins
        (("drift-code",), ("DRF020",), False),
        (("DRF0",), ("DRF02",), False),
        (("DRF",), ("DRF",), False),  # a tie goes to ignore
        (("ALL",), ("drift-code-block",), False),
    ],
)
def test_rule_enabled(select, ignore, enabled) -> None:
    assert rule_enabled(RULE, select, ignore) is enabled


def test_drift_selects_codes_the_same_way() -> None:
    enabled = code_selection(DriftSettings().with_command_line(["DRF020"], ["drift-code"]))
    assert enabled is not None and enabled("DRF020") and not enabled("DRF021")
    enabled = code_selection(DriftSettings().with_command_line(["DRF,PGP"], ["DRF020"]))
    assert enabled is not None and not enabled("DRF020") and enabled("DRF030") and enabled("PGP001")
    assert code_selection(DriftSettings()) is None  # nothing chosen: every code, no predicate to ask


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        (" docsync: ignore[DRF020, PGP1] upstream typo ", (("DRF020", "PGP1"), "upstream typo")),
        ("docsync:ignore[drift-code]", (("drift-code",), "")),
        (" the English original mentions docsync: ignore[X] ", None),
        (" an ordinary comment ", None),
    ],
)
def test_parse_ignore_comment(text, parsed) -> None:
    assert parse_ignore_comment(text) == parsed


def test_split_selectors() -> None:
    assert split_selectors(["PGP1,duplicate-setting", " syntax "]) == ("PGP1", "duplicate-setting", "syntax")

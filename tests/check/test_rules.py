"""The check rules as data: identities, reference text, registry, and validation of check.toml."""

from __future__ import annotations

import tomllib

import pytest

import docsync.check.checks  # noqa: F401  registers the rule kinds
from docsync.check.registry import CHECKS
from docsync.check.ruleset import RULES_FILE, load_rules, parse_rules
from docsync.errors import UsageError
from docsync.rules import all_rules

STAGES = {"DOC001", "DOC002"}  # reported by run.py's stages, not by a registered rule kind


def check_rules() -> dict:
    return {code: doc for code, doc in all_rules().items() if doc.stage == "check"}


def test_every_rule_has_an_implementation_named_like_it() -> None:
    rules = check_rules()
    assert set(rules) == set(CHECKS) | STAGES
    for code, chk in CHECKS.items():
        assert chk.name == rules[code].rule.name, code


def test_every_rule_has_full_reference_text() -> None:
    for code, doc in check_rules().items():
        for field in ("description", "bad", "good"):
            assert getattr(doc, field).strip(), f"{code} has no {field}"
        assert doc.rule.summary and doc.fix and doc.versions, code


def test_off_by_default_names_real_rules() -> None:
    assert load_rules().off_by_default <= set(check_rules())


def _data() -> dict:
    with RULES_FILE.open("rb") as fh:
        return tomllib.load(fh)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.update(surprise=1), "unknown option surprise"),
        (lambda d: d["versions"]["token"][0].update(pattern=r"rpms/\d+"), "version or major group"),
        (lambda d: d["versions"]["declaration"][0].update(product="kernel"), "unknown product"),
        (lambda d: d["versions"]["declaration"][0].update(row="^x$"), "one of text, row or entity"),
        (lambda d: d["tables"].update(footer=r"\((\d+) rows\)"), "(?P<rows>...)"),
        (lambda d: d["tables"].update(separator="("), "bad pattern"),
    ],
)
def test_check_toml_is_validated(edit, message: str) -> None:
    data = _data()
    edit(data)
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        parse_rules(data)

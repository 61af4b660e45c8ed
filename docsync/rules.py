"""The registry of rule identities (code, name, category, severity), read from ``rules/codes/*.toml``.

Behaviour lives in code (lint checks, drift checks, the SGML reader); identities live here so
that codes stay stable, ``docsync rule CODE`` can explain any of them, and the docs are built
from the same source.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass

from docsync.model import Category, Rule, Severity
from docsync.paths import DOCS_BASE_URL, RULES_DIR


@dataclass(frozen=True)
class RuleDoc:
    """A rule's identity plus its reference text."""

    rule: Rule
    stage: str
    description: str = ""
    bad: str = ""
    good: str = ""
    fix: str = "none"
    versions: str = "all"
    redirect_from: tuple[str, ...] = ()

    @property
    def help_uri(self) -> str:
        return f"{DOCS_BASE_URL}/{self.rule.code}.html"


def _load_file(stage: str, data: dict) -> Iterable[RuleDoc]:
    for code, entry in data.items():
        rule = Rule(
            code=code,
            name=entry["name"],
            category=Category(entry["category"]),
            severity=Severity.parse(entry.get("severity", "error")),
            summary=entry["summary"],
        )
        yield RuleDoc(
            rule=rule,
            stage=stage,
            description=entry.get("description", ""),
            bad=entry.get("bad", ""),
            good=entry.get("good", ""),
            fix=entry.get("fix", "none"),
            versions=entry.get("versions", "all"),
            redirect_from=tuple(entry.get("redirect_from", ())),
        )


@functools.cache
def all_rules() -> dict[str, RuleDoc]:
    """Every rule docsync knows, by code, in code order."""
    docs: dict[str, RuleDoc] = {}
    for path in sorted((RULES_DIR / "codes").glob("*.toml")):
        for code, doc in stage_rules(path.stem).items():
            if code in docs:
                raise ValueError(f"{path}: rule code {code} defined twice")
            docs[code] = doc
    return dict(sorted(docs.items()))


@functools.cache
def stage_rules(stage: str) -> dict[str, RuleDoc]:
    """The rules of one stage (``rules/codes/<stage>.toml``), by code: all a command needs,
    without reading every stage's file (``docsync lint`` is run per file on servers)."""
    with (RULES_DIR / "codes" / f"{stage}.toml").open("rb") as fh:
        return {doc.rule.code: doc for doc in _load_file(stage, tomllib.load(fh))}


# Each stage's codes share a prefix; ``rule`` reads only that stage's file when it can (a
# chapter's sgml2xml need not parse every stage's table); tests/test_rule_prefixes.py checks the map.
STAGE_OF_PREFIX = {
    "SGM": "sgml", "EXT": "extract", "PGP": "lint", "DOC": "check", "DRF": "drift", "VER": "verify",
}


def rule(code: str) -> Rule:
    """The rule with this code (raises KeyError for an unknown code)."""
    stage = STAGE_OF_PREFIX.get(code[:3])
    if stage is not None:
        found = stage_rules(stage).get(code)
        if found is not None:
            return found.rule
    return all_rules()[code].rule


def lookup(key: str) -> RuleDoc | None:
    """Find a rule by code, former code or name."""
    docs = all_rules()
    if key.upper() in docs:
        return docs[key.upper()]
    for doc in docs.values():
        if key == doc.rule.name or key.upper() in doc.redirect_from:
            return doc
    return None

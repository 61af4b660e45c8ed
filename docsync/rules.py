"""The registry of rule identities (code, name, category, severity), read from ``rules/codes/*.toml``.

Behaviour lives in code (lint checks, drift checks, the SGML reader); identities live here so
that codes stay stable, ``docsync rule CODE`` can explain any of them, and the docs are built
from the same source.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field

from docsync.model import Category, Rule, Severity
from docsync.paths import DOCS_BASE_URL, RULES_DIR
from docsync.ruledata import Table


@dataclass(frozen=True)
class RuleExample:
    """How a rule's bad and good examples are run (tests/test_rule_examples.py runs them).

    The example text goes into a file named ``file``, by default the stage's usual one: a
    ``pgpool.conf`` for lint, a document of its own for SGML, an English and a Japanese
    chapter for drift (the lines after ``EN:`` and after ``JA:``), a chapter of an English
    docs tree for check, the example-cluster chapter of a checkout for extract. ``files``
    (name, text) are written beside it, and a lint example is linted with ``args``.

    In the text, ``<BOM>`` and ``<NUL>`` stand for those characters, ``\\xNN`` for a raw
    byte, and a final ``<EOF>`` for the end of a file without a last newline, so that the page
    can show what a file holds. An example that needs more than a snippet can carry (a running
    server, files owned by other users) says why in ``illustrative``: it is shown, not run.
    """

    file: str = ""
    args: tuple[str, ...] = ()
    files: tuple[tuple[str, str], ...] = ()
    illustrative: str = ""

    @staticmethod
    def content(text: str) -> bytes:
        """The bytes an example's text stands for."""
        text = text.removeprefix("\n")  # a TOML multi-line string's first newline is layout
        # Files end with a newline, unless the example shows where one ends without it.
        text = text.removesuffix("<EOF>") if text.endswith("<EOF>") else text.removesuffix("\n") + "\n"
        text = text.replace("<BOM>", "\ufeff").replace("<NUL>", "\0")
        return re.sub(
            rb"\\x([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]), text.encode("utf-8")
        )


def _example(entry: object, where: str) -> RuleExample:
    if entry is None:
        return RuleExample()
    t = Table(entry, f"{where}.example", "rules/codes")
    example = RuleExample(
        file=t.take("file", "", kind=str),
        args=tuple(t.take("args", [], kind=list)),
        files=tuple(sorted(t.take("files", {}, kind=dict).items())),
        illustrative=t.take("illustrative", "", kind=str),
    )
    t.done()
    return example


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
    example: RuleExample = RuleExample()
    # The ``[CODE.options]`` table as written: the defaults of the rule's options, validated
    # against its implementation's options type by docsync/options.py (None: no options).
    options: dict[str, object] | None = field(default=None, compare=False)

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
            example=_example(entry.get("example"), f"{stage}.toml [{code}]"),
            options=entry.get("options"),
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

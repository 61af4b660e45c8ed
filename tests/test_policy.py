"""File classes (rules/policy.toml): the policy is data, read strictly, applied by path."""

from __future__ import annotations

import pytest

from docsync.drift.run import drift_book
from docsync.errors import UsageError
from docsync.model import Finding, Location, Severity
from docsync.policy import apply_policy, load_policy, parse_policy
from docsync.rules import rule
from tests.conftest import require_upstream

CODES = frozenset({"DRF004", "DRF010"})


def _finding(path: str, code: str = "DRF004") -> Finding:
    return Finding.of(rule(code), Location(path, 3, 1), "m")


def test_release_notes_drop_missing_originals_other_chapters_keep_them() -> None:
    found = apply_policy(
        [_finding("doc/src/sgml/release-4.0.sgml"), _finding("doc/src/sgml/watchdog.sgml"),
         _finding("doc/src/sgml/release-4.0.sgml", "DRF010")]
    )
    assert [(f.location.path, f.code) for f in found] == [
        ("doc/src/sgml/watchdog.sgml", "DRF004"),
        ("doc/src/sgml/release-4.0.sgml", "DRF010"),
    ]


def test_classes_regrade_by_first_matching_pattern() -> None:
    policy = parse_policy(
        {"class": [
            {"name": "refs", "files": ["ref/*.sgml"], "severity": {"DRF010": "info"}},
            {"name": "all", "files": ["*.sgml"], "severity": {"DRF010": "off"}},
        ]},
        "t.toml",
        CODES,
    )
    found = apply_policy([_finding("doc/src/sgml/ref/pcp_node_info.sgml", "DRF010"),
                          _finding("doc/src/sgml/a.sgml", "DRF010")], policy)
    assert [(f.location.path, f.severity) for f in found] == [("doc/src/sgml/ref/pcp_node_info.sgml", Severity.INFO)]
    assert policy.class_of("doc/src/sgml/ref/x.sgml").name == "refs"
    assert policy.class_of("doc/src/sgml/x.sgml").name == "all"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"class": [{"name": "x", "files": ["*.sgml"], "severity": {"DRF999": "off"}}]}, "unknown rule 'DRF999'"),
        ({"class": [{"name": "x", "files": ["*.sgml"], "severity": {"DRF004": "loud"}}]}, "unknown severity"),
        ({"class": [{"name": "x", "files": []}]}, "non-empty list"),
        ({"class": [{"name": "x", "files": ["a"], "colour": 1}]}, "unknown option colour"),
    ],
)
def test_bad_policy_is_a_usage_error(data: dict, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_policy(data, "t.toml", CODES)


def test_project_policy_loads_and_names_its_classes() -> None:
    names = [c.name for c in load_policy().classes]
    assert names == ["release-notes", "legacy-chapters", "fragments", "reference-pages"]


def test_upstream_release_notes_report_no_missing_original() -> None:
    root = require_upstream() / "V4_3_STABLE"
    report = drift_book(root, ["release-4.0.sgml", "watchdog.sgml"])
    drf004 = {f.location.path for f in report.findings if f.code == "DRF004"}
    assert drf004 == {"doc/src/sgml/watchdog.sgml"}  # 302 in release-4.0 before the policy


def test_upstream_errcodes_fragment_is_not_reported_as_a_document(capsys) -> None:
    """errcodes-table.sgml (rows generated from PostgreSQL, included nowhere in pgpool's book)
    gets no SGM002 from check, by its file class; the reader alone still reports it."""
    import json

    from docsync.cli import main
    from docsync.sgml import load_document

    root = require_upstream() / "V4_3_STABLE"
    main(["check", "--docs", str(root), "--no-cache", "--format", "json", "-S", "info"])
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [f for f in found if f["path"].endswith("errcodes-table.sgml")] == []
    alone = load_document(root / "doc" / "src" / "sgml" / "errcodes-table.sgml")
    assert [f.code for f in alone.findings] == ["SGM002"]

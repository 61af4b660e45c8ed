"""One finishing pass for every command: selection, grades, severities, suppression, dedupe."""

from __future__ import annotations

from pathlib import Path

from docsync.cli import main
from docsync.config import find_config
from docsync.finish import finish_findings
from docsync.model import Category, Finding, Location, Rule, Severity
from docsync.policy import FileClass, Policy
from docsync.selection import RuleSettings
from tests.check.helpers import EN, chapter, listing, write_tree

RANGE = Rule("PGP311", "out-of-range", Category.RANGE, Severity.ERROR)
UNKNOWN = Rule("PGP101", "unknown-parameter", Category.UNKNOWN_PARAMETER, Severity.ERROR)
HERE = Location("a.conf", 3, 1)


def _f(rule: Rule, line: int = 3, message: str = "bad", severity: Severity | None = None) -> Finding:
    return Finding.of(rule, Location("a.conf", line, 1), message, severity=severity)


def test_nothing_set_keeps_every_finding_in_order() -> None:
    found = [_f(UNKNOWN, 9), _f(RANGE, 2), _f(RANGE, 5)]
    assert finish_findings(found, RuleSettings()) == found


def test_a_disabled_rule_is_dropped() -> None:
    found = [_f(RANGE), _f(UNKNOWN)]
    assert finish_findings(found, RuleSettings(ignore=("out-of-range",))) == [found[1]]
    assert finish_findings(found, RuleSettings(select=("PGP1",))) == [found[1]]
    assert finish_findings(found, RuleSettings(off_by_default=frozenset({"PGP101"}))) == [found[0]]
    named = RuleSettings(extend_select=("PGP101",), off_by_default=frozenset({"PGP101"}))
    assert finish_findings(found, named) == found


def test_severity_by_code_or_by_name_and_the_code_wins() -> None:
    found = [_f(RANGE), _f(UNKNOWN)]
    by_name = finish_findings(found, RuleSettings(severity={"out-of-range": Severity.INFO}))
    assert [(f.code, f.severity) for f in by_name] == [("PGP311", Severity.INFO), ("PGP101", Severity.ERROR)]
    by_code = finish_findings(found, RuleSettings(severity={"PGP101": Severity.WARNING}))
    assert [(f.code, f.severity) for f in by_code] == [("PGP311", Severity.ERROR), ("PGP101", Severity.WARNING)]
    both = RuleSettings(severity={"out-of-range": Severity.INFO, "PGP311": Severity.WARNING})
    assert [f.severity for f in finish_findings([_f(RANGE)], both)] == [Severity.WARNING]
    # Nothing else of the finding changes.
    assert by_name[0].message == "bad" and by_name[0].location == HERE


def test_dedupe_keeps_the_first_of_a_location_code_and_message() -> None:
    first = _f(RANGE, severity=Severity.WARNING)
    again = _f(RANGE, severity=Severity.INFO)  # same place, rule and message: a duplicate
    other_message = _f(RANGE, message="worse")
    other_line = _f(RANGE, line=4)
    other_rule = _f(UNKNOWN)
    found = finish_findings([first, again, other_message, other_line, other_rule], RuleSettings())
    assert found == [first, other_message, other_line, other_rule]


def test_a_suppression_drops_only_what_it_covers() -> None:
    found = [_f(RANGE, 3), _f(RANGE, 4), _f(UNKNOWN, 3)]

    def on_line_3_range(f: Finding) -> bool:
        return f.location.line == 3 and f.name == "out-of-range"

    assert finish_findings(found, RuleSettings(), suppressed=on_line_3_range) == found[1:]


def test_suppression_sees_the_regraded_finding() -> None:
    seen: list[Severity] = []

    def record(f: Finding) -> bool:
        seen.append(f.severity)
        return False

    finish_findings([_f(RANGE)], RuleSettings(severity={"PGP311": Severity.INFO}), suppressed=record)
    assert seen == [Severity.INFO]


def test_the_file_class_grades_first_and_the_settings_after() -> None:
    policy = Policy(
        (FileClass("legacy", ("old-*.conf",), {"PGP311": None, "PGP101": Severity.WARNING}),)
    )
    old = [
        Finding.of(RANGE, Location("old-1.conf", 1), "bad"),
        Finding.of(UNKNOWN, Location("old-1.conf", 2), "bad"),
        Finding.of(RANGE, Location("new.conf", 1), "bad"),
    ]
    graded = finish_findings(old, RuleSettings(), policy=policy)
    assert [(f.location.path, f.code, f.severity) for f in graded] == [
        ("old-1.conf", "PGP101", Severity.WARNING),
        ("new.conf", "PGP311", Severity.ERROR),
    ]
    overridden = finish_findings(old, RuleSettings(severity={"unknown-parameter": Severity.INFO}), policy=policy)
    assert [f.severity for f in overridden] == [Severity.INFO, Severity.ERROR]


def test_lint_and_check_grade_by_rule_name_from_the_same_configuration(tmp_path: Path, capsys) -> None:
    """``severity = { out-of-range = "warning" }`` regrades lint's finding and check's alike."""
    root = write_tree(
        tmp_path / "docs",
        {
            f"{EN}/a.sgml": chapter(
                listing("[all servers]# vi /etc/pgpool-II/pgpool.conf") + "\n" + listing("port = 99999")
            ),
            f"{EN}/version.sgml": '<!ENTITY version "4.3.5">\n',
        },
    )
    conf = root / "pgpool.conf"
    conf.write_text("port = 99999\n")

    def codes() -> tuple[list[str], list[str]]:
        find_config.cache_clear()
        main(["lint", str(conf)])
        lint_out = capsys.readouterr().out
        main(["check", "--docs", str(root)])
        check_out = capsys.readouterr().out
        return (
            [line.split(": ", 1)[1].split(" ", 2)[:2] for line in lint_out.splitlines() if "PGP311" in line],
            [line.split(": ", 1)[1].split(" ", 2)[:2] for line in check_out.splitlines() if "PGP311" in line],
        )

    (root / ".docsync.toml").write_text('[lint]\npgpool-version = "4.3"\n')
    assert codes() == ([["PGP311", "[error]"]], [["PGP311", "[error]"]])
    (root / ".docsync.toml").write_text(
        '[lint]\npgpool-version = "4.3"\nseverity = { out-of-range = "warning" }\n'
        '[check]\nseverity = { out-of-range = "warning" }\n'
    )
    assert codes() == ([["PGP311", "[warning]"]], [["PGP311", "[warning]"]])
    find_config.cache_clear()

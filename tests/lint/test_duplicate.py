"""duplicate-setting: later value wins; the message names the effective line."""

from __future__ import annotations

from tests.lint.helpers import assert_findings


def test_duplicates_name_the_effective_line() -> None:
    findings = assert_findings(
        "port = 9999\nnum_init_children = 32\nport = 9998\nport = 9997\n",
        [(3, "duplicate-setting"), (4, "duplicate-setting")],
    )
    first, second = findings
    assert "line 4 is effective" in first.message
    assert "this one is effective" in second.message
    assert [r.location.line for r in first.related] == [1]


def test_array_indexes_and_index_free_forms_are_distinct() -> None:
    assert_findings(
        "health_check_period = 10\nhealth_check_period0 = 5\nbackend_port0 = 1\n"
        "backend_port1 = 2\n",
        [],
        only=["duplicate-setting"],
    )


def test_alias_and_new_name_are_the_same_setting() -> None:
    assert_findings(
        "delegate_IP = 'a'\ndelegate_ip = 'b'\n",
        [(2, "duplicate-setting")],
        version="4.4",
        only=["duplicate-setting"],
    )


def test_duplicate_across_include(tmp_path) -> None:
    from docsync.lint.engine import lint_text
    from docsync.lint.settings import LintSettings

    (tmp_path / "site.conf").write_text("port = 9998\n")
    findings = lint_text(
        "port = 9999\ninclude = 'site.conf'\n",
        str(tmp_path / "pgpool.conf"),
        LintSettings(pgpool_version="4.3"),
    )
    dup = [f for f in findings if f.name == "duplicate-setting"]
    assert len(dup) == 1 and dup[0].location.path.endswith("site.conf")
    assert dup[0].related[0].location.path.endswith("pgpool.conf")

"""unexpanded-placeholder: only the %-escapes pgpool expands for each command."""

from __future__ import annotations

from tests.lint.helpers import assert_findings, lint


def test_failover_escapes() -> None:
    ok = "failover_command = '/etc/pgpool2/failover.sh %d %h %p %D %m %H %M %P %r %R %N %S 100%%'\n"
    assert_findings(ok, [])
    findings = assert_findings(
        "failover_command = 'failover.sh %d %x %'\n", [(1, "unexpanded-placeholder")] * 2
    )
    assert findings[0].location.column == len("failover_command = 'failover.sh %d ") + 1
    assert "lone" in findings[1].message


def test_recovery_commands_expand_nothing() -> None:
    f = assert_findings(
        "recovery_1st_stage_command = 'recovery_1st_stage %d'\n",
        [(1, "unexpanded-placeholder")],
        only=["unexpanded-placeholder"],
    )[0]
    assert "positional" in f.message


def test_log_line_prefix_m_from_43_and_only_a_warning() -> None:
    assert lint("log_line_prefix = '%m: pid %p: '\n", version="4.3") == []
    f = lint("log_line_prefix = '%m: pid %p: '\n", version="4.2")[0]
    assert (f.name, f.severity.value) == ("unexpanded-placeholder", "warning")


def test_follow_primary_and_failback() -> None:
    assert_findings(
        "follow_primary_command = 'x %d %Q'\nfailback_command = 'y %z'\n",
        [(1, "unexpanded-placeholder"), (2, "unexpanded-placeholder")],
    )

"""type, range and enum rules, and the value readers behind them."""

from __future__ import annotations

import pytest

from docsync.lint.values import parse_bool, parse_int
from tests.lint.helpers import assert_findings, lint


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("on", True),
        ("OFF", False),
        ("of", False),
        ("o", None),
        ("t", True),
        ("tru", True),
        ("truex", None),
        ("Yes", True),
        ("n", False),
        ("1", True),
        ("0", False),
        ("2", None),
        ("", None),
        ("enabled", None),
    ],
)
def test_parse_bool_is_pgpools(value: str, expected: bool | None) -> None:
    assert parse_bool(value) is expected


@pytest.mark.parametrize(
    ("value", "unit", "number"),
    [
        ("10", "s", 10),
        ("10s", "s", 10),
        ("1min", "s", 60),
        ("1.5min", "s", 90),
        ("0x10", None, 16),
        ("010", None, 8),
        ("1.5", None, 2),
        ("64MB", "byte", 67108864),
        ("1.5s", "ms", 1500),
        (" 5 ", None, 5),
        ("10 s", "s", 10),
        ("1e3", None, 1000),
    ],
)
def test_parse_int_accepts(value: str, unit: str | None, number: int) -> None:
    parsed = parse_int(value, unit)
    assert parsed.ok and parsed.number == number


@pytest.mark.parametrize(
    ("value", "unit"),
    [
        ("10s", None),
        ("64mb", "byte"),
        ("abc", None),
        ("08", None),
        ("10 seconds", "s"),
        ("9999999999", None),
    ],
)
def test_parse_int_rejects(value: str, unit: str | None) -> None:
    assert not parse_int(value, unit).ok


def test_invalid_boolean_reads_as_true() -> None:
    f = assert_findings(
        "load_balance_mode = enabled\nlog_connections = of\n",
        [(1, "invalid-boolean"), (2, "abbreviated-boolean")],  # 'of' is off, said as an info
    )[0]
    assert "true" in f.message


def test_numbers_units_and_versions() -> None:
    text = (
        "health_check_period = 10s\n"  # index-free form takes no unit
        "health_check_period0 = 10s\n"  # the indexed form does
        "num_init_children = lots\n"
        "memqcache_total_size = 64MB\n"
        "child_life_time = 5min\n"
    )
    assert_findings(text, [(1, "invalid-number"), (3, "invalid-number")])
    # 4.1 lexes no units and reads garbage with atoi
    assert_findings(
        "child_life_time = 300\nnum_init_children = abc\n", [(2, "invalid-number")], version="4.1"
    )


def test_ranges() -> None:
    assert_findings(
        "port = 80\nbackend_port0 = 70000\nbackend_weight0 = -1\nnum_init_children = 9999999999\n",
        [(1, "out-of-range"), (2, "out-of-range"), (3, "out-of-range"), (4, "out-of-range")],
        only=["out-of-range"],
    )


def test_enums_and_token_lists() -> None:
    text = (
        "backend_clustering_mode = 'STREAMING_REPLICATION'\n"  # case-insensitive: fine
        "log_min_messages = verbose\n"
        "backend_flag0 = 'ALLOW_TO_FAILOVER|ALWAYS_PRIMARY'\n"
        "backend_flag1 = 'ALLOW_TO_FAILOVER | ALWAYS_PRIMARY'\n"  # no trimming around '|'
        "backend_flag2 = 'ALLOW_TO_FAILOVER|DISALLOW_TO_FAILOVER'\n"
        "log_destination = 'stderr,syslog'\n"
        "log_destination = 'stderr,eventlog'\n"
    )
    assert_findings(
        text,
        [
            (2, "invalid-choice"),
            (4, "invalid-choice"),
            (5, "invalid-choice"),
            (7, "invalid-choice"),
        ],
        only=["invalid-choice"],
    )


def test_slony_mode_left_in_47() -> None:
    assert_findings(
        "backend_clustering_mode = 'slony'\n", [], version="4.6", only=["invalid-choice"]
    )
    assert_findings(
        "backend_clustering_mode = 'slony'\n",
        [(1, "invalid-choice")],
        version="4.7",
        only=["invalid-choice"],
    )


def test_secret_values_are_redacted_in_messages() -> None:
    findings = lint(
        "health_check_password = 'hunter2'\nhealth_check_password = 'hunter3'\n"
        "wd_authkey = 'k3y'\nwd_authkey = 'k4y'\n"
    )
    assert findings
    for f in findings:
        assert "hunter" not in f.message and "k3y" not in f.message and "k4y" not in f.message


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("postgres:primary,mydb[0-4]:1,.*:standby(0.5)", None),
        ("postgres:PRIMARY,test:00,x", None),  # case-insensitive; digits; no ':' is ignored
        ("postgres:128", "invalid-choice"),  # node ids are 0 .. 127
        ("postgres:-1", "invalid-choice"),
        ("postgres: primary", "invalid-choice"),  # no trimming
        ("postgres:", "invalid-choice"),
        (":primary", "invalid-regex"),
        ("post(gres:primary", "invalid-regex"),
        ("*postgres:primary", "invalid-regex"),  # POSIX, not Python: a leading '*' is an error
        ("a**:primary", None),  # ... and 'a**' is not
    ],
)
def test_redirect_preference_lists(value: str, rule: str | None) -> None:
    """Checked against pgpool 4.3.5, which refuses every case marked here."""
    expected = [] if rule is None else [(1, rule)]
    assert_findings(
        f"database_redirect_preference_list = '{value}'\n",
        expected,
        only=["invalid-choice", "invalid-regex"],
    )


def test_regex_lists_are_compiled_like_pgpool() -> None:
    only = ["invalid-regex"]
    assert_findings("write_function_list = 'nextval,setval,pg_.*'\n", [], only=only)
    findings = assert_findings(
        "write_function_list = 'nextval(,setval'\n", [(1, "invalid-regex")], only=only
    )
    assert "'nextval('" in findings[0].message
    assert_findings(  # ';' separates; an escaped one does not
        "primary_routing_query_pattern_list = 'a\\;b;.*DO'\n", [], only=only
    )
    assert_findings(
        "primary_routing_query_pattern_list = '.*DO ([;SELECT'\n",
        [(1, "invalid-regex")],
        only=only,
    )

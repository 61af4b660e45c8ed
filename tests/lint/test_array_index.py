"""array-index rules: gaps, range, index on a scalar, missing and invalid indexes."""

from __future__ import annotations

from tests.lint.helpers import assert_findings

RULES = [
    "array-index-gap",
    "array-index-out-of-range",
    "index-on-scalar",
    "array-index-missing",
    "array-index-invalid",
]


def test_each_index_problem() -> None:
    text = (
        "backend_hostname0 = 'a'\nbackend_port0 = 5432\n"
        "backend_hostname2 = 'c'\nbackend_port2 = 5432\n"  # 3: gap (no backend 1)
        "backend_hostname128 = 'x'\n"  # 5: out of range (0..127)
        "port0 = 9999\n"  # 6: index on a scalar
        "backend_hostname = 'y'\n"  # 7: missing index
        "backend_port_a = 1\n"  # 8: invalid index
        "heartbeat_hostname255 = 'ok'\n"
    )  # 255 is in range, after a gap
    assert_findings(
        text,
        [
            (3, "array-index-gap"),
            (5, "array-index-out-of-range"),
            (6, "index-on-scalar"),
            (7, "array-index-missing"),
            (8, "array-index-invalid"),
            (9, "array-index-gap"),
        ],
        only=RULES,
    )


def test_wd_port_became_an_array_in_42() -> None:
    assert_findings("wd_port = 9000\n", [], version="4.1", only=RULES)
    assert_findings("wd_port = 9000\n", [(1, "array-index-missing")], version="4.2", only=RULES)


def test_health_check_overrides_may_be_sparse() -> None:
    assert_findings("health_check_period = 10\nhealth_check_period3 = 5\n", [], only=RULES)

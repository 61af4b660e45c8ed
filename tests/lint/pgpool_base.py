"""The realistic base configuration of the pgpool differential corpus, and how cases edit it.

The base is built at test time from upstream's ``pgpool.conf.sample-stream`` (read from
``../shared``, never copied here): every commented default is switched on, then the values of
a three-node streaming-replication cluster with watchdog are filled in, the way the
documentation's example cluster configures one. Cases (``pgpool_cases*.py``) change it in one
way each; ``pgpool_corpus.py`` puts them together.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE = Path("V4_3_STABLE") / "src" / "sample" / "pgpool.conf.sample-stream"

# Secret values planted in the base; no test output may ever contain one of them.
SECRETS = {
    "sr_check_password": "SrCheck-6d1f0c-secret",
    "health_check_password": "HealthCheck-2b7e44-secret",
    "recovery_password": "Recovery-91aa3c-secret",
    "wd_authkey": "WdAuthkey-5c0e7d-secret",
    "wd_lifecheck_password": "Lifecheck-e83b12-secret",
}

NODES = ("server1", "server2", "server3")
_ACTIVATE = re.compile(r"^#([a-z_][A-Za-z0-9_]*)(\s*=.*)$", re.M)


@dataclass(frozen=True)
class Case:
    """One configuration for both pgpool and docsync."""

    id: str
    check: str  # what it exercises: a CONVENTIONS.md category, or "valid"
    data: bytes  # case.conf
    files: Mapping[str, bytes] = field(default_factory=dict)  # beside case.conf (includes)
    expect: tuple[str, ...] = ()  # docsync codes the case must produce (any severity)
    misread: str = ""  # how pgpool silently misreads it, if it does


def _name_re(name: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(name)}[ \t]*=[ \t]*('[^'\n]*'|[^ \t\n#]*)", re.M)


def set_value(text: str, name: str, raw: str) -> str:
    """Replace the value of the first active ``name = ...`` line (append one if none)."""
    rx = _name_re(name)
    m = rx.search(text)
    if m is None:
        return text + f"{name} = {raw}\n"
    return text[: m.start(1)] + raw + text[m.end(1) :]


def replace_line(text: str, name: str, line: str) -> str:
    """Replace the whole first active ``name = ...`` line."""
    m = re.search(rf"^{re.escape(name)}[ \t]*=.*$", text, re.M)
    assert m, name
    return text[: m.start()] + line + text[m.end() :]


def drop(text: str, *names: str) -> str:
    """Comment out every active line of these settings."""
    for name in names:
        text = re.sub(rf"^({re.escape(name)}[ \t]*=)", r"#\1", text, flags=re.M)
    return text


def insert_after(text: str, name: str, lines: str) -> str:
    m = re.search(rf"^{re.escape(name)}[ \t]*=.*\n", text, re.M)
    assert m, name
    return text[: m.end()] + lines + text[m.end() :]


def realistic_base(sample: str) -> str:
    """The upstream 4.3 streaming sample, every default on, values of a 3-node cluster."""
    seen: set[str] = set()

    def activate(m: re.Match[str]) -> str:
        name = m.group(1)
        # Only the first of alternatives (reset_query_list has two), and no per-node
        # health-check overrides (health_check_*0): the example cluster has none.
        if name in seen or re.fullmatch(r"health_check_\w+\d", name):
            return m.group(0)
        seen.add(name)
        return name + m.group(2)

    text = _ACTIVATE.sub(activate, sample)
    seen.update(re.findall(r"^([a-z_][A-Za-z0-9_]*)\s*=", sample, re.M))
    # log_min_messages = warning would hide pgpool's INFO lines about every later setting; the
    # harness sets debug5 around the case instead.
    text = drop(text, "log_min_messages")
    values = {
        "listen_addresses": "'*'",
        "pcp_listen_addresses": "'*'",
        "enable_pool_hba": "on",
        "num_init_children": "32",
        "max_pool": "4",
        "sr_check_period": "10",
        "sr_check_user": "'pgpool'",
        "health_check_period": "5",
        "health_check_timeout": "30",
        "health_check_user": "'pgpool'",
        "health_check_max_retries": "3",
        "health_check_retry_delay": "2",
        "failover_command": "'/etc/pgpool2/failover.sh %d %h %p %D %m %H %M %P %r %R %N %S'",
        "follow_primary_command": "'/etc/pgpool2/follow_primary.sh %d %h %p %D %m %H %M %P %r %R'",
        "recovery_user": "'postgres'",
        "recovery_1st_stage_command": "'recovery_1st_stage'",
        "use_watchdog": "on",
        "delegate_IP": "'192.168.100.50'",
        "wd_lifecheck_user": "'pgpool'",
        "memqcache_oiddir": "'/var/log/pgpool/oiddir'",
    }
    values.update({name: f"'{value}'" for name, value in SECRETS.items()})
    for i in range(2):
        values[f"backend_hostname{i}"] = f"'{NODES[i]}'"
        values[f"backend_port{i}"] = "5432"
        values[f"backend_data_directory{i}"] = "'/var/lib/postgresql/15/main'"
        values[f"backend_application_name{i}"] = f"'{NODES[i]}'"
    for i, node in enumerate(NODES):
        values[f"hostname{i}"] = f"'{node}'"
        values[f"heartbeat_hostname{i}"] = f"'{node}'"
    for name, raw in values.items():
        text = set_value(text, name, raw)
    return insert_after(
        text,
        "backend_application_name1",
        "backend_hostname2 = 'server3'\n"
        "backend_port2 = 5432\n"
        "backend_weight2 = 1\n"
        "backend_data_directory2 = '/var/lib/postgresql/15/main'\n"
        "backend_flag2 = 'ALLOW_TO_FAILOVER'\n"
        "backend_application_name2 = 'server3'\n",
    )


def slug(raw: str) -> str:
    """A readable, unique id fragment for a raw value (quotes kept, blanks shown as '_')."""
    return re.sub(r"\s", "_", raw) or "(empty)"


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")

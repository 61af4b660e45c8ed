"""Hand-written corpus cases, structure level: per-node indexes, dependencies between
settings, redirect and regex lists, command placeholders and include files."""

from __future__ import annotations

from collections.abc import Iterator

from tests.lint.pgpool_base import Case, drop, encode, set_value, slug


def index_cases(base: str) -> Iterator[Case]:
    def backend(i: int, *skip: str) -> str:
        lines = {
            "backend_hostname": f"'server{i + 1}'",
            "backend_port": "5432",
            "backend_weight": "1",
            "backend_data_directory": "'/var/lib/postgresql/15/main'",
            "backend_flag": "'ALLOW_TO_FAILOVER'",
        }
        return "".join(f"{k}{i} = {v}\n" for k, v in lines.items() if k not in skip)

    def c(check: str, id: str, text: str, *expect: str, misread: str = "") -> Case:
        return Case(f"{check}/{id}", check, encode(text), expect=expect, misread=misread)

    yield c("array-index", "backend-gap", base + backend(4), "PGP501")
    yield c("array-index", "backend-max-index", base + backend(127), "PGP501")
    yield c("array-index", "backend-index-128", base + backend(128), "PGP502")
    yield c("array-index", "heartbeat-index-255", base + "heartbeat_hostname255 = 'x'\n")
    yield c("array-index", "heartbeat-index-256", base + "heartbeat_hostname256 = 'x'\n")
    yield c(
        "array-index",
        "index-on-scalar",
        base + "port0 = 9999\n",
        "PGP503",
        misread="pgpool logs port0 at INFO and ignores it",
    )
    yield c("array-index", "missing-index", base + "backend_hostname = 'server4'\n", "PGP504")
    yield c("array-index", "letter-index", base + "backend_hostnamex = 'server4'\n", "PGP505")
    yield c("array-index", "digit-letter-index", base + "backend_port3x = 5432\n", "PGP505")
    yield c("array-index", "leading-zero-index", base + "backend_weight01 = 2\n")
    yield c("array-index", "index-free-allowed", base + "health_check_period = 10\n", "PGP401")
    yield c("array-index", "sparse-health-check", base + "health_check_period2 = 10\n")
    yield c("array-index", "health-check-beyond-backends", base + "health_check_period9 = 10\n")
    yield c(
        "array-index",
        "watchdog-gap",
        base + "hostname4 = 'server5'\nwd_port4 = 9000\npgpool_port4 = 9999\n"
        "heartbeat_hostname4 = 'server5'\nheartbeat_port4 = 9694\n",
        "PGP501",
    )
    yield c(
        "dependency",
        "backend-without-port",
        base + backend(3, "backend_port"),
        "PGP601",
        misread="pgpool counts three backends: backend 3, without a port, is dropped",
    )
    yield c("dependency", "backend-port-only", base + "backend_port3 = 5432\n")
    yield c("dependency", "watchdog-host-only", base + "hostname3 = 'server4'\n", "PGP602")
    yield c("dependency", "watchdog-port-only", base + "wd_port3 = 9000\n", "PGP602")
    yield c("dependency", "heartbeat-port-without-host", base + "heartbeat_port3 = 9694\n")
    yield c("dependency", "heartbeat-host-empty", set_value(base, "heartbeat_hostname1", "''"), "PGP602")
    yield c("dependency", "heartbeat-port-gap", base + "heartbeat_port5 = 9694\n", "PGP602")
    yield c("dependency", "heartbeat-port-gap-with-host", base + "heartbeat_port5 = 9694\nheartbeat_hostname5 = 'x'\n")
    yield c("dependency", "heartbeat-host0-empty", set_value(base, "heartbeat_hostname0", "''"))
    yield c("dependency", "heartbeat-host-dropped", drop(base, "heartbeat_hostname2"))
    yield c(
        "dependency",
        "heartbeat-host-empty-query-mode",
        set_value(set_value(base, "heartbeat_hostname1", "''"), "wd_lifecheck_method", "'query'"),
    )
    yield c(
        "dependency",
        "heartbeat-host-empty-no-watchdog",
        set_value(set_value(base, "heartbeat_hostname1", "''"), "use_watchdog", "off"),
    )
    yield c("dependency", "recovery-empty-data-dir", set_value(base, "backend_data_directory2", "''"), "PGP603")
    yield c("dependency", "recovery-no-data-dir", drop(base, "backend_data_directory2"), "PGP603")
    yield c(
        "dependency",
        "shared-memory",
        set_value(set_value(base, "num_init_children", "2000"), "max_pool", "100"),
        "PGP605",
    )
    yield c("dependency", "reserved-ge-children", set_value(base, "reserved_connections", "32"))
    yield c(
        "dependency",
        "no-backends",
        drop(
            base,
            *(
                f"backend_{k}{i}"
                for k in ("hostname", "port", "weight", "data_directory", "flag", "application_name")
                for i in range(3)
            ),
        ),
    )
    yield c(
        "dependency",
        "watchdog-no-nodes",
        drop(base, *(f"{k}{i}" for k in ("hostname", "wd_port", "pgpool_port") for i in range(3))),
    )
    yield c(
        "dependency",
        "replication-mode-quorum-default",
        set_value(drop(base, "failover_when_quorum_exists"), "replication_mode", "on"),
        "PGP606",
    )
    yield c(
        "dependency",
        "replication-mode-quorum-off",
        set_value(set_value(base, "failover_when_quorum_exists", "off"), "replication_mode", "on"),
    )
    yield c(
        "dependency",
        "native-replication-quorum",
        set_value(
            set_value(base, "backend_clustering_mode", "'native_replication'"), "failover_when_quorum_exists", "on"
        ),
    )


REDIRECT_VALUES = (
    "postgres:primary",
    "postgres:PRIMARY",
    "postgres:standby",
    "postgres:0",
    "postgres:127",
    "postgres:128",
    "postgres:-1",
    "postgres:+1",
    "postgres:primary(0.5)",
    "postgres:1(0.5)",
    "postgres:primary(x)",
    "postgres:primary(0.5",
    "postgres:(0.5)",
    "postgres:",
    ":primary",
    "postgres",
    "a:b:c",
    "postgres:primary,",
    ",postgres:primary",
    "postgres : primary",
    "postgres:primary, test:standby",
    "postgres:primary,,test:standby",
    "post(gres:primary",
    "post[gres:primary",
    "postgres):primary",
    "*postgres:primary",
    "a{2:primary",
    "a{2,1}:primary",
    "\\d+:primary",
    "a**:primary",
    "mydb[0-4]:1",
    ".*:standby",
    "postgres:00",
    "postgres:1 ",
    "postgres:0x1",
    "^postgres$:primary",
    "a|b:standby",
    "(a|b:standby",
)
REGEX_LISTS = {
    "write_function_list": ("nextval,setval", "nextval(,setval", "*val", "set.*,cur{2", "a**"),
    "read_only_function_list": ("now,pg_.*", "pg_(.*", "[[:alpha:]]+", "[[:nope:]]"),
    "primary_routing_query_pattern_list": (".*DO;SELECT.*FOR UPDATE", ".*DO ([;", "a\\;b(;c"),
    "cache_unsafe_memqcache_table_list": ("public.t1,public.t[0-9]+", "a[b", "a{1,2}{3}"),
}


def pattern_cases(base: str) -> Iterator[Case]:
    """Redirect lists (pgpool refuses bad items) and regex lists (pgpool drops them, warning)."""
    name = "database_redirect_preference_list"
    for raw in REDIRECT_VALUES:
        yield Case(f"redirect/{name}={slug(raw)}", "enum", encode(set_value(base, name, f"'{raw}'")))
    yield Case(
        "redirect/app_name_redirect_preference_list=bad-node",
        "enum",
        encode(set_value(base, "app_name_redirect_preference_list", "'psql:bogus'")),
        expect=("PGP321",),
    )
    yield Case(
        "redirect/app_name_redirect_preference_list=bad-regex",
        "type",
        encode(set_value(base, "app_name_redirect_preference_list", "'ps(ql:primary'")),
        expect=("PGP331",),
    )
    for name, values in REGEX_LISTS.items():
        for raw in values:
            yield Case(f"regex/{name}={slug(raw)}", "type", encode(set_value(base, name, f"'{raw}'")))


def placeholder_cases(base: str) -> Iterator[Case]:
    def c(id: str, name: str, raw: str, *expect: str) -> Case:
        return Case(f"placeholder/{id}", "placeholder", encode(set_value(base, name, raw)), expect=expect)

    yield c("failover-unknown", "failover_command", "'/f.sh %d %x'", "PGP701")
    yield c("failover-lone-percent", "failover_command", "'/f.sh %d %'", "PGP701")
    yield c("follow-primary-unknown", "follow_primary_command", "'/f.sh %d %q'", "PGP701")
    yield c("failback-unknown", "failback_command", "'/f.sh %d %q'", "PGP701")
    yield c("recovery-no-escapes", "recovery_1st_stage_command", "'recovery_1st_stage %d'", "PGP701")
    # if_up_cmd and friends substitute $_IP_$ only; a '%' is passed on as it is.
    yield c("if-up-percent", "if_up_cmd", "'/usr/bin/sudo /sbin/ip addr add %h/24 dev eth0'")
    yield c("escalation-percent", "wd_escalation_command", "'/etc/pgpool2/escalation.sh %h'")


def include_cases(base: str) -> Iterator[Case]:
    wd = ("wd_port0", "wd_port1", "wd_port2")
    site = "".join(f"{n} = 9000\n" for n in wd)

    def c(id: str, text: str, files: dict[str, str], *expect: str, misread: str = "") -> Case:
        return Case(
            f"include/{id}",
            "syntax" if expect and expect[0].startswith("PGP0") else "valid",
            encode(text),
            {k: encode(v) for k, v in files.items()},
            expect,
            misread,
        )

    moved = drop(base, *wd)
    yield c("relative", moved + "include = 'site.conf'\n", {"site.conf": site})
    yield c("unquoted-name", moved + "include = site.conf\n", {"site.conf": site})
    yield c("no-equals", moved + "include 'site.conf'\n", {"site.conf": site})
    yield c("absolute", moved + "include = '{DIR}/site.conf'\n", {"site.conf": site})
    yield c("then-setting-same-line", drop(moved, "port") + "include = 'site.conf' port = 9999\n", {"site.conf": site})
    yield c(
        "nested-relative-to-includer",
        moved + "include = 'conf.d/a.conf'\n",
        {"conf.d/a.conf": "include = 'b.conf'\n", "conf.d/b.conf": site},
    )
    yield c(
        "nested-relative-to-root",
        moved + "include = 'conf.d/a.conf'\n",
        {"conf.d/a.conf": "include = 'conf.d/b.conf'\n", "conf.d/b.conf": site},
    )
    yield c("twice", base + "include = 'site.conf'\ninclude = 'site.conf'\n", {"site.conf": site}, "PGP401")
    yield c("missing", base + "include = 'missing.conf'\n", {}, "PGP009")
    yield c("empty-name", base + "include = ''\n", {}, "PGP009")
    yield c("directory", base + "include = 'conf.d'\n", {"conf.d/x": ""})
    yield c("self", base + "include = 'case.conf'\n", {}, "PGP009")
    yield c(
        "cycle",
        base + "include = 'a.conf'\n",
        {"a.conf": "include = 'b.conf'\n", "b.conf": "include = 'a.conf'\n"},
        "PGP009",
    )
    for depth in (8, 9, 10):  # the harness is one more level
        files = {f"d{i}.conf": f"include = 'd{i + 1}.conf'\n" for i in range(1, depth)}
        files[f"d{depth}.conf"] = "port = 9999\n"
        yield c(f"depth-{depth + 1}", base + "include = 'd1.conf'\n", files)
    yield c(
        "bom-in-included",
        moved + "include = 'site.conf'\n",
        {"site.conf": "\ufeff" + site},
        "PGP006",
        misread="the BOM hides wd_port0 in the included file",
    )
    yield c("invalid-in-included", base + "include = 'site.conf'\n", {"site.conf": "port = 80\n"}, "PGP311")
    yield c("comment-eof-in-included", moved + "include = 'site.conf'\n", {"site.conf": site + "# end"}, "PGP008")
    yield c(
        "unknown-in-included",
        base + "include = 'site.conf'\n",
        {"site.conf": "helth_check_period = 1\n"},
        "PGP101",
        misread="pgpool logs the name at INFO and ignores the setting",
    )

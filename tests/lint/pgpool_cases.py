"""Hand-written corpus cases, lexer and value level: syntax, edge cases pgpool accepts,
units, booleans, names, types, ranges, choices and duplicates."""

from __future__ import annotations

from collections.abc import Iterator

from tests.lint.pgpool_base import Case, drop, encode, insert_after, replace_line, set_value, slug


def syntax_cases(base: str) -> Iterator[Case]:
    def c(id: str, text: str, *expect: str, misread: str = "") -> Case:
        return Case(f"syntax/{id}", "syntax", encode(text), expect=expect, misread=misread)

    yield c("unterminated-string", set_value(base, "listen_addresses", "'*"), "PGP002")
    yield c("unterminated-after-backslash", set_value(base, "arping_path", "'/usr/sbin\\'x"))
    yield c("unquoted-path", set_value(base, "socket_dir", "/var/run/postgresql"), "PGP003")
    yield c(
        "unquoted-path-second-pair",
        replace_line(base, "pcp_port", "pcp_port = 9898 pcp_socket_dir = /tmp"),
        "PGP003",
    )
    yield c("missing-value", replace_line(base, "port", "port ="), "PGP004")
    yield c("missing-value-no-equals", replace_line(base, "port", "port"))
    # pgpool accepts a name alone for booleans and strings (issue 11): a warning, not an error
    yield c("name-only-boolean", replace_line(base, "load_balance_mode", "load_balance_mode"), "PGP020")
    yield c("name-only-string", replace_line(base, "log_line_prefix", "log_line_prefix ="), "PGP020")
    yield c("stray-word", replace_line(base, "log_destination", "log_destination = stderr syslog"))
    yield c("two-values", replace_line(base, "port", "port = 9999 9998"), "PGP001")
    yield c("double-equals", replace_line(base, "port", "port == 9999"))
    yield c("leading-equals", replace_line(base, "port", "= 9999"), "PGP001")
    yield c("quoted-name", replace_line(base, "port", "'port' = 9999"), "PGP001")
    yield c("semicolon", set_value(base, "reset_query_list", "'ABORT'; 'DISCARD ALL'"), "PGP001")
    yield c("trailing-semicolon", replace_line(base, "port", "port = 9999;"), "PGP001")
    yield c("doubled-quote", set_value(base, "log_line_prefix", "'it''s %p: '"), "PGP001")
    yield c("string-then-word", set_value(base, "wd_lifecheck_user", "'abc'def"))
    yield c(
        "double-quoted-value",
        set_value(base, "backend_hostname0", '"server1"'),
        misread="'\"' is a value token of its own: backend_hostname0 becomes '\"' and server1 an unknown parameter",
    )
    yield c("real-exponent", set_value(base, "port", "1e3"), "PGP001")
    yield c("unquoted-ip", set_value(base, "listen_addresses", "192.168.1.1"))
    yield c("unquoted-star", set_value(base, "listen_addresses", "*"))
    yield c("unquoted-dash-first", set_value(base, "backend_hostname0", "-server1"))
    yield c("upper-hex-prefix", set_value(base, "port", "0X270F"))
    yield c("control-byte", replace_line(base, "port", "port = 9999 \x01"))
    yield c(
        "nul-in-value",
        set_value(base, "wd_lifecheck_user", "'pg\x00pool'"),
        "PGP007",
        misread="the value ends at the NUL: pgpool reads 'pg'",
    )
    yield c("nul-in-comment", base.replace("# - pgpool Connection", "# - pgpool\x00 Connection"))
    yield c("comment-at-eof", base.rstrip("\n") + "\n# end of file", "PGP008")
    yield c("comment-at-eof-after-value", base + "port = 9999 # the port", "PGP008")
    yield c("bom-before-comment", "\ufeff" + base, "PGP006")
    yield c(
        "bom-before-setting",
        "\ufeff" + "backend_clustering_mode = 'streaming_replication'\n" + base,
        "PGP006",
        misread="the BOM becomes part of the first name: that setting is ignored",
    )
    yield c(
        "bom-drops-needed-setting",
        "\ufeffport = 9998\n" + drop(base, "port"),
        "PGP006",
        misread="port = 9998 is ignored, pgpool listens on the default 9999",
    )
    # surrogateescape carries the raw Latin-1 byte 0xE9 through encode()
    yield c("latin1-in-string", set_value(base, "wd_lifecheck_user", "'caf\udce9'"), "PGP010")


def valid_cases(base: str) -> Iterator[Case]:
    def c(id: str, text: str, *expect: str) -> Case:
        return Case(f"valid/{id}", "valid", encode(text), expect=expect)

    yield c("base", base)
    yield c("crlf", base.replace("\n", "\r\n"))
    yield c("no-final-newline", drop(base, "port") + "port = 9999")
    yield c("empty", "")
    yield c("only-comments", "# nothing here\n\n   \t\n# still nothing\n")
    yield c("equals-less", replace_line(base, "port", "port 9999"))
    yield c("no-spaces", replace_line(base, "port", "port=9999"))
    yield c("tabs", replace_line(base, "port", "port\t=\t9999"))
    yield c("two-pairs", replace_line(drop(base, "pcp_port"), "port", "port = 9999 pcp_port = 9898"))
    yield c("two-pairs-no-equals", replace_line(drop(base, "pcp_port"), "port", "port 9999 pcp_port 9898"))
    yield c(
        "three-pairs-mixed",
        replace_line(
            drop(base, "pcp_port", "socket_dir"),
            "port",
            "port=9999 pcp_port 9898 socket_dir = '/tmp'",
        ),
    )
    yield c("quoted-number", set_value(base, "port", "'9999'"))
    yield c("quoted-number-spaces", set_value(base, "port", "' 9999 '"))
    yield c("unquoted-enum", set_value(base, "backend_clustering_mode", "streaming_replication"))
    yield c("unquoted-hostname", set_value(base, "backend_hostname0", "server-1.example.com"))
    yield c("unquoted-with-colon-slash", set_value(base, "backend_hostname0", "a:b/c"))
    yield c("comment-after-value", replace_line(base, "port", "port = 9999 # the port"))
    yield c("comment-glued-to-value", replace_line(base, "port", "port = 9999#the port"))
    yield c("hash-in-string", set_value(base, "log_line_prefix", "'%m # %p: '"))
    yield c("backslash-quote-in-string", set_value(base, "wd_lifecheck_user", "'o\\'brien'"))
    yield c("string-ends-with-backslash", set_value(base, "arping_path", "'/usr/sbin\\'"))
    yield c("empty-string", set_value(base, "ssl_ca_cert", "''"))
    yield c("utf8-in-string", set_value(base, "wd_lifecheck_user", "'café'"))
    yield c("long-string", set_value(base, "wd_lifecheck_user", "'" + "x" * 5000 + "'"))
    yield c("hex", set_value(base, "port", "0x270F"))
    yield c("octal", set_value(base, "port", "023417"))
    yield c("plus-sign", set_value(base, "health_check_max_retries", "+3"))
    yield c("minus-zero", set_value(base, "health_check_max_retries", "-0"))
    yield c("real-rounds", set_value(base, "health_check_max_retries", "2.5"))
    yield c("whitespace-lines", base.replace("\n\n", "\n   \t\n"))
    yield c("setting-indented", replace_line(base, "port", "   port = 9999"))
    yield c("case-insensitive-enum", set_value(base, "backend_clustering_mode", "'STREAMING_REPLICATION'"))
    yield c("hidden-enum-choice", set_value(base, "client_min_messages", "debug"))
    yield c("log-destination-both", set_value(base, "log_destination", "'stderr,syslog'"))
    yield c("backend-flag-two", set_value(base, "backend_flag0", "'ALLOW_TO_FAILOVER|ALWAYS_PRIMARY'"))
    yield c("redirect-list", set_value(base, "database_redirect_preference_list", "'postgres:primary,mydb[0-4]:1'"))
    yield c("app-redirect-list", set_value(base, "app_name_redirect_preference_list", "'psql:primary,myapp:standby'"))
    yield c(
        "version-path-minority", set_value(base, "backend_data_directory1", "'/var/lib/postgresql/14/main'"), "PGP801"
    )
    yield c("placeholders-all", set_value(base, "failover_command", "'/f.sh %d %h %p %D %m %H %M %P %r %R %N %S %%'"))


def unit_cases(base: str) -> Iterator[Case]:
    """Integers with units (4.2+), hex, octal and reals, on parameters with and without units."""
    spellings = {
        "authentication_timeout": [  # unit s
            "60",
            "60s",
            "1min",
            "1h",
            "1d",
            "60000ms",
            "1500ms",
            "499ms",
            "10us",
            "1.5min",
            "'1.5min'",
            "10 s",
            "'10 s'",
            "'10s '",
            "10S",
            "10sec",
            "10Min",
            "0x3c",
            "074",
            "'60 '",
            "-1",
            "2147483647",
            "2147483648",
            "99999999999999999999",
            "25000d",
        ],
        "log_rotation_age": ["1d", "90", "90min", "2h", "3600s", "1w"],  # unit min
        "log_rotation_size": [  # unit kB
            "10MB",
            "10240",
            "1GB",
            "2GB",
            "1TB",
            "512kB",
            "1kb",
            "1KB",
            "1024B",
            "1000B",
            "10M",
        ],
        "memqcache_total_size": ["64MB", "67108864", "1GB", "8GB", "1.5GB", "1TB", "64mb"],
        "delay_threshold": ["10MB", "0", "9223372036854775807", "9223372036854775808"],
        "connect_timeout": ["10000", "10s", "1min", "10000ms", "0x10"],  # unit ms, index-free
        "port": ["9999s", "9999ms", "0x270f", "0x", "08", "09", "010000", "1.5e4", "'1.5e4'"],
        "num_init_children": ["32.4", "32.5", "33.5", "'32e0'", "' 32'", "'32 x'"],
    }
    for name, values in spellings.items():
        for raw in values:
            yield Case(f"units/{name}={slug(raw)}", "type", encode(set_value(base, name, raw)))


BOOLEAN_SPELLINGS = (
    "on",
    "off",
    "true",
    "false",
    "yes",
    "no",
    "1",
    "0",
    "ON",
    "Off",
    "TRUE",
    "True",
    "t",
    "f",
    "y",
    "n",
    "T",
    "N",
    "of",
    "tr",
    "fals",
    "ye",
    "'on'",
    "'off'",
    "'yes'",
    "o",
    "onn",
    "maybe",
    "2",
    "-1",
    "''",
    "enabled",
    "0x1",
    "01",
    "00",
    "'on '",
    "' on'",
)


PROBE = "replication_mode"  # with failover_when_quorum_exists on, pgpool refuses it if true


def boolean_cases(base: str) -> Iterator[Case]:
    for raw in BOOLEAN_SPELLINGS:
        text = set_value(base, "load_balance_mode", raw)
        yield Case(f"boolean/load_balance_mode={slug(raw)}", "type", encode(text))
    # Probes: how pgpool reads each spelling shows in whether it refuses the combination.
    for raw in BOOLEAN_SPELLINGS:
        text = set_value(base, PROBE, raw)
        yield Case(f"boolean-probe/{PROBE}={slug(raw)}", "type", encode(text))


def name_cases(base: str) -> Iterator[Case]:
    def c(check: str, id: str, line: str, *expect: str, unknown: bool = True) -> Case:
        return Case(
            f"{check}/{id}",
            check,
            encode(base + line + "\n"),
            expect=expect,
            misread="pgpool logs the name at INFO and ignores the setting" if unknown else "",
        )

    yield c("unknown-parameter", "typo", "helth_check_period = 10", "PGP101")
    yield c("unknown-parameter", "case", "Port = 9999", "PGP101")
    yield c("unknown-parameter", "upper", "LOAD_BALANCE_MODE = off", "PGP101")
    yield c("unknown-parameter", "array-typo", "backend_hostnam3 = 'x'", "PGP101")
    yield c("unknown-parameter", "newer-version", "process_management_mode = static", "PGP101")
    yield c("unknown-parameter", "made-up", "foo = bar", "PGP101")
    yield c("unknown-parameter", "underscore", "_port = 1", "PGP101")
    yield c("unknown-parameter", "non-ascii", "pört = 1", "PGP101")
    yield c("unknown-parameter", "singular", "listen_address = '*'", "PGP101")
    yield c("unknown-parameter", "lowercase-delegate-ip", "delegate_ip = '192.168.100.51'", "PGP101")
    yield c("unknown-parameter", "include-no-value", "includes = 'x.conf'", "PGP101")
    for line in (
        "master_slave_mode = on",
        "master_slave_sub_mode = 'stream'",
        "follow_master_command = ''",
        "white_function_list = ''",
        "black_function_list = 'nextval,setval'",
        "black_query_pattern_list = ''",
        "white_memqcache_table_list = ''",
        "black_memqcache_table_list = ''",
        "wd_hostname = 'server1'",
        "wd_heartbeat_port = 9694",
        "heartbeat_destination0 = 'server2'",
        "heartbeat_destination_port0 = 9694",
        "other_pgpool_hostname0 = 'server2'",
        "other_pgpool_port0 = 9999",
        "other_wd_port0 = 9000",
    ):
        name = line.split()[0]
        yield c("removed-parameter", name, line, "PGP201")
    yield c(
        "removed-parameter", "fail_over_on_backend_error", "fail_over_on_backend_error = off", "PGP201", unknown=False
    )


def value_cases(base: str) -> Iterator[Case]:
    def c(check: str, id: str, text: str, *expect: str, misread: str = "") -> Case:
        return Case(f"{check}/{id}", check, encode(text), expect=expect, misread=misread)

    yield c("type", "port-word", set_value(base, "port", "abc"), "PGP302")
    yield c("type", "weight-word", set_value(base, "backend_weight0", "abc"), "PGP302")
    yield c("type", "weight-trailing", set_value(base, "backend_weight0", "'1.5x'"), "PGP302")
    yield c("type", "weight-exponent", set_value(base, "backend_weight0", "'1e2'"))
    yield c("type", "weight-half", set_value(base, "backend_weight0", "0.5"))
    yield c("type", "integer-fraction", set_value(base, "num_init_children", "32.5"), "PGP021")
    yield c("type", "boolean-prefix", set_value(base, "load_balance_mode", "tr"), "PGP022")
    yield c("range", "port-low", set_value(base, "port", "80"), "PGP311")
    yield c("range", "port-high", set_value(base, "port", "65536"), "PGP311")
    yield c("range", "weight-negative", set_value(base, "backend_weight0", "-1"))
    yield c("enum", "clustering-bogus", set_value(base, "backend_clustering_mode", "'streaming'"), "PGP321")
    yield c("enum", "lifecheck-bogus", set_value(base, "wd_lifecheck_method", "'ping'"), "PGP321")
    yield c("enum", "facility-lower", set_value(base, "syslog_facility", "'local0'"))
    yield c("enum", "log-destination-spaced", set_value(base, "log_destination", "'stderr, syslog'"))
    yield c("enum", "log-destination-bogus", set_value(base, "log_destination", "'stdout'"))
    yield c("enum", "backend-flag-lower", set_value(base, "backend_flag0", "'allow_to_failover'"))
    yield c("enum", "backend-flag-both", set_value(base, "backend_flag0", "'ALLOW_TO_FAILOVER|DISALLOW_TO_FAILOVER'"))
    yield c("enum", "backend-flag-spaced", set_value(base, "backend_flag0", "'ALLOW_TO_FAILOVER | ALWAYS_PRIMARY'"))
    yield c("enum", "redirect-bad-node", set_value(base, "database_redirect_preference_list", "'postgres:bogus'"))
    yield c("enum", "redirect-bad-regex", set_value(base, "database_redirect_preference_list", "'post(gres:primary'"))
    yield c("enum", "routing-bad-regex", set_value(base, "primary_routing_query_pattern_list", "'.*DO ([;'"))
    yield c(
        "duplicate",
        "same-value",
        insert_after(base, "port", "port = 9999\n"),
        "PGP401",
        misread="the second line silently wins (here with the same value)",
    )
    yield c(
        "duplicate",
        "later-wins",
        base + "port = 9998\n",
        "PGP401",
        misread="pgpool listens on 9998: the later line silently overrides line 39",
    )
    yield c("duplicate", "first-invalid", insert_after(base, "port", "port = 'abc'\nport = 9999\n"), "PGP302")
    yield c("duplicate", "last-invalid", base + "port = abc\n", "PGP302")
    yield c(
        "duplicate",
        "backend-host",
        base + "backend_hostname1 = 'server9'\n",
        "PGP401",
        misread="backend 1 silently becomes server9",
    )

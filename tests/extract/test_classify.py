"""Kind and target of blocks in small documents: one row per situation the rules must handle."""

from __future__ import annotations

import pytest

from tests.extract.helpers import blocks_of, listing

# (id, SGML body, expected kinds of its blocks, expected targets)
CASES = [
    ("shell", listing("[all servers]# systemctl start pgpool2"), ["shell-session"], [None]),
    (
        "editor-then-settings",
        listing("[all servers]# vi /etc/pgpool2/pgpool.conf") + listing("port = 9999"),
        ["shell-session", "pgpool-conf"],
        [None, "/etc/pgpool2/pgpool.conf"],
    ),
    (
        "editor-with-content",
        listing("[server1]# vi $PGDATA/postgresql.conf\nwal_level = replica"),
        ["postgresql-conf"],
        ["$PGDATA/postgresql.conf"],
    ),
    (
        "prose-filename",
        "<para>Add to <filename>postgresql.conf</filename>:</para>"
        + listing("wal_level = replica"),
        ["postgresql-conf"],
        ["postgresql.conf"],
    ),
    ("settings-default", listing("port = 9999"), ["pgpool-conf"], ["pgpool.conf"]),
    ("hba-default", listing("host all all 0.0.0.0/0 scram-sha-256"), ["pg-hba"], ["pg_hba.conf"]),
    (
        "hba-prose-first-mention",
        "<para><filename>pool_hba.conf</filename> reads like"
        " <filename>pg_hba.conf</filename>.</para>"
        + listing("host all all 0.0.0.0/0 scram-sha-256"),
        ["pool-hba"],
        ["pool_hba.conf"],
    ),
    ("pgpass", listing("server1:5432:replication:repl:&lt;pw&gt;"), ["pgpass"], [".pgpass"]),
    ("pcppass", listing("localhost:9898:pgpool:&lt;pw&gt;"), ["pcppass"], [".pcppass"]),
    ("pcp", listing("pgpool:e8a48653851e28c69d0506508fb27fc5"), ["pcp-conf"], ["pcp.conf"]),
    (
        "node-id-echo",
        listing("[server1]# echo 0 &gt; /etc/pgpool2/pgpool_node_id"),
        ["pgpool-node-id"],
        ["/etc/pgpool2/pgpool_node_id"],
    ),
    (
        "node-id-cat",
        listing("[server2]# cat /etc/pgpool2/pgpool_node_id\n1"),
        ["pgpool-node-id"],
        ["/etc/pgpool2/pgpool_node_id"],
    ),
    ("sudoers", listing("postgres ALL=NOPASSWD: /usr/sbin/ip"), ["file-edit"], ["/etc/sudoers"]),
    (
        "sshd",
        "<para>In <filename>/etc/ssh/sshd_config</filename>:</para>"
        + listing("PubkeyAuthentication yes"),
        ["file-edit"],
        ["/etc/ssh/sshd_config"],
    ),
    ("sysctl", listing("net.core.somaxconn = 256"), ["file-edit"], ["/etc/sysctl.conf"]),
    (
        "dotted-guc-is-not-sysctl",
        listing("pg_stat_statements.max = 10000"),
        ["pgpool-conf"],
        ["pgpool.conf"],
    ),
    (
        "script-edit",
        listing("[server1]# vi /etc/pgpool2/failover.sh\n...\nPGHOME=/usr/lib/x\n..."),
        ["file-edit"],
        ["/etc/pgpool2/failover.sh"],
    ),
    (
        "repo-edit-next-block",
        listing("[all servers]# vi /etc/yum.repos.d/x.repo") + listing("[main]\nexclude=pgpool*"),
        ["shell-session", "file-edit"],
        [None, "/etc/yum.repos.d/x.repo"],
    ),
    (
        "psql-session",
        listing("[server1]# psql\npostgres=# CREATE ROLE r;\npostgres=# \\q"),
        ["sql"],
        [None],
    ),
    ("sql-alone", listing("GRANT pg_monitor TO pgpool;"), ["sql"], [None]),
    (
        "psql-table",
        listing('[any server]# psql -c "show pool_nodes"\n a | b\n---+---\n 1 | 2\n(1 row)'),
        ["psql-table"],
        [None],
    ),
    ("table-alone", listing(" a | b\n---+---\n 1 | 2"), ["psql-table"], [None]),
    ("output", listing("pcp_recovery_node -- Command Successful"), ["command-output"], [None]),
    ("synopsis", "<synopsis>pcp_node_count [options...]</synopsis>", ["command-output"], [None]),
    ("screen", listing("[server1]# ls", tag="screen"), ["shell-session"], [None]),
    ("empty", "<programlisting>\n  \n</programlisting>", ["unknown"], [None]),
    (
        "redirect-to-unknown-file-is-a-session",
        listing("[all servers]$ echo 'key' &gt; ~/.pgpoolkey"),
        ["shell-session"],
        [None],
    ),
]


@pytest.mark.parametrize(
    ("body", "kinds", "targets"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_kind_and_target(tmp_path, body, kinds, targets):
    blocks = blocks_of(tmp_path, body)
    assert [b.kind.value for b in blocks] == kinds
    assert [b.target for b in blocks] == targets


def test_section_hint_decides_between_files(tmp_path):
    blocks = blocks_of(
        tmp_path,
        listing("host all all samenet scram-sha-256"),
        section="example-pgpool-config-auth",
    )
    assert blocks.blocks[0].kind.value == "pool-hba"


def test_known_path_is_reused(tmp_path):
    body = (
        listing("[all servers]# vi /etc/pgpool2/pgpool.conf")
        + listing("port = 9999")
        + "<para>More.</para>"
        + listing("listen_addresses = '*'")
    )
    assert blocks_of(tmp_path, body).blocks[2].target == "/etc/pgpool2/pgpool.conf"


def test_host_label_makes_configuration_host_specific(tmp_path):
    body = (
        listing("[server1]# ls\n[server2]# ls")
        + "<itemizedlist><listitem><para><literal>server2</literal></para>"
        + listing("wd_hostname = 'server2'")
        + "</listitem></itemizedlist>"
        + "<para>On <literal>server1</literal> and the others:</para>"
        + listing("port = 1")
    )
    blocks = blocks_of(tmp_path, body)
    assert [b.config_host for b in blocks] == [None, "server2", None]


def test_japanese_host_label(tmp_path):
    body = (
        listing("[server1]# ls")
        + "<para><literal>server1</literal>の場合</para>"
        + listing("wd_hostname = 'server1'")
    )
    assert blocks_of(tmp_path, body, "ja").blocks[1].config_host == "server1"


def test_block_fields(tmp_path):
    body = (
        '<sect2 id="inner"><title>Inner &amp; more</title>'
        + listing("  [server1]# echo &quot;a &amp;&amp; b&quot;\n  a &amp;&amp; b")
        + "</sect2>"
    )
    (block,) = blocks_of(tmp_path, body)
    assert block.text == '[server1]# echo "a && b"\na && b'  # entities decoded, dedented
    assert block.tag == "programlisting" and block.language == "en"
    assert [(s.id, s.title) for s in block.sections] == [("s", "T"), ("inner", "Inner & more")]
    assert block.section_id == "inner"
    assert (block.start.path, block.start.line) == ("doc.sgml", 2)
    assert block.end.line == 5
    assert [ln.number for ln in block.lines] == [3, 4]
    assert (block.host, block.user) == ("server1", "root")
    assert block.provenance() == "doc.sgml:2 inner"

"""Reading a block as a shell session: prompts, users, continuations, here-documents, edits."""

from __future__ import annotations

import pytest

from docsync.extract.model import Effect, LineRole, WriteMode
from docsync.extract.ruleset import load_rules
from docsync.extract.session import SessionState, read_session


def read(text: str, state: SessionState | None = None):
    numbered = list(enumerate(text.splitlines(), start=1))
    return read_session(numbered, state or SessionState(), load_rules())


@pytest.mark.parametrize(
    ("line", "host", "user", "shell", "body"),
    [
        ("[all servers]# systemctl start pgpool2", "all", "root", "sh", "systemctl start pgpool2"),
        ("[all servers]$ ls", "all", "postgres", "sh", "ls"),
        ("[全サーバ]# ls", "all", "root", "sh", "ls"),
        (
            "[any server]# psql -c 'show pool_nodes'",
            "any",
            "root",
            "sh",
            "psql -c 'show pool_nodes'",
        ),
        ("[いずれかのサーバ]# ls", "any", "root", "sh", "ls"),
        ("[server1]# ls -l", "server1", "root", "sh", "ls -l"),
        ("[server2]$ pg_ctl start", "server2", "postgres", "sh", "pg_ctl start"),
        ("[root@server1 ~]# ls", "server1", "root", "sh", "ls"),
        ("[postgres@server3 ~]$ psql", "server3", "postgres", "sh", "psql"),
        ("[pgpool@db-1.example ~/x]$ ls", "db-1.example", "pgpool", "sh", "ls"),
        ("# systemctl stop pgpool2", "any", "root", "sh", "systemctl stop pgpool2"),
        ("$ ls", "any", "postgres", "sh", "ls"),
    ],
)
def test_prompts(line, host, user, shell, body):
    parsed = read(line)
    cmd = parsed.commands[0]
    assert (cmd.host, cmd.user, cmd.shell, cmd.text) == (host, user, shell, body)
    first = parsed.lines[0]
    assert (first.role, first.host, first.user, first.body) == (LineRole.COMMAND, host, user, body)
    assert first.prompt + first.body == line


@pytest.mark.parametrize(
    "line",
    [
        "# - Backend Connection Settings -",  # a pgpool.conf section comment
        "# port = 9999",  # a commented-out setting
        "# USERID:MD5PASSWD",
        "[pgdg-common]",  # an ini section
        "[all servers]",  # no sigil
        "listen_addresses = '*'",
    ],
)
def test_not_prompts(line):
    assert not read(line).commands


def test_bare_prompt_only_at_paragraph_start():
    parsed = read(
        "[server1]# cat /etc/pgpool2/pcp.conf\n# USERID:MD5PASSWD\n"
        "pgpool:x\n# systemctl stop pgpool2\n\n# ls"
    )
    assert [c.text for c in parsed.commands] == ["cat /etc/pgpool2/pcp.conf", "ls"]
    assert parsed.commands[0].output == (
        "# USERID:MD5PASSWD",
        "pgpool:x",
        "# systemctl stop pgpool2",
    )
    assert parsed.commands[1].host == "server1"  # inherited


def test_su_and_exit_change_the_user():
    parsed = read(
        "[all servers]# su - postgres\n[all servers]$ mkdir x\n[all servers]$ exit\n"
        "[all servers]# ls"
    )
    assert [(c.effect, c.user) for c in parsed.commands] == [
        (Effect.SWITCH_USER, "root"),
        (Effect.NONE, "postgres"),
        (Effect.END_SESSION, "postgres"),
        (Effect.NONE, "root"),
    ]


def test_su_carries_to_the_next_block_on_the_same_host_only():
    state = SessionState()
    read("[server1]# su - pgpool", state)
    later = read("[server1]$ ls\n[server2]$ ls", state)
    assert [c.user for c in later.commands] == ["pgpool", "postgres"]


def test_continuation_lines_are_joined():
    parsed = read("[all servers]# apt-get install -y a \\\n      b \\\n   c\n[all servers]# ls")
    assert [c.text for c in parsed.commands] == ["apt-get install -y a b c", "ls"]
    assert [ln.role for ln in parsed.lines][:3] == [
        LineRole.COMMAND,
        LineRole.CONTINUATION,
        LineRole.CONTINUATION,
    ]


def test_shell_continuation_prompt_keeps_the_loop_together():
    parsed = read("$ for p in 1 2; do\n>     echo $p\n> done\n1\n> not a prompt after output")
    assert [c.text for c in parsed.commands] == ["for p in 1 2; do\n    echo $p\ndone"]
    assert [ln.role for ln in parsed.lines] == [
        LineRole.COMMAND,
        LineRole.CONTINUATION,
        LineRole.CONTINUATION,
        LineRole.OUTPUT,
        LineRole.OUTPUT,
    ]


def test_heredoc_body_belongs_to_the_command():
    parsed = read("[server1]# cat > /tmp/f <<'EOF'\n[not a prompt]# x\nEOF\n[server1]# ls")
    first = parsed.commands[0]
    assert first.heredoc == ("[not a prompt]# x", "EOF")
    assert parsed.commands[1].text == "ls"
    assert not parsed.problems


def test_unclosed_heredoc_is_a_problem():
    parsed = read("[server1]# cat > /tmp/f <<EOF\nline")
    assert [p.code for p in parsed.problems] == ["EXT002"]


def test_psql_session_lines_are_sql_with_the_opener():
    parsed = read(
        "[server1]# psql -U postgres\npostgres=# SELECT 1\npostgres-#   + 1;\n"
        " ?column?\npostgres=# \\q\n[server1]# ls"
    )
    sql = [c for c in parsed.commands if c.shell == "psql"]
    assert [c.text for c in sql] == ["SELECT 1\n  + 1;", "\\q"]
    assert sql[0].psql_opener == "psql -U postgres"
    assert sql[0].output == (" ?column?",)
    assert sql[1].effect is Effect.PSQL_QUIT
    assert parsed.commands[0].effect is Effect.PSQL_OPEN


def test_psql_session_carries_to_the_next_block():
    state = SessionState()
    read("[postgres@server1 ~]$ psql\npostgres=# SELECT 1;", state)
    later = read("postgres=# SELECT 2;", state)
    assert later.commands[0].psql_opener == "psql"
    assert (later.commands[0].host, later.commands[0].psql_user) == ("server1", "postgres")


def test_psql_with_a_command_is_not_a_session():
    parsed = read('[server1]# psql -c "show pool_nodes"\n node_id\n')
    assert parsed.commands[0].effect is Effect.NONE


def test_editor_content_in_the_same_block():
    parsed = read(
        "[all servers]$ vi ~/.pgpass\n(add these lines)\nh:5432:db:u:<pw>\n\n"
        "[all servers]$ chmod 600 ~/.pgpass"
    )
    (write,) = parsed.writes
    assert (write.target, write.lines, write.mode, write.elided) == (
        "~/.pgpass",
        ("h:5432:db:u:<pw>",),
        WriteMode.APPEND,
        False,
    )
    assert write.via_editor == 1 and write.numbers == (3,)
    roles = [ln.role for ln in parsed.lines]
    assert roles[:4] == [LineRole.COMMAND, LineRole.ANNOTATION, LineRole.CONTENT, LineRole.BLANK]


def test_editor_content_in_the_next_block():
    state = SessionState()
    first = read("[all servers]# vi /etc/pgpool2/pgpool.conf", state)
    assert not first.writes and state.pending is not None
    second = read("port = 9999", state)
    (write,) = second.writes
    assert (write.target, write.host, write.via_editor) == ("/etc/pgpool2/pgpool.conf", "all", 1)
    assert second.consumed is not None and state.pending is None


def test_editor_without_content_is_reported():
    state = SessionState()
    read("[all servers]# vi /etc/pgpool2/pgpool.conf", state)
    later = read("[all servers]# systemctl restart pgpool2", state)
    assert [p.code for p in later.problems] == ["EXT001"]


def test_elided_edit():
    parsed = read("[server1]# vi /etc/pgpool2/failover.sh\n...\nPGHOME=/usr/lib/postgresql/15\n...")
    (write,) = parsed.writes
    assert write.elided and write.lines == ("PGHOME=/usr/lib/postgresql/15",)


@pytest.mark.parametrize(
    ("line", "target", "lines", "mode", "literal"),
    [
        (
            "echo 0 > /etc/pgpool2/pgpool_node_id",
            "/etc/pgpool2/pgpool_node_id",
            ("0",),
            WriteMode.REPLACE,
            True,
        ),
        (
            "echo '*:9898:pgpool:<pw>' > ~/.pcppass",
            "~/.pcppass",
            ("*:9898:pgpool:<pw>",),
            WriteMode.REPLACE,
            True,
        ),
        (
            "echo 'pgpool:'`pg_md5 pw` >> /etc/pgpool2/pcp.conf",
            "/etc/pgpool2/pcp.conf",
            (),
            WriteMode.APPEND,
            False,
        ),
        ("echo 'a:b' | sudo tee -a /etc/x", "/etc/x", ("a:b",), WriteMode.APPEND, True),
    ],
)
def test_writes(line, target, lines, mode, literal):
    (write,) = read(f"[server1]# {line}").writes
    assert (write.target, write.lines, write.mode, write.literal) == (target, lines, mode, literal)


def test_cat_output_is_observed_content_of_known_files_only():
    parsed = read("[server1]# cat /etc/pgpool2/pgpool_node_id\n0\n[server1]# cat /etc/motd\nhi")
    assert [(w.target, w.mode, w.lines) for w in parsed.writes] == [
        ("/etc/pgpool2/pgpool_node_id", WriteMode.OBSERVED, ("0",))
    ]

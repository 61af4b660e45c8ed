"""``docsync lint DIRECTORY`` and files given one by one: each file checked as its own kind.

The machine's /etc/pgpool2 is read only; everything else is copied into tmp dirs.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from docsync.cli import main
from docsync.lint.kinds import FileKind, detect_kind
from tests.conftest import require

ETC = Path("/etc/pgpool2")
EXAMPLES = Path("/usr/share/doc/pgpool2/examples")
MD5 = "e8a48653851e28c69d0506508fb27fc5"


def lint(args: list[str], capsys) -> tuple[int, dict, str]:
    code = main(["lint", "-f", "json", "--fail-level", "info", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def kinds_of(args: list[str], capsys) -> dict[str, str]:
    """File -> kind, from the verbose notes (what the run itself decided)."""
    main(["lint", "-v", "-f", "json", *args])
    _, err = capsys.readouterr()
    out = {}
    for line in err.splitlines():
        path, _, rest = line.partition(": ")
        out[os.path.basename(path)] = "pgpool.conf" if rest.startswith("Pgpool-II") else rest.split(" ")[0]
    return out


def codes(doc: dict, path: Path | None = None) -> list[tuple[int, str]]:
    return sorted(
        (f["line"], f["code"]) for f in doc["findings"] if path is None or f["path"] == str(path)
    )


def test_etc_pgpool2_every_file_recognised(capsys) -> None:
    require(ETC.is_dir(), "/etc/pgpool2 (Debian's pgpool2 package)")
    kinds = kinds_of([str(ETC)], capsys)
    assert set(kinds) == {p.name for p in ETC.iterdir() if p.is_file()}
    assert "unknown" not in kinds.values()
    expected = {"pgpool.conf": "pgpool.conf", "pool_hba.conf": "pool_hba.conf", "pcp.conf": "pcp.conf"}
    expected["pool_passwd"] = "pool_passwd"
    assert {k: v for k, v in kinds.items() if k in expected} == {k: v for k, v in expected.items() if k in kinds}
    _, doc, _ = lint([str(ETC)], capsys)
    assert doc["findings"] == []


def test_examples_directory_kinds(tmp_path: Path, capsys) -> None:
    require(EXAMPLES.is_dir(), "the pgpool2 examples (Debian's pgpool2 package)")
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy)
    kinds = kinds_of([str(copy), str(copy / "scripts")], capsys)
    assert kinds["pgpool.pam"] == "unknown"
    assert kinds["pool_hba.conf.sample"] == "pool_hba.conf"
    assert kinds["pcp.conf.sample"] == "pcp.conf"
    assert kinds["pgpool.conf.sample"] == "pgpool.conf"
    for name in ("failover.sh.sample", "follow_primary.sh.sample", "recovery_1st_stage.sample", "escalation.sh.sample"):
        assert kinds[name] == "script", name
    _, doc, _ = lint([str(copy / "pgpool.pam"), str(copy / "pool_hba.conf.sample")], capsys)
    assert [(f["code"], f["severity"], f["line"], f["column"]) for f in doc["findings"]] == [
        ("PGP023", "info", 1, 1)
    ]


def test_kind_by_name_and_content() -> None:
    assert detect_kind("x/pool_hba.conf", b"") is FileKind.POOL_HBA
    assert detect_kind("x/pgpool.conf.sample-stream", b"") is FileKind.PGPOOL_CONF
    assert detect_kind("x/.pcppass", b"") is FileKind.PCPPASS
    assert detect_kind("x/pgpool_node_id", b"0\n") is FileKind.NODE_ID
    assert detect_kind("x/pool_passwd.bak", b"") is FileKind.POOL_PASSWD
    assert detect_kind("x/renamed.conf", b"host all all 127.0.0.1/32 trust\n") is FileKind.POOL_HBA
    assert detect_kind("x/renamed.conf", b"port = 9999\n") is FileKind.PGPOOL_CONF
    assert detect_kind("x/my-failover", b"#!/bin/bash\nexit 0\n") is FileKind.SCRIPT
    assert detect_kind("x/users", f"pgpool:{MD5}\n".encode()) is FileKind.PCP_CONF
    assert detect_kind("x/README", b"Some notes.\n") is FileKind.UNKNOWN
    assert detect_kind("-", b"") is FileKind.PGPOOL_CONF


def test_files_given_one_by_one_use_their_own_grammar(tmp_path: Path, capsys) -> None:
    """The issue's report: pool_hba.conf was linted as a pgpool.conf ('unknown parameter local')."""
    hba = tmp_path / "pool_hba.conf"
    hba.write_text(
        "# TYPE DATABASE USER ADDRESS METHOD\n"
        "local   all all trust\n"
        "host    all all 127.0.0.1/32 md5\n"
        "host    all all 10.0.0.0 255.0.0.0 scram-sha-256\n"
        "hots    all all 127.0.0.1/32 trust\n"  # 5
        "local   all all peer\n"  # 6
        "host    all all 192.168.1.0 md5\n"  # 7
        "host    all all 10.1.2.3/33 md5\n"  # 8
        "host    all\n"  # 9
        'host    "all" pgpool samehost reject  # a quoted keyword is a name\n'
    )
    conf = tmp_path / "pgpool.conf"
    conf.write_text("# Pgpool-II 4.3 configuration file\nport = 9999\n")
    _, doc, _ = lint([str(conf), str(hba), "--pgpool-version", "4.3"], capsys)
    assert codes(doc, hba) == [(5, "PGP030"), (6, "PGP031"), (7, "PGP032"), (8, "PGP032"), (9, "PGP030")]
    assert codes(doc, conf) == []
    # ldap is known from 4.2 only
    ldap = tmp_path / "ldap" / "pool_hba.conf"
    ldap.parent.mkdir()
    ldap.write_text("host all all 0.0.0.0/0 ldap ldapserver=ldap.example.net ldapprefix=uid=\n")
    assert codes(lint([str(ldap), "--pgpool-version", "4.1"], capsys)[1]) == [(1, "PGP031")]
    assert codes(lint([str(ldap), "--pgpool-version", "4.3"], capsys)[1]) == []


def test_pcp_conf_and_pool_passwd(tmp_path: Path, capsys) -> None:
    pcp = tmp_path / "pcp.conf"
    pcp.write_text(f"# USERID:MD5PASSWD\npgpool:{MD5}\nadmin:secret-Plain1\nbroken\npgpool:{MD5}\n")
    passwd = tmp_path / "pool_passwd"
    passwd.write_text(
        "postgres:md53175bce1d3201d16594cebf9d7eb3f9d\n"
        "pgpool:AESdGhpcyBpcyAxNiBieXRlcyE=\n"  # 2: base64 of 17 bytes, not whole AES blocks
        "app:TEXTsecret-Text2\n"
        "repl:md5abc\n"  # 4
        "nocolon\n"  # 5
        "postgres:TEXTx\n"  # 6
        "empty:\n"  # 7
    )
    code, doc, _ = lint([str(pcp), str(passwd)], capsys)
    assert codes(doc, pcp) == [(3, "PGP034"), (4, "PGP033"), (5, "PGP035")]
    assert codes(doc, passwd) == [(2, "PGP037"), (4, "PGP037"), (5, "PGP036"), (6, "PGP038"), (7, "PGP037")]
    assert "secret-Plain1" not in json.dumps(doc) and "secret-Text2" not in json.dumps(doc)
    assert code == 1


def test_passfiles_and_their_mode(tmp_path: Path, capsys) -> None:
    pcppass = tmp_path / ".pcppass"
    pcppass.write_text("localhost:9898:pgpool:pw\nlocalhost:9898:pgpool\n*:*:pgpool:pw\\:with colon\n")
    pcppass.chmod(0o644)
    pgpass = tmp_path / ".pgpass"
    pgpass.write_text("server1:5432:replication:repl:pw\nserver1:port:*:postgres:pw\n")
    pgpass.chmod(0o600)
    _, doc, _ = lint([str(pcppass), str(pgpass)], capsys)
    assert codes(doc, pcppass) == [(1, "PGP042"), (2, "PGP040")]
    assert codes(doc, pgpass) == [(2, "PGP041")]


def test_node_id_names_a_watchdog_node(tmp_path: Path, capsys) -> None:
    (tmp_path / "pgpool.conf").write_text(
        "hostname0 = 'server1'\nhostname1 = 'server2'\n#hostname2 = 'server3'\n"
    )
    node = tmp_path / "pgpool_node_id"
    for text, expected in (("1\n", []), ("0\n\n", []), ("2\n", [(1, "PGP045")]), ("server1\n", [(1, "PGP044")]),
                           ("", [(1, "PGP044")]), ("128\n", [(1, "PGP045")]), (" 0\n", [(1, "PGP044")])):
        node.write_text(text)
        assert codes(lint([str(node)], capsys)[1]) == expected, text


def test_scripts_shebang_and_bash_syntax(tmp_path: Path, capsys) -> None:
    good = tmp_path / "failover.sh"
    good.write_text("#!/bin/bash\nset -o errexit\nif [ \"$1\" = 0 ]; then echo primary; fi\n")
    bad = tmp_path / "follow_primary.sh"
    bad.write_text("#!/bin/bash\necho start\nif [ \"$1\" = 0 ]; then\n  echo primary\n")
    bare = tmp_path / "escalation.sh"
    bare.write_text("echo no shebang\n")
    _, doc, _ = lint([str(good), str(bad), str(bare)], capsys)
    assert codes(doc, good) == []
    assert codes(doc, bad) == [(5, "PGP047")]  # bash: unexpected end of file, after line 4
    assert codes(doc, bare) == [(1, "PGP046")]


def test_inline_suppression_in_other_kinds(tmp_path: Path, capsys) -> None:
    hba = tmp_path / "pool_hba.conf"
    hba.write_text("local all all peer  # docsync: ignore[PGP031] PAM-less test box\n")
    assert codes(lint([str(hba)], capsys)[1]) == []


def test_entries_written_by_pgpools_own_tools_are_valid(tmp_path: Path, capsys) -> None:
    """pg_md5 --md5auth and pg_enc write pool_passwd, pg_md5 the pcp.conf hash: all accepted."""
    import subprocess

    from tests.conftest import require_tool

    pg_md5, pg_enc = require_tool("pg_md5"), require_tool("pg_enc")
    conf = tmp_path / "pgpool.conf"
    conf.write_text("pool_passwd = 'pool_passwd'\n")
    subprocess.run([pg_md5, "--md5auth", f"--config-file={conf}", "--username=alice", "Alice-pw-1"], check=True)
    key = tmp_path / "key"
    key.write_text("k3y-for-test\n")
    key.chmod(0o600)
    subprocess.run([pg_enc, "-m", "-k", str(key), "-f", str(conf), "-u", "bob", "Bob-pw-2"], check=True,
                   capture_output=True)
    digest = subprocess.run([pg_md5, "Carol-pw-3"], check=True, capture_output=True, text=True).stdout.strip()
    (tmp_path / "pcp.conf").write_text(f"carol:{digest}\n")
    passwd = tmp_path / "pool_passwd"
    assert [line.split(":")[0] for line in passwd.read_text().splitlines()] == ["alice", "bob"]
    _, doc, _ = lint([str(passwd), str(tmp_path / "pcp.conf")], capsys)
    assert doc["findings"] == []
    passwd.write_text(passwd.read_text().replace("md5", "md5x", 1))  # damage alice's hash
    assert codes(lint([str(passwd)], capsys)[1]) == [(1, "PGP037")]


def test_a_script_named_by_a_command_setting_is_a_script(tmp_path: Path, capsys) -> None:
    """No extension, no shebang: still a script, because pgpool.conf beside it runs it."""
    (tmp_path / "pgpool.conf").write_text(f"failover_command = '/usr/bin/sudo {tmp_path}/do-failover %d %h'\n")
    script = tmp_path / "do-failover"
    script.write_text("echo failing over\n")
    other = tmp_path / "notes"
    other.write_text("echo not run by pgpool\n")
    _, doc, _ = lint([str(script), str(other)], capsys)
    assert sorted((f["path"], f["code"]) for f in doc["findings"]) == [(str(script), "PGP046"), (str(other), "PGP023")]


def test_stray_conf_files_of_a_directory_are_not_pgpool_conf(tmp_path: Path, capsys) -> None:
    """In a directory, a *.conf not named after pgpool is a pgpool.conf only if it sets a
    Pgpool-II parameter (PostgreSQL's /etc/postgresql/15/main has pg_ctl.conf and start.conf);
    named on the command line, it is taken as the user says."""
    (tmp_path / "pg_ctl.conf").write_text("pg_ctl_options = ''\n")
    (tmp_path / "start.conf").write_text("# auto, manual or disabled\nauto\n")
    (tmp_path / "site.conf").write_text("num_init_children = 32\nload_balance_mode = maybe\n")
    _, doc, _ = lint([str(tmp_path)], capsys)
    by_file = sorted((Path(f["path"]).name, f["code"]) for f in doc["findings"])
    assert by_file == [("pg_ctl.conf", "PGP023"), ("site.conf", "PGP301"), ("start.conf", "PGP023")]
    _, doc, _ = lint([str(tmp_path / "pg_ctl.conf")], capsys)
    assert [f["code"] for f in doc["findings"]] == ["PGP101"]

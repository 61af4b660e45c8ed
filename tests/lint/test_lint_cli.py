"""``docsync lint`` end to end (in process): formats, exit codes, bad input, fixes, secrets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from docsync.cli import main

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0-subset.schema.json").read_text())
SECRET = "s3cr3t-Value"

GOOD = "# Pgpool-II 4.3 configuration file\nport = 9999\n"
BAD = (
    "# Pgpool-II 4.3 configuration file\n"
    "port = 80\n"
    "follow_master_command = '/etc/pgpool2/follow.sh %d'\n"
    f"sr_check_password = '{SECRET}'\n"
    f"sr_check_password = '{SECRET}x'\n"
    "load_balance_mode = maybe\n"
)


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(["lint", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    good, bad = tmp_path / "good.conf", tmp_path / "bad.conf"
    good.write_text(GOOD)
    bad.write_text(BAD)
    return {"good": good, "bad": bad}


def test_exit_codes(files, capsys) -> None:
    assert run([str(files["good"])], capsys)[0] == 0
    code, out, err = run([str(files["bad"])], capsys)
    assert code == 1 and err == ""
    assert "Found 4 problems (3 errors, 1 warning, 0 infos)." in out
    assert run([str(files["bad"]), "--exit-zero"], capsys)[0] == 0
    assert (
        run([str(files["bad"]), "--select", "duplicate-setting"], capsys)[0] == 0
    )  # only a warning
    assert (
        run(
            [str(files["bad"]), "--select", "duplicate-setting", "--fail-level", "warning"], capsys
        )[0]
        == 1
    )
    code, _, err = run([str(files["bad"]), "--fail-level", "nope"], capsys)
    assert code == 2 and err.startswith("docsync: error:") and err.count("\n") == 1


def test_text_line_format(files, capsys) -> None:
    _, out, _ = run([str(files["bad"]), "--select", "PGP311"], capsys)
    assert (
        out.splitlines()[0]
        == f"{files['bad']}:2:1: PGP311 [error] port = '80' is outside 1024 .. 65535 (reads as 80)"
    )


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_no_secret_in_any_format(files, capsys, fmt) -> None:
    code, out, err = run([str(files["bad"]), "--format", fmt], capsys)
    assert code == 1
    assert SECRET not in out and SECRET not in err
    code, out, err = run([str(files["bad"]), "--diff"], capsys)
    assert SECRET not in out and "'***'" in out


def test_json_and_sarif_shapes(files, capsys) -> None:
    _, out, _ = run([str(files["bad"]), str(files["good"]), "--format", "json"], capsys)
    doc = json.loads(out)
    versions = doc["summary"].pop("pgpool_versions")
    assert doc["summary"] == {"errors": 3, "warnings": 1, "infos": 0, "files": 2}
    assert versions == [
        {"version": "4.3", "source": "header", "reason": "Pgpool-II 4.3 (from the file's header)", "files": 2}
    ]
    dup = next(f for f in doc["findings"] if f["name"] == "duplicate-setting")
    assert dup["related"][0]["line"] == 4 and dup["category"] == "duplicate"
    _, out, _ = run([str(files["bad"]), "--format", "sarif"], capsys)
    sarif = json.loads(out)
    jsonschema.validate(sarif, SCHEMA)
    ids = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert {"PGP201", "PGP301", "PGP311", "PGP401"} <= ids
    with pytest.raises(jsonschema.ValidationError):  # the schema subset is not vacuous
        jsonschema.validate({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}, SCHEMA)


def test_github_format(files, capsys) -> None:
    _, out, _ = run([str(files["bad"]), "--format", "github", "--select", "PGP401"], capsys)
    assert out.startswith(f"::warning file={files['bad']},line=5,col=1,title=PGP401::")


def test_statistics(files, capsys) -> None:
    _, out, _ = run([str(files["bad"]), "--statistics"], capsys)
    assert "1  PGP201  removed-parameter" in out.splitlines()


def test_stdin_with_filename(capsys, monkeypatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"port = 80\n")))
    code, out, _ = run(
        ["-", "--stdin-filename", "etc/pgpool.conf", "--pgpool-version", "4.3"], capsys
    )
    assert code == 1 and out.startswith("etc/pgpool.conf:1:1: PGP311")


def test_bad_inputs(tmp_path: Path, files, capsys) -> None:
    missing = tmp_path / "missing.conf"
    code, out, err = run([str(missing)], capsys)
    assert (code, out) == (2, "") and err == f"docsync: error: {missing}: no such file\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = run([str(empty)], capsys)  # a directory stands for its files: none here
    assert code == 2 and "no files" in err and err.count("\n") == 1
    binary = tmp_path / "blob.conf"
    binary.write_bytes(bytes(range(256)) * 64)
    assert run([str(binary)], capsys)[0] == 2
    big = tmp_path / "big.conf"
    with big.open("wb") as fh:
        fh.truncate(50 * 2**20)
    code, _, err = run([str(big)], capsys)
    assert code == 2 and "too large" in err
    # in a multi-file run each unreadable input is an io finding and the rest is linted
    code, out, err = run(
        [str(missing), str(binary), str(big), str(files["good"]), "--format", "json"], capsys
    )
    doc = json.loads(out)
    assert code == 1 and err == ""
    assert [f["category"] for f in doc["findings"]] == ["io", "io", "io"]
    assert doc["summary"]["files"] == 4


def test_permission_denied(tmp_path: Path, capsys, monkeypatch) -> None:
    locked = tmp_path / "locked.conf"
    locked.write_text(GOOD)
    if os.geteuid() == 0:  # root reads anything: make open() refuse as it would for a user

        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr("docsync.inputs.os.open", refuse)  # the one opener every command uses
    else:
        locked.chmod(0)
    code, _, err = run([str(locked)], capsys)
    assert code == 2 and "permission denied" in err


def test_latin1_and_many_lines(tmp_path: Path, capsys) -> None:
    latin = tmp_path / "latin1.conf"
    latin.write_bytes(b"# Pgpool-II 4.3 configuration file\nwd_lifecheck_user = 'caf\xe9'\n")
    code, out, _ = run([str(latin)], capsys)
    assert code == 0 and "PGP010 [warning]" in out
    many = tmp_path / "many.conf"
    many.write_text(
        "# Pgpool-II 4.3 configuration file\n" + "# comment line\nport = 9999\n" * 50_000
    )
    code, out, _ = run([str(many), "--format", "json", "--select", "PGP401"], capsys)
    assert code == 0 and json.loads(out)["summary"]["warnings"] == 49_999


def test_fix_and_diff(tmp_path: Path, capsys) -> None:
    conf = tmp_path / "pgpool.conf"
    original = (
        "\ufeffdelegate_IP = '192.0.2.1'\r\n"
        "follow_master_command = '/usr/pgsql-13/bin/x.sh %d'   # keep me\r\n"
        "backend_data_directory0 = '/var/lib/pgsql/16/data'\r\nbackend_port0 = 5432\r\n# end"
    ).encode()
    conf.write_bytes(original)
    code, out, _ = run(
        [str(conf), "--diff", "--pgpool-version", "4.4", "--pg-version", "16"], capsys
    )
    assert (
        code == 1 and conf.read_bytes() == original and not (tmp_path / "pgpool.conf.bak").exists()
    )
    assert (
        "+delegate_ip = '192.0.2.1'" in out
        and "+follow_primary_command = '/usr/pgsql-16/bin/x.sh %d'" in out
    )
    code, out, err = run(
        [str(conf), "--fix", "--pgpool-version", "4.4", "--pg-version", "16"], capsys
    )
    assert "Fixed 5 problems in 1 file" in err
    assert (tmp_path / "pgpool.conf.bak").read_bytes() == original
    assert conf.read_bytes() == (
        b"delegate_ip = '192.0.2.1'\r\n"
        b"follow_primary_command = '/usr/pgsql-16/bin/x.sh %d'   # keep me\r\n"
        b"backend_data_directory0 = '/var/lib/pgsql/16/data'\r\n"
        b"backend_port0 = 5432\r\n# end\n"
    )
    assert code == 0 and "Found 0 problems" in out


def test_fix_refuses_files_with_syntax_errors(tmp_path: Path, capsys) -> None:
    conf = tmp_path / "pgpool.conf"
    original = b"delegate_IP = '192.0.2.1'\nport = 'open\n"
    conf.write_bytes(original)
    code, _, err = run([str(conf), "--fix", "--pgpool-version", "4.4"], capsys)
    assert code == 1 and conf.read_bytes() == original and "syntax errors" in err


def test_unknown_version_is_a_usage_error(files, capsys) -> None:
    code, _, err = run([str(files["good"]), "--pgpool-version", "3.0"], capsys)
    assert code == 2 and "no parameter catalogue" in err


def test_verbose_says_which_versions(files, capsys) -> None:
    _, _, err = run([str(files["good"]), "-v"], capsys)
    assert "Pgpool-II 4.3 (from the file's header)" in err


def test_single_file_lint_starts_fast(files) -> None:
    """Keep heavy imports off the lint path (the timed benchmark lives in benchmarks/)."""
    code = (
        "import sys; from docsync.cli import main; main(['lint', sys.argv[1]]); "
        "heavy = {'jinja2', 'lxml', 'tomlkit', 'rich'} & "
        "{m.split('.')[0] for m, mod in sys.modules.items() if mod is not None}; "
        "print(sorted(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(files["good"])],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_html_has_lint_wording(tmp_path, capsys):
    conf = tmp_path / "pgpool.conf"
    conf.write_text("port = 9999\n")
    code = main(["lint", "-f", "html", str(conf)])
    out = capsys.readouterr().out
    assert code == 0 and "<title>docsync lint</title>" in out
    assert "No problems found." in out and "drift" not in out.lower()

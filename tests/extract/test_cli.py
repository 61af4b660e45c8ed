"""``docsync extract`` on the command line: inputs, exit codes, --check/--diff, formats."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from docsync.cli import main
from tests.conftest import PROJECT
from tests.extract.helpers import FIXTURES, read_tree

CLUSTER = FIXTURES / "cluster"
EN_DIR = CLUSTER / "doc" / "src" / "sgml"
JA_DIR = CLUSTER / "doc.ja" / "src" / "sgml"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["extract", *args])
    out, err = capsys.readouterr()
    return code, out, err


def languages(out_dir) -> set[str]:
    return {p.name for p in out_dir.iterdir() if p.is_dir()}


@pytest.mark.parametrize(
    ("docs", "extra", "langs"),
    [
        (CLUSTER, [], {"en", "ja"}),  # checkout root
        (EN_DIR, [], {"en", "ja"}),  # doc/src/sgml: doc.ja found beside it
        (JA_DIR, [], {"en", "ja"}),  # and the other way round
        (EN_DIR / "example-cluster.sgml", [], {"en", "ja"}),  # one file and its counterpart
        (JA_DIR / "example-cluster.sgml", ["--lang", "ja"], {"ja"}),
        (CLUSTER, ["--lang", "en"], {"en"}),
    ],
)
def test_docs_forms(capsys, tmp_path, docs, extra, langs):
    code, out, _ = run(capsys, "--docs", str(docs), "--out", str(tmp_path), *extra)
    assert code == 0, out
    assert languages(tmp_path) == langs


def test_standalone_directory_is_english(capsys, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "example-a.sgml").write_text(
        "<sect1 id=a><title>A</title><programlisting>\n[server1]# ls\n</programlisting></sect1>\n"
    )
    (docs / "version.sgml").write_text('<!ENTITY version "4.3">\n')  # declarations only: skipped
    code, _, err = run(capsys, "--docs", str(docs), "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert sorted(read_tree(tmp_path / "out")) == ["en/example-a/scripts/server1.sh", "manifest.toml"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--docs", "/nonexistent/docs"], "no such file or directory"),
        (["--docs", str(PROJECT / "pyproject.toml")], "not an .sgml file"),
        (["--lang", "fr"], "--lang must be en, ja or all"),
        (["--docs", str(FIXTURES)], "no *.sgml to read"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path, args, message):
    code, _, err = run(capsys, *args, "--out", str(tmp_path))
    assert code == 2
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not list(tmp_path.iterdir())


def test_no_traceback_in_a_real_process(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "docsync",
            "extract",
            "--docs",
            "/nonexistent",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("docsync: error:") and "Traceback" not in proc.stderr


def test_check_and_diff_exit_codes(capsys, tmp_path):
    base = ["--docs", str(CLUSTER), "--out", str(tmp_path)]
    code, _, err = run(capsys, *base, "--check")
    assert code == 1 and "is stale" in err
    assert not list(tmp_path.iterdir())  # --check writes nothing
    assert run(capsys, *base)[0] == 0
    code, out, _ = run(capsys, *base, "--check")
    assert code == 0 and "--- current" not in out
    script = tmp_path / "en/example-cluster/scripts/server2.sh"
    script.write_text(script.read_text().replace("pcp_node_count", "pcp_node_info"))
    code, out, err = run(capsys, *base, "--check")
    assert code == 1
    assert f"--- current {tmp_path}/en/example-cluster/scripts/server2.sh" in out
    assert f"+++ changed {tmp_path}/en/example-cluster/scripts/server2.sh" in out
    assert "-pcp_node_info -h server1 -U pgpool\n+pcp_node_count -h server1 -U pgpool" in out
    code, _, err = run(capsys, *base)
    assert code == 2 and "edited by hand" in err and "--force" in err
    code, out, _ = run(capsys, *base, "--force", "--diff")
    assert code == 0 and "+pcp_node_count" in out
    assert run(capsys, *base, "--check")[0] == 0


def test_json_output_stays_clean(capsys, tmp_path):
    code, out, err = run(
        capsys, "--docs", str(CLUSTER), "--out", str(tmp_path), "--check", "--format", "json"
    )
    assert code == 1
    report = json.loads(out)  # the diff went to stderr
    assert [f["code"] for f in report["findings"]] == ["EXT003"]
    assert "--- current" in err


def test_broken_documentation_writes_nothing(capsys, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "example-a.sgml").write_text(
        "<sect1 id=a><title>A</title><para>open\n"
        "<programlisting>\n[server1]# ls\n</programlisting></sect1>\n"
    )
    code, out, err = run(capsys, "--docs", str(docs), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "SGM001" in out and "not writing" in err
    assert not (tmp_path / "out").exists()


def test_project_output_is_fresh(capsys):
    """generated/ is what `docsync extract` makes of sgml/ (CI runs the same check)."""
    assert (PROJECT / "generated" / "manifest.toml").is_file()
    code, out, err = run(capsys, "--check")
    assert code == 0, out + err


def test_unwritable_output_is_one_line_and_exit_2(capsys, tmp_path, monkeypatch):
    import docsync.atomic as atomic

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    code, _, err = run(capsys, "--docs", str(CLUSTER), "--out", str(tmp_path))
    assert code == 2
    assert "cannot write: Permission denied" in err and err.count("\n") == 1


def test_tree_positionally_or_as_docs_and_html_wording(capsys, tmp_path):
    by_option = run(capsys, "--docs", str(CLUSTER), "--out", str(tmp_path), "--check", "-f", "json")
    positional = run(capsys, str(CLUSTER), "--out", str(tmp_path), "--check", "-f", "json")
    assert positional[:2] == by_option[:2]
    assert run(capsys, str(CLUSTER), "--docs", str(FIXTURES))[0] == 2
    code, out, _ = run(capsys, str(CLUSTER), "--out", str(tmp_path), "--check", "-f", "html")
    assert code == 1 and out.startswith("<!DOCTYPE html>")
    assert "docsync extract" in out and "drift" not in out.lower() and "file pair" not in out

"""``docsync check`` end to end: exit codes, formats, --changed, configuration, suppression, output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docsync.cli import main
from docsync.config import find_config
from tests.check.helpers import EN, JA, chapter, listing, write_tree

TABLE_OK = " a | b\n---+---\n 1 | 2\n(1 row)"
TABLE_BAD = " a | b\n---+---\n 1 | 2\n(2 rows)"
CONF = listing("[all servers]# vi /etc/pgpool-II/pgpool.conf") + "\n" + listing("port = 9999")


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def book(tmp_path: Path, en: dict[str, str], ja: dict[str, str] | None = None) -> Path:
    files = {f"{EN}/{name}": text for name, text in en.items()}
    files.update({f"{JA}/{name}": text for name, text in (ja or {}).items()})
    return write_tree(tmp_path / "docs", files)


def test_exit_codes_and_text(tmp_path: Path, capsys) -> None:
    root = book(tmp_path, {"a.sgml": chapter(listing(TABLE_BAD))})
    code, out, err = run(["--docs", str(root)], capsys)
    assert code == 1 and err == ""
    assert out.splitlines() == [
        f"{EN}/a.sgml:7:1: DOC202 [error] the psql table's footer says 2 rows; the table shows 1",
        "Found 1 problem (1 error, 0 warnings, 0 infos).",
    ]
    assert run(["--docs", str(root), "--exit-zero"], capsys)[0] == 0
    assert run(["--docs", str(root), "--ignore", "table-shape"], capsys)[0] == 0
    (root / EN / "a.sgml").write_text(chapter(listing(TABLE_OK)))
    assert run(["--docs", str(root)], capsys)[:2] == (0, "Found 0 problems (0 errors, 0 warnings, 0 infos).\n")


def test_fail_level(tmp_path: Path, capsys) -> None:
    reference = (
        '<sect1 id="c"><title>C</title><variablelist>\n<varlistentry id="guc-log-standby-delay">'
        "<term><varname>log_standby_delay</varname> (<type>string</type>)</term>"
        "<listitem><para>x</para></listitem></varlistentry>\n</variablelist></sect1>\n"
    )
    root = book(tmp_path, {"c.sgml": reference, "version.sgml": '<!ENTITY version "4.3.1">\n'})
    args = ["--docs", str(root), "--select", "DOC403"]
    assert run(args, capsys)[0] == 0  # a warning
    assert run([*args, "--fail-level", "warning"], capsys)[0] == 1


def test_json(tmp_path: Path, capsys) -> None:
    root = book(tmp_path, {"a.sgml": chapter(listing(TABLE_BAD)), "b.sgml": chapter(listing(TABLE_BAD), "b")})
    code, out, _ = run(["--docs", str(root), "--format", "json"], capsys)
    doc = json.loads(out)
    assert code == 1 and doc["version"] == 1
    assert [(f["path"], f["code"], f["category"]) for f in doc["findings"]] == [
        (f"{EN}/a.sgml", "DOC202", "table-shape"),
        (f"{EN}/b.sgml", "DOC202", "table-shape"),
    ]
    assert doc["summary"] == {"errors": 2, "warnings": 0, "infos": 0, "files": 2}


def test_usage_errors_are_one_line(tmp_path: Path, capsys) -> None:
    root = book(tmp_path, {"a.sgml": chapter(listing(TABLE_OK))})
    for args in (
        ["--docs", str(root), str(root / EN / "a.sgml")],  # files need --changed
        ["--docs", str(tmp_path / "missing")],
        ["--docs", str(root), "--format", "yaml"],
    ):
        code, out, err = run(args, capsys)
        assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith("docsync: error:"), args


def test_changed_checks_the_chapter_and_its_counterpart(tmp_path: Path, capsys) -> None:
    bad_a, bad_b = chapter(listing(TABLE_BAD)), chapter(listing(TABLE_BAD), "b")
    root = book(tmp_path, {"a.sgml": bad_a, "b.sgml": bad_b}, {"a.sgml": bad_a, "b.sgml": bad_b})
    code, out, _ = run(["--changed", str(root / JA / "a.sgml"), "--ignore", "DRF"], capsys)
    assert code == 1
    assert {line.split(":")[0] for line in out.splitlines()[:-1]} == {f"{EN}/a.sgml", f"{JA}/a.sgml"}
    # Files outside any docs tree are not documentation.
    (tmp_path / "README.txt").write_text("x")
    code, out, err = run(["--changed", str(tmp_path / "README.txt")], capsys)
    assert (code, out) == (0, "Found 0 problems (0 errors, 0 warnings, 0 infos).\n")
    assert "no documentation among the changed files" in err


def test_a_changed_book_file_checks_the_whole_book(tmp_path: Path, capsys) -> None:
    bad_a, bad_b = chapter(listing(TABLE_BAD)), chapter(listing(TABLE_BAD), "b")
    root = book(tmp_path, {"a.sgml": bad_a, "b.sgml": bad_b, "version.sgml": '<!ENTITY version "4.3.1">\n'})
    code, out, _ = run(["--changed", str(root / EN / "version.sgml")], capsys)
    assert code == 1 and "Found 2 problems" in out


def test_project_configuration(tmp_path: Path, capsys) -> None:
    # find_config is cached per directory for a run; this test rewrites the file between runs.
    root = book(tmp_path, {"a.sgml": chapter(listing(TABLE_BAD))})
    find_config.cache_clear()
    (root / ".docsync.toml").write_text('[check]\nseverity = { DOC202 = "warning" }\n')
    code, out, _ = run(["--docs", str(root)], capsys)
    assert code == 0 and "DOC202 [warning]" in out
    (root / ".docsync.toml").write_text('[check]\nignore = ["table-row-count"]\n')
    find_config.cache_clear()
    assert run(["--docs", str(root)], capsys)[1].endswith("Found 0 problems (0 errors, 0 warnings, 0 infos).\n")
    (root / ".docsync.toml").write_text("[check]\nno_such_option = 1\n")
    find_config.cache_clear()
    code, _, err = run(["--docs", str(root)], capsys)
    assert code == 2 and "no_such_option" in err


def test_inline_suppression(tmp_path: Path, capsys) -> None:
    body = "<!-- docsync: ignore[table-shape] the output is abridged on purpose -->\n" + listing(TABLE_BAD)
    root = book(tmp_path, {"a.sgml": chapter(body)})
    assert run(["--docs", str(root)], capsys)[0] == 0
    other = "<!-- docsync: ignore[DOC101] not this rule -->\n" + listing(TABLE_BAD)
    (root / EN / "a.sgml").write_text(chapter(other))
    assert run(["--docs", str(root)], capsys)[0] == 1


def test_drift_runs_when_both_languages_are_there(tmp_path: Path, capsys) -> None:
    en = chapter(listing("[server1]# dnf install -y https://example.org/rhel-9-x86_64/pkg.rpm"))
    ja = chapter(listing("[server1]# dnf install -y https://example.org/rhel-10-x86_64/pkg.rpm"))
    root = book(tmp_path, {"a.sgml": en}, {"a.sgml": ja})
    code, out, _ = run(["--docs", str(root), "--format", "json"], capsys)
    found = json.loads(out)["findings"]
    assert code == 1 and [f["code"] for f in found] == ["DRF020"]
    assert found[0]["related"][0]["path"] == f"{JA}/a.sgml"
    code, out, _ = run(["--docs", str(root / EN), "--format", "json", "--ignore", "DRF"], capsys)
    assert code == 0


@pytest.fixture
def generated(tmp_path: Path, capsys) -> Path:
    root = book(tmp_path, {"example-a.sgml": chapter(CONF)})
    assert main(["extract", "--docs", str(root), "--out", str(root / "generated")]) == 0
    capsys.readouterr()
    return root


def test_generated_output_beside_the_docs(generated: Path, capsys) -> None:
    assert run(["--docs", str(generated)], capsys)[0] == 0
    (generated / EN / "example-a.sgml").write_text(chapter(CONF.replace("9999", "9998")))
    code, out, _ = run(["--docs", str(generated), "--format", "json"], capsys)
    found = {f["path"].rsplit("generated/", 1)[1]: f for f in json.loads(out)["findings"]}
    assert code == 1 and {f["code"] for f in found.values()} == {"DOC001"}
    assert set(found) == {"en/example-a/pgpool.conf", "en/example-a/scripts/all-servers.sh"}  # the manifest is not news
    assert found["en/example-a/pgpool.conf"]["line"] > 1
    # Any documentation change compares the output, even with --changed on another chapter.
    (generated / EN / "b.sgml").write_text(chapter(listing(TABLE_OK), "b"))
    code, out, _ = run(["--changed", str(generated / EN / "b.sgml"), "--format", "json"], capsys)
    assert code == 1 and {f["code"] for f in json.loads(out)["findings"]} == {"DOC001"}
    assert run(["--docs", str(generated), "--ignore", "DOC001"], capsys)[0] == 0


def test_tree_positionally_or_as_docs_and_html_wording(tmp_path: Path, capsys) -> None:
    root = book(tmp_path, {"a.sgml": chapter(listing(TABLE_OK))})
    assert run([str(root)], capsys)[:2] == run(["--docs", str(root)], capsys)[:2]
    code, _, err = run([str(root), str(root)], capsys)
    assert code == 2 and "one docs tree" in err
    code, out, _ = run([str(root), "-f", "html"], capsys)
    assert code == 0 and "No problems found." in out and "No drift" not in out

"""shell (DOC301): ShellCheck on shell sessions, off by default, batched."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from docsync.check import run_check
from docsync.check.ruleset import load_rules
from docsync.cli import main
from docsync.options import stage_defaults
from tests.check.helpers import EN, chapter, check, explain, listing, settings, write_tree
from tests.conftest import require_tool

PATH = f"{EN}/example.sgml"
SHELL = stage_defaults("check")["DOC301"]  # ShellOptions from [DOC301.options]
SESSION = """\
[server1]# cd /var/lib/pgsql
[server1]# psql -c "select 1"
 ?column?
----------
        1
(1 row)"""
BROKEN = '[server1]# if [ -d "$PGDATA" ]; then echo ok'
IF_LINE = 12  # sect1, title, <programlisting>, 6 session lines, </programlisting>, <programlisting>


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    require_tool("shellcheck")
    # ShellCheck stops at a parse error, so the broken command has a block of its own.
    return write_tree(tmp_path, {PATH: chapter(listing(SESSION) + "\n" + listing(BROKEN))})


def codes(findings) -> list[tuple[int, int, str]]:
    return sorted((f.location.line, f.location.column, f.message.split(":")[0]) for f in findings)


def test_off_by_default(docs: Path) -> None:
    assert check(docs) == []
    assert check(docs, select=["ALL"]) == []


def test_selected_by_name_code_or_category(docs: Path) -> None:
    for selector in ("shell", "DOC301", "shellcheck", "DOC3"):
        found = check(docs, select=[selector])
        assert found and all(f.code == "DOC301" for f in found), selector
    assert check(docs, extend_select=("shell",))


def test_lines_columns_and_levels(docs: Path) -> None:
    found = check(docs, select=["shell"])
    # cd without || exit (a warning) on the first command line, the `if` without `fi` (errors)
    # on the last; prompts removed, so columns are the source columns. Output lines are blank.
    got = codes(found)
    assert got[0] == (4, len("[server1]# ") + 1, "SC2164"), explain(found)
    assert {line for line, _, _ in got} == {4, IF_LINE}, explain(found)
    assert {f.severity.value for f in found if f.location.line == IF_LINE} == {"error"}


def test_level_and_exclude(docs: Path) -> None:
    errors_only = check(docs, select=["shell"], rule_options={"DOC301": replace(SHELL, level="error")})
    assert errors_only and {f.location.line for f in errors_only} == {IF_LINE}
    excluded = check(docs, select=["shell"], rule_options={"DOC301": replace(SHELL, exclude=("SC2164", "1046"))})
    assert {f.message.split(":")[0] for f in excluded} == {"SC1047", "SC1072", "SC1073"}, explain(excluded)


def test_many_blocks_in_few_calls(tmp_path: Path, monkeypatch) -> None:
    require_tool("shellcheck")
    body = "\n".join(listing(f"[server{i}]# cd /tmp/{i}") for i in range(1, 8))
    write_tree(tmp_path, {PATH: chapter(body)})
    calls = []
    import docsync.check.checks.shell as shell

    real = shell._run
    monkeypatch.setattr(shell, "_run", lambda args, files: calls.append(len(files)) or real(args, files))
    rules = load_rules()
    small = replace(rules, shell=replace(rules.shell, batch=3))
    s = settings(["shell"])
    found = run_check(tmp_path, None, lambda _root: s, check_rules=small).findings
    assert sorted(calls) == [1, 3, 3]
    assert [f.location.line for f in found] == [4 + 3 * i for i in range(7)]


def test_missing_shellcheck_is_a_tool_error(docs: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("PATH", str(docs / "no-such-dir"))
    assert main(["check", "--docs", str(docs), "--select", "shell"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "shellcheck is not installed" in err


def test_enabled_and_tuned_in_the_configuration(docs: Path, capsys) -> None:
    from docsync.config import find_config

    (docs / ".docsync.toml").write_text(
        '[check]\nextend-select = ["shell"]\nseverity = { doc301 = "info" }\n[check.shell]\nlevel = "error"\n'
    )
    find_config.cache_clear()
    assert main(["check", "--docs", str(docs), "--format", "json"]) == 0
    import json

    found = json.loads(capsys.readouterr().out)["findings"]
    assert {(f["line"], f["severity"]) for f in found} == {(IF_LINE, "info")}
    find_config.cache_clear()


def _check_json(docs: Path, config: str, capsys, *extra: str) -> tuple[int, list[str], str]:
    from docsync.config import find_config

    (docs / ".docsync.toml").write_text(config)
    find_config.cache_clear()
    try:
        code = main(["check", "--docs", str(docs), "--format", "json", "--select", "shell", *extra])
    finally:
        find_config.cache_clear()
    out, err = capsys.readouterr()
    return code, sorted(f["message"].split(":")[0] for f in json.loads(out)["findings"]) if out else [], err


ALL_CODES = ["SC1046", "SC1047", "SC1072", "SC1073", "SC2164"]


@pytest.mark.parametrize("table", ["check.options.DOC301", "check.options.doc301", "check.options.shellcheck"])
def test_options_table_by_code_or_name(docs: Path, capsys, table: str) -> None:
    assert _check_json(docs, "", capsys, "--no-cache")[1] == ALL_CODES
    code, found, _ = _check_json(docs, f'[{table}]\nlevel = "error"\nexclude = ["SC1046"]\n', capsys, "--no-cache")
    assert (code, found) == (1, ["SC1047", "SC1072", "SC1073"])


def test_the_shell_table_is_an_alias_of_the_options(docs: Path, capsys) -> None:
    # Its own spelling of exclude (one comma-separated string) keeps working.
    code, found, _ = _check_json(docs, '[check.shell]\nexclude = "SC2164,1046"\n', capsys, "--no-cache")
    assert found == ["SC1047", "SC1072", "SC1073"]
    code, found, err = _check_json(
        docs, '[check.shell]\nlevel = "error"\n[check.options.shellcheck]\nshell = "sh"\n', capsys, "--no-cache"
    )
    assert code == 2 and err.count("\n") == 1 and "the options of DOC301 are set twice" in err


@pytest.mark.parametrize(
    ("config", "said"),
    [
        ('[check.options.DOC301]\nlevel = "loud"\n',
         '[tool.docsync.check.options.DOC301]: level must be one of "error", "warning", "info", "style" '
         "(got 'loud')"),
        ('[check.options.shellcheck]\nshell = "zsh"\n', "shell must be one of"),
        ('[check.options.shellcheck]\nexclude = "SC1"\n', "exclude must be a list of strings (got 'SC1')"),
        ('[check.options.shellcheck]\ncolour = "red"\n', "unknown option 'colour' (known: level, shell, exclude)"),
        ('[check.shell]\nlevel = "loud"\n', "[tool.docsync.check.shell]: level must be one of"),
        ("[check]\nshell = 1\n", "[tool.docsync.check.shell] must be a table"),
    ],
)
def test_bad_options_are_exit_2_and_one_line(docs: Path, capsys, config: str, said: str) -> None:
    code, found, err = _check_json(docs, config, capsys, "--no-cache")
    assert code == 2 and found == []
    assert err.count("\n") == 1 and str(docs / ".docsync.toml") in err and said in err, err


def test_the_cache_key_holds_the_options(docs: Path, monkeypatch) -> None:
    """Two runs whose settings differ only in the rule's options are two questions."""
    from docsync.check.cached import run_check_cached

    monkeypatch.chdir(docs)  # with no configuration file the cache is in the working directory
    s = settings(["shell"])
    errors_only = replace(s, rule_options={"DOC301": replace(SHELL, level="error")})
    every = run_check_cached(docs, lambda _root: s, out=None, use_cache=True).findings
    fewer = run_check_cached(docs, lambda _root: errors_only, out=None, use_cache=True).findings
    assert len(fewer) < len(every)
    again = run_check_cached(docs, lambda _root: s, out=None, use_cache=True).findings
    assert again == every

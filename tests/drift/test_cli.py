"""``docsync drift`` on the command line: inputs, formats, exit codes, usage errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from docsync.cli import main
from tests.conftest import require_upstream

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def _tree(tmp_path: Path, case: str = "structural") -> Path:
    """A docs tree holding one golden case as demo.sgml in both languages."""
    root = tmp_path / "docs"
    for lang, name in (("doc", "en.sgml"), ("doc.ja", "ja.sgml")):
        d = root / lang / "src" / "sgml"
        d.mkdir(parents=True)
        shutil.copy(GOLDEN / case / name, d / "demo.sgml")
    return root


def test_pair_exit_code_and_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = GOLDEN / "structural"
    code = main(["drift", "--en", str(case / "en.sgml"), "--ja", str(case / "ja.sgml")])
    out = capsys.readouterr().out
    assert code == 1  # listings differ: errors
    assert f"{case / 'en.sgml'}:16:" in out and "DRF020 [error]" in out
    assert out.rstrip().endswith("(2 errors, 4 warnings, 1 info not shown; --severity info shows them).")
    assert "[info]" not in out


def test_severity_chooses_what_text_and_github_show(capsys: pytest.CaptureFixture[str]) -> None:
    case = GOLDEN / "structural"
    args = ["drift", "--en", str(case / "en.sgml"), "--ja", str(case / "ja.sgml")]
    main([*args, "--severity", "info"])
    out = capsys.readouterr().out
    assert "[info]" in out and out.rstrip().endswith("(2 errors, 4 warnings, 1 info).")
    main([*args, "-S", "error"])
    out = capsys.readouterr().out
    assert "[warning]" not in out and "[error]" in out
    assert out.rstrip().endswith("(2 errors, 4 warnings not shown, 1 info not shown; --severity info shows them).")
    main([*args, "-f", "github"])
    assert "::notice" not in capsys.readouterr().out
    main([*args, "-f", "github", "-S", "info"])
    assert "::notice" in capsys.readouterr().out
    main([*args, "-f", "json"])  # json carries everything, whatever --severity says
    assert json.loads(capsys.readouterr().out)["summary"]["infos"] == 1
    assert main([*args, "--severity", "loud"]) == 2
    assert "--severity" in capsys.readouterr().err


def test_docs_option_is_the_positional_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _tree(tmp_path)
    main(["drift", str(root), "-f", "json"])
    positional = capsys.readouterr().out
    main(["drift", "--docs", str(root), "-f", "json"])
    assert capsys.readouterr().out == positional


def test_fail_level_and_exit_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = GOLDEN / "embedded"  # warnings and infos only
    args = ["drift", "--en", str(case / "en.sgml"), "--ja", str(case / "ja.sgml")]
    assert main(args) == 0
    assert main([*args, "--fail-level", "warning"]) == 1
    assert main([*args, "--fail-level", "info", "--exit-zero"]) == 0
    capsys.readouterr()


def test_tree_and_file_inside_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _tree(tmp_path)
    main(["drift", str(root), "-f", "json"])
    whole = json.loads(capsys.readouterr().out)
    assert whole["summary"]["files"] == 1
    paths = {f["path"] for f in whole["findings"]}
    assert paths == {"doc/src/sgml/demo.sgml"}
    assert {f["related"][0]["path"] for f in whole["findings"]} == {"doc.ja/src/sgml/demo.sgml"}
    main(["drift", str(root / "doc.ja" / "src" / "sgml" / "demo.sgml"), "-f", "json"])
    assert json.loads(capsys.readouterr().out)["findings"] == whole["findings"]


def test_two_trees_keep_their_prefix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _tree(tmp_path / "a")
    b = _tree(tmp_path / "b", "links-tables")
    main(["drift", str(a), str(b), "-f", "json"])
    paths = {f["path"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert {p.split("/doc/")[0] for p in paths} == {str(a), str(b)}


@pytest.mark.parametrize("fmt", ["sarif", "github"])
def test_other_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    case = GOLDEN / "links-tables"
    main(["drift", "--en", str(case / "en.sgml"), "--ja", str(case / "ja.sgml"), "-f", fmt])
    out = capsys.readouterr().out
    if fmt == "sarif":
        run = json.loads(out)["runs"][0]
        assert {r["ruleId"] for r in run["results"]} == {"DRF040", "DRF050", "DRF051", "DRF021"}
        assert all(r["relatedLocations"] for r in run["results"])
        assert {r["properties"]["category"] for r in run["tool"]["driver"]["rules"]} == {
            "drift-link",
            "drift-table",
            "drift-code",
        }
    else:
        assert out.startswith("::warning file=")


@pytest.mark.parametrize(
    "args",
    [
        ["--en", "x.sgml"],
        ["--update-baseline"],
        ["--since", "HEAD", "--history", "HEAD~1..HEAD"],
        ["/no/such/dir"],
        ["--history", "nodots"],
        ["-f", "yaml"],
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    root = _tree(tmp_path)
    if args[0] in ("--history", "-f"):
        args = [str(root), *args]
    assert main(["drift", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("docsync: error:") and "Traceback" not in err


def test_file_outside_a_docs_tree_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    loose = tmp_path / "loose.sgml"
    loose.write_text("<para>x</para>", encoding="utf-8")
    assert main(["drift", str(loose)]) == 2
    assert "--en FILE --ja FILE" in capsys.readouterr().err


def test_rules_are_registered(capsys: pytest.CaptureFixture[str]) -> None:
    main(["rules", "-f", "json"])
    rules = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    drift = {c: r for c, r in rules.items() if c.startswith("DRF")}
    assert len(drift) == 12
    assert all(r["name"].startswith("drift-") for r in drift.values())
    assert all(r["category"].startswith("drift-") for r in drift.values())


def test_upstream_file_by_path(capsys: pytest.CaptureFixture[str]) -> None:
    root = require_upstream() / "V4_2_STABLE"
    main(["drift", str(root / "doc/src/sgml/example-cluster.sgml"), "--select", "drift-number"])
    out = capsys.readouterr().out
    assert "doc/src/sgml/example-cluster.sgml:11:75:" in out and "English 95, Japanese 9.5" in out


def test_project_docs_have_no_drift_errors(capsys: pytest.CaptureFixture[str]) -> None:
    """The project's own EN/JA reference docs (sgml/) are the default tree; keep them in step."""
    from docsync.paths import DEFAULT_DOCS_DIR

    assert (DEFAULT_DOCS_DIR / "doc.ja" / "src" / "sgml").is_dir()
    assert main(["drift"]) == 0, capsys.readouterr().out

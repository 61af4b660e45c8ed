"""Every rule's reference examples do what the page says: the bad one is reported, the good one not.

The examples are the ``bad`` and ``good`` texts of rules/codes/*.toml, shown on each rule's
page. Every stage's are run as written (``RuleExample`` says how) except where an example
needs more than a snippet can carry (a running server, a git history, booted hosts): those
are marked ``illustrative`` with the reason and the test that covers the rule instead.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from docsync.cli import main
from docsync.rules import RuleDoc, RuleExample, all_rules
from docsync.sgml import load_document
from tests.conftest import require_tool

RUN_STAGES = ("lint", "sgml", "drift", "check", "extract")
# Where an example goes: check's is a chapter of an English docs tree (doc/src/sgml).
USUAL_FILE = {
    "lint": "pgpool.conf", "sgml": "example.sgml", "drift": "example.sgml",
    "check": "example-cluster.sgml", "extract": "doc/src/sgml/example-cluster.sgml",
}
DEFAULT_PGPOOL = "4.3"  # the Pgpool-II this project's docs and CI machine use


def _runnable(stage: str) -> list[RuleDoc]:
    return [d for d in all_rules().values() if d.stage == stage and not d.example.illustrative]


def _pgpool_version(doc: RuleDoc) -> str:
    """The version an example is linted for: the first its rule applies to, at least 4.3."""
    first = doc.versions.removesuffix("+")
    if doc.versions.endswith("+") and tuple(map(int, first.split("."))) > (4, 3):
        return first
    return DEFAULT_PGPOOL


def _write(doc: RuleDoc, text: str, tmp: Path) -> str:
    """Write the example and the files it needs into ``tmp``; the example's file name."""
    name = doc.example.file or USUAL_FILE[doc.stage]
    for file, content in (*doc.example.files, (name, text)):
        path = tmp / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(RuleExample.content(content))
    return name


def _lint_findings(doc: RuleDoc, name: str, tmp: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    args = list(doc.example.args)
    if "--pgpool-version" not in args:
        args += ["--pgpool-version", _pgpool_version(doc)]
    cwd = os.getcwd()
    os.chdir(tmp)  # example arguments name their files relative to the example's directory
    try:
        code = main(["lint", "--format", "json", "-S", "info", *args, name])
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert code in (0, 1), f"{doc.rule.code}: lint exited {code}: {out}"
    return json.loads(out)["findings"]


def _pair(text: str) -> tuple[str, str]:
    """A drift example's English and Japanese text: lines after ``EN:`` and after ``JA:``."""
    sides: dict[str, list[str]] = {"EN": [], "JA": []}
    side = None
    for line in text.strip("\n").split("\n"):
        if line[:3] in ("EN:", "JA:"):
            side, line = line[:2], line[3:].strip()
        assert side is not None, f"a drift example starts with EN: or JA: ({text!r})"
        sides[side].append(line)
    return "\n".join(sides["EN"]), "\n".join(sides["JA"])


def _drift_codes(doc: RuleDoc, text: str, tmp: Path, capsys: pytest.CaptureFixture[str]) -> set[str]:
    """Run drift on the pair, each side a chapter of its own (unless it is one already)."""
    paths = []
    for lang, side in zip(("doc", "doc.ja"), _pair(text), strict=True):
        if not side.lstrip().startswith("<sect1"):
            side = f'<sect1 id="example">\n<title>Example</title>\n{side}\n</sect1>'
        path = tmp / lang / "src" / "sgml" / (doc.example.file or USUAL_FILE["drift"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(RuleExample.content(side))
        paths.append(str(path))
    code = main(["drift", "--format", "json", "--en", paths[0], "--ja", paths[1]])
    out = capsys.readouterr().out
    assert code in (0, 1), f"{doc.rule.code}: drift exited {code}: {out}"
    return {f["code"] for f in json.loads(out)["findings"]}


def _chapter(text: str) -> str:
    """The example as a chapter: itself if it is one, else the content of a <sect1>."""
    if text.lstrip().startswith(("<sect1", "<chapter", "<!DOCTYPE")):
        return text
    return f'<sect1 id="example">\n<title>Example</title>\n{text.strip(chr(10))}\n</sect1>'


def _check_codes(doc: RuleDoc, text: str, tmp: Path, capsys: pytest.CaptureFixture[str]) -> set[str]:
    if "DOC301" in doc.rule.code:
        require_tool("shellcheck")
    _write(doc, _chapter(text), tmp / "doc" / "src" / "sgml")
    cwd = os.getcwd()
    os.chdir(tmp)  # no configuration file or cache of the project's applies
    try:
        code = main(["check", "--docs", str(tmp), "--no-cache", "--format", "json", "-S", "info",
                     *doc.example.args])
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert code in (0, 1), f"{doc.rule.code}: check exited {code}: {out}"
    return {f["code"] for f in json.loads(out)["findings"]}


def _extract_codes(doc: RuleDoc, text: str, tmp: Path, capsys: pytest.CaptureFixture[str]) -> set[str]:
    """Extract a checkout whose example-cluster chapter is the example (``files`` are paths in
    the checkout, e.g. its src/sample/)."""
    _write(doc, _chapter(text), tmp)
    code = main(["extract", "--docs", str(tmp), "--out", str(tmp / "out"), "--format", "json",
                 "-S", "info", *doc.example.args])
    out = capsys.readouterr().out
    assert code in (0, 1), f"{doc.rule.code}: extract exited {code}: {out}"
    return {f["code"] for f in json.loads(out)["findings"]}


def _codes(doc: RuleDoc, text: str, tmp: Path, capsys: pytest.CaptureFixture[str]) -> set[str]:
    if doc.stage == "extract":
        return _extract_codes(doc, text, tmp, capsys)
    if doc.stage == "check":
        return _check_codes(doc, text, tmp, capsys)
    if doc.stage == "drift":
        return _drift_codes(doc, text, tmp, capsys)
    name = _write(doc, text, tmp)
    if doc.stage == "lint":
        return {f["code"] for f in _lint_findings(doc, name, tmp, capsys)}
    return {f.code for f in load_document(tmp / name).findings}


@pytest.mark.parametrize("doc", [d for s in RUN_STAGES for d in _runnable(s)], ids=lambda d: d.rule.code)
def test_bad_example_is_reported_and_good_is_not(doc: RuleDoc, tmp_path: Path, capsys) -> None:
    bad = _codes(doc, doc.bad, tmp_path / "bad", capsys)
    good = _codes(doc, doc.good, tmp_path / "good", capsys)
    assert doc.rule.code in bad, f"the bad example of {doc.rule.code} gives {sorted(bad)}"
    assert doc.rule.code not in good, f"the good example of {doc.rule.code} gives {sorted(good)}"


@pytest.mark.parametrize("doc", [d for d in _runnable("lint")], ids=lambda d: d.rule.code)
def test_lint_fix_is_offered_as_the_page_says(doc: RuleDoc, tmp_path: Path, capsys) -> None:
    """A rule whose page says "Fix: none" offers no fix on its bad example; one that names a
    safe fix offers it there."""
    name = _write(doc, doc.bad, tmp_path)
    mine = [f for f in _lint_findings(doc, name, tmp_path, capsys) if f["code"] == doc.rule.code]
    assert any("fix" in f for f in mine) == (doc.fix != "none"), f"{doc.rule.code}: fix = {doc.fix!r}"


def test_every_rule_has_examples_that_run_or_says_why_not() -> None:
    """Every rule of every stage: bad and good examples that this file runs, or a reason."""
    stages = {d.stage for d in all_rules().values()}
    for doc in all_rules().values():
        if doc.example.illustrative:
            assert len(doc.example.illustrative) > 15, f"{doc.rule.code}: say why it is not run"
        else:
            assert doc.stage in RUN_STAGES, f"{doc.rule.code}: no runner for stage {doc.stage}"
            assert doc.bad.strip() and doc.good.strip(), f"{doc.rule.code} has no bad/good example"
    assert stages - set(RUN_STAGES) == {"verify"}  # verify's examples boot hosts: illustrative


def test_example_text_stands_for_bytes() -> None:
    assert RuleExample.content("<BOM>a = 1<NUL>") == b"\xef\xbb\xbfa = 1\x00\n"
    assert RuleExample.content("a = 1\n# end<EOF>") == b"a = 1\n# end"
    assert RuleExample.content("\nx = 'caf\\xe9'\n") == b"x = 'caf\xe9'\n"

"""The Sphinx documentation builds with warnings as errors, and its generated parts are complete.

The rule reference and the CLI reference are generated from the rule registry and the typer
app at build time (docs/_ext/docsync_sphinx); these tests build a copy of docs/ into a
temporary directory, exactly as CI's `sphinx-build -W --keep-going` does, and check that every
rule and every command made it onto a page.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from docsync.rules import RuleDoc, all_rules
from tests.conftest import PROJECT

DOCS = PROJECT / "docs"


class _Text(HTMLParser):
    """The text of an HTML page (entities decoded, tags dropped, script and style skipped)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("p", "div", "pre", "tr", "td", "th", "li", "dt", "dd", "h1", "h2", "h3", "br"):
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data) -> None:
        if not self._skip:
            self.parts.append(data)


def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts)


def _require_sphinx() -> None:
    if importlib.util.find_spec("sphinx") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("sphinx is required in CI (pip install -e '.[docs]')")
        pytest.skip("sphinx is not installed")


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> Path:
    """docs/ copied and built into a temporary directory with -W; the HTML output directory."""
    _require_sphinx()
    root = tmp_path_factory.mktemp("docs")
    src = root / "src"
    # A copy, so the build writes its generated rule pages there and not into the work tree.
    shutil.copytree(DOCS, src, ignore=shutil.ignore_patterns("_build"))
    out = root / "html"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(PROJECT), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(root / "doctrees"), str(src), str(out)],
        capture_output=True, text=True, env=env, cwd=root, timeout=300,
    )
    assert proc.returncode == 0, f"sphinx-build failed:\n{proc.stdout}\n{proc.stderr}"
    assert not proc.stderr.strip(), f"sphinx-build warned:\n{proc.stderr}"
    return out


def _example_lines(text: str) -> list[str]:
    return [line.strip() for line in text.strip("\n").splitlines() if line.strip()]


@pytest.mark.parametrize("doc", list(all_rules().values()), ids=lambda d: d.rule.code)
def test_every_rule_has_a_page_at_its_help_uri(html: Path, doc: RuleDoc) -> None:
    rule = doc.rule
    assert doc.help_uri.endswith(f"/rules/{rule.code}.html")
    page = html / "rules" / f"{rule.code}.html"
    assert page.is_file(), f"{rule.code}: no page at {doc.help_uri}"
    text = page_text(page)
    assert f"{rule.code} {rule.name}" in text
    assert rule.category.value in text
    assert rule.severity.value in text
    assert " ".join(rule.summary.replace("`", "").split()) in " ".join(text.split())
    lines = text.splitlines()
    stripped = {line.strip() for line in lines}
    for example in (doc.bad, doc.good):
        for line in _example_lines(example):
            assert line in stripped, f"{rule.code}: example line {line!r} is not on the page"
    if doc.bad.strip():
        assert "Fails:" in text
    if doc.good.strip():
        assert "Passes:" in text


def test_rule_pages_show_the_options_and_how_to_set_them(html: Path) -> None:
    from docsync.options import documented

    with_options = [doc for doc in all_rules().values() if doc.options is not None]
    assert {d.rule.code for d in with_options} >= {"DOC301", "PGP605"}
    for doc in with_options:
        text = page_text(html / "rules" / f"{doc.rule.code}.html")
        lines = {line.strip() for line in text.splitlines()}
        assert f"[tool.docsync.{doc.stage}.options.{doc.rule.name}]" in lines, doc.rule.code
        for o in documented(doc.stage, doc.rule.code):
            assert f"{o.key} = {o.default}" in lines, (doc.rule.code, o.key)
            assert " ".join(o.doc.split()).lower() in " ".join(text.split()).lower(), (doc.rule.code, o.key)
    assert "Options" not in page_text(html / "rules" / "PGP101.html").split("Fix")[0]


def test_writing_a_rule_shows_the_real_rule(html: Path) -> None:
    """The walk-through quotes PGP605's entry, function and test as they are in the project."""
    text = page_text(html / "writing-a-rule.html")
    assert 'href="writing-a-rule.html"' in (html / "index.html").read_text(encoding="utf-8")
    entry = (PROJECT / "rules/codes/lint.toml").read_text(encoding="utf-8")
    start = entry.index("[PGP605]")
    for line in entry[start : entry.index("[PGP606]")].strip().splitlines():
        assert line in text, line
    code = (PROJECT / "docsync/lint/checks/dependency.py").read_text(encoding="utf-8")
    registration = '@check("PGP605", options=SharedMemoryOptions)'
    assert registration in code and registration in text
    assert "ctx.settings.options(SharedMemoryOptions).threshold_gib" in text
    assert "def test_shared_memory_threshold_is_an_option" in text


def test_rule_index_links_every_rule(html: Path) -> None:
    index = (html / "rules" / "index.html").read_text(encoding="utf-8")
    for code in all_rules():
        assert f'href="{code}.html"' in index, f"{code} is missing from the rule index"


def test_former_codes_keep_a_page(html: Path) -> None:
    for doc in all_rules().values():
        for old in doc.redirect_from:
            text = page_text(html / "rules" / f"{old}.html")
            assert doc.rule.code in text


def _click_group():
    import click
    import typer.main

    import docsync.commands  # noqa: F401  registers every subcommand
    from docsync.cli import app

    group = typer.main.get_command(app)
    return group, click.Context(group, info_name="docsync")


def test_cli_reference_has_every_command_and_option(html: Path) -> None:
    import click

    page = (html / "cli.html").read_text(encoding="utf-8")
    text = page_text(html / "cli.html")
    group, ctx = _click_group()
    names = group.list_commands(ctx)
    assert {"extract", "lint", "drift", "rules", "rule"} <= set(names)
    for name in names:
        cmd = group.get_command(ctx, name)
        assert f'id="cli-{name}"' in page, f"docsync {name} has no section in the CLI reference"
        assert f"docsync {name}" in text
        sub = click.Context(cmd, info_name=name, parent=ctx)
        for param in cmd.get_params(sub):
            if isinstance(param, click.Option) and not param.hidden:
                for opt in param.opts:
                    # Sphinx's option directive: id "cmdoption-" + program + option, dashes folded.
                    anchor = f'id="cmdoption-docsync-{name}-{opt.lstrip("-")}"'
                    assert anchor in page, f"docsync {name} {opt} is not in the CLI reference"


def test_configuration_page_names_every_key(html: Path) -> None:
    from docsync.check.config import _CHECK_KEYS
    from docsync.config import RULE_KEYS, TOP_KEYS
    from docsync.lint.config import _LINT_KEYS

    text = page_text(html / "configuration.html")
    keys = TOP_KEYS | _LINT_KEYS | _CHECK_KEYS | RULE_KEYS
    assert len(keys) > 12  # the tables were found (this test once read names that had moved)
    for key in sorted(keys):
        assert key in text, f"configuration key {key!r} is not documented in docs/configuration.rst"


# -- generation without a full build -------------------------------------------------------------


@pytest.fixture
def stubs_module(monkeypatch):
    _require_sphinx()
    monkeypatch.syspath_prepend(str(DOCS / "_ext"))
    return importlib.import_module("docsync_sphinx.rules")


def test_stubs_follow_the_registry(tmp_path: Path, stubs_module, monkeypatch) -> None:
    """A rule added to rules/codes gets a page; a removed rule's page goes; hand-written pages stay."""
    from dataclasses import replace

    registry = dict(all_rules())
    template = next(iter(registry.values()))
    new = replace(template, rule=replace(template.rule, code="ZZZ999", name="brand-new-rule"),
                  redirect_from=("ZZZ001",))
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "index.rst").write_text("Rule reference\n==============\n", encoding="utf-8")
    monkeypatch.setattr(stubs_module, "_registry", lambda: {**registry, "ZZZ999": new})
    stubs_module.write_stubs(tmp_path)
    page = (tmp_path / "rules" / "ZZZ999.rst").read_text(encoding="utf-8")
    assert "ZZZ999 brand-new-rule" in page and ".. docsync-rule:: ZZZ999" in page
    assert ":orphan:" in (tmp_path / "rules" / "ZZZ001.rst").read_text(encoding="utf-8")

    monkeypatch.setattr(stubs_module, "_registry", lambda: registry)
    stubs_module.write_stubs(tmp_path)
    assert not (tmp_path / "rules" / "ZZZ999.rst").exists()
    assert not (tmp_path / "rules" / "ZZZ001.rst").exists()
    assert (tmp_path / "rules" / "index.rst").is_file()
    assert {p.stem for p in (tmp_path / "rules").glob("*.rst")} == {*registry, "index"}

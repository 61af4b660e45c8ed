"""docs-vs-code (DOC401-DOC403): reference entries against the parameter catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docsync.lint.catalogue import load_catalogue
from tests.check.helpers import EN, check, explain, pairs, write_tree
from tests.conftest import BRANCHES, SHARED, require_upstream, upstream_cases

SELECT = ("docs-vs-code",)


def entry(name: str, kind: str, ident: str | None = None) -> str:
    ident = ident or "guc-" + name.lower().rstrip("x").replace("_", "-")
    return (
        f'<varlistentry id="{ident}" xreflabel="{name}">\n'
        f" <term><varname>{name}</varname> (<type>{kind}</type>)\n"
        f"  <indexterm><primary><varname>{name}</varname> configuration parameter</primary></indexterm>\n"
        " </term>\n <listitem><para>Text.</para></listitem>\n</varlistentry>\n"
    )


def reference(*entries: str) -> str:
    return (
        '<sect1 id="config">\n <title>Settings</title>\n <variablelist>\n'
        + "".join(entries)
        + " </variablelist>\n</sect1>\n"
    )


BOOK = """<!doctype book PUBLIC "-//OASIS//DTD DocBook V4.2//EN" [
<!ENTITY % version SYSTEM "version.sgml">
%version;
<!ENTITY config SYSTEM "config.sgml">
<!ENTITY release SYSTEM "release-4.3.sgml">
]>
<book id="pgpool"><title>Manual</title>
&config;
&release;
</book>
"""


def tree(tmp_path: Path, *entries: str) -> Path:
    return write_tree(
        tmp_path,
        {
            f"{EN}/pgpool.sgml": BOOK,
            f"{EN}/version.sgml": '<!ENTITY version "4.3.5">\n',
            f"{EN}/config.sgml": reference(*entries),
            # Release notes name parameters of every version: never the reference.
            f"{EN}/release-4.3.sgml": reference(entry("follow_master_command", "string")),
        },
    )


def test_documented_names_and_types(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        entry("port", "integer"),
        entry("hostnameX", "string"),  # per-node, written with an index placeholder
        entry("follow_master_command", "string"),  # renamed in 4.2
        entry("no_such_parameter", "integer"),
        entry("log_standby_delay", "string"),  # an enum in the catalogue
    )
    found = [f for f in check(root, select=SELECT) if f.code != "DOC401"]
    path = f"{EN}/config.sgml"
    assert pairs(found) == [(path, 16, "DOC402"), (path, 22, "DOC402"), (path, 28, "DOC403")], explain(found)
    assert "follow_primary_command" in found[0].message
    assert "enum" in found[2].message


def test_undocumented_parameters_in_a_whole_book_run(tmp_path: Path) -> None:
    root = tree(tmp_path, entry("port", "integer"), entry("hostnameX", "string"))
    found = [f for f in check(root, select=SELECT) if f.code == "DOC401"]
    cat = load_catalogue("4.3")
    expected = {n for n, p in cat.parameters.items() if p.alias_of is None} - {"port", "hostname"}
    assert {re.search(r"parameter (\S+)", f.message).group(1) for f in found} == expected
    assert {f.location.path for f in found} == {f"{EN}/pgpool.sgml"}
    # Only the changed reference chapter: no book-wide claim about what is undocumented.
    changed = check(root, [root / EN / "config.sgml"], select=SELECT)
    assert [f for f in changed if f.code == "DOC401"] == []


def test_docs_without_a_reference_claim_nothing(tmp_path: Path) -> None:
    write_tree(tmp_path, {f"{EN}/example.sgml": '<sect1 id="e"><title>E</title><para>x</para></sect1>\n'})
    assert check(tmp_path, select=SELECT) == []


def _expectations(branch: str) -> tuple[set[str], set[str]]:
    """(undocumented, type differs) for a branch, from ../shared/pgpool-params/DOC-VS-CODE.md."""
    text = (SHARED / "pgpool-params" / "DOC-VS-CODE.md").read_text(encoding="utf-8")
    section = text.split(f"## {branch} ", 1)[1].split("\n## ", 1)[0]
    undocumented = section.split("### In the code but not documented", 1)[1].split("\n\n", 2)[1]
    types = section.split("### Type differs between docs and code", 1)[1].split("\n\n###", 1)[0]
    return set(re.findall(r"`([^`]+)`", undocumented)), set(re.findall(r"^- `([^`]+)`", types, re.M))


@pytest.mark.parametrize("branch", upstream_cases(BRANCHES))
def test_upstream_reference_matches_the_shared_report(tmp_path: Path, branch: str) -> None:
    upstream = require_upstream()
    # A fresh tree of the English docs only (the reference is English), linked, not copied.
    (tmp_path / "doc" / "src").mkdir(parents=True)
    (tmp_path / EN).symlink_to(upstream / branch / EN)
    found = check(tmp_path, select=SELECT)
    undocumented = {re.search(r"parameter (\S+)", f.message).group(1) for f in found if f.code == "DOC401"}
    types = {re.search(r"gives (\S+)", f.message).group(1) for f in found if f.code == "DOC403"}
    expected_undocumented, expected_types = _expectations(branch)
    assert undocumented == expected_undocumented, explain(found)
    assert types == expected_types, explain(found)
    assert [f for f in found if f.code == "DOC402"] == []

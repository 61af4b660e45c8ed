"""The rule reference: one page per rule of ``rules/codes/*.toml``, made at build time.

``docsync rule CODE`` and the SARIF ``helpUri`` point at ``rules/<CODE>.html``, so every rule
needs a document named ``rules/<CODE>``. Sphinx only builds documents that exist as files, so
on ``builder-inited`` this extension writes a two-line stub per rule into ``docs/rules/``
(git-ignored) and removes stubs of rules that are gone. The stub's directive renders the page
from the registry (``docsync.rules.all_rules()``) while Sphinx reads it, so the text on the
page is the text ``docsync rule`` prints. A rule added to any ``rules/codes/*.toml`` gets a
page, a row in the index and a toctree entry on the next build, with no edit under ``docs/``.

Directives:

``.. docsync-rule:: CODE``
    The body of one rule page (metadata, what it checks, why, examples, options, fix,
    suppression). The options are the rule's options dataclass (docsync/options.py) with the
    defaults of its ``[CODE.options]`` table.
``.. docsync-rule-index::``
    Tables of every rule, one per stage, and the (hidden) toctree of the rule pages.
``.. docsync-rule-redirect:: OLD``
    The page left at a former code (``redirect_from``), pointing at the rule's page now.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from docsync_sphinx.common import note_generated, parse_rst, section
from docsync_sphinx.stages import CATEGORY_WHY, STAGES, Stage, stage_of
from docsync_sphinx.text import blocks, inline, literal_block, paragraph, sentence

GENERATED = ".. Generated from rules/codes/*.toml by docs/_ext/docsync_sphinx/rules.py; do not edit."
RULES_DIR = "rules"
_CODE = re.compile(r"^[A-Z][A-Z0-9]*[0-9]$")

def _registry():
    from docsync.rules import all_rules

    return all_rules()


def _versions(text: str) -> str:
    text = text.strip()
    if text in ("", "all"):
        return "all versions"
    m = re.fullmatch(r"(\d+\.\d+)\+", text)
    if m:
        return f"{m.group(1)} and later"
    return text


def _fix_text(fix: str, stage: str) -> tuple[str, str]:
    """(short label for the index table, sentence for the rule page)."""
    fix = fix.strip()
    if fix in ("", "none"):
        return "none", "No automatic fix: change the source by hand."
    if fix.startswith("safe"):
        text = sentence(fix)
        if stage == "lint":
            text += (" ``docsync lint --fix`` applies it in place (keeping the original as "
                     "``.bak``); ``docsync lint --diff`` shows it without writing anything.")
        return "safe", text
    if fix.startswith("unsafe"):
        return "unsafe", sentence(fix) + " docsync never applies it on its own."
    # Drift rules use the field for advice: there is nothing docsync could apply.
    return "none", "No automatic fix. To fix: " + sentence(fix)


def _field(name: str, body: Iterable[nodes.Node] | str) -> nodes.field:
    field = nodes.field()
    field += nodes.field_name(text=name)
    value = nodes.field_body()
    para = nodes.paragraph()
    para.extend(inline(body) if isinstance(body, str) else body)
    value += para
    field += value
    return field


def _turning_off(code: str, name: str, category: str, stage: Stage) -> str:
    """reStructuredText for "Turning it off" (built only from codes, names and fixed text)."""
    lines: list[str] = []
    if stage.ignore_flag:
        lines.append(
            f"Leave it out of a run with ``{stage.ignore_flag} --ignore {code}`` (the name "
            f"``{name}`` and the category ``{category}`` work too)"
            + (f", or below a directory with ``ignore = [\"{code}\"]`` in the "
               ":doc:`configuration file </configuration>`." if stage.config else ".")
        )
        lines.append("")
    if stage.inline:
        lines += [
            f"To accept one finding, put a suppression comment {stage.inline_where}:",
            "",
            ".. code-block:: none",
            "",
            "   " + stage.inline.format(code=code),
            "",
        ]
    if stage.note:
        lines += [stage.note, ""]
    lines += ["See :doc:`/suppression` for the details.", ""]
    return "\n".join(lines)


class RuleDirective(SphinxDirective):
    """The body of ``rules/<CODE>``: everything the registry says about one rule."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        note_generated(self.env)
        code = self.arguments[0].strip().upper()
        doc = _registry().get(code)
        if doc is None:
            raise self.error(f"unknown rule {code}: not in rules/codes/*.toml")
        rule = doc.rule
        stage = stage_of(doc.stage)
        fix_label, fix_sentence = _fix_text(doc.fix, doc.stage)
        document = self.state.document
        out: list[nodes.Node] = []

        what = section(document, "What it checks")
        what += paragraph(rule.summary)
        meta = nodes.field_list(classes=["docsync-rule-meta"])
        meta += _field("Code", [nodes.literal(text=rule.code)])
        meta += _field("Name", [nodes.literal(text=rule.name)])
        meta += _field("Category", [nodes.literal(text=rule.category.value)])
        meta += _field("Default severity", rule.severity.value)
        reported = stage.command
        meta += _field("Reported by", f"`{reported}`" if reported.startswith("docsync ") else reported)
        meta += _field("Pgpool-II versions", _versions(doc.versions))
        meta += _field("Automatic fix", fix_label)
        if doc.redirect_from:
            meta += _field("Former codes", ", ".join(doc.redirect_from))
        what += meta
        out.append(what)

        why = section(document, "Why")
        if doc.description.strip():
            why.extend(blocks(doc.description))
        category_why = CATEGORY_WHY.get(rule.category.value)
        if category_why:
            why += paragraph(f"Category `{rule.category.value}`: {category_why}")
        out.append(why)

        example = section(document, "Example")
        ex = doc.example
        if ex.file:
            example += paragraph(f"The example is the content of a file named `{ex.file}`.")
        for name, content in ex.files:
            example += paragraph(f"Beside it, `{name}` holds:")
            example += literal_block(content)
        if ex.args:
            example += paragraph(f"Linted with `{' '.join(ex.args)}`.")
        if doc.bad.strip():
            example += paragraph("Fails:")
            example += literal_block(doc.bad)
        if doc.good.strip():
            example += paragraph("Passes:")
            example += literal_block(doc.good)
        if not doc.bad.strip() and not doc.good.strip():
            example += paragraph("The registry has no example for this rule yet.")
        if ex.illustrative:
            example += paragraph(f"This example is illustrative, not run by the test suite: {ex.illustrative}.")
        else:
            example += paragraph(
                "The test suite runs this example (tests/test_rule_examples.py): "
                "the failing text gets this rule's finding and the passing one does not."
            )
        out.append(example)

        if doc.options is not None:
            out.append(self._options(doc))

        fix = section(document, "Fix")
        fix += paragraph(fix_sentence)
        out.append(fix)

        off = section(document, "Turning it off")
        off.extend(parse_rst(self, _turning_off(rule.code, rule.name, rule.category.value, stage)))
        out.append(off)
        return out


    def _options(self, doc) -> nodes.section:
        """The rule's options (docsync/options.py): a table, and the TOML that sets them."""
        from docsync.options import config_table, documented

        rule = doc.rule
        options = documented(doc.stage, rule.code)
        part = section(self.state.document, "Options")
        table = config_table(doc.stage, rule.name)
        part += paragraph(
            f"Set them in `{table}` of `pyproject.toml`, or `[{doc.stage}.options.{rule.name}]` of "
            f"`.docsync.toml` (the code `{rule.code}` names the table too); an option left out keeps "
            "its default. A value of the wrong type or an unknown option stops the run with exit code 2."
        )
        part += _table(
            ("Option", "Type", "Default", "Meaning"), (12, 22, 10, 40),
            [[[nodes.literal(text=o.key)], _kind(o), [nodes.literal(text=o.default)], inline(sentence(o.doc))]
             for o in options],
            "docsync-rule-options",
        )
        toml = nodes.literal_block("", "\n".join([table, *(f"{o.key} = {o.default}" for o in options)]))
        toml["language"] = "toml"
        part += paragraph("With the defaults written out:")
        part += toml
        part.extend(parse_rst(self, "See :doc:`/configuration` for where configuration files are found.\n"))
        return part


def _kind(option) -> list[nodes.Node]:
    """An option's type; its choices as literals."""
    if not option.choices:
        return [nodes.Text(option.kind)]
    out: list[nodes.Node] = [nodes.Text("one of ")]
    for i, choice in enumerate(option.choices):
        out += [*([nodes.Text(", ")] if i else []), nodes.literal(text=f'"{choice}"')]
    return out


def _table(headers: tuple[str, ...], widths: tuple[int, ...], rows: list[list[list[nodes.Node]]],
           cls: str) -> nodes.table:
    table = nodes.table(classes=[cls])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    head += _row([[nodes.Text(h)] for h in headers])
    body = nodes.tbody()
    group += body
    for cells in rows:
        body += _row(cells)
    return table


def _row(cells: list[list[nodes.Node]]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        para = nodes.paragraph()
        para.extend(cell)
        entry += para
        row += entry
    return row


class RuleIndexDirective(SphinxDirective):
    """A table of every rule per stage, and the hidden toctree of the rule pages."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        note_generated(self.env)
        docs = _registry()
        by_stage: dict[str, list] = {}
        for doc in docs.values():
            by_stage.setdefault(doc.stage, []).append(doc)
        order = [s for s in STAGES if s in by_stage] + sorted(s for s in by_stage if s not in STAGES)
        out: list[nodes.Node] = []
        for name in order:
            stage = stage_of(name)
            part = section(self.state.document, stage.label)
            count = len(by_stage[name])
            reported = f"`{stage.command}`" if stage.command.startswith("docsync ") else stage.command
            part += paragraph(f"{count} rule{'s' if count != 1 else ''} (stage `{name}`), "
                              f"reported by {reported}.")
            part += self._table(by_stage[name])
            out.append(part)
        toctree = ".. toctree::\n   :hidden:\n   :maxdepth: 1\n\n" + "".join(f"   {code}\n" for code in docs)
        out.extend(parse_rst(self, toctree))
        return out

    def _table(self, docs: list) -> nodes.table:
        rows = []
        for doc in docs:
            rule = doc.rule
            link = addnodes.pending_xref(
                "", nodes.literal(text=rule.code), refdomain="std", reftype="doc",
                reftarget=f"/{RULES_DIR}/{rule.code}", refexplicit=True, refwarn=True,
                refdoc=self.env.docname,
            )
            rows.append([
                [link],
                [nodes.Text(rule.name)],
                [nodes.Text(rule.category.value)],
                [nodes.Text(rule.severity.value)],
                [nodes.Text(_versions(doc.versions))],
                [nodes.Text(_fix_text(doc.fix, doc.stage)[0])],
                inline(rule.summary),
            ])
        return _table(("Code", "Name", "Category", "Severity", "Versions", "Fix", "Summary"),
                      (8, 20, 14, 8, 9, 6, 45), rows, "docsync-rule-index")


class RuleRedirectDirective(SphinxDirective):
    """The page at a former code: where the rule lives now."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        note_generated(self.env)
        old = self.arguments[0].strip().upper()
        for doc in _registry().values():
            if old in doc.redirect_from:
                return parse_rst(
                    self,
                    f"``{old}`` is the former code of :doc:`{doc.rule.code} {doc.rule.name} "
                    f"</{RULES_DIR}/{doc.rule.code}>`. Selectors, suppressions and baselines "
                    "that name the old code keep working.\n",
                )
        raise self.error(f"{old} is no former code of any rule")


# -- stub files ---------------------------------------------------------------------------


def _stub(code: str, title: str, directive: str, orphan: bool = False) -> str:
    head = ":orphan:\n\n" if orphan else ""
    return f"{head}{GENERATED}\n\n{title}\n{'=' * len(title)}\n\n.. {directive}:: {code}\n"


def _wanted_stubs() -> dict[str, str]:
    stubs: dict[str, str] = {}
    for code, doc in _registry().items():
        if not _CODE.match(code) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", doc.rule.name):
            raise ValueError(f"rules/codes: {code} {doc.rule.name!r} is not a valid code and kebab-case name")
        stubs[f"{code}.rst"] = _stub(code, f"{code} {doc.rule.name}", "docsync-rule")
        for old in doc.redirect_from:
            stubs[f"{old}.rst"] = _stub(old, f"{old} (now {code})", "docsync-rule-redirect", orphan=True)
    return stubs


def _is_generated(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return text.removeprefix(":orphan:\n\n").startswith(GENERATED)


def _write_if_changed(path: Path, text: str) -> None:
    try:
        if path.read_text(encoding="utf-8") == text:
            return  # unchanged: keep the mtime, so Sphinx does not re-read it for nothing
    except FileNotFoundError:
        pass
    # Atomic: concurrent builds of one tree write the same bytes and never see half a file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def write_stubs(srcdir: Path) -> list[str]:
    """Make ``srcdir/rules/<CODE>.rst`` match the registry; return the stub file names."""
    out_dir = srcdir / RULES_DIR
    out_dir.mkdir(exist_ok=True)
    wanted = _wanted_stubs()
    for existing in out_dir.glob("*.rst"):
        # A rule that is gone loses its page; hand-written pages are never touched.
        if existing.name not in wanted and _is_generated(existing):
            existing.unlink(missing_ok=True)
    for name, text in sorted(wanted.items()):
        _write_if_changed(out_dir / name, text)
    return sorted(wanted)


def setup(app: Sphinx) -> None:
    app.add_directive("docsync-rule", RuleDirective)
    app.add_directive("docsync-rule-index", RuleIndexDirective)
    app.add_directive("docsync-rule-redirect", RuleRedirectDirective)
    app.connect("builder-inited", lambda app: write_stubs(Path(app.srcdir)))

"""What the generating directives share: sections, trusted reStructuredText, re-reading.

Pages made by these directives render data that lives outside ``docs/`` (``rules/codes``,
the typer app), which Sphinx does not watch. Each directive records its page here, and
``env-get-outdated`` has Sphinx re-read those pages on every build, so an incremental build
never shows a rule or an option as it was before.
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

_KEY = "docsync_generated"


def note_generated(env: BuildEnvironment) -> None:
    """Mark the page being read as generated: re-read it on every build."""
    _pages(env).add(env.docname)


def section(document: nodes.document, title: str) -> nodes.section:
    """A section with an id made from its title, unique within the page."""
    part = nodes.section(names=[nodes.fully_normalize_name(title)])
    part += nodes.title(text=title)
    document.note_implicit_target(part, part)
    return part


def parse_rst(directive: SphinxDirective, text: str) -> list[nodes.Node]:
    """Parse a little reStructuredText built only from codes, names and fixed text."""
    holder = nodes.container()
    source, _ = directive.get_source_info()
    lines = StringList(text.splitlines(), source)
    directive.state.nested_parse(lines, directive.content_offset, holder)
    return list(holder.children)


def _pages(env: BuildEnvironment) -> set[str]:
    # An attribute of the environment is pickled with it, so it survives incremental builds.
    if not hasattr(env, _KEY):
        setattr(env, _KEY, set())
    return getattr(env, _KEY)


def _outdated(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    return sorted(d for d in _pages(env) if d in env.found_docs and d not in removed)


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _pages(env).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    _pages(env).update(d for d in _pages(other) if d in docnames)


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)

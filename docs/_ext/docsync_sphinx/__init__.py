"""docsync's Sphinx extension: the CLI reference and the rule reference, made at build time.

Both come from the same source as the program: the typer app (``cli``) and the rule registry
``rules/codes/*.toml`` (``rules``), so the documentation cannot describe an option or a rule
the program does not have. Pages that walk through code quote it from the project as it is
(``source``: ``.. docsync-source::``). Only Sphinx, docutils and docsync itself are imported.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from docsync_sphinx import cli, common, rules, source


def setup(app: Sphinx) -> dict:
    common.setup(app)
    cli.setup(app)
    rules.setup(app)
    source.setup(app)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

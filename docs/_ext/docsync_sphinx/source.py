"""``.. docsync-source:: PATH``: an excerpt of the project's own code or data, kept current.

``literalinclude`` with its options (``:pyobject:``, ``:start-at:``, ``:end-before:``,
``:language:``...), but ``PATH`` is relative to the project (``docsync/lint/checks/dependency.py``,
``rules/codes/lint.toml``), not to the page: the pages that walk through real code stay right
when the docs are built from a copy of ``docs/`` (as tests/test_docs.py does). Sphinx records the
file as a dependency of the page, so an incremental build shows the code as it is.
"""

from __future__ import annotations

import os

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude


class SourceDirective(LiteralInclude):
    """literalinclude of a file named relative to the project root."""

    def run(self) -> list[nodes.Node]:
        from docsync.paths import PROJECT_DIR

        target = PROJECT_DIR / self.arguments[0]
        if not target.is_file():
            return [self.state.document.reporter.warning(f"docsync-source: no file {target}", line=self.lineno)]
        here = os.path.dirname(self.env.doc2path(self.env.docname))
        self.arguments[0] = os.path.relpath(target, here)
        return super().run()


def setup(app: Sphinx) -> None:
    app.add_directive("docsync-source", SourceDirective)

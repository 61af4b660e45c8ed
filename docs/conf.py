"""Sphinx configuration for docsync's documentation.

The CLI reference and the rule reference are generated while building, by the local
extension in ``_ext/docsync_sphinx`` (see its docstring). Build exactly as CI does::

    .venv/bin/sphinx-build -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))
if (HERE.parent / "docsync" / "__init__.py").is_file():
    sys.path.insert(0, str(HERE.parent))  # the checkout's docsync, even when not installed

from docsync import __version__  # noqa: E402

project = "docsync"
author = "the docsync developers"
copyright = "2026, the docsync developers"
version = release = __version__
extensions = ["docsync_sphinx"]
exclude_patterns = ["_build", "_ext"]
templates_path: list[str] = []
root_doc = "index"
highlight_language = "none"
# Option names and commands are typed, not typeset: "--ja" must not become an en dash.
smartquotes = False
nitpicky = True
html_theme = "alabaster"
html_title = f"docsync {__version__}"
html_theme_options = {
    "description": "Pgpool-II docs, examples and live configurations in agreement",
    "fixed_sidebar": False,
    "sidebar_includehidden": False,
    "page_width": "1100px",
}
html_sidebars = {"**": ["about.html", "navigation.html", "relations.html", "searchbox.html"]}

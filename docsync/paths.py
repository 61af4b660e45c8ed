"""Where docsync finds its own data: the project's rules/, sgml/ and generated/ directories."""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
# A source checkout (or editable install) reads rules/ beside the package; an installed one
# reads the copy pyproject.toml's data-files put under the environment's prefix.
RULES_DIR = (
    PROJECT_DIR / "rules"
    if (PROJECT_DIR / "rules").is_dir()
    else Path(sys.prefix) / "share" / "docsync" / "rules"
)
DEFAULT_DOCS_DIR = PROJECT_DIR / "sgml"
DEFAULT_OUT_DIR = PROJECT_DIR / "generated"
DOCS_BASE_URL = "https://docsync.readthedocs.io/en/latest/rules"

"""Where docsync finds its own data: the project's rules/, sgml/ and generated/ directories."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
RULES_DIR = PROJECT_DIR / "rules"
DEFAULT_DOCS_DIR = PROJECT_DIR / "sgml"
DEFAULT_OUT_DIR = PROJECT_DIR / "generated"
DOCS_BASE_URL = "https://docsync.readthedocs.io/en/latest/rules"

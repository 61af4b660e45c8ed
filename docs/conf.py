"""Sphinx configuration for docsync's documentation."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

project = "docsync"
author = "the docsync developers"
copyright = "2026, the docsync developers"  # noqa: A001
extensions: list[str] = []
exclude_patterns = ["_build"]
html_theme = "alabaster"

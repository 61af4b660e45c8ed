"""docsync: keep Pgpool-II's documentation, its examples and live configurations in agreement."""

from __future__ import annotations

__version__ = "0.1.0"

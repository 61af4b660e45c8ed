# ruff: noqa: I001  (the order below is the order checks run in; keep it)
"""Every rule kind of ``docsync check``, imported in one fixed order: the order they run in."""

from docsync.check.checks import (  # noqa: F401
    version_consistency,
    table_shape,
    shell,
    docs_vs_code,
)

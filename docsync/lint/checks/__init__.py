# ruff: noqa: I001  (the order below is the order checks run in; keep it)
"""Every check module, imported in one fixed order: the order rules run and are listed in."""

from docsync.lint.checks import (  # noqa: F401
    syntax,
    unknown,
    removed,
    values,
    duplicate,
    array_index,
    dependency,
    placeholder,
    version_path,
    canonical,
    deployment,
    runtime,
)

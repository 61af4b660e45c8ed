"""``docsync check``: the documentation's own examples checked before a commit.

Data flow: ``tree.load_tree`` (--docs, --changed: each file parsed once) -> ``CheckContext`` ->
stages (``output``: generated files, ``configs``: lint on configuration content, the rule kinds
of ``checks/``, drift) -> ``run._finish`` (selection, severities, inline suppressions) ->
[Finding]. ``run_check`` is the one call; the command line only formats what it returns.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CheckResult", "run_check"]


def __getattr__(name: str) -> Any:
    # Lazy: the settings and the incremental cache import submodules of this package, and a
    # run the cache answers must not pay for importing every stage (PEP 562).
    if name in __all__:
        from docsync.check import run

        return getattr(run, name)
    raise AttributeError(f"module 'docsync.check' has no attribute {name!r}")

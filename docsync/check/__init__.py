"""``docsync check``: the documentation's own examples checked before a commit.

Data flow: ``tree.load_tree`` (--docs, --changed: each file parsed once) -> ``CheckContext`` ->
stages (``output``: generated files, ``configs``: lint on configuration content, the rule kinds
of ``checks/``, drift) -> ``run._finish`` (selection, severities, inline suppressions) ->
[Finding]. ``run_check`` is the one call; the command line only formats what it returns.
"""

from docsync.check.run import CheckResult, run_check

__all__ = ["CheckResult", "run_check"]

"""``docsync check``'s own rule kinds: ``@doc_check("DOC101")`` per generator (registered in
``docsync.registry``, every stage's one registry, and in the index check's run reads).

A check reads the parsed tree (``CheckContext``) and yields ``Report`` values, the type lint's
checks yield too: a place, a sentence, related places. The run stamps code and severity from
``rules/codes/check.toml`` and the user's settings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docsync import registry
from docsync.lint.registry import Report

if TYPE_CHECKING:
    from docsync.check.context import CheckContext

__all__ = ["CHECKS", "DocCheck", "Report", "doc_check"]

CheckFunc = Callable[["CheckContext"], Iterable[Report]]


@dataclass(frozen=True)
class DocCheck:
    """A registered check: rule code, kebab-case name (from the function name), function,
    whether it reads the whole book (``book``) or each file on its own, and which languages a
    whole-book check reads (None: every one)."""

    code: str
    name: str
    func: CheckFunc
    book: bool = False
    languages: frozenset[str] | None = None


CHECKS: dict[str, DocCheck] = {}


def doc_check(
    code: str, *, book: bool = False, languages: frozenset[str] | None = None, options: type | None = None
) -> Callable[[CheckFunc], CheckFunc]:
    """Register ``check_<name>`` as the implementation of rule ``code`` named ``<name>``.

    ``book``: what the check finds depends on every file of the book (a parameter no chapter
    documents), not only on the file it reports in; an incremental run computes it whole.
    ``languages``: the only languages such a check reads (a run may read the others later).
    ``options``: the rule's options dataclass (docsync/options.py).
    """

    def register(func: CheckFunc) -> CheckFunc:
        impl = registry.register(
            "check", (code,), func, reads=("book",) if book else (), only=True, options=options
        )
        CHECKS[code] = DocCheck(code=code, name=impl.name, func=func, book=book, languages=languages)
        return func

    return register

"""version-consistency: every version-bearing token of a chapter agrees with what it declares.

Tokens are searched in each file's text (markup removed) and in link attributes (``url``); a
span claimed by one token pattern is not claimed again by another (``postgresql14-server`` is
one PostgreSQL package, not also a service name). Which declaration counts when a chapter's
declarations disagree is ``versions.resolve``'s decision.
"""

from __future__ import annotations

from collections.abc import Iterator

from docsync.check.context import CheckContext
from docsync.check.registry import Report, doc_check
from docsync.check.versions import Declared, chapter_declarations, resolve, tokens_in
from docsync.model import Related


def _source(decl: Declared) -> str:
    return "the book's version.sgml" if decl.book else "the chapter"


def _related(decl: Declared, label: str) -> tuple[Related, ...]:
    return (Related(decl.location, f"{label} {decl.version} declared here"),)


@doc_check("DOC101")
def check_version_mismatch(ctx: CheckContext) -> Iterator[Report]:
    """A version-bearing token that disagrees with the version the chapter declares."""
    for path in sorted(ctx.texts):
        for found in tokens_in(ctx, path):
            decl = resolve(ctx, path, found.token.product).winner
            if decl is None:
                continue
            product = ctx.rules.products[found.token.product]
            if product.key(found.version) == decl.key:
                continue
            yield Report(
                found.location,
                f"`{found.text}` is for {product.label} {found.version} ({found.token.name}), "
                f"but {_source(decl)} declares {product.label} {decl.version}",
                related=_related(decl, product.label),
            )


@doc_check("DOC102")
def check_conflicting_version_declarations(ctx: CheckContext) -> Iterator[Report]:
    """A chapter declaration that disagrees with another declaration of the same product."""
    for path, decls in sorted(chapter_declarations(ctx).items()):
        if not ctx.in_scope(path):
            continue
        for product in dict.fromkeys(d.product for d in decls):
            res = resolve(ctx, path, product)
            winner = res.winner
            if winner is None:
                continue
            label = ctx.rules.products[product].label
            for loser in res.losers:
                # A losing book declaration is reported where the chapter contradicts it.
                at = loser if not loser.book else winner
                other = winner if not loser.book else loser
                yield Report(
                    at.location,
                    f"{_source(at)} declares {label} {at.version} here, but {_source(other)} "
                    f"declares {label} {other.version}" + (f" (line {other.location.line})" if not other.book else ""),
                    related=_related(other, label),
                )

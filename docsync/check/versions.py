"""The versions the docs declare: per chapter file, and for the whole book (``version.sgml``).

Declarations are data (``rules/check.toml``): sentences in a chapter's text, version rows of its
tables, and the book's version entity. A chapter's first declaration of a product is the one its
tokens must agree with; without one, the book's declaration applies (Pgpool-II's version.sgml).
Lint reads the declared Pgpool-II version too, to pick the catalogue for configuration blocks.
"""

from __future__ import annotations

import re
from collections import Counter

from docsync.check.context import CheckContext
from docsync.check.facts import Declared, Found, Resolution
from docsync.check.ruleset import Token
from docsync.sgml.document import Element

_NUMBER = re.compile(r"\d+(?:\.\d+)*")
_SPACE = re.compile(r"\s+")


def _cell_text(el: Element) -> str:
    return _SPACE.sub(" ", el.text_content()).strip()


def _table_title(row: Element) -> str:
    for a in row.ancestors():
        if a.tag in ("table", "informaltable"):
            title = a.find("title")
            return _cell_text(title) if title is not None else ""
    return ""


def _text_declarations(ctx: CheckContext, path: str) -> list[Declared]:
    """Declarations in the sentences of file ``path``."""
    rules = ctx.rules
    ft = ctx.text_of(path)
    out: list[Declared] = []
    if ft is None:
        return out
    for decl in rules.declarations:
        if decl.text is None:
            continue
        product = rules.products[decl.product]
        for m in decl.text.finditer(ft.text):
            v = m.group("version")
            out.append(Declared(decl.product, v, product.key(v), ft.location(m.start("version"))))
    return out


def _row_declarations(ctx: CheckContext, paths: frozenset[str] | None) -> dict[str, list[Declared]]:
    """Declarations in the version rows of tables, by file (only ``paths``' when given)."""
    rules = ctx.rules
    out: dict[str, list[Declared]] = {}
    row_decls = [d for d in rules.declarations if d.row is not None]
    if not row_decls:
        return out
    for lang in ctx.tree.languages.values():
        for doc in lang.docs:
            for row in doc.iter_in(paths, "row"):
                cells = [c for c in row.elements() if c.tag == "entry"]
                if len(cells) < 2 or (paths is not None and cells[1].source.display not in paths):
                    continue
                label = _cell_text(cells[0])
                for decl in row_decls:
                    assert decl.row is not None
                    if not decl.row.search(label):
                        continue
                    if decl.title is not None and not decl.title.search(_table_title(row)):
                        continue
                    m = _NUMBER.search(_cell_text(cells[1]))
                    if m is None:
                        continue
                    product = rules.products[decl.product]
                    out.setdefault(cells[1].source.display, []).append(
                        Declared(decl.product, m.group(), product.key(m.group()), cells[1].location)
                    )
                    break
    return out


def _declarations_of(ctx: CheckContext, path: str, rows: list[Declared]) -> list[Declared]:
    decls = [*_text_declarations(ctx, path), *rows]
    decls.sort(key=lambda d: (d.location.line, d.location.column))
    return decls


def _book_declarations(ctx: CheckContext) -> dict[str, list[Declared]]:
    """Per language: the declarations of the book's entities (version.sgml), the first of each."""
    out: dict[str, list[Declared]] = {}
    entity_decls = [d for d in ctx.rules.declarations if d.entity is not None]
    for i, decl in enumerate(entity_decls):
        rx = re.compile(r"<!ENTITY\s+" + re.escape(decl.entity or "") + r"\s+([\"'])(.*?)\1", re.IGNORECASE)
        done: set[tuple[str, int]] = set()
        for path, source in sorted(ctx.tree.sources.items()):
            lang = ctx.language_of.get(path)
            if lang is None or (lang, i) in done:
                continue
            m = rx.search(source.text)
            if m is None:
                continue
            done.add((lang, i))
            value = m.group(2).strip()
            if decl.value is not None:
                vm = decl.value.search(value)
                if vm is None:
                    continue  # e.g. a development version: declares nothing
                value = vm.group("version")
            product = ctx.rules.products[decl.product]
            out.setdefault(lang, []).append(
                Declared(decl.product, value, product.key(value), source.location(m.start(2)), book=True)
            )
    return out


def chapter_declarations(ctx: CheckContext) -> dict[str, list[Declared]]:
    """Every declaration in each file in scope, in document order (memoised on the context)."""
    found = ctx.memo.declarations
    if found is None:
        rows = _row_declarations(ctx, ctx.tree.scope)
        found = {}
        for path in sorted({*ctx.texts, *rows}):
            decls = _declarations_of(ctx, path, rows.get(path, []))
            if decls:
                found[path] = decls
        ctx.memo.declarations = found
    return found


def declarations_of(ctx: CheckContext, path: str) -> list[Declared]:
    """The declarations of one file, in scope or not."""
    if ctx.in_scope(path):
        return chapter_declarations(ctx).get(path, [])
    outside = ctx.memo.declarations_outside
    if path not in outside:
        rows = _row_declarations(ctx, frozenset({path})).get(path, [])
        outside[path] = _declarations_of(ctx, path, rows)
    return outside[path]


def book_declarations(ctx: CheckContext) -> dict[str, list[Declared]]:
    found = ctx.memo.book_declarations
    if found is None:
        found = ctx.memo.book_declarations = _book_declarations(ctx)
    return found


def _scan(tokens: tuple[Token, ...], text: str) -> list[tuple[Token, int, int, str]]:
    """(token, start, end, version) of every token in ``text``; a span is claimed once."""
    out = []
    taken: list[tuple[int, int]] = []
    for token in tokens:
        for m in token.pattern.finditer(text):
            a, b = token.span(m)
            if any(x < b and a < y for x, y in taken):
                continue
            taken.append((a, b))
            out.append((token, m.start(), m.end(), token.version(m)))
    return out


def _attribute_tokens(ctx: CheckContext, paths: frozenset[str] | None) -> dict[str, list[Found]]:
    """Tokens in link attributes (``url``), by file (only ``paths``' when given)."""
    out: dict[str, list[Found]] = {}
    tokens = ctx.rules.tokens
    names = ctx.rules.token_attributes
    if not names:
        return out
    for lang in ctx.tree.languages.values():
        for doc in lang.docs:
            for el in doc.iter_in(paths):
                for name in names:
                    value = el.attrs.get(name)
                    if value:
                        for token, a, b, version in _scan(tokens, value):
                            out.setdefault(el.source.display, []).append(
                                Found(token, value[a:b], version, el.location)
                            )
    return out


def _tokens_of(ctx: CheckContext, path: str, attributes: list[Found]) -> list[Found]:
    ft = ctx.text_of(path)
    if ft is None:
        return list(attributes)
    found = [Found(t, ft.text[a:b], v, ft.location(a)) for t, a, b, v in _scan(ctx.rules.tokens, ft.text)]
    return found + attributes


def tokens_in(ctx: CheckContext, path: str) -> list[Found]:
    """Every version-bearing token of file ``path`` (memoised; files in scope are scanned together)."""
    memo = ctx.memo.tokens
    found = memo.get(path)
    if found is None:
        if ctx.memo.attribute_tokens is None:
            ctx.memo.attribute_tokens = _attribute_tokens(ctx, ctx.tree.scope)
        if ctx.in_scope(path):
            attributes = ctx.memo.attribute_tokens.get(path, [])
        else:
            attributes = _attribute_tokens(ctx, frozenset({path})).get(path, [])
        found = memo[path] = _tokens_of(ctx, path, attributes)
    return found


def resolve(ctx: CheckContext, path: str, product: str) -> Resolution:
    """What file ``path`` declares for ``product``.

    When all declarations (the chapter's and the book's) agree, that is the version. When they
    disagree, the version most of the chapter's tokens carry wins (a table row left at an old
    release while every path moved on is the odd one out); on a tie the book's declaration,
    then the chapter's first one.
    """
    memo = ctx.memo.resolutions
    key = (path, product)
    if key in memo:
        return memo[key]
    lang = ctx.language_of.get(path, "")
    candidates = [d for d in book_declarations(ctx).get(lang, ()) if d.product == product]
    candidates += [d for d in declarations_of(ctx, path) if d.product == product]
    if not candidates:
        result = Resolution(None)
    elif len({d.key for d in candidates}) == 1:
        chapter = [d for d in candidates if not d.book]
        result = Resolution(chapter[0] if chapter else candidates[0])
    else:
        spec = ctx.rules.products[product]
        support = Counter(spec.key(f.version) for f in tokens_in(ctx, path) if f.token.product == product)
        winner = max(candidates, key=lambda d: support[d.key])  # max keeps the first of equals
        result = Resolution(winner, tuple(d for d in candidates if d.key != winner.key))
    memo[key] = result
    return result


def declared(ctx: CheckContext, path: str, product: str) -> Declared | None:
    """The version of ``product`` that file ``path`` is written for, if it declares one."""
    return resolve(ctx, path, product).winner


def catalogue_version(ctx: CheckContext, path: str) -> tuple[str, Declared | None]:
    """The Pgpool-II catalogue for file ``path``: its declared version (clamped to the catalogues
    docsync has), else the newest one; and the declaration it came from."""
    from docsync.lint.catalogue import available_versions, version_key

    known = available_versions()
    decl = declared(ctx, path, "pgpool")
    if decl is None:
        return known[-1], None
    if decl.key in known:
        return decl.key, decl
    try:
        key = version_key(decl.key)
    except ValueError:
        return known[-1], decl
    return (known[0] if key < version_key(known[0]) else known[-1]), decl

"""docs-vs-code: the reference's ``<varlistentry id="guc-...">`` entries vs. the parameter catalogue.

The reference is the English chapters (the Japanese mirror them, and drift compares the two);
release notes are left out. A documented name is the ``<varname>`` of the entry's ``<term>``,
with an index placeholder (``hostnameX``, ``heartbeat_device0``) removed when the name itself
is unknown. The catalogue is the one of the Pgpool-II version the docs declare.

All three rules read the whole book (``book=True``): which parameters some entry documents,
and the version the reference's first entry declares, decide what each finds. They report
over the whole book; a run with a scope keeps what falls in it.
"""

from __future__ import annotations

from collections.abc import Iterator

from docsync.check.context import CheckContext
from docsync.check.facts import Documented
from docsync.check.registry import Report, doc_check
from docsync.check.versions import catalogue_version
from docsync.lint.catalogue import Catalogue, load_catalogue
from docsync.model import Location
from docsync.sgml.document import Element

REFERENCE_LANGUAGE = "en"
READS = frozenset({REFERENCE_LANGUAGE})  # (the rules read only the reference's language)


def _term_parts(entry: Element) -> tuple[str, str] | None:
    term = entry.find("term")
    if term is None:
        return None
    varname = next((c for c in term.elements() if c.tag == "varname"), None)
    if varname is None:
        return None
    kind = next((c for c in term.elements() if c.tag == "type"), None)
    written = " ".join(varname.text_content().split())
    return written, " ".join(kind.text_content().split()).lower() if kind is not None else ""


def _reference(ctx: CheckContext) -> tuple[str | None, list[Documented]]:
    """(language, entries) of the reference, memoised on the context."""
    found = ctx.memo.reference
    if found is not None:
        return found
    rules = ctx.rules.docs_vs_code
    languages = ctx.tree.languages
    lang = REFERENCE_LANGUAGE if REFERENCE_LANGUAGE in languages else next(iter(languages), None)
    entries: list[Documented] = []
    if lang is not None:
        for doc in languages[lang].docs:
            for el in doc.iter("varlistentry"):
                ident = el.id or ""
                path = el.source.display
                if not ident.startswith(rules.id_prefix) or rules.exclude_files.search(path):
                    continue
                parts = _term_parts(el)
                if parts is None:
                    continue
                written, kind = parts
                entries.append(Documented(written, written, kind, el.location, path))
    ctx.memo.reference = result = (lang, entries)
    return result


def _resolve(cat: Catalogue, entry: Documented, ctx: CheckContext) -> Documented:
    """The entry with its index placeholder removed, when that names a known parameter."""
    if entry.name in cat.parameters:
        return entry
    base = ctx.rules.docs_vs_code.index_suffix.sub("", entry.name)
    if base != entry.name and base in cat.parameters:
        return Documented(base, entry.written, entry.type, entry.location, entry.path)
    return entry


def _catalogue(ctx: CheckContext, entries: list[Documented]) -> Catalogue | None:
    if not entries:
        return None
    version, _ = catalogue_version(ctx, entries[0].path)
    return load_catalogue(version)


@doc_check("DOC401", book=True, languages=READS)
def check_undocumented_parameter(ctx: CheckContext) -> Iterator[Report]:
    """A catalogue parameter that no reference entry documents (whole-book runs only)."""
    lang, entries = _reference(ctx)
    cat = _catalogue(ctx, entries)
    if cat is None or lang is None or not ctx.tree.whole_book:
        return
    documented = {_resolve(cat, e, ctx).name for e in entries}
    root = next((d.root for d in ctx.tree.languages[lang].docs if d.root is not None), None)
    if root is None:
        return
    where = Location(root.source.display, 1, 1)
    for name, p in sorted(cat.parameters.items()):
        if p.alias_of is not None or name in documented:
            continue
        yield Report(
            where,
            f'parameter {name} of Pgpool-II {cat.version} has no <varlistentry id="guc-..."> in the reference',
        )


@doc_check("DOC402", book=True, languages=READS)
def check_documented_unknown_parameter(ctx: CheckContext) -> Iterator[Report]:
    """A reference entry for a parameter the catalogue of the declared version does not have."""
    _, entries = _reference(ctx)
    cat = _catalogue(ctx, entries)
    if cat is None:
        return
    for entry in entries:
        e = _resolve(cat, entry, ctx)
        if e.name in cat.parameters:
            continue
        removed = cat.removed.get(e.name)
        if removed is not None:
            instead = f"; use {removed.replacement}" if removed.replacement else ""
            why = f"which Pgpool-II {cat.version} no longer has (removed in {removed.since}{instead})"
        else:
            why = f"which Pgpool-II {cat.version} does not know"
        yield Report(e.location, f"the reference documents {e.written}, {why}")


@doc_check("DOC403", book=True, languages=READS)
def check_documented_type_mismatch(ctx: CheckContext) -> Iterator[Report]:
    """A reference entry whose ``<type>`` differs from the parameter's type in the catalogue."""
    _, entries = _reference(ctx)
    cat = _catalogue(ctx, entries)
    if cat is None:
        return
    words = ctx.rules.docs_vs_code.types
    for entry in entries:
        if not entry.type:
            continue
        e = _resolve(cat, entry, ctx)
        p = cat.parameters.get(e.name)
        if p is None:
            continue
        expected = words.get(p.type.value)
        if expected is not None and expected != e.type:
            raw = f" ({p.type.value})" if p.type.value != expected else ""
            yield Report(
                e.location,
                f"the reference gives {e.written} the type {e.type}; in Pgpool-II {cat.version} it is {expected}{raw}",
            )

"""SGML text -> Document: a DTD-less reader for the DocBook 4.2 SGML that Pgpool-II's docs use.

What it handles and why (the reference is OpenSP's ``osx``, which upstream's build uses):
- names are case-insensitive: element and attribute names are folded to lower case, and so are
  values of name-token attributes (``id``, ``linkend``...), as ``osx -x lower`` does;
- EMPTY elements (``<xref ...>``) never take an end tag; ``</>`` closes the open element;
- end tags may be omitted in DocBook SGML: an end tag for an ancestor closes the elements in
  between (reported as a warning, since the docs never mean to do it);
- record ends: a newline right after a start tag or right before an end tag is not data, and
  neither is the newline of a line holding only a comment or processing instruction;
- general entities: predefined/ISO ones become their Unicode characters (osx writes SDATA
  as ``[name  ]``), internal ones their text, external ones the parsed file;
- the DOCTYPE internal subset: entity declarations, parameter entities (``%filelist;``) and
  marked sections (``<![%include-index;[...]]>``, CDATA, IGNORE).
External entities are read only from inside the docs root (``entities.py``, which also owns
the DOCTYPE subset); the DTD facts and scanning patterns are in ``dialect.py``. The reader
never raises on bad input: it records findings and goes on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from docsync.errors import InputError
from docsync.inputs import InputProblem, Problem
from docsync.model import Finding, Location
from docsync.rules import rule
from docsync.sgml.dialect import ATTR, SCAN, TOKEN, iso_entities, load_dialect, marked_section_keywords
from docsync.sgml.document import Comment, Document, Element, Node, Pi, Text
from docsync.sgml.entities import Entities, LimitReached
from docsync.sgml.source import Reads, SourceFile

_SPACE = re.compile(r"\s*+")


def _tokens(m: re.Match[str]) -> tuple[str, str, str, str, str]:
    data, name, attrs, ename, rest = m.groups("")
    return data, name, attrs, ename, rest


def _terminated_comment(token: str) -> bool:
    """Whether a scanned ``<!--`` token is a whole comment, not the rest of the text."""
    body = token[:-1].rstrip()
    return len(body) >= 6 and body[-2:] == "--"


def _strip_record_end(el: Element, tops: dict[str, list[Node]]) -> None:
    """A record end right before an end tag is not data (ISO 8879 7.6.1)."""
    children = el.children
    if children:
        last = children[-1]
        if type(last) is Text and last.text[-1:] == "\n":
            last.text = last.text[:-1]
            if not last.text:
                children.pop()
                found = tops.get(last.source.display)
                if found and found[-1] is last:  # (it was indexed as a node of another file)
                    found.pop()
                    if not found:
                        del tops[last.source.display]


class _Parser:
    """Builds one document's tree from its content; declarations and files go to ``Entities``."""

    def __init__(
        self, doc: Document, includes: tuple[str, ...], display_base: Path, reads: Reads | None = None
    ) -> None:
        self.doc = doc
        self.dialect = load_dialect()
        self.limits = self.dialect.limits
        self.entities = Entities(doc, includes, display_base, self.report, self.limits, reads)
        # Tree-building state. The sentinel holds what lies outside the document element
        # (prolog comments), so the stack is never empty.
        self.sentinel = Element(SourceFile(Path(), "", ""), 0, "#document", {})
        self.stack: list[Element] = [self.sentinel]
        # Queued data: the first piece, then the rest as a list joined when the Text node is
        # made. Appending to a string copies it unless the allocator can grow it in place, which
        # a fragmented heap defeats: a node of many pieces would take quadratic time.
        self.pending: str | None = None
        self.pending_more: list[str] = []  # never rebound: parse_content keeps it in a local
        self.pending_at: tuple[SourceFile, int] = (self.sentinel.source, 0)
        self.at_start = False  # no data or subelement yet in the innermost open element
        self.markup_line = False
        self.ms_depth: list[int] = []  # open INCLUDE marked sections, per entity being parsed
        self.reopened: Element | None = None  # the document element, reopened by SGM002
        # Per file, its nodes whose parent is of another file, in document order: the index
        # Document.file_tops would otherwise build with a walk over the whole tree. Every place
        # that adds a node compares its source with its parent's (identity: nearly free).
        self.tops: dict[str, list[Node]] = {}

    # -- findings -------------------------------------------------------------------------
    def report(self, code: str, source: SourceFile, offset: int, message: str) -> None:
        self.doc.findings.append(Finding.of(rule(code), source.location(offset), message))

    def note_top(self, node: Node, parent: Element) -> None:
        """Index ``node`` if it is of another file than ``parent`` (the caller saw other sources)."""
        if parent is not self.sentinel and node.source.display != parent.source.display:
            self.tops.setdefault(node.source.display, []).append(node)

    # -- content --------------------------------------------------------------------------
    def add_data(self, text: str, source: SourceFile, offset: int) -> None:
        """Queue character data; adjacent pieces (text, references) become one Text node."""
        if not text:
            return
        if self.at_start:
            # A record end right after a start tag is not data (ISO 8879 7.6.1).
            if text[0] == "\n":
                text = text[1:]
                offset += 1
                if not text:
                    return
            self.at_start = False
        if self.pending is None:
            self.pending = text
            self.pending_at = (source, offset)
        else:
            self.pending_more.append(text)

    def queued(self) -> str | None:
        """The queued data as one string (None if there is none)."""
        more = self.pending_more
        if more:
            self.pending = (self.pending or "") + "".join(more)
            more.clear()
        return self.pending

    def flush(self) -> None:
        pending = self.queued()
        if pending is not None:
            source, offset = self.pending_at
            parent = self.stack[-1]
            node = Text(source, offset, pending, parent)
            parent.children.append(node)
            if source is not parent.source:
                self.note_top(node, parent)
            self.pending = None

    def append(self, node) -> None:
        self.flush()
        parent = self.stack[-1]
        node.parent = parent if parent is not self.sentinel else None
        parent.children.append(node)
        if node.source is not parent.source:
            self.note_top(node, parent)

    def start_element(self, el: Element, empty: bool) -> None:
        self.flush()
        self.at_start = False
        if len(self.stack) == 1 and self.doc.root is not None:
            self.report("SGM002", el.source, el.offset, f"element <{el.tag}> after the end of the document element")
            # Keep it, inside the document element, which stays open to the end: that is
            # recovery, not a second problem to report there (SGM001).
            self.stack.append(self.doc.root)
            self.reopened = self.doc.root
        elif self.doc.root is None:
            self.doc.root = el
            self.tops[el.source.display] = [el]
        parent = self.stack[-1]
        if parent is not self.sentinel:
            el.parent = parent
        parent.children.append(el)
        if el.source is not parent.source:
            self.note_top(el, parent)
        if empty:
            el.end_offset = el.offset
            el.end_source = el.source
        else:
            self.stack.append(el)
            self.at_start = True
            if len(self.stack) > self.limits.max_element_depth:
                self.too_deep(el)

    def too_deep(self, el: Element) -> None:
        """Elements nested past the bound: report where, and stop reading."""
        self.report(
            "SGM014", el.source, el.offset,
            f"<{el.tag}> would nest more than {self.limits.max_element_depth} elements deep; reading stopped here",
        )
        raise LimitReached

    def close_top(self, source: SourceFile, end: int) -> None:
        el = self.stack.pop()
        _strip_record_end(el, self.tops)
        el.end_offset = end
        el.end_source = source
        self.at_start = False

    def end_element(self, name: str | None, source: SourceFile, offset: int, end: int) -> None:
        self.flush()
        stack = self.stack
        if len(stack) == 1:
            self.report("SGM002", source, offset, f"end tag </{name or ''}> with no open element")
            return
        if name is None or stack[-1].tag == name:
            self.close_top(source, end)
            return
        for depth in range(len(stack) - 1, 0, -1):
            if stack[depth].tag == name:
                while len(stack) > depth + 1:
                    inner = stack[-1]
                    self.report(
                        "SGM001", inner.source, inner.offset,
                        f"<{inner.tag}> is not closed before </{name}> at line {source.position(offset)[0]}",
                    )
                    self.close_top(source, offset)
                self.close_top(source, end)
                return
        self.report("SGM002", source, offset, f"end tag </{name}> does not match the open <{stack[-1].tag}>")

    def parse_content(self, source: SourceFile, start: int = 0, end: int | None = None) -> None:
        """Parse document content (elements, data, references) of ``source.text[start:end]``.

        The three common tokens (data, start tag, end tag of the open element) are handled
        inline with the pending text and record-end state in locals: this loop is where a whole
        book's time goes. Everything else goes through ``_other_token`` with the state synced.
        """
        text = source.text
        end = len(text) if end is None else end
        match = TOKEN.match
        stack = self.stack
        sentinel = self.sentinel
        empty_elements = self.dialect.empty
        folded = self.dialect.folded
        element_content = self.dialect.element_content
        max_depth = self.limits.max_element_depth + 1  # the stack holds the sentinel too
        # While the loop runs, the local ``pending`` owns the text (``self.pending`` is None),
        # and it is handed over around every call that may add data or close elements.
        pending = self.pending
        # The pieces after ``pending``'s first (see __init__): one list for the whole parse,
        # shared with ``self`` and only ever cleared, so nothing needs handing over.
        more = self.pending_more
        self.pending = None
        pending_src, pending_pos = self.pending_at
        at_start = self.at_start
        pos = start
        self.ms_depth.append(0)
        markup_line = False  # the newline ending a markup-only line is not data
        # findall tokenises in C, the loop below only builds the tree; markup that moves the scan
        # (marked sections, declarations, broken tags) restarts it from where that markup ends.
        scanning = True
        # findall lists every token to the end, and markup that moves the scan throws the rest
        # of that list away: past a budget of twice the text, tokens come one at a time
        # (slower per token, but linear however often the scan restarts).
        budget = 2 * (end - pos)
        while scanning and pos < end:
            scanning = False
            budget -= end - pos
            tokens: Iterable[tuple[str, str, str, str, str]] = (
                SCAN.findall(text, pos, end) if budget >= 0 else map(_tokens, SCAN.finditer(text, pos, end))
            )
            for data, name, attrs_text, ename, rest in tokens:
                if data:
                    # Character data.
                    dend = pos + len(data)
                    if pending is not None or stack[-1].tag not in element_content or not data.isspace():
                        if markup_line and data[0] == "\n":
                            data = data[1:]
                            pos += 1
                        if at_start and data:
                            at_start = False
                            if data[0] == "\n":
                                data = data[1:]
                                pos += 1
                        if data:
                            if pending is None:
                                pending = data
                                pending_src, pending_pos = source, pos
                            else:
                                more.append(data)
                    # else: whitespace between the children of an element-only element is not data.
                    markup_line = False
                    pos = dend
                if name and len(stack) > 1:
                    markup_line = False
                    parent = stack[-1]
                    if pending is not None:
                        if more:
                            pending += "".join(more)
                            more.clear()
                        node = Text(pending_src, pending_pos, pending, parent)
                        parent.children.append(node)
                        if pending_src is not parent.source:
                            self.note_top(node, parent)
                        pending = None
                    mend = pos + len(name) + len(attrs_text) + 2
                    name = name.lower()
                    if attrs_text:
                        if attrs_text[-1] == "/":
                            self.report("SGM008", source, pos, f"<{name} .../> is XML syntax, not SGML")
                            attrs_text = attrs_text[:-1]
                        attrs = (
                            self.read_attributes(source, pos + 1 + len(name), attrs_text, name, folded)
                            if not attrs_text.isspace()
                            else {}
                        )
                    else:
                        attrs = {}
                    el = Element(source, pos, name, attrs, parent)
                    parent.children.append(el)
                    if source is not parent.source:
                        self.note_top(el, parent)
                    pos = mend
                    if name in empty_elements:
                        el.end_offset = pos
                        el.end_source = source
                        at_start = False
                    else:
                        stack.append(el)
                        at_start = True
                        if len(stack) > max_depth:
                            self.too_deep(el)
                    continue
                if ename:
                    markup_line = False
                    top = stack[-1]
                    mend = pos + len(ename) + 3
                    if more:
                        pending = (pending or "") + "".join(more)
                        more.clear()
                    # Tags are almost always written in lower case already: compare first.
                    if (top.tag == ename or top.tag == ename.lower()) and top is not sentinel:
                        stack.pop()
                        # A record end right before an end tag is not data either.
                        if pending is not None:
                            if pending[-1] == "\n":
                                pending = pending[:-1]
                            if pending:
                                node = Text(pending_src, pending_pos, pending, top)
                                top.children.append(node)
                                if pending_src is not top.source:
                                    self.note_top(node, top)
                            pending = None
                        else:
                            _strip_record_end(top, self.tops)
                        top.end_offset = mend
                        top.end_source = source
                        at_start = False
                    else:
                        if pending is not None:
                            node = Text(pending_src, pending_pos, pending, top)
                            top.children.append(node)
                            if pending_src is not top.source:
                                self.note_top(node, top)
                            pending = None
                        self.at_start = at_start
                        self.end_element(ename.rstrip().lower(), source, pos, mend)
                        at_start = self.at_start
                    pos = mend
                    continue
                if rest == "<" or rest == "]":
                    # A '<' or ']' that starts no markup is data.
                    markup_line = False
                    if pending is None:
                        pending = rest
                        pending_src, pending_pos = source, pos
                    else:
                        more.append(rest)
                    at_start = False
                    pos += 1
                    continue
                if rest[:4] == "<!--" and rest[-1] == ">" and _terminated_comment(rest):
                    # A comment (the Japanese docs hold ~7,000, so not through _other_token).
                    parent = stack[-1]
                    if more:
                        pending = (pending or "") + "".join(more)
                        more.clear()
                    if pending is not None:
                        if pending[-1] == "\n" and (pos == 0 or text[pos - 1] == "\n") and text.startswith(
                            "\n", pos + len(rest)
                        ):
                            # A line holding only a comment: of the record end before it and the
                            # one after it, SGML keeps one; osx keeps the later one.
                            pending = pending[:-1] or None
                            markup_line = False
                        else:
                            markup_line = pos == 0 or text[pos - 1] == "\n"
                        if pending is not None:
                            node = Text(pending_src, pending_pos, pending, parent)
                            parent.children.append(node)
                            if pending_src is not parent.source:
                                self.note_top(node, parent)
                            pending = None
                    else:
                        markup_line = pos == 0 or text[pos - 1] == "\n"
                    comment = Comment(source, pos, rest[4 : rest.rindex("--")])
                    comment.parent = parent if parent is not sentinel else None
                    parent.children.append(comment)
                    if source is not parent.source:
                        self.note_top(comment, parent)
                    pos += len(rest)
                    continue
                if name:
                    expected = pos + len(name) + len(attrs_text) + 2
                elif rest:
                    expected = pos + len(rest)
                else:
                    continue  # the data run reached the end
                # References, comments, PIs, declarations, the document element, errors.
                self.markup_line = False
                self.pending, self.pending_at, self.at_start = pending, (pending_src, pending_pos), at_start
                pending = None
                token = match(text, pos, end)
                assert token is not None  # TOKEN matches any character that can start markup
                pos = self._other_token(token, source, end)
                pending, (pending_src, pending_pos), at_start = self.pending, self.pending_at, self.at_start
                self.pending = None
                markup_line = self.markup_line
                if pos != expected:
                    scanning = True
                    break
        self.pending, self.pending_at, self.at_start = pending, (pending_src, pending_pos), at_start
        self.flush()
        self.ms_depth.pop()
        self.markup_line = False

    def _other_token(self, m: re.Match[str], source: SourceFile, end: int) -> int:
        """Handle a token other than data, a start tag inside the document, or an end tag."""
        kind = m.lastgroup
        text = source.text
        pos = m.start()
        mend = m.end()
        line_start = pos == 0 or text[pos - 1] == "\n"
        if kind == "stag":  # the document element, or an element after it
            name = m.group("sname").lower()
            attrs = self.read_attributes(source, m.start("attrs"), m.group("attrs"), name, self.dialect.folded)
            self.start_element(Element(source, pos, name, attrs), name in self.dialect.empty)
            return mend
        if kind == "entity":
            return self.reference(m.group("entity"), source, m, end)
        if kind == "charref":
            ref = m.group("charref")
            try:
                self.add_data(chr(int(ref[1:], 16) if ref[0] in "xX" else int(ref)), source, pos)
            except (ValueError, OverflowError):
                self.report("SGM003", source, pos, f"invalid character reference &#{ref};")
            return mend
        if kind == "comment" or kind == "pi":
            node = Comment(source, pos, m.group("ctext")) if kind == "comment" else Pi(source, pos, m.group("ptext"))
            pending = self.queued()
            if line_start and text.startswith("\n", mend) and pending and pending[-1] == "\n":
                # A line holding only a comment: of the record end before it and the one after
                # it, SGML keeps one; osx keeps the later one, so the earlier is dropped here.
                self.pending = pending[:-1] or None
            else:
                self.markup_line = line_start
            self.append(node)
            return mend
        if kind == "short":
            self.end_element(None, source, pos, mend)
            return mend
        if kind == "marked":
            return self.marked_section(source, pos, mend, end)
        if kind == "msend":
            if self.ms_depth[-1]:
                self.ms_depth[-1] -= 1
                self.markup_line = line_start
            else:
                self.add_data("]]>", source, pos)
            return mend
        if kind == "decl":
            if text[pos + 2 : pos + 9].upper() == "DOCTYPE":
                self.markup_line = True
                return self.entities.doctype(source, pos, end)
            close = self.entities.find_decl_end(text, pos)
            if close < 0 or close > end:
                self.report("SGM008", source, pos, "unterminated markup declaration")
                return end
            self.entities.declaration(source, pos, close)
            self.markup_line = line_start
            return close + 1
        if kind == "badtag":
            # A tag that never reaches its '>': SGML would end it at the next '<'.
            self.report("SGM008", source, pos, f"tag <{m.group('badtag')}> is not closed with '>'")
        elif kind == "badcomment" or kind == "badpi":
            # Nothing closes it before the end, so nothing after it can be markup either.
            what = "comment" if kind == "badcomment" else "processing instruction"
            self.report("SGM008", source, pos, f"unterminated {what}")
            self.add_data(text[pos:end], source, pos)
            return end
        elif kind == "amp":
            self.report("SGM004", source, pos, "'&' starts no entity reference; write &amp;")
        # A '<', ']' or '&' that starts no markup is data.
        self.add_data(text[pos:mend], source, pos)
        return mend

    def marked_section(self, source: SourceFile, pos: int, mend: int, end: int) -> int:
        """``<![ keyword [ ... ]]>``: INCLUDE parses on, IGNORE skips, CDATA/RCDATA are data."""
        text = source.text
        found = marked_section_keywords(text, mend, end)
        if found is None:
            self.report("SGM008", source, pos, "unterminated marked section")
            self.add_data(text[pos:mend], source, pos)
            return mend
        spec, content = found
        keyword = self.entities.ms_keyword(spec, source, pos)
        line_start = pos == 0 or text[pos - 1] == "\n"
        if keyword == "INCLUDE":
            self.ms_depth[-1] += 1
            if sum(self.ms_depth) > self.limits.max_marked_section_depth:
                self.report(
                    "SGM015", source, pos,
                    f"marked sections nest more than {self.limits.max_marked_section_depth} deep; reading stopped here",
                )
                raise LimitReached
            self.markup_line = line_start
            return content
        close = self.entities.find_ms_end(text, content) if keyword == "IGNORE" else text.find("]]>", content, end)
        if close < 0 or close > end:
            self.report("SGM008", source, pos, "unterminated marked section")
            return end
        if keyword == "CDATA":
            self.add_data(text[content:close], source, content)
        elif keyword == "RCDATA":
            self.add_data(self.entities.expand_refs(text[content:close], source, content), source, content)
        self.markup_line = keyword == "IGNORE" and line_start
        return close + 3

    def read_attributes(
        self, source: SourceFile, offset: int, spec: str, tag: str, folded: frozenset[str]
    ) -> dict[str, str]:
        """Attributes of a start tag from the text between its name and ``>``."""
        attrs: dict[str, str] = {}
        pos = 0
        n = len(spec)
        while pos < n:
            m = ATTR.match(spec, pos)
            if m is None or m.end() == pos:
                if spec[pos:].strip():
                    self.report("SGM008", source, offset + pos, f"cannot read the attributes of <{tag}>")
                break
            name = m.group("name").lower()
            value = m.group("dq")
            if value is None:
                value = m.group("sq")
            if value is None:
                value = m.group("bare")
            if value is None:
                # A minimised attribute: the value alone, its name implied by the DTD.
                value = name
            elif "&" in value:
                value = self.entities.expand_refs(value, source, offset + m.start())
            if name in folded:
                value = value.lower()
            attrs.setdefault(name, value)
            pos = m.end()
        return attrs

    def reference(self, name: str, source: SourceFile, m: re.Match[str], end: int) -> int:
        text = source.text
        pos = m.end()
        if pos < end and text[pos] == ";":
            pos += 1
        elif pos < end and text[pos] == "\n":
            pos += 1  # a record end may close a reference, and is then part of it
        ent = self.entities.general.get(name)
        if ent is None:
            iso = iso_entities()
            if name in iso:
                self.add_data(iso[name], source, m.start())
            else:
                self.report("SGM003", source, m.start(), f"undefined entity &{name};")
                self.add_data(text[m.start():pos], source, m.start())
            return pos
        self.entities.resolve(ent)
        if ent.refused:
            self.report("SGM006", source, m.start(), f"entity &{name}; {ent.refused}")
            return pos
        ref = f"&{name};"
        if ent.path is None:
            value = ent.text or ""
            self.entities.charge(len(value), source, m.start(), ref)
            if ent.kind in ("CDATA", "SDATA") or ("<" not in value and "&" not in value):
                self.add_data(value, source, m.start())
            elif self.entities.enter(name, source, m.start(), ref):
                # Replacement text with markup: parse it, placing its nodes at the reference.
                try:
                    self.parse_content(EntityText(source, m.start(), value))
                finally:
                    self.entities.open_entities.pop()
            return pos
        self.entities.charge(0, source, m.start(), ref)
        if not self.entities.enter(name, source, m.start(), ref):
            return pos
        try:
            sub = self.entities.open_external(ent, source, m.start(), ref)
            if sub is None:
                return pos
            saved_at_start = self.at_start
            self.parse_content(sub)
        finally:
            self.entities.open_entities.pop()
        self.at_start = saved_at_start and not self.stack[-1].children
        return pos


class EntityText(SourceFile):
    """An internal entity's replacement text, located at the reference that used it."""

    def __init__(self, at: SourceFile, offset: int, text: str) -> None:
        super().__init__(at.path, at.display, text)
        self._at = at
        self._offset = offset

    def position(self, offset: int) -> tuple[int, int]:
        return self._at.position(self._offset)


def _chapter_prelude(parser: _Parser, directory: Path) -> None:
    """A chapter has no DOCTYPE: declare what the book would (version.sgml, filelist.sgml)."""
    for name in ("version.sgml", "filelist.sgml"):
        path = directory / name
        if path.is_file():
            try:
                source = parser.entities.read_source(path)
            except InputProblem:
                continue  # a chapter read on its own: the book build would report it
            parser.entities.parse_declarations(source, 0, len(source.text))


def _has_doctype(text: str) -> bool:
    """Whether a DOCTYPE declaration follows the leading white space and comments."""
    pos = 0
    while True:
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]  # always matches
        if not text.startswith("<!--", pos):
            return text[pos : pos + 9].upper() == "<!DOCTYPE"
        close = text.find("-->", pos + 4)
        if close < 0:
            return False
        pos = close + 3


def parse_file(
    path: Path,
    *,
    root: Path | None = None,
    includes: tuple[str, ...] | None = None,
    display_base: Path | None = None,
    reads: Reads | None = None,
) -> Document:
    """Parse an SGML file (book or chapter) into a Document; see ``load_document``."""
    root_dir = (root or path.parent)
    doc = Document(path=path, root_dir=root_dir, root=None)
    parser = _Parser(doc, includes if includes is not None else load_dialect().includes, display_base or root_dir,
                     reads)
    try:
        source = parser.entities.read_source(path)
    except InputProblem as exc:
        if exc.problem is not Problem.TOO_LARGE:
            raise InputError(f"{path}: {exc}") from None
        display = parser.entities.display_name(path)
        doc.findings.append(Finding.of(rule("SGM011"), Location(display, 1, 1), f"{exc}; not read"))
        return doc
    # The tree is ~100,000 objects with parent links, which the cyclic GC would walk again and
    # again while it grows; the console script turns it off for the run (docsync/__main__.py).
    stopped = False
    try:
        if not _has_doctype(source.text):
            _chapter_prelude(parser, path.parent)
        parser.parse_content(source)
    except LimitReached:
        stopped = True  # reported where it happened; what was read so far is kept
    # Elements may span external entities (config.sgml opens a chapter that config-last.sgml
    # closes), so only the end of the whole document decides what was left open.
    while len(parser.stack) > 1:
        el = parser.stack[-1]
        if not stopped and el is not parser.reopened:
            parser.report("SGM001", el.source, el.offset, f"<{el.tag}> is never closed")
        parser.close_top(source, len(source.text))
    doc._tops = parser.tops
    if doc.root is None and not stopped and not any(f.code in ("SGM005", "SGM010") for f in doc.findings):
        doc.findings.append(Finding.of(rule("SGM008"), Location(source.display, 1, 1), "no document element found"))
    return doc

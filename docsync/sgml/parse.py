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
This module scans the text (tags, data, comments) and reads the file; the tree it feeds is in
``builder.py``, attribute lists, marked sections and references in ``markup.py``. External
entities are read only from inside the docs root (``entities.py``, which also owns the
DOCTYPE subset); the DTD facts and scanning patterns are in ``dialect.py``. The reader never
raises on bad input: it records findings and goes on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from docsync.errors import InputError
from docsync.inputs import InputProblem, Problem
from docsync.model import Finding, Location
from docsync.rules import rule
from docsync.sgml.builder import TreeBuilder, strip_record_end
from docsync.sgml.dialect import SCAN, TOKEN, load_dialect
from docsync.sgml.document import Comment, Document, Element, Pi, Text
from docsync.sgml.entities import LimitReached
from docsync.sgml.markup import marked_section, read_attributes, reference
from docsync.sgml.source import Reads, SourceFile

_SPACE = re.compile(r"\s*+")


def _tokens(m: re.Match[str]) -> tuple[str, str, str, str, str]:
    data, name, attrs, ename, rest = m.groups("")
    return data, name, attrs, ename, rest


def _terminated_comment(token: str) -> bool:
    """Whether a scanned ``<!--`` token is a whole comment, not the rest of the text."""
    body = token[:-1].rstrip()
    return len(body) >= 6 and body[-2:] == "--"


class _Parser(TreeBuilder):
    """Reads one document's content into its tree: the scan of tags, data and comments, and
    the markup that moves it."""

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
                            read_attributes(self, source, pos + 1 + len(name), attrs_text, name, folded)
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
                            strip_record_end(top, self.tops)
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
            attrs = read_attributes(self, source, m.start("attrs"), m.group("attrs"), name, self.dialect.folded)
            self.start_element(Element(source, pos, name, attrs), name in self.dialect.empty)
            return mend
        if kind == "entity":
            return reference(self, self.parse_content, m.group("entity"), source, m, end)
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
            return marked_section(self, source, pos, mend, end)
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

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
External entities are read only from inside the docs root. The reader never raises on bad
input: it records findings and goes on.
"""

from __future__ import annotations

import functools
import gc
import html.entities
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from docsync.errors import InputError
from docsync.model import Finding, Location
from docsync.paths import RULES_DIR
from docsync.rules import rule
from docsync.sgml.document import Comment, Document, Element, Pi, Text
from docsync.sgml.source import SourceFile, decode

MAX_ENTITY_DEPTH = 40
MAX_FILE_BYTES = 64 * 1024 * 1024

_NAME = r"[A-Za-z][-.A-Za-z0-9_]*"
# One alternation matches the next token; data runs are tokens too, so the loop never slices by hand.
_TOKEN = re.compile(
    r"(?P<data>[^<&\]]+)"
    r"|(?P<stag><(?P<sname>[A-Za-z][-.A-Za-z0-9_]*)(?P<attrs>(?:[^<>\"'/]+|\"[^\"]*\"|'[^']*'|/(?!>))*)(?P<slash>/?)>)"
    r"|(?P<etag></(?P<ename>[A-Za-z][-.A-Za-z0-9_]*)\s*>)"
    r"|&(?P<entity>[A-Za-z][-.A-Za-z0-9_]*)"
    r"|&#(?P<charref>[0-9]+|[xX][0-9A-Fa-f]+);?"
    r"|(?P<comment><!--(?P<ctext>.*?)--\s*>)"
    r"|(?P<pi><\?(?P<ptext>[^>]*)>)"
    r"|(?P<short></\s*>)"
    r"|(?P<marked><!\[)"
    r"|(?P<msend>\]\]>)"
    r"|(?P<badcomment><!--)"
    r"|(?P<decl><!)"
    r"|<(?P<badtag>/?[A-Za-z][-.A-Za-z0-9_]*)"
    r"|(?P<amp>&)"
    r"|(?P<other>[<\]])",
    re.DOTALL,
)
# The common case in one match: a run of data, then a start or end tag (either may be absent).
_SCAN = re.compile(
    r"([^<&\]]*)(?:"
    r"<([A-Za-z][-.A-Za-z0-9_]*)((?:[^<>\"']+|\"[^\"]*\"|'[^']*')*)>"  # 2-3 start tag: name, attributes
    r"|</([A-Za-z][-.A-Za-z0-9_]*\s*)>"  # 4 end tag: name (and any space before '>')
    # 5 anything else: references, comments, PIs, '</>', markup that may move the scan, and a
    # '<' or ']' that starts nothing. Few groups: findall builds a tuple of them per token.
    r"|(&[A-Za-z][-.A-Za-z0-9_]*;?|&#(?:[0-9]+|[xX][0-9A-Fa-f]+);?|<!--.*?--\s*>|<\?[^>]*>|</\s*>"
    r"|\]\]>|<!\[|<!|</?[A-Za-z][-.A-Za-z0-9_]*|&|[<\]])"
    r")?",
    re.DOTALL,
)
_ATTR = re.compile(
    r"""\s*(?:(?P<name>[A-Za-z][-.A-Za-z0-9_:]*)\s*(?:=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'<>]+)))?)"""
)
_REF_IN_VALUE = re.compile(r"&(?:#([0-9]+|[xX][0-9A-Fa-f]+)|(" + _NAME + r"));?")
_DECL_ENTITY = re.compile(
    r"""<!ENTITY\s+(?P<pe>%\s+)?(?P<name>[A-Za-z][-.A-Za-z0-9_]*)\s+"""
    r"""(?:(?P<ext>SYSTEM|PUBLIC)\s*(?:"(?P<pub1>[^"]*)"|'(?P<pub2>[^']*)')?\s*"""
    r"""(?:"(?P<sys1>[^"]*)"|'(?P<sys2>[^']*)')?"""
    r"""|(?:(?P<kind>CDATA|SDATA|PI|STARTTAG|ENDTAG|MS|MD)\s+)?(?:"(?P<lit1>[^"]*)"|'(?P<lit2>[^']*)'))"""
    r"""\s*(?:NDATA\s+\S+\s*)?>""",
    re.IGNORECASE | re.DOTALL,
)
_MS_KEYWORD = re.compile(r"\s*([^\[]*?)\s*\[", re.DOTALL)
_PE_REF = re.compile(r"%(" + _NAME + r");?")


@dataclass(frozen=True)
class _Dialect:
    empty: frozenset[str]
    folded: frozenset[str]
    includes: tuple[str, ...]
    element_content: frozenset[str]


@functools.cache
def _dialect() -> _Dialect:
    with (RULES_DIR / "sgml.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return _Dialect(
        frozenset(data["empty_elements"]),
        frozenset(data["case_folded_attributes"]),
        tuple(data["include_parameter_entities"]),
        frozenset(data["element_content"]),
    )


@functools.cache
def _iso_entities() -> dict[str, str]:
    """ISO/HTML character entity names -> text (the DocBook ISO sets, as Unicode)."""
    table = {name[:-1]: text for name, text in html.entities.html5.items() if name.endswith(";")}
    table.update({"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"})
    return table


@dataclass
class _Entity:
    name: str
    text: str | None = None  # internal replacement text
    sysid: str | None = None  # external: the system identifier as declared...
    base: Path | None = None  # ...relative to the declaring file's directory
    path: Path | None = None  # resolved on first use, inside the docs root
    refused: str | None = None  # why an external entity will not be read
    kind: str = ""  # CDATA/SDATA: text taken literally


class _Parser:
    def __init__(self, doc: Document, includes: tuple[str, ...], display_base: Path) -> None:
        self.doc = doc
        self.dialect = _dialect()
        self.general: dict[str, _Entity] = {}
        self.parameter: dict[str, _Entity] = {}
        for name in includes:
            self.parameter[name] = _Entity(name, text="INCLUDE")
        self.display_base = display_base
        self._real_dirs: dict[str, str] = {}
        self.open_entities: list[str] = []
        # Tree-building state. The sentinel holds what lies outside the document element
        # (prolog comments), so the stack is never empty.
        self.sentinel = Element(SourceFile(Path(), "", ""), 0, "#document", {})
        self.stack: list[Element] = [self.sentinel]
        self.pending: str | None = None
        self.pending_at: tuple[SourceFile, int] = (self.sentinel.source, 0)
        self.at_start = False  # no data or subelement yet in the innermost open element
        self.markup_line = False
        self.ms_depth: list[int] = []  # open INCLUDE marked sections, per entity being parsed

    # -- findings -------------------------------------------------------------------------
    def report(self, code: str, source: SourceFile, offset: int, message: str) -> None:
        self.doc.findings.append(Finding.of(rule(code), source.location(offset), message))

    # -- files ----------------------------------------------------------------------------
    def read_source(self, path: Path) -> SourceFile:
        data = path.read_bytes()
        if len(data) > MAX_FILE_BYTES:
            raise InputError(f"{path}: file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        text, problem = decode(data)
        display = self.display_name(path)
        source = SourceFile(path, display, text)
        self.doc.files[display] = source
        if problem is not None:
            self.report("SGM005", source, problem.offset, problem.message)
        return source

    def real_dir(self, directory: Path) -> str:
        """A directory's real path, computed once per directory (a book's files share a few)."""
        key = str(directory)
        real = self._real_dirs.get(key)
        if real is None:
            real = self._real_dirs[key] = os.path.realpath(directory)
        return real

    def real_path(self, path: Path) -> str:
        """A file's real path: its directory's, plus the name unless the name is a symlink."""
        if path.is_symlink():
            return os.path.realpath(path)
        return os.path.join(self.real_dir(path.parent), path.name)

    def display_name(self, path: Path) -> str:
        """A file's path as findings show it: relative to the display base when inside it."""
        real = self.real_path(path)
        base = self.real_dir(self.display_base)
        if real.startswith(base + os.sep):
            return real[len(base) + 1 :].replace(os.sep, "/")
        return str(path)

    def resolve(self, ent: _Entity) -> None:
        """Resolve an external entity's file once (sets ``path`` or ``refused``)."""
        if ent.sysid is not None and ent.path is None and ent.refused is None:
            ent.path, ent.refused = self.resolve_external(ent.sysid, ent.base or Path())

    def resolve_external(self, sysid: str, base: Path) -> tuple[Path | None, str | None]:
        """Resolve a system identifier inside the docs root, or say why not."""
        if not sysid:
            return None, "has no system identifier"
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", sysid) or sysid.startswith(("/", "\\")):
            return None, f"points to {sysid!r}, outside the docs root (absolute paths and URLs are not read)"
        joined = base / sysid
        # '..' and symlinks anywhere in the path are followed before the containment check.
        target = os.path.realpath(joined) if ".." in sysid else self.real_path(joined)
        root = self.real_dir(self.doc.root_dir)
        if not target.startswith(root + os.sep):
            return None, f"points to {sysid!r}, outside the docs root"
        return Path(target), None

    # -- declarations (DOCTYPE internal subset and parameter entity files) ----------------
    def parse_declarations(self, source: SourceFile, start: int, end: int) -> int:
        """Read declarations from ``start``; return the offset of a closing ``]`` (or ``end``)."""
        text = source.text
        pos = start
        ms_depth = 0
        while pos < end:
            ch = text[pos]
            if ch.isspace():
                pos += 1
                continue
            if ch == "]" and not text.startswith("]]>", pos):
                return pos  # end of a DOCTYPE internal subset
            if text.startswith("<!--", pos):
                close = text.find("-->", pos + 4)
                if close < 0 or close > end:
                    self.report("SGM008", source, pos, "unterminated comment")
                    return end
                pos = close + 3
            elif text.startswith("<![", pos):
                m = _MS_KEYWORD.match(text, pos + 3)
                if not m:
                    self.report("SGM008", source, pos, "unterminated marked section")
                    return end
                keyword = self.ms_keyword(m.group(1), source, pos)
                if keyword in ("IGNORE", "CDATA", "RCDATA"):
                    close = self.find_ms_end(text, m.end())
                    if close < 0:
                        self.report("SGM008", source, pos, "unterminated marked section")
                        return end
                    pos = close + 3
                else:
                    ms_depth += 1
                    pos = m.end()
            elif text.startswith("]]>", pos) and ms_depth:
                ms_depth -= 1
                pos += 3
            elif text.startswith("<!ENTITY", pos) or text.startswith("<!entity", pos):
                m = _DECL_ENTITY.match(text, pos)
                if not m:
                    close = text.find(">", pos)
                    self.report("SGM008", source, pos, "cannot read this entity declaration")
                    pos = close + 1 if close > 0 else end
                    continue
                self.declare(m, source, pos)
                pos = m.end()
            elif text.startswith("<!", pos) or text.startswith("<?", pos):
                close = self.find_decl_end(text, pos)
                if close < 0:
                    self.report("SGM008", source, pos, "unterminated declaration")
                    return end
                pos = close + 1
            elif ch == "%":
                m = _PE_REF.match(text, pos)
                if not m:
                    self.report("SGM008", source, pos, "stray '%' in declarations")
                    pos += 1
                    continue
                self.include_parameter(m.group(1), source, pos)
                pos = m.end()
            else:
                self.report("SGM008", source, pos, f"unexpected {ch!r} in declarations")
                close = text.find(">", pos)
                pos = close + 1 if close > 0 else end
        return end

    @staticmethod
    def find_decl_end(text: str, pos: int) -> int:
        """End of a markup declaration, skipping quoted literals and ``--comments--``."""
        i = pos + 2
        n = len(text)
        while i < n:
            c = text[i]
            if c in "\"'":
                j = text.find(c, i + 1)
                if j < 0:
                    return -1
                i = j + 1
            elif c == "-" and text.startswith("--", i):
                j = text.find("--", i + 2)
                if j < 0:
                    return -1
                i = j + 2
            elif c == ">":
                return i
            else:
                i += 1
        return -1

    @staticmethod
    def find_ms_end(text: str, pos: int) -> int:
        """Offset of the ``]]>`` closing a marked section whose content starts at ``pos``."""
        depth = 1
        i = pos
        while True:
            nxt_open = text.find("<![", i)
            nxt_close = text.find("]]>", i)
            if nxt_close < 0:
                return -1
            if 0 <= nxt_open < nxt_close:
                depth += 1
                i = nxt_open + 3
                continue
            depth -= 1
            if depth == 0:
                return nxt_close
            i = nxt_close + 3

    def ms_keyword(self, spec: str, source: SourceFile, offset: int) -> str:
        """The effective keyword of a marked section (IGNORE wins over INCLUDE, CDATA over both)."""
        words: list[str] = []
        for token in spec.split():
            m = _PE_REF.fullmatch(token)
            if m:
                ent = self.parameter.get(m.group(1))
                if ent is None or ent.text is None:
                    self.report("SGM003", source, offset, f"undefined parameter entity %{m.group(1)};")
                    words.append("IGNORE")
                else:
                    words.extend(ent.text.split())
            else:
                words.append(token)
        upper = {w.upper() for w in words}
        for keyword in ("CDATA", "RCDATA", "IGNORE", "INCLUDE", "TEMP"):
            if keyword in upper:
                return keyword if keyword != "TEMP" else "INCLUDE"
        return "INCLUDE"

    def declare(self, m: re.Match[str], source: SourceFile, offset: int) -> None:
        name = m.group("name")
        table = self.parameter if m.group("pe") else self.general
        if name in table:  # SGML: the first declaration of an entity is binding
            return
        ent = _Entity(name)
        if m.group("ext"):
            sysid = m.group("sys1") if m.group("sys1") is not None else m.group("sys2")
            if sysid is None and m.group("ext").upper() == "SYSTEM":
                # SYSTEM "x" is matched by the first literal group.
                sysid = m.group("pub1") if m.group("pub1") is not None else m.group("pub2")
            # Resolved when first referenced: a book declares ~90 entities, a chapter uses few.
            ent.sysid, ent.base = sysid or "", source.path.parent
        else:
            lit = m.group("lit1") if m.group("lit1") is not None else m.group("lit2")
            ent.text = lit or ""
            ent.kind = (m.group("kind") or "").upper()
        table[name] = ent

    def include_parameter(self, name: str, source: SourceFile, offset: int) -> None:
        ent = self.parameter.get(name)
        if ent is None:
            self.report("SGM003", source, offset, f"undefined parameter entity %{name};")
            return
        self.resolve(ent)
        if ent.path is None:
            if ent.refused:
                self.report("SGM006", source, offset, f"parameter entity %{name}; {ent.refused}")
            elif ent.text:
                sub = SourceFile(source.path, source.display, ent.text)
                self.parse_declarations(sub, 0, len(ent.text))
            return
        if name in self.open_entities or len(self.open_entities) >= MAX_ENTITY_DEPTH:
            self.report("SGM009", source, offset, f"parameter entity %{name}; refers to itself")
            return
        sub = self.open_external(ent, source, offset, f"%{name};")
        if sub is None:
            return
        self.open_entities.append(name)
        try:
            self.parse_declarations(sub, 0, len(sub.text))
        finally:
            self.open_entities.pop()

    def open_external(self, ent: _Entity, source: SourceFile, offset: int, ref: str) -> SourceFile | None:
        assert ent.path is not None
        try:
            return self.read_source(ent.path)
        except IsADirectoryError:
            self.report("SGM007", source, offset, f"entity {ref} names a directory, not a file")
        except FileNotFoundError:
            self.report("SGM007", source, offset, f"entity {ref}: file {ent.path.name!r} does not exist")
        except OSError as exc:
            self.report("SGM007", source, offset, f"entity {ref}: cannot read {ent.path.name!r}: {exc.strerror}")
        except InputError as exc:
            self.report("SGM007", source, offset, f"entity {ref}: {exc}")
        return None

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
            self.pending += text

    def flush(self) -> None:
        if self.pending is not None:
            source, offset = self.pending_at
            parent = self.stack[-1]
            parent.children.append(Text(source, offset, self.pending, parent))
            self.pending = None

    def append(self, node) -> None:
        self.flush()
        parent = self.stack[-1]
        node.parent = parent if parent is not self.sentinel else None
        parent.children.append(node)

    def start_element(self, el: Element, empty: bool) -> None:
        self.flush()
        self.at_start = False
        if len(self.stack) == 1 and self.doc.root is not None:
            self.report("SGM002", el.source, el.offset, f"element <{el.tag}> after the end of the document element")
            self.stack.append(self.doc.root)  # keep it, inside the document element
        elif self.doc.root is None:
            self.doc.root = el
        parent = self.stack[-1]
        if parent is not self.sentinel:
            el.parent = parent
        parent.children.append(el)
        if empty:
            el.end_offset = el.offset
            el.end_source = el.source
        else:
            self.stack.append(el)
            self.at_start = True

    def close_top(self, source: SourceFile, end: int) -> None:
        el = self.stack.pop()
        children = el.children
        # A record end right before an end tag is not data either.
        if children:
            last = children[-1]
            if type(last) is Text and last.text[-1:] == "\n":
                last.text = last.text[:-1]
                if not last.text:
                    children.pop()
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
        match = _TOKEN.match
        stack = self.stack
        sentinel = self.sentinel
        empty_elements = self.dialect.empty
        folded = self.dialect.folded
        element_content = self.dialect.element_content
        pending = self.pending
        pending_src, pending_pos = self.pending_at
        at_start = self.at_start
        pos = start
        self.ms_depth.append(0)
        markup_line = False  # the newline ending a markup-only line is not data
        # findall tokenises in C, the loop below only builds the tree; markup that moves the scan
        # (marked sections, declarations, broken tags) restarts it from where that markup ends.
        scanning = True
        while scanning and pos < end:
            scanning = False
            for data, name, attrs_text, ename, rest in _SCAN.findall(text, pos, end):
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
                                pending += data
                    # else: whitespace between the children of an element-only element is not data.
                    markup_line = False
                    pos = dend
                if name and len(stack) > 1:
                    markup_line = False
                    parent = stack[-1]
                    if pending is not None:
                        parent.children.append(Text(pending_src, pending_pos, pending, parent))
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
                    pos = mend
                    if name in empty_elements:
                        el.end_offset = pos
                        el.end_source = source
                        at_start = False
                    else:
                        stack.append(el)
                        at_start = True
                    continue
                if ename:
                    markup_line = False
                    top = stack[-1]
                    mend = pos + len(ename) + 3
                    # Tags are almost always written in lower case already: compare first.
                    if (top.tag == ename or top.tag == ename.lower()) and top is not sentinel:
                        stack.pop()
                        # A record end right before an end tag is not data either.
                        if pending is not None:
                            if pending[-1] == "\n":
                                pending = pending[:-1]
                            if pending:
                                top.children.append(Text(pending_src, pending_pos, pending, top))
                            pending = None
                        else:
                            children = top.children
                            if children:
                                last = children[-1]
                                if type(last) is Text and last.text[-1:] == "\n":
                                    last.text = last.text[:-1]
                                    if not last.text:
                                        children.pop()
                        top.end_offset = mend
                        top.end_source = source
                        at_start = False
                    else:
                        if pending is not None:
                            top.children.append(Text(pending_src, pending_pos, pending, top))
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
                        pending += rest
                    at_start = False
                    pos += 1
                    continue
                if rest[:4] == "<!--" and rest[-1] == ">":
                    # A comment (the Japanese docs hold ~7,000, so not through _other_token).
                    parent = stack[-1]
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
                            parent.children.append(Text(pending_src, pending_pos, pending, parent))
                            pending = None
                    else:
                        markup_line = pos == 0 or text[pos - 1] == "\n"
                    comment = Comment(source, pos, rest[4 : rest.rindex("--")])
                    comment.parent = parent if parent is not sentinel else None
                    parent.children.append(comment)
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
                pos = self._other_token(match(text, pos, end), source, end)
                pending, (pending_src, pending_pos), at_start = self.pending, self.pending_at, self.at_start
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
            if line_start and text.startswith("\n", mend) and self.pending and self.pending[-1] == "\n":
                # A line holding only a comment: of the record end before it and the one after
                # it, SGML keeps one; osx keeps the later one, so the earlier is dropped here.
                self.pending = self.pending[:-1] or None
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
                return self.doctype(source, pos, end)
            close = self.find_decl_end(text, pos)
            if close < 0 or close > end:
                self.report("SGM008", source, pos, "unterminated markup declaration")
                return end
            self.declaration(source, pos, close)
            self.markup_line = line_start
            return close + 1
        if kind == "badtag":
            # A tag that never reaches its '>': SGML would end it at the next '<'.
            self.report("SGM008", source, pos, f"tag <{m.group('badtag')}> is not closed with '>'")
        elif kind == "badcomment":
            self.report("SGM008", source, pos, "unterminated comment")
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
        km = _MS_KEYWORD.match(text, mend, end)
        if km is None:
            self.report("SGM008", source, pos, "unterminated marked section")
            self.add_data(text[pos:mend], source, pos)
            return mend
        keyword = self.ms_keyword(km.group(1), source, pos)
        line_start = pos == 0 or text[pos - 1] == "\n"
        if keyword == "INCLUDE":
            self.ms_depth[-1] += 1
            self.markup_line = line_start
            return km.end()
        close = self.find_ms_end(text, km.end()) if keyword == "IGNORE" else text.find("]]>", km.end(), end)
        if close < 0 or close > end:
            self.report("SGM008", source, pos, "unterminated marked section")
            return end
        if keyword == "CDATA":
            self.add_data(text[km.end():close], source, km.end())
        elif keyword == "RCDATA":
            self.add_data(self.expand_refs(text[km.end():close], source, km.end()), source, km.end())
        self.markup_line = keyword == "IGNORE" and line_start
        return close + 3

    def doctype(self, source: SourceFile, start: int, end: int) -> int:
        """Read ``<!DOCTYPE name PUBLIC "..." [ subset ]>``; return the offset after it."""
        text = source.text
        m = re.compile(r"<!DOCTYPE\s+(" + _NAME + r")", re.IGNORECASE).match(text, start)
        self.doc.doctype = m.group(1).lower() if m else None
        i = m.end() if m else start + 9
        while i < end:
            c = text[i]
            if c in "\"'":
                j = text.find(c, i + 1, end)
                i = (j if j >= 0 else end) + 1
            elif c == "[":
                i = self.parse_declarations(source, i + 1, end) + 1
            elif c == ">":
                return i + 1
            else:
                i += 1
        self.report("SGM008", source, start, "unterminated DOCTYPE declaration")
        return end

    def declaration(self, source: SourceFile, start: int, close: int) -> None:
        text = source.text
        if text[start + 2 : start + 8].upper() == "ENTITY":
            m = _DECL_ENTITY.match(text, start)
            if m:
                self.declare(m, source, start)

    def read_attributes(
        self, source: SourceFile, offset: int, spec: str, tag: str, folded: frozenset[str]
    ) -> dict[str, str]:
        """Attributes of a start tag from the text between its name and ``>``."""
        attrs: dict[str, str] = {}
        pos = 0
        n = len(spec)
        while pos < n:
            m = _ATTR.match(spec, pos)
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
                value = self.expand_refs(value, source, offset + m.start())
            if name in folded:
                value = value.lower()
            attrs.setdefault(name, value)
            pos = m.end()
        return attrs

    def expand_refs(self, value: str, source: SourceFile, offset: int) -> str:
        """Expand character and internal entity references inside an attribute value or RCDATA."""
        iso = _iso_entities()

        def sub(m: re.Match[str]) -> str:
            if m.group(1):
                ref = m.group(1)
                return chr(int(ref[1:], 16) if ref[0] in "xX" else int(ref))
            name = m.group(2)
            ent = self.general.get(name)
            if ent is not None and ent.text is not None:
                return ent.text
            if name in iso:
                return iso[name]
            self.report("SGM003", source, offset, f"undefined entity &{name};")
            return m.group(0)

        return _REF_IN_VALUE.sub(sub, value)

    def reference(self, name: str, source: SourceFile, m: re.Match[str], end: int) -> int:
        text = source.text
        pos = m.end()
        if pos < end and text[pos] == ";":
            pos += 1
        elif pos < end and text[pos] == "\n":
            pos += 1  # a record end may close a reference, and is then part of it
        ent = self.general.get(name)
        if ent is None:
            iso = _iso_entities()
            if name in iso:
                self.add_data(iso[name], source, m.start())
            else:
                self.report("SGM003", source, m.start(), f"undefined entity &{name};")
                self.add_data(text[m.start():pos], source, m.start())
            return pos
        self.resolve(ent)
        if ent.refused:
            self.report("SGM006", source, m.start(), f"entity &{name}; {ent.refused}")
            return pos
        if name in self.open_entities or len(self.open_entities) >= MAX_ENTITY_DEPTH:
            self.report("SGM009", source, m.start(), f"entity &{name}; refers to itself")
            return pos
        if ent.path is None:
            value = ent.text or ""
            if ent.kind in ("CDATA", "SDATA") or ("<" not in value and "&" not in value):
                self.add_data(value, source, m.start())
            else:
                # Replacement text with markup: parse it, placing its nodes at the reference.
                self.open_entities.append(name)
                try:
                    self.parse_content(_EntityText(source, m.start(), value))
                finally:
                    self.open_entities.pop()
            return pos
        sub = self.open_external(ent, source, m.start(), f"&{name};")
        if sub is None:
            return pos
        self.open_entities.append(name)
        saved_at_start = self.at_start
        try:
            self.parse_content(sub)
        finally:
            self.open_entities.pop()
        self.at_start = saved_at_start and not self.stack[-1].children
        return pos


class _EntityText(SourceFile):
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
            source = parser.read_source(path)
            parser.parse_declarations(source, 0, len(source.text))


def parse_file(
    path: Path,
    *,
    root: Path | None = None,
    includes: tuple[str, ...] | None = None,
    display_base: Path | None = None,
) -> Document:
    """Parse an SGML file (book or chapter) into a Document; see ``load_document``."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not an SGML file")
    root_dir = (root or path.parent)
    doc = Document(path=path, root_dir=root_dir, root=None)
    parser = _Parser(doc, includes if includes is not None else _dialect().includes, display_base or root_dir)
    try:
        source = parser.read_source(path)
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    if not re.match(r"\s*(<!--.*?-->\s*)*<!DOCTYPE", source.text[:4096], re.IGNORECASE | re.DOTALL):
        _chapter_prelude(parser, path.parent)
    # The tree is ~100,000 objects with parent links; the cyclic GC would walk it again and again
    # while it grows (a third of the parse time) and can free none of it.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        parser.parse_content(source)
    finally:
        if gc_was_enabled:
            gc.enable()
    # Elements may span external entities (config.sgml opens a chapter that config-last.sgml
    # closes), so only the end of the whole document decides what was left open.
    while len(parser.stack) > 1:
        el = parser.stack[-1]
        parser.report("SGM001", el.source, el.offset, f"<{el.tag}> is never closed")
        parser.close_top(source, len(source.text))
    if doc.root is None and not any(f.code == "SGM005" for f in doc.findings):
        doc.findings.append(Finding.of(rule("SGM008"), Location(source.display, 1, 1), "no document element found"))
    return doc

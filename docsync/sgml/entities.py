"""Entity declarations and the files behind them: the DOCTYPE subset, parameter entities,
external entities resolved only inside the docs root, and references in attribute values.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docsync.inputs import InputProblem, Problem, looks_binary, read_input
from docsync.sgml.dialect import (
    DECL_ENTITY,
    NAME,
    PE_REF,
    REF_IN_VALUE,
    Limits,
    iso_entities,
    marked_section_keywords,
)
from docsync.sgml.document import Document
from docsync.sgml.source import ReadFile, Reads, SourceFile, decode

Reporter = Callable[[str, SourceFile, int, str], None]


class LimitReached(Exception):
    """A safety bound was exceeded; its finding is already reported and reading stops."""


@dataclass
class Entity:
    """A declared entity: internal text, or an external file resolved on first use."""

    name: str
    text: str | None = None  # internal replacement text
    sysid: str | None = None  # external: the system identifier as declared...
    base: Path | None = None  # ...relative to the declaring file's directory
    path: Path | None = None  # resolved on first use, inside the docs root
    refused: str | None = None  # why an external entity will not be read
    kind: str = ""  # CDATA/SDATA: text taken literally


class Entities:
    """The entity tables of one document, and the only reader of its files."""

    def __init__(
        self,
        doc: Document,
        includes: tuple[str, ...],
        display_base: Path,
        report: Reporter,
        limits: Limits,
        reads: Reads | None = None,
    ) -> None:
        self.doc = doc
        self.reads = reads
        self.report = report
        self.limits = limits
        self.bytes_read = 0
        self.expanded = 0  # characters entity references added, with the per-reference cost
        self.general: dict[str, Entity] = {}
        self.parameter: dict[str, Entity] = {name: Entity(name, text="INCLUDE") for name in includes}
        self.display_base = display_base
        self._real_dirs: dict[str, str] = {}
        self.open_entities: list[str] = []  # the entities being expanded, innermost last

    def read_source(self, path: Path) -> SourceFile:
        """Read and decode one file (InputProblem if it cannot be read). A binary file is
        reported once (SGM010) and read as empty: nothing in it is markup."""
        limits = self.limits
        max_bytes = min(limits.max_file_bytes, limits.max_total_bytes - self.bytes_read)
        display = self.display_name(path)
        key = os.path.realpath(path) if self.reads is not None else ""
        found = self.reads.files.get(key) if self.reads is not None else None
        if found is None or found.size > max_bytes or found.source.display != display:
            data = read_input(path, max_bytes=max_bytes)
            nul_bytes = data.count(0) if looks_binary(data) else 0
            text, problem = decode(data) if not nul_bytes else ("", None)
            found = ReadFile(SourceFile(path, display, text), len(data), nul_bytes, problem)
            if self.reads is not None:
                self.reads.files[key] = found
        self.bytes_read += found.size
        source = found.source
        self.doc.files[display] = source
        if found.nul_bytes:
            self.report("SGM010", source, 0, f"binary content ({found.nul_bytes} NUL bytes): not an SGML text file")
        elif found.problem is not None:
            self.report("SGM005", source, found.problem.offset, found.problem.message)
        return source

    def charge(self, chars: int, source: SourceFile, offset: int, ref: str) -> None:
        """Count an entity expansion against the budget; past it, report and stop reading."""
        limits = self.limits
        self.expanded += chars + limits.entity_reference_cost
        allowed = min(
            limits.entity_expansion_max,
            limits.entity_expansion_base + limits.entity_expansion_ratio * self.bytes_read,
        )
        if self.expanded > allowed:
            self.report(
                "SGM012", source, offset,
                f"entity expansion limit reached at {ref}: entities would add more than {allowed:,} "
                "characters; reading stopped here",
            )
            raise LimitReached

    def enter(self, name: str, source: SourceFile, offset: int, ref: str) -> bool:
        """Open an entity: False (reported) if it refers to itself; past the depth bound, stop."""
        if name in self.open_entities:
            self.report("SGM009", source, offset, f"entity {ref} refers to itself")
            return False
        if len(self.open_entities) >= self.limits.max_entity_depth:
            self.report(
                "SGM013", source, offset,
                f"entity {ref} would nest more than {self.limits.max_entity_depth} entities deep; reading stopped here",
            )
            raise LimitReached
        self.open_entities.append(name)
        return True


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


    def resolve(self, ent: Entity) -> None:
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
                found = marked_section_keywords(text, pos + 3, end)
                if found is None:
                    self.report("SGM008", source, pos, "unterminated marked section")
                    return end
                spec, content = found
                keyword = self.ms_keyword(spec, source, pos)
                if keyword in ("IGNORE", "CDATA", "RCDATA"):
                    close = self.find_ms_end(text, content)
                    if close < 0:
                        self.report("SGM008", source, pos, "unterminated marked section")
                        return end
                    pos = close + 3
                else:
                    ms_depth += 1
                    pos = content
            elif text.startswith("]]>", pos) and ms_depth:
                ms_depth -= 1
                pos += 3
            elif text.startswith("<!ENTITY", pos) or text.startswith("<!entity", pos):
                m = DECL_ENTITY.match(text, pos)
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
                m = PE_REF.match(text, pos)
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
            m = PE_REF.fullmatch(token)
            if m:
                ent = self.parameter.get(m.group(1))
                if ent is None or ent.text is None:
                    self.report("SGM003", source, offset, f"undefined parameter entity %{m.group(1)};")
                    words.append("IGNORE")
                else:
                    self.charge(len(ent.text), source, offset, token)
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
        ent = Entity(name)
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
                self.charge(len(ent.text), source, offset, f"%{name};")
                if not self.enter("%" + name, source, offset, f"%{name};"):
                    return
                try:
                    sub = SourceFile(source.path, source.display, ent.text)
                    self.parse_declarations(sub, 0, len(ent.text))
                finally:
                    self.open_entities.pop()
            return
        self.charge(0, source, offset, f"%{name};")
        if not self.enter("%" + name, source, offset, f"%{name};"):
            return
        ext = self.open_external(ent, source, offset, f"%{name};")
        if ext is None:
            self.open_entities.pop()
            return
        try:
            self.parse_declarations(ext, 0, len(ext.text))
        finally:
            self.open_entities.pop()


    def open_external(self, ent: Entity, source: SourceFile, offset: int, ref: str) -> SourceFile | None:
        assert ent.path is not None
        try:
            return self.read_source(ent.path)
        except InputProblem as exc:
            if exc.problem is Problem.TOO_LARGE:
                self.report("SGM011", source, offset, f"entity {ref}: {ent.path.name!r}: {exc}; reading stopped here")
                raise LimitReached from None
            if exc.problem is Problem.MISSING and str(exc) == "no such file":
                self.report("SGM007", source, offset, f"entity {ref}: file {ent.path.name!r} does not exist")
            else:
                self.report("SGM007", source, offset, f"entity {ref}: cannot read {ent.path.name!r}: {exc}")
        return None


    def doctype(self, source: SourceFile, start: int, end: int) -> int:
        """Read ``<!DOCTYPE name PUBLIC "..." [ subset ]>``; return the offset after it."""
        text = source.text
        m = re.compile(r"<!DOCTYPE\s+(" + NAME + r")", re.IGNORECASE).match(text, start)
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
            m = DECL_ENTITY.match(text, start)
            if m:
                self.declare(m, source, start)


    def expand_refs(self, value: str, source: SourceFile, offset: int) -> str:
        """Expand character and internal entity references inside an attribute value or RCDATA."""
        iso = iso_entities()

        def sub(m: re.Match[str]) -> str:
            if m.group(1):
                ref = m.group(1)
                return chr(int(ref[1:], 16) if ref[0] in "xX" else int(ref))
            name = m.group(2)
            ent = self.general.get(name)
            if ent is not None and ent.text is not None:
                self.charge(len(ent.text), source, offset, f"&{name};")
                return ent.text
            if name in iso:
                return iso[name]
            self.report("SGM003", source, offset, f"undefined entity &{name};")
            return m.group(0)

        return REF_IN_VALUE.sub(sub, value)

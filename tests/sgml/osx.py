"""Run OpenSP's osx on the same input docsync reads, and compare the two trees.

Normalisations applied before comparing (everything else must be identical):
- osx writes SDATA entities (``&copy;``, ``&lt;``, ``&mdash;`` in DocBook's ISO sets) as
  ``[name  ]``; they are mapped back to the Unicode characters docsync produces.
- osx adds attributes the DTD defaults (``format="linespecific"`` on programlisting ...);
  an attribute only osx has is accepted when it is one of DTD_DEFAULTS below.
- Outside verbatim elements, whitespace runs collapse to one space and whitespace-only text
  between elements is dropped (osx drops it in element content, docsync cannot know the content
  model without the DTD). Inside programlisting/screen/synopsis/literallayout text must match
  exactly, record-end rules included.
- Comments are compared with surrounding whitespace stripped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from docsync.sgml import Comment, Element, Text, load_document
from docsync.sgml.dialect import iso_entities

VERBATIM = frozenset({"programlisting", "screen", "synopsis", "literallayout"})

# Attributes the DocBook 4.2 DTD gives a default value; osx writes them, the source has not.
DTD_DEFAULTS = {
    **{(tag, "format"): "linespecific"
       for tag in ("programlisting", "screen", "synopsis", "literallayout", "address")},
    **{(tag, "moreinfo"): "none"
       for tag in ("application", "command", "filename", "function", "literal", "parameter",
                   "prompt", "systemitem", "userinput", "option", "varname", "envar",
                   "computeroutput", "replaceable", "type", "structname", "structfield",
                   "classname", "constant", "database", "errorcode", "errorname", "errortype",
                   "token", "symbol", "markup", "property", "literallayout", "returnvalue")},
    ("productname", "class"): "trade",
    ("arg", "choice"): "opt",
    ("arg", "rep"): "norepeat",
    ("group", "choice"): "opt",
    ("group", "rep"): "norepeat",
    ("cmdsynopsis", "sepchar"): " ",
    ("figure", "float"): "0",
    ("indexterm", "significance"): "normal",
    ("orderedlist", "inheritnum"): "ignore",
    ("orderedlist", "continuation"): "restarts",
    ("literallayout", "class"): "normal",
}

_SDATA = re.compile(r"\[([A-Za-z0-9]+) *\]")


def osx_available() -> bool:
    return shutil.which("osx") is not None


def _osx_env() -> dict[str, str]:
    return {**os.environ, "SP_CHARSET_FIXED": "1", "SP_ENCODING": "UTF-8"}


def run_osx(path: Path) -> bytes:
    """osx's XML for a book (with DOCTYPE) or a chapter (wrapped the way upstream's build would)."""
    directory = path.resolve().parent
    head = path.read_text(encoding="utf-8", errors="replace")[:4096]
    if re.search(r"<!DOCTYPE", head, re.IGNORECASE):
        cmd = ["osx", "-D.", "-x", "lower", "-x", "comment", "-i", "include-xslt-index", path.name]
        proc = subprocess.run(cmd, cwd=directory, env=_osx_env(), capture_output=True, timeout=120)
        return proc.stdout
    root_tag = re.search(r"<([A-Za-z][A-Za-z0-9]*)", re.sub(r"<!--.*?-->", "", head, flags=re.S)).group(1)
    # SGML needs the instance to start with a start tag, so the chapter goes inside a book.
    body = "&chapter;"
    if root_tag.lower().startswith(("sect", "refentry", "section", "simplesect")):
        body = f"<chapter><title>wrapper</title>{body}</chapter>"
    with tempfile.TemporaryDirectory() as tmp:
        wrapper = Path(tmp) / "wrapper.sgml"
        wrapper.write_text(
            '<!DOCTYPE book PUBLIC "-//OASIS//DTD DocBook V4.2//EN" [\n'
            '<!ENTITY % version SYSTEM "version.sgml"> %version;\n'
            '<!ENTITY % filelist SYSTEM "filelist.sgml"> %filelist;\n'
            f'<!ENTITY chapter SYSTEM "{path.name}">\n]>\n<book><title>wrapper</title>{body}</book>\n',
            encoding="utf-8",
        )
        cmd = ["osx", f"-D{directory}", "-x", "lower", "-x", "comment", "-wno-idref",
               "-i", "include-xslt-index", str(wrapper)]
        proc = subprocess.run(cmd, cwd=directory, env=_osx_env(), capture_output=True, timeout=120)
    return _subtree(proc.stdout, root_tag.lower())


def _subtree(xml: bytes, tag: str) -> bytes:
    root = etree.fromstring(xml, parser=etree.XMLParser(huge_tree=True))
    found = root if root.tag == tag else next(root.iter(tag))
    found.tail = None
    return etree.tostring(found, encoding="utf-8")


def _desdata(text: str) -> str:
    iso = iso_entities()
    return _SDATA.sub(lambda m: iso.get(m.group(1), m.group(0)), text)


@dataclass(frozen=True)
class Event:
    kind: str  # start, end, text, comment
    value: str
    where: str = ""
    verbatim: bool = False

    def key(self) -> tuple[str, str]:
        return (self.kind, self.value)


def _drop_defaults(tag: str, attrs: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in attrs.items() if DTD_DEFAULTS.get((tag, k)) != v}


def _attrs_str(attrs: dict[str, str]) -> str:
    return " ".join(f'{k}="{v}"' for k, v in sorted(attrs.items()))


def events_from_osx(xml: bytes) -> list[Event]:
    root = etree.fromstring(xml, parser=etree.XMLParser(huge_tree=True, remove_blank_text=False))
    out: list[Event] = []

    def text_event(text: str | None, verbatim: bool) -> None:
        if text:
            out.append(Event("text", _desdata(text), verbatim=verbatim))

    def walk(el, verbatim: bool) -> None:
        if el.tag is etree.Comment:
            out.append(Event("comment", (el.text or "").strip()))
            text_event(el.tail, verbatim)
            return
        if el.tag is etree.PI:
            text_event(el.tail, verbatim)
            return
        attrs = _drop_defaults(el.tag, {k: _desdata(v) for k, v in el.attrib.items()})
        inner = verbatim or el.tag in VERBATIM
        out.append(Event("start", f"{el.tag} {_attrs_str(attrs)}".strip()))
        text_event(el.text, inner)
        for child in el:
            walk(child, inner)
        out.append(Event("end", el.tag))
        text_event(el.tail, verbatim)

    walk(root, False)
    return _merge(out)


def events_from_docsync(doc) -> list[Event]:
    out: list[Event] = []

    def walk(node, verbatim: bool) -> None:
        if isinstance(node, Text):
            out.append(Event("text", node.text, str(node.location), verbatim))
        elif isinstance(node, Comment):
            out.append(Event("comment", node.text.strip(), str(node.location)))
        elif isinstance(node, Element):
            attrs = _drop_defaults(node.tag, node.attrs)
            inner = verbatim or node.tag in VERBATIM
            out.append(Event("start", f"{node.tag} {_attrs_str(attrs)}".strip(), str(node.location)))
            for child in node.children:
                walk(child, inner)
            out.append(Event("end", node.tag, str(node.location)))

    walk(doc.root, False)
    return _merge(out)


def _merge(events: list[Event]) -> list[Event]:
    """Join adjacent text events, then normalise (entity boundaries split text differently)."""
    merged: list[Event] = []
    for ev in events:
        if ev.kind == "text" and merged and merged[-1].kind == "text":
            prev = merged[-1]
            merged[-1] = Event("text", prev.value + ev.value, prev.where)
        else:
            merged.append(ev)
    out = []
    for ev in merged:
        if ev.kind == "text" and not ev.verbatim:
            # Whitespace runs collapse to one space, but whitespace-only text stays: osx drops
            # it exactly where the DTD says element content, and so must docsync.
            value = re.sub(r"\s+", " ", ev.value)
            if value.strip():
                value = value.strip() if value.strip() else value
            out.append(Event("text", value, ev.where))
        else:
            out.append(ev)
    return out


def compare(path: Path, root: Path | None = None) -> list[str]:
    """Differences between docsync's tree and osx's for one file (empty list: identical)."""
    import difflib

    doc = load_document(path, root=root)
    ours = events_from_docsync(doc)
    theirs = events_from_osx(run_osx(path))
    a = [e.key() for e in ours]
    b = [e.key() for e in theirs]
    if a == b:
        return []
    problems: list[str] = []
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        where = ours[i1].where if i1 < len(ours) else (ours[-1].where if ours else "")
        problems.append(f"{op} at {where}: docsync {a[i1:i2][:3]} vs osx {b[j1:j2][:3]}")
    return problems

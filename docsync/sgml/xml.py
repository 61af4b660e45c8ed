"""Document -> well-formed XML text, in the shape ``osx -x lower -x comment`` produces."""

from __future__ import annotations

import io
from typing import TextIO

from docsync.sgml.document import Comment, Document, Element, Pi, Text

_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;"})


def _escape_text(text: str) -> str:
    # Three C-level scans beat a translate() of every run.
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _comment(text: str) -> str:
    # XML forbids "--" inside comments and a trailing "-"; osx cannot write them either.
    text = text.replace("--", "- -")
    return text + " " if text.endswith("-") else text


def _pieces(root: Element, comments: bool) -> list[str]:
    """The XML of ``root`` as string pieces, in order (joined once by the caller)."""
    out: list[str] = []
    _write(root, out, comments)
    return out


def _write(el: Element, out: list[str], comments: bool) -> None:
    # A book has ~60,000 nodes and this loop is most of the serialisation time. The checks
    # are isinstance() with the node types as declared, which the compiled build (setup.py)
    # turns into direct field reads.
    attrs = el.attrs
    if attrs:
        out.append("<" + el.tag + "".join(
            [f' {name}="{value.translate(_ATTR_ESCAPES)}"' for name, value in attrs.items()]) + ">")
    else:
        out.append("<" + el.tag + ">")
    for child in el.children:
        if isinstance(child, Text):
            text = child.text
            # Most runs need no escaping: three scans in C are cheaper than a call.
            if "&" in text or "<" in text or ">" in text:
                text = _escape_text(text)
            out.append(text)
        elif isinstance(child, Element):
            _write(child, out, comments)
        elif isinstance(child, Comment):
            if comments:
                out.append("<!--" + _comment(child.text) + "-->")
        elif isinstance(child, Pi):
            out.append("<?" + child.text.replace("?>", "? >") + "?>")
    out.append("</" + el.tag + ">")


_SLICE = 1024  # pieces per write: a few kilobytes


def write_xml(doc: Document, out: TextIO, *, comments: bool = True) -> None:
    """Write the document as XML to ``out``, ending with a newline."""
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    if doc.root is not None:
        pieces = _pieces(doc.root, comments)
        # Joined a slice at a time: a book's few non-ASCII characters (a ©, an arrow) would
        # otherwise make the whole text one wide string, slower to join and to encode.
        for start in range(0, len(pieces), _SLICE):
            out.write("".join(pieces[start : start + _SLICE]))
    out.write("\n")


def to_xml(doc: Document, *, comments: bool = True) -> str:
    """The document as one XML string, ending with a newline."""
    buffer = io.StringIO()
    write_xml(doc, buffer, comments=comments)
    return buffer.getvalue()

"""Document -> well-formed XML text, in the shape ``osx -x lower -x comment`` produces."""

from __future__ import annotations

import io
from typing import TextIO

from docsync.sgml.document import Comment, Document, Element, Pi, Text

_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;"})


def _escape_text(text: str) -> str:
    # Most runs need no escaping; three C-level scans beat a translate() of every run.
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
    add = out.append
    escape = _escape_text

    def write(el: Element) -> None:
        # The node types are closed (no subclasses), so they are tested by identity: a book
        # has ~60,000 nodes and this loop is most of the serialisation time.
        if el.attrs:
            add("<" + el.tag + "".join(
                f' {name}="{value.translate(_ATTR_ESCAPES)}"' for name, value in el.attrs.items()) + ">")
        else:
            add("<" + el.tag + ">")
        for child in el.children:
            kind = type(child)
            if kind is Text:
                add(escape(child.text))  # type: ignore[attr-defined]
            elif kind is Element:
                write(child)  # type: ignore[arg-type]
            elif kind is Comment:
                if comments:
                    add("<!--" + _comment(child.text) + "-->")  # type: ignore[attr-defined]
            elif kind is Pi:
                add("<?" + child.text.replace("?>", "? >") + "?>")  # type: ignore[attr-defined]
        add("</" + el.tag + ">")

    write(root)
    return out


def write_xml(doc: Document, out: TextIO, *, comments: bool = True) -> None:
    """Write the document as XML to ``out``, ending with a newline."""
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    if doc.root is not None:
        out.write("".join(_pieces(doc.root, comments)))
    out.write("\n")


def to_xml(doc: Document, *, comments: bool = True) -> str:
    """The document as one XML string, ending with a newline."""
    buffer = io.StringIO()
    write_xml(doc, buffer, comments=comments)
    return buffer.getvalue()

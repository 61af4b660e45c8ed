"""Document -> well-formed XML text, in the shape ``osx -x lower -x comment`` produces."""

from __future__ import annotations

from docsync.sgml.document import Comment, Document, Element, Node, Pi, Text

_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;"})


def _comment(text: str) -> str:
    # XML forbids "--" inside comments and a trailing "-"; osx cannot write them either.
    text = text.replace("--", "- -")
    return text + " " if text.endswith("-") else text


def _write(node: Node, out: list[str], comments: bool) -> None:
    if isinstance(node, Text):
        out.append(node.text.translate(_TEXT_ESCAPES))
    elif isinstance(node, Element):
        out.append("<" + node.tag)
        for name, value in node.attrs.items():
            out.append(f' {name}="{value.translate(_ATTR_ESCAPES)}"')
        out.append(">")
        for child in node.children:
            _write(child, out, comments)
        out.append(f"</{node.tag}>")
    elif isinstance(node, Comment):
        if comments:
            out.append(f"<!--{_comment(node.text)}-->")
    elif isinstance(node, Pi):
        out.append(f"<?{node.text.replace('?>', '? >')}?>")


def to_xml(doc: Document, *, comments: bool = True) -> str:
    """The document as one XML string, ending with a newline."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    if doc.root is not None:
        _write(doc.root, out, comments)
    out.append("\n")
    return "".join(out)

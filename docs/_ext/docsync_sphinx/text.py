"""Turn the plain text of docsync's data files (rules, command help) into docutils nodes.

The text in ``rules/codes/*.toml`` is written for the terminal (``docsync rule``): paragraphs
separated by blank lines, ```code``` in backticks, occasionally ``- `` bullets. Building
nodes directly, instead of pasting that text into reStructuredText, means a stray ``*``,
``_`` or ``|`` in a rule's description can never become markup or a build warning.
"""

from __future__ import annotations

import re

from docutils import nodes

_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_BULLET = re.compile(r"^\s*[-*]\s+")


def inline(text: str) -> list[nodes.Node]:
    """Text with ```code``` spans -> Text and literal nodes."""
    out: list[nodes.Node] = []
    pos = 0
    for m in _CODE_SPAN.finditer(text):
        if m.start() > pos:
            out.append(nodes.Text(text[pos : m.start()]))
        out.append(nodes.literal(text=m.group(2).strip() if m.group(1) != "`" else m.group(2)))
        pos = m.end()
    if pos < len(text):
        out.append(nodes.Text(text[pos:]))
    return out


def paragraph(text: str) -> nodes.paragraph:
    """One paragraph; line breaks inside it become spaces."""
    para = nodes.paragraph()
    para.extend(inline(" ".join(line.strip() for line in text.strip().splitlines())))
    return para


def blocks(text: str) -> list[nodes.Node]:
    """Paragraphs separated by blank lines; runs of ``- item`` lines become a bullet list."""
    out: list[nodes.Node] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [ln for ln in chunk.splitlines() if ln.strip()]
        if not lines:
            continue
        if all(_BULLET.match(ln) or ln.startswith(("  ", "\t")) for ln in lines) and _BULLET.match(lines[0]):
            bullets = nodes.bullet_list()
            items: list[list[str]] = []
            for ln in lines:
                if _BULLET.match(ln):
                    items.append([_BULLET.sub("", ln)])
                else:
                    items[-1].append(ln.strip())
            for item in items:
                bullets += nodes.list_item("", paragraph(" ".join(item)))
            out.append(bullets)
        else:
            out.append(paragraph(chunk))
    return out


def sentence(text: str) -> str:
    """Capitalised, ending with a full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def literal_block(text: str) -> nodes.literal_block:
    """An example, shown exactly as written (no highlighting: examples mix SGML, pgpool.conf
    and prose markers such as ``<BOM>``, which no lexer reads without errors)."""
    body = text.strip("\n")
    block = nodes.literal_block(body, body)
    block["language"] = "none"
    return block

"""Document -> Blocks: every listing (<programlisting>/<screen>/<synopsis>) with its text, span,
context, kind, target file, host and user, and its lines read as a shell session or as file
content.

The listings, their enclosing sections and the prose between them come from the document
model (``docsync.segment``: the one walk every job reads), in document order; the session
(``session.py``) follows prompts from listing to listing, and ``classify.py`` applies the data
in ``rules/blocks.toml``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from docsync.extract.classify import Context, classify
from docsync.extract.model import Block, BlockKind, Effect
from docsync.extract.ruleset import BlockRules, load_rules
from docsync.extract.session import Problem, SessionState, read_session
from docsync.extract.writes import content_write
from docsync.model import Finding, Location
from docsync.rules import rule
from docsync.segment import Event, load_vocabulary, segmentation
from docsync.sgml.document import Document, Element, Text

__all__ = ["Block", "BlockKind", "BlockList", "extract_blocks"]


@dataclass(frozen=True)
class BlockList:
    """The blocks of one document, in document order, and what extract found wrong with them."""

    language: str
    blocks: tuple[Block, ...]
    findings: tuple[Finding, ...] = field(default=())

    def __iter__(self) -> Iterator[Block]:
        return iter(self.blocks)

    def __len__(self) -> int:
        return len(self.blocks)


def numbered_lines(el: Element) -> list[tuple[int, str]]:
    """The element's text split into lines, each with the source line it starts on."""
    out: list[tuple[int, str]] = []
    current: list[str] = []
    current_line: int | None = None
    stack: list = [el]
    while stack:
        node = stack.pop()
        if isinstance(node, Element):
            stack.extend(reversed(node.children))
            continue
        if not isinstance(node, Text):
            continue
        line = node.line
        pieces = node.text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                out.append((current_line if current_line is not None else line, "".join(current)))
                current, current_line = [], None
                line += 1
            if current_line is None:
                current_line = line
            current.append(piece)
    if current or current_line is not None:
        out.append((current_line or el.line, "".join(current)))
    return out


def _dedent(numbered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop leading/trailing blank lines and trailing spaces; remove the common indentation."""
    lines = [(n, t.rstrip()) for n, t in numbered]
    while lines and not lines[0][1]:
        lines.pop(0)
    while lines and not lines[-1][1]:
        lines.pop()
    indents = [len(t) - len(t.lstrip(" \t")) for _, t in lines if t]
    cut = min(indents, default=0)
    return [(n, t[cut:]) for n, t in lines]


def _previous_element(el: Element) -> Element | None:
    """The sibling element right before ``el`` (only whitespace in between), if any."""
    parent = el.parent
    if parent is None:
        return None
    i = parent.children.index(el)
    for node in reversed(parent.children[:i]):
        if isinstance(node, Element):
            return node
        if isinstance(node, Text) and node.text.strip():
            return None
    return None


class _Walker:
    def __init__(self, doc: Document, language: str, rules: BlockRules) -> None:
        self.doc = doc
        self.language = language
        self.rules = rules
        self.state = SessionState()
        self.known_paths: dict[str, str] = {}
        self.hints: list[str] = []
        self.blocks: list[Block] = []
        self.findings: list[Finding] = []
        self.segments = segmentation(doc)
        self.vocab = load_vocabulary()

    def remember_path(self, path: str) -> None:
        f = self.rules.file_for(path)
        if f is not None and ("/" in path or path.startswith(("~", "$"))):
            self.known_paths[f.name] = path

    def host_label(self, el: Element) -> str | None:
        """The name a paragraph right before the block holds alone ("server1"), if any."""
        prev = _previous_element(el)
        if prev is None or prev.tag not in self.rules.host_label_elements:
            return None
        m = self.rules.host_label.match(prev.text_content())
        return m.group("host") if m else None

    def walk(self) -> None:
        listings, hints = self.vocab.listings, self.rules.file_hint_elements
        # The document model's walk, in document order: a section opening forgets the files
        # named before it; a listing is read, and forgets them too.
        for event, value in self.segments.events():
            if event is Event.BLOCK:
                if value.tag in listings:
                    self.block(value.element)
                    self.hints.clear()
            elif event is Event.INLINE:
                if value.tag in hints:
                    hint = value.text_content().strip()
                    if hint:
                        self.hints.append(hint)
                        self.remember_path(hint)
            elif event is Event.SECTION:
                self.hints.clear()

    def block(self, el: Element) -> None:
        rules = self.rules
        numbered = _dedent(numbered_lines(el))
        section_tags = self.vocab.sections
        sections = tuple(
            self.segments.section_of(a) for a in reversed(list(el.ancestors())) if a.tag in section_tags
        )
        parsed = read_session(numbered, self.state, rules)
        for problem in parsed.problems:
            self.report(problem, el)
        ctx = Context(
            sections=sections, file_hints=tuple(self.hints), known_paths=dict(self.known_paths)
        )
        result = classify(parsed, ctx, rules)
        writes = parsed.writes
        host = user = None
        if parsed.commands:
            host, user = parsed.commands[0].host, parsed.commands[0].user
        elif parsed.consumed is not None:
            host, user = parsed.consumed.host, parsed.consumed.user
        elif result.target is not None and result.kind.is_configuration:
            write = content_write(rules, result.target, parsed.loose, None, None, None)
            writes = (write,) if write is not None else ()
        # Whether the label is a host is known once every prompt has been read (see extract_blocks).
        config_host = self.host_label(el) if not parsed.commands else None
        for cmd in parsed.commands:
            if cmd.effect in (Effect.EDIT, Effect.WRITE, Effect.SHOW_FILE) and cmd.file:
                self.remember_path(cmd.file)
        text = "\n".join(t for _, t in numbered)
        self.blocks.append(
            Block(
                index=len(self.blocks),
                tag=el.tag,
                language=self.language,
                text=text,
                start=el.location,
                end=el.end_location,
                sections=sections,
                kind=result.kind,
                target=result.target,
                host=host,
                user=user,
                config_host=config_host,
                lines=parsed.lines,
                commands=parsed.commands,
                writes=writes,
                family=result.family,
                rule=result.rule,
            )
        )

    def report(self, problem: Problem, el: Element) -> None:
        loc = Location(el.location.path, problem.line, 1)
        self.findings.append(Finding.of(rule(problem.code), loc, problem.message))


def extract_blocks(doc: Document, language: str, rules: BlockRules | None = None) -> BlockList:
    """Every block of a document, typed and classified, in document order."""
    walker = _Walker(doc, language, rules or load_rules())
    walker.walk()
    hosts = walker.state.known_hosts
    blocks = tuple(
        b if b.config_host is None or b.config_host in hosts else replace(b, config_host=None)
        for b in walker.blocks
    )
    if walker.state.pending is not None:
        pending = walker.state.pending
        path = walker.blocks[-1].start.path if walker.blocks else str(doc.path)
        walker.findings.append(
            Finding.of(
                rule("EXT001"),
                Location(path, pending.line, 1),
                f"`{pending.file}` is opened in an editor but no content for it follows",
            )
        )
    return BlockList(language, blocks, tuple(walker.findings))

"""The generic engine that gives a block its family, target file and kind from ``blocks.toml``.

Nothing here knows about pgpool.conf or pg_hba.conf: it evaluates families (what a block's
lines look like), gathers evidence for the target file in a fixed order, and walks the
``[[kind]]`` rules until one matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docsync.extract.model import BlockKind, LineRole, WriteMode
from docsync.extract.ruleset import BlockRules, FamilyRule, FileRule, KindRule
from docsync.extract.session import ParsedSession
from docsync.segment import Section


@dataclass(frozen=True)
class Context:
    """What surrounds a block: its sections, the files the prose names, paths seen so far."""

    sections: tuple[Section, ...]
    file_hints: tuple[str, ...]
    known_paths: dict[str, str]  # file rule name -> the path the documentation last used


@dataclass(frozen=True)
class Classification:
    kind: BlockKind
    target: str | None
    family: str | None
    rule: str
    evidence: str  # where the target came from


def find_family(parsed: ParsedSession, rules: BlockRules) -> FamilyRule | None:
    """The first family whose line pattern fits a block without prompts."""
    if parsed.commands:
        return None
    texts = [ln.text for ln in parsed.lines if ln.role is LineRole.CONTENT]
    if not texts:
        return None
    for family in rules.families:
        meaningful = [t for t in texts if not any(p.match(t) for p in family.ignore)]
        if not meaningful or (family.max_lines is not None and len(meaningful) > family.max_lines):
            continue
        matches = (family.line.match(t) for t in meaningful)
        if any(matches) if family.any else all(matches):
            return family
    return None


def _target_of_session(parsed: ParsedSession, rules: BlockRules) -> tuple[str | None, str]:
    """With prompts: the file an editor fills, else a known file written, else one shown."""
    for write in parsed.writes:
        if write.via_editor is not None and write.lines:
            return write.target, "editor"
    for write in parsed.writes:
        if write.mode is not WriteMode.OBSERVED and rules.file_for(write.target) is not None:
            return write.target, "write"
    # Only showing a known file ("cat pgpool_node_id" and its output) still teaches its content.
    for write in parsed.writes:
        if write.lines and rules.file_for(write.target) is not None:
            return write.target, "shown"
    return None, ""


def _hinted(
    candidates: Sequence[FileRule], ctx: Context, rules: BlockRules
) -> tuple[FileRule, str]:
    """Pick one of a family's files: prose <filename>, then section hints, then the default."""
    for hint in ctx.file_hints:
        for f in candidates:
            if f.match.search(hint):
                return f, "prose"
    for section in reversed(ctx.sections):
        for sh in rules.sections:
            if sh.match.search(section.id) or sh.match.search(section.title):
                preferred = [f for name in sh.prefer for f in candidates if f.name == name]
                if preferred:
                    return preferred[0], "section"
    return candidates[0], "default"


def _path_for(f: FileRule, ctx: Context, evidence: str) -> str:
    """The path to show for a target: a full path the documentation used, else the file's name."""
    if evidence == "prose":
        hint = next(h for h in ctx.file_hints if f.match.search(h))
        if "/" in hint or f.name not in ctx.known_paths:
            return hint
    return ctx.known_paths.get(f.name) or f.default_path or f.name


def _matches(
    rule: KindRule, parsed: ParsedSession, family: FamilyRule | None, target: str | None
) -> bool:
    if rule.target is not None and (target is not None) != rule.target:
        return False
    if rule.family is not None and (family is None or family.name != rule.family):
        return False
    if rule.prompted is not None and bool(parsed.commands) != rule.prompted:
        return False
    if rule.shell is not None:
        shells = [c.shell for c in parsed.commands]
        if not shells or shells.count(rule.shell) * 2 <= len(shells):
            return False
    if rule.commands is not None:
        sh = [c for c in parsed.commands if c.shell == "sh"]
        if not sh or not all(rule.commands.search(c.text) for c in sh):
            return False
    if rule.output is not None:
        outputs = (ln.text for ln in parsed.lines if ln.role is LineRole.OUTPUT)
        if not any(rule.output.search(t) for t in outputs):
            return False
    return True


def classify(parsed: ParsedSession, ctx: Context, rules: BlockRules) -> Classification:
    """Family, target and kind of one block."""
    if all(ln.role is LineRole.BLANK for ln in parsed.lines):
        return Classification(BlockKind.UNKNOWN, None, None, "empty block", "")
    family = find_family(parsed, rules)
    target, evidence = None, ""
    if parsed.commands:
        target, evidence = _target_of_session(parsed, rules)
    elif parsed.consumed is not None and parsed.writes:
        target, evidence = parsed.consumed.file, "editor"
    elif family is not None and family.files:
        candidates = [rules.file_named(name) for name in family.files]
        chosen, evidence = _hinted(candidates, ctx, rules)
        target = _path_for(chosen, ctx, evidence)
    for rule in rules.kinds:
        if _matches(rule, parsed, family, target):
            if rule.kind == "@target":
                f = rules.file_for(target or "")
                kind = f.kind if f is not None else BlockKind.FILE_EDIT
            else:
                kind = BlockKind(rule.kind)
            return Classification(
                kind, target, family.name if family else None, rule.label, evidence
            )
    return Classification(BlockKind.UNKNOWN, target, family.name if family else None, "", evidence)

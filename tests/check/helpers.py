"""Helpers for check tests: small docs trees on disk, a run, and (line, code) comparisons."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from docsync.check import run_check
from docsync.check.ruleset import load_rules
from docsync.check.settings import CheckSettings, default_settings
from docsync.model import Finding

EN = "doc/src/sgml"
JA = "doc.ja/src/sgml"


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Put ``{relative path: text}`` on disk (cog's make_files); returns ``root``."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def chapter(body: str, ident: str = "example", title: str = "Example") -> str:
    """A one-section chapter around ``body``."""
    return f'<sect1 id="{ident}">\n <title>{title}</title>\n{body}\n</sect1>\n'


def listing(text: str) -> str:
    """A programlisting holding ``text`` (escape < > & yourself); the text starts on a new line."""
    return f"<programlisting>\n{text}\n</programlisting>"


def settings(select: Iterable[str] = (), ignore: Iterable[str] = (), **kwargs) -> CheckSettings:
    """The built-in defaults with these selectors and fields (no configuration file)."""
    return replace(default_settings(load_rules()), select=tuple(select), ignore=tuple(ignore), **kwargs)


def check(
    docs: Path,
    changed: Iterable[Path] | None = None,
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    out: Path | None = None,
    **kwargs,
) -> list[Finding]:
    """Findings of ``docsync check`` over ``docs`` (config files are not read)."""
    s = settings(select, ignore, **kwargs)
    result = run_check(docs, list(changed) if changed is not None else None, lambda _root: s, out=out)
    return result.findings


def pairs(findings: Iterable[Finding]) -> list[tuple[str, int, str]]:
    """Sorted ``(path, line, code)`` triples: tests compare places and rules, not wording."""
    return sorted((f.location.path, f.location.line, f.code) for f in findings)


def explain(findings: Iterable[Finding]) -> str:
    return "\n".join(f"{f.location} {f.code} {f.message}" for f in findings)

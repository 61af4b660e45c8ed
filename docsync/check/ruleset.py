"""``rules/check.toml`` -> typed, validated data for ``docsync check`` (the TOML boundary).

Dicts stop here: tables become frozen values with compiled patterns, and unknown keys, unknown
products or patterns without the groups a check needs are rejected when the file is loaded.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from typing import Any

from docsync.errors import UsageError
from docsync.lint.versions import layouts
from docsync.paths import RULES_DIR
from docsync.ruledata import Table

RULES_FILE = RULES_DIR / "check.toml"


@dataclass(frozen=True)
class Product:
    """Something the docs declare a version of, and how much of a version compares."""

    name: str
    label: str
    components: int
    one_component_from: int | None = None

    def key(self, version: str) -> str:
        """The part of ``version`` that must agree (``14.2`` -> ``14``, ``9.6.3`` -> ``9.6``)."""
        parts = re.findall(r"\d+", version)
        n = self.components
        if self.one_component_from is not None and parts and int(parts[0]) >= self.one_component_from:
            n = 1
        return ".".join(str(int(p)) for p in parts[:n])


@dataclass(frozen=True)
class Declaration:
    """Where a chapter (or the book) declares a product's version; exactly one of text/row/entity."""

    product: str
    text: re.Pattern[str] | None = None
    row: re.Pattern[str] | None = None
    title: re.Pattern[str] | None = None
    entity: str | None = None
    value: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Token:
    """A version-bearing token: its product, a name for messages, the pattern."""

    product: str
    name: str
    pattern: re.Pattern[str]

    def version(self, m: re.Match[str]) -> str:
        groups = m.groupdict()
        if groups.get("version"):
            return groups["version"]
        if groups.get("minor"):
            return f"{groups['major']}.{groups['minor']}"
        return groups["major"]

    def span(self, m: re.Match[str]) -> tuple[int, int]:
        groups = m.groupdict()
        if groups.get("version"):
            return m.span("version")
        if groups.get("minor"):
            return m.start("major"), m.end("minor")
        return m.span("major")


@dataclass(frozen=True)
class Tables:
    separator: re.Pattern[str]
    footer: re.Pattern[str]
    elision: re.Pattern[str]


@dataclass(frozen=True)
class ShellRun:
    """How the ShellCheck rule runs: docsync's severity per ShellCheck level, scripts per call."""

    severity: dict[str, str]
    batch: int


@dataclass(frozen=True)
class DocsVsCode:
    id_prefix: str
    exclude_files: re.Pattern[str]
    index_suffix: re.Pattern[str]
    types: dict[str, str]


@dataclass(frozen=True)
class CheckRules:
    """Everything ``rules/check.toml`` says, ready to evaluate."""

    off_by_default: frozenset[str]
    book_files: frozenset[str]
    text_blocks: frozenset[str]
    output_dir: str
    config_ignore: tuple[str, ...]
    products: dict[str, Product]
    declarations: tuple[Declaration, ...]
    tokens: tuple[Token, ...]
    token_attributes: tuple[str, ...]
    tables: Tables
    shell: ShellRun
    docs_vs_code: DocsVsCode


# Messages name the rules file; everything else about reading a table is shared.
_Table = functools.partial(Table, source=RULES_FILE.name)


def _declaration(raw: Any, i: int, products: dict[str, Product]) -> Declaration:
    t = _Table(raw, f"versions.declaration[{i}]")
    product = t.take("product", kind=str)
    if product not in products:
        raise UsageError(f"{RULES_FILE.name}: versions.declaration[{i}]: unknown product {product!r}")
    decl = Declaration(
        product=product,
        text=t.regex("text", None, groups=("version",)),
        row=t.regex("row", None),
        title=t.regex("title", None),
        entity=t.take("entity", None, kind=str),
        value=t.regex("value", None, groups=("version",)),
    )
    t.done()
    if sum(x is not None for x in (decl.text, decl.row, decl.entity)) != 1:
        raise UsageError(f"{RULES_FILE.name}: versions.declaration[{i}] needs one of text, row or entity")
    return decl


def _token(raw: Any, i: int, products: dict[str, Product]) -> Token:
    t = _Table(raw, f"versions.token[{i}]")
    product = t.take("product", kind=str)
    if product not in products:
        raise UsageError(f"{RULES_FILE.name}: versions.token[{i}]: unknown product {product!r}")
    name = t.take("name", kind=str)
    rx = t.regex("pattern")
    if "version" not in rx.groupindex and "major" not in rx.groupindex:
        raise UsageError(f"{RULES_FILE.name}: versions.token[{i}].pattern needs a version or major group")
    t.done()
    return Token(product, name, rx)


def parse_rules(data: dict[str, Any]) -> CheckRules:
    """Validate the TOML data of check.toml and build the typed rules."""
    top = _Table(data, "top level")
    versions = _Table(top.take("versions"), "versions")
    products = {}
    for name, raw in versions.take("product", kind=dict).items():
        t = _Table(raw, f"versions.product.{name}")
        products[name] = Product(
            name, t.take("label", kind=str), t.take("components", kind=int), t.take("one_component_from", None)
        )
        t.done()
    declarations = tuple(_declaration(d, i, products) for i, d in enumerate(versions.take("declaration", kind=list)))
    own_tokens = tuple(_token(d, i, products) for i, d in enumerate(versions.take("token", kind=list)))
    if "postgresql" not in products:
        raise UsageError(f"{RULES_FILE.name}: versions.product.postgresql is needed for rules/version_paths.toml")
    # PostgreSQL's tokens are lint's layouts: one list of PostgreSQL-specific paths for both.
    pg_tokens = tuple(Token("postgresql", lay.name, lay.pattern) for lay in layouts())
    attrs = _Table(versions.take("attributes", {}), "versions.attributes")
    token_attributes = tuple(attrs.take("names", [], kind=list))
    attrs.done()
    versions.done()

    tables = _Table(top.take("tables"), "tables")
    table_rules = Tables(tables.regex("separator"), tables.regex("footer", groups=("rows",)), tables.regex("elision"))
    tables.done()

    shell = _Table(top.take("shell"), "shell")
    shell_rules = ShellRun(
        severity=dict(shell.take("severity", kind=dict)),
        batch=shell.take("batch", kind=int),
    )
    shell.done()

    dvc = _Table(top.take("docs_vs_code"), "docs_vs_code")
    dvc_rules = DocsVsCode(
        id_prefix=dvc.take("id_prefix", kind=str),
        exclude_files=dvc.regex("exclude_files"),
        index_suffix=dvc.regex("index_suffix"),
        types=dict(dvc.take("types", kind=dict)),
    )
    dvc.done()

    blocks = _Table(top.take("config_blocks"), "config_blocks")
    config_ignore = tuple(blocks.take("ignore", [], kind=list))
    blocks.done()

    rules = CheckRules(
        off_by_default=frozenset(top.take("off_by_default", [], kind=list)),
        book_files=frozenset(top.take("book_files", [], kind=list)),
        text_blocks=frozenset(top.take("text_blocks", kind=list)),
        output_dir=top.take("output_dir", kind=str),
        config_ignore=config_ignore,
        products=products,
        declarations=declarations,
        tokens=pg_tokens + own_tokens,
        token_attributes=token_attributes,
        tables=table_rules,
        shell=shell_rules,
        docs_vs_code=dvc_rules,
    )
    top.done()
    return rules


@functools.cache
def load_rules() -> CheckRules:
    """The rules of ``rules/check.toml`` (read once per process)."""
    try:
        with RULES_FILE.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{RULES_FILE}: {exc}") from None
    return parse_rules(data)

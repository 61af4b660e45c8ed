"""What the reader knows about DocBook 4.2 SGML without its DTD, and the patterns it scans with.

The facts (EMPTY elements, element-only content, case-folded attributes) are data in
``rules/sgml.toml``; the ISO character entities come from Python's HTML5 table.
"""

from __future__ import annotations

import functools
import html.entities
import re
import tomllib
from dataclasses import dataclass

from docsync.paths import RULES_DIR

NAME = r"[A-Za-z][-.A-Za-z0-9_]*+"
# Every quantifier that can meet the same characters as the next one is possessive (``*+``,
# ``++``): a tag that never reaches its '>' then fails in one pass over its text, instead of
# trying every way to split that text between the quantifiers (exponential: issue 8).
# One alternation matches the next token; data runs are tokens too, so the loop never slices by hand.
TOKEN = re.compile(
    r"(?P<data>[^<&\]]++)"
    r"|(?P<stag><(?P<sname>[A-Za-z][-.A-Za-z0-9_]*+)(?P<attrs>(?:[^<>\"'/]++|\"[^\"]*+\"|'[^']*+'|/(?!>))*+)(?P<slash>/?)>)"
    r"|(?P<etag></(?P<ename>[A-Za-z][-.A-Za-z0-9_]*+)\s*+>)"
    r"|&(?P<entity>[A-Za-z][-.A-Za-z0-9_]*+)"
    r"|&#(?P<charref>[0-9]++|[xX][0-9A-Fa-f]++);?"
    r"|(?P<comment><!--(?P<ctext>.*?)--\s*+>)"
    r"|(?P<pi><\?(?P<ptext>[^>]*+)>)"
    r"|(?P<short></\s*+>)"
    r"|(?P<marked><!\[)"
    r"|(?P<msend>\]\]>)"
    r"|(?P<badcomment><!--)"
    r"|(?P<badpi><\?)"
    r"|(?P<decl><!)"
    r"|<(?P<badtag>/?[A-Za-z][-.A-Za-z0-9_]*+)"
    r"|(?P<amp>&)"
    r"|(?P<other>[<\]])",
    re.DOTALL,
)
# The common case in one match: a run of data, then a start or end tag (either may be absent).
SCAN = re.compile(
    r"([^<&\]]*+)(?:"
    r"<([A-Za-z][-.A-Za-z0-9_]*+)((?:[^<>\"']++|\"[^\"]*+\"|'[^']*+')*+)>"  # 2-3 start tag: name, attributes
    r"|</([A-Za-z][-.A-Za-z0-9_]*+\s*+)>"  # 4 end tag: name (and any space before '>')
    # 5 anything else: references, comments, PIs, '</>', markup that may move the scan, and a
    # '<' or ']' that starts nothing. Few groups: findall builds a tuple of them per token.
    # An unterminated comment or PI runs to the end of the text: nothing after it is markup,
    # and re-trying every later '<!--' or '<?' to the end would be quadratic.
    r"|(&[A-Za-z][-.A-Za-z0-9_]*+;?|&#(?:[0-9]++|[xX][0-9A-Fa-f]++);?|<!--(?:.*?--\s*+>|.*+)|<\?[^>]*+>?"
    r"|</\s*+>|\]\]>|<!\[|<!|</?[A-Za-z][-.A-Za-z0-9_]*+|&|[<\]])"
    r")?",
    re.DOTALL,
)
ATTR = re.compile(
    r"""\s*+(?:(?P<name>[A-Za-z][-.A-Za-z0-9_:]*+)\s*+(?:=\s*+(?:"(?P<dq>[^"]*+)"|'(?P<sq>[^']*+)'|(?P<bare>[^\s"'<>]++)))?)"""
)
REF_IN_VALUE = re.compile(r"&(?:#([0-9]++|[xX][0-9A-Fa-f]++)|(" + NAME + r"));?")
DECL_ENTITY = re.compile(
    r"""<!ENTITY\s++(?P<pe>%\s++)?(?P<name>[A-Za-z][-.A-Za-z0-9_]*+)\s++"""
    r"""(?:(?P<ext>SYSTEM|PUBLIC)\s*+(?:"(?P<pub1>[^"]*+)"|'(?P<pub2>[^']*+)')?\s*+"""
    r"""(?:"(?P<sys1>[^"]*+)"|'(?P<sys2>[^']*+)')?"""
    r"""|(?:(?P<kind>CDATA|SDATA|PI|STARTTAG|ENDTAG|MS|MD)\s++)?(?:"(?P<lit1>[^"]*+)"|'(?P<lit2>[^']*+)'))"""
    r"""\s*+(?:NDATA\s++[^\s>]++\s*+)?>""",
    re.IGNORECASE | re.DOTALL,
)
PE_REF = re.compile(r"%(" + NAME + r");?")


def marked_section_keywords(text: str, pos: int, end: int) -> tuple[str, int] | None:
    """The keyword text of a marked section whose ``<![`` ends at ``pos``, and the offset after
    its ``[``; None when no ``[`` follows (a str.find: one pass, no backtracking)."""
    close = text.find("[", pos, end)
    if close < 0:
        return None
    return text[pos:close].strip(), close + 1


@dataclass(frozen=True)
class Limits:
    """The reader's safety bounds (rules/sgml.toml ``[limits]``; docs/limits.rst)."""

    max_file_bytes: int
    max_total_bytes: int
    entity_expansion_base: int
    entity_expansion_ratio: int
    entity_expansion_max: int
    entity_reference_cost: int
    max_entity_depth: int
    max_element_depth: int
    max_marked_section_depth: int


@dataclass(frozen=True)
class Dialect:
    """What the DocBook 4.2 DTD would tell the reader, kept as data in rules/sgml.toml."""

    empty: frozenset[str]
    folded: frozenset[str]
    includes: tuple[str, ...]
    element_content: frozenset[str]
    limits: Limits


@functools.cache
def load_dialect() -> Dialect:
    """The dialect facts, read once."""
    with (RULES_DIR / "sgml.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return Dialect(
        frozenset(data["empty_elements"]),
        frozenset(data["case_folded_attributes"]),
        tuple(data["include_parameter_entities"]),
        frozenset(data["element_content"]),
        Limits(**{name: int(value) for name, value in data["limits"].items()}),
    )


@functools.cache
def iso_entities() -> dict[str, str]:
    """ISO/HTML character entity names -> text (the DocBook ISO sets, as Unicode)."""
    table = {name[:-1]: text for name, text in html.entities.html5.items() if name.endswith(";")}
    table.update({"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"})
    return table

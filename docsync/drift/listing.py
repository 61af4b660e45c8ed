"""Listings (programlisting, screen, synopsis) in a comparable form, and their token diffs.

``normalize_code`` applies the glossary line by line (prompt labels, placeholders, annotation
lines, translated comments, whitespace); ``diff_tokens`` diffs two listings by line and then
by token inside replaced lines, treating Japanese prose left in a listing as a translation when
it keeps the same numbers, paths and identifiers. Secret values are masked in what a hunk shows.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from docsync.drift.normalize import TOKEN, Glossary, has_cjk, shorten, squash
from docsync.redact import mask_text, secret_spans

# A trailing "# ..." comment: "#" after whitespace (so "]#" prompts and "#include" stay).
_TRAILING_COMMENT = re.compile(r"(?:^|\s)#.*$")
# A psql result's rule line: ---+---.
_PSQL_RULE = re.compile(r"^-+(?:\+-+)+$")


@dataclass(frozen=True)
class CodeLine:
    """One normalised line of a listing and the index of the raw line it came from."""

    text: str
    index: int
    translated_comment: bool = False  # a Japanese "# ..." comment was removed from it
    # Secret spans and what to show instead; None until asked. Only a line that differs is
    # ever shown, so most lines never need them (finding them was a tenth of a large drift).
    known_secrets: tuple[tuple[int, int, str], ...] | None = None

    def secrets(self) -> tuple[tuple[int, int, str], ...]:
        """Where the line's secret values are (start, end, what to show instead)."""
        return self.known_secrets if self.known_secrets is not None else secret_spans(self.text)


def normalize_code(raw: str, glossary: Glossary, *, japanese: bool) -> list[CodeLine]:
    """A listing's lines after the glossary: prompts, placeholders, annotations, whitespace.

    Japanese trailing comments are removed here; the English comments they pair with are
    removed by ``compare_code``, which knows the pairing.
    """
    out: list[CodeLine] = []
    for index, line in enumerate(raw.split("\n")):
        line = squash(line)
        translated = False
        if japanese:
            line = glossary.japanese_to_english(line)
            if glossary.strip_translated_comments:
                m = _TRAILING_COMMENT.search(line)
                if m and has_cjk(m.group()):
                    line, translated = line[: m.start()].rstrip(), True
        line = glossary.canonical(line)
        if glossary.is_annotation(line):
            continue
        if line or translated:
            out.append(CodeLine(line, index, translated))
    return out


def _strip_comment(line: CodeLine) -> CodeLine:
    m = _TRAILING_COMMENT.search(line.text)
    if not m:
        return line
    text = line.text[: m.start()].rstrip()
    spans = tuple(span for span in line.secrets() if span[1] <= len(text))
    return CodeLine(text, line.index, known_secrets=spans)


def _drop_paired_comments(en: list[CodeLine], ja: list[CodeLine]) -> tuple[list[CodeLine], list[CodeLine]]:
    """Remove English comments where the Japanese twin had a translated one; drop empty lines.

    A trailing comment goes when its line pairs with a line whose Japanese comment was removed;
    whole-line comments go when their run of lines pairs with translated whole-line comments
    (translators often merge or split comment lines, so those are not paired one to one).
    """
    if any(line.translated_comment for line in ja):
        en = list(en)
        matcher = difflib.SequenceMatcher(None, [c.text for c in en], [c.text for c in ja], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "replace":
                continue
            whole = any(c.translated_comment and not c.text for c in ja[j1:j2])
            for i in range(i1, i2):
                j = j1 + (i - i1)
                if (j < j2 and ja[j].translated_comment) or (whole and en[i].text.startswith("#")):
                    en[i] = _strip_comment(en[i])
    return [c for c in en if c.text], [c for c in ja if c.text]


@dataclass(frozen=True)
class Hunk:
    """One difference between two token streams: what each side has, and on which raw line."""

    en: str
    ja: str
    en_line: int  # index of the raw line in the English block
    ja_line: int


def _tokens(lines: list[CodeLine]) -> tuple[list[str], list[tuple[int, int, int]]]:
    """Tokens of all lines, and for each its (line number in ``lines``, start, end)."""
    toks: list[str] = []
    spans: list[tuple[int, int, int]] = []
    for n, line in enumerate(lines):
        for m in TOKEN.finditer(line.text):
            toks.append(m.group())
            spans.append((n, m.start(), m.end()))
        toks.append("\n")
        spans.append((n, len(line.text), len(line.text)))
    return toks, spans


def _show(lines: list[CodeLine], spans: list[tuple[int, int, int]], k1: int, k2: int) -> str:
    """The text of tokens k1..k2, widened to whole words (or path segments of long words)."""
    if k1 >= k2:
        return ""
    first, last = spans[k1], spans[k2 - 1]
    parts = []
    for n in range(first[0], last[0] + 1):
        text = lines[n].text
        start = first[1] if n == first[0] else 0
        end = last[2] if n == last[0] else len(text)
        lo = text.rfind(" ", 0, start) + 1
        hi = text.find(" ", end)
        hi = len(text) if hi < 0 else hi
        if hi - lo > 40:  # a long URL or command: narrow to the path segment
            lo = max(lo, text.rfind("/", 0, start) + 1)
            slash = text.find("/", end)
            hi = min(hi, slash if slash >= 0 else hi)
        parts.append(_masked(lines[n], lo, hi))
    return " ⏎ ".join(p for p in parts if p) or "⏎"


def _masked(line: CodeLine, lo: int, hi: int) -> str:
    """``line.text[lo:hi]`` with secret values masked (``***``, a whole value ``'***'``)."""
    out, pos = [], lo
    for start, end, shown in line.secrets():
        if end <= lo or start >= hi:
            continue
        out.append(line.text[pos : max(start, lo)])
        out.append(shown)
        pos = min(end, hi)
    out.append(line.text[pos:hi])
    return "".join(out)


def _token_hunks(en: list[CodeLine], ja: list[CodeLine]) -> list[Hunk]:
    """Token-level differences between two short runs of lines."""
    et, es = _tokens(en)
    jt, js = _tokens(ja)
    matcher = difflib.SequenceMatcher(None, et, jt, autojunk=False)
    hunks = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if all(t == "\n" for t in et[i1:i2] + jt[j1:j2]):
            continue  # only line breaks moved
        if i1 == i2 or j1 == j2:  # an insertion or deletion: show a neighbour on both sides
            if i1 > 0 and j1 > 0 and et[i1 - 1] != "\n":
                i1, j1 = i1 - 1, j1 - 1
            elif i2 < len(et) - 1 and j2 < len(jt) - 1:
                i2, j2 = i2 + 1, j2 + 1
        en_line = en[es[min(i1, len(es) - 1)][0]].index if en else 0
        ja_line = ja[js[min(j1, len(js) - 1)][0]].index if ja else 0
        hunks.append(Hunk(_show(en, es, i1, i2), _show(ja, js, j1, j2), en_line, ja_line))
    return hunks


_REGION_TOKENS = 400  # past this, replaced lines are diffed pairwise (a token diff is quadratic)


def _replace_hunks(en: list[CodeLine], ja: list[CodeLine]) -> list[Hunk]:
    """Hunks of a run of replaced lines: one token diff over the run when it is small or
    shaped differently, else line by line (a rewritten psql table, a regenerated config)."""
    size = sum(len(c.text) for c in en) + sum(len(c.text) for c in ja)
    if len(en) != len(ja) and size // 4 <= _REGION_TOKENS:
        return _token_hunks(en, ja)
    hunks: list[Hunk] = []
    for e, j in zip(en, ja, strict=False):
        hunks.extend(_token_hunks([e], [j]))
    n = min(len(en), len(ja))
    if len(en) > n:
        hunks.append(Hunk(" ⏎ ".join(_masked(c, 0, len(c.text)) for c in en[n:]), "", en[n].index, ja[-1].index + 1))
    if len(ja) > n:
        hunks.append(Hunk("", " ⏎ ".join(_masked(c, 0, len(c.text)) for c in ja[n:]), en[-1].index + 1, ja[n].index))
    return hunks


# A token that needs no translation inside a listing: a number, path, variable or identifier.
_CODE_TOKEN = re.compile(r"\d|[_/=$]|\w\.\w")


def code_tokens(text: str) -> Counter[str]:
    """The language-neutral tokens of a line or passage (what translated prose keeps)."""
    return Counter(t for t in TOKEN.findall(text) if _CODE_TOKEN.search(t))


def _translated(en: str, ja: str) -> bool:
    """Japanese prose standing for English prose: the same neutral tokens around it."""
    return has_cjk(ja) and code_tokens(en) == code_tokens(ja)


def diff_tokens(en: list[CodeLine], ja: list[CodeLine]) -> list[Hunk]:
    """Token-level differences between two normalised listings (no hunks: they agree).

    Lines are diffed first and tokens only inside replaced lines, which keeps long listings
    (whole configuration files) from the quadratic cost of one token-level diff. Japanese text
    left in a listing after the glossary (translated descriptions, placeholders, comments) is
    compared with its English counterpart by neutral tokens only: numbers, paths, identifiers.
    """
    en, ja = _drop_paired_comments(en, ja)
    el, jl = [c.text for c in en], [c.text for c in ja]
    if el == jl:
        return []
    hunks: list[Hunk] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, el, jl, autojunk=False).get_opcodes():
        if op == "replace":
            if _translated("\n".join(el[i1:i2]), "\n".join(jl[j1:j2])):
                continue
            hunks.extend(h for h in _replace_hunks(en[i1:i2], ja[j1:j2]) if not _translated(h.en, h.ja))
        elif op == "delete":
            at = ja[j1].index if j1 < len(ja) else (ja[-1].index + 1 if ja else 0)
            hunks.append(Hunk(" ⏎ ".join(_masked(c, 0, len(c.text)) for c in en[i1:i2]), "", en[i1].index, at))
        elif op == "insert":
            if _translated("", "\n".join(jl[j1:j2])):
                continue  # a Japanese-only note in the listing
            at = en[i1].index if i1 < len(en) else (en[-1].index + 1 if en else 0)
            hunks.append(Hunk("", " ⏎ ".join(_masked(c, 0, len(c.text)) for c in ja[j1:j2]), at, ja[j1].index))
    return hunks


def describe_pair(en: str, ja: str) -> str:
    """``EN `a` vs JA `b```, or that a secret value differs when only secrets tell them apart."""
    en_shown, ja_shown = mask_text(en), mask_text(ja)
    if en_shown == ja_shown and en != ja:
        return f"a secret value differs in `{en_shown}` (values not shown)"
    return f"EN `{en_shown}` vs JA `{ja_shown}`"


def describe_hunks(hunks: list[Hunk], limit: int = 3) -> str:
    """``EN `a` vs JA `b`; ...`` for a message, at most ``limit`` hunks."""
    shown = [
        # Both sides masked alike: the raw texts differ in a secret, which is all it may say.
        f"a secret value differs in `{shorten(h.en)}` (values not shown)" if h.en == h.ja
        else f"EN `{shorten(h.en) or '∅'}` vs JA `{shorten(h.ja) or '∅'}`"
        for h in hunks[:limit]
    ]
    more = f" (and {len(hunks) - limit} more)" if len(hunks) > limit else ""
    return "; ".join(shown) + more


def psql_shapes(lines: list[CodeLine]) -> tuple[list[int], set[int]]:
    """Column counts of psql results (header line above a ---+--- line) and their raw line indexes."""
    shapes: list[int] = []
    rows: set[int] = set()
    for n, line in enumerate(lines):
        if n and _PSQL_RULE.match(line.text.replace(" ", "")):
            shapes.append(lines[n - 1].text.count("|") + 1)  # the header's columns
            rows.add(n - 1)
            rows.add(n)
            k = n + 1
            while k < len(lines) and "|" in lines[k].text:
                rows.add(k)
                k += 1
    return shapes, {lines[n].index for n in rows}

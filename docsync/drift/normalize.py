"""Language-neutral forms of text: NFKC, the EN↔JA glossary, numbers, tokens and token diffs.

Everything here is a pure function of strings; the glossary is the only data it reads
(``rules/glossary.toml``, loaded once and validated against the keys it may have).
"""

from __future__ import annotations

import difflib
import functools
import html
import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from docsync.errors import UsageError
from docsync.paths import RULES_DIR

# Hiragana, katakana, CJK ideographs and the full-width forms NFKC leaves alone (、。「」).
CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_WS = re.compile(r"\s+")
_TAG = re.compile(r"<[^<>]*>")
# Numbers bounded by ASCII only: Python's \b treats kanji as word characters, so "9.5以降" would
# not end a word there. Thousands separators are allowed ("1,000"); "x86_64" or "pg14" are
# identifiers, not numbers.
_NUMBER = re.compile(r"(?<![0-9A-Za-z_.\-/])(\d+(?:,\d{3})*(?:\.\d+)*)(?![0-9A-Za-z_]|\.\d)")
# Diff tokens: identifier-like runs (with inner dots and dashes) or single other characters.
_TOKEN = re.compile(r"[0-9A-Za-z_]+(?:[.\-][0-9A-Za-z_]+)*|\S")
# A trailing "# ..." comment: "#" after whitespace (so "]#" prompts and "#include" stay).
_TRAILING_COMMENT = re.compile(r"(?:^|\s)#.*$")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def squash(text: str) -> str:
    """NFKC and whitespace runs collapsed to one space, stripped."""
    return _WS.sub(" ", nfkc(text)).strip()


def has_cjk(text: str) -> bool:
    return CJK.search(text) is not None


def strip_markup(text: str) -> str:
    """Markup-free text of an SGML fragment (an embedded original): tags out, references decoded."""
    text = _TAG.sub("", text.replace("</>", ""))
    return html.unescape(text)


@functools.lru_cache(maxsize=1 << 16)
def numbers(text: str) -> tuple[str, ...]:
    """Numbers and versions in prose, NFKC first, thousands separators dropped."""
    return tuple(m.group(1).replace(",", "") for m in _NUMBER.finditer(nfkc(text)))


@functools.lru_cache(maxsize=1 << 16)
def words(text: str) -> tuple[str, ...]:
    """Lower-case diff tokens of prose, for similarity and wording diffs."""
    return tuple(_TOKEN.findall(nfkc(text).lower()))


def jaccard(a: frozenset | set, b: frozenset | set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


# -- glossary ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Glossary:
    """The EN↔JA equivalences of ``rules/glossary.toml``, compiled."""

    prompts: tuple[tuple[re.Pattern[str], str], ...] = ()
    placeholders: tuple[tuple[re.Pattern[str], str], ...] = ()
    annotations: tuple[re.Pattern[str], ...] = ()
    strip_translated_comments: bool = True
    number_words: tuple[tuple[str, str], ...] = ()
    secret_keys: tuple[re.Pattern[str], ...] = ()
    urls: tuple[tuple[re.Pattern[str], str], ...] = ()
    aliases: tuple[tuple[re.Pattern[str], str], ...] = ()

    def canonical(self, line: str) -> str:
        """Other English spellings of a placeholder, in the glossary's form (both languages)."""
        for pattern, repl in self.aliases:
            line = pattern.sub(repl, line)
        return line

    def link_key(self, link: str, *, japanese: bool) -> str:
        """A link as compared: URLs without their scheme or trailing slash, localised Japanese
        URLs rewritten to the English ones (``[[url]]``)."""
        if not link.startswith("url:"):
            return link
        url = link[4:]
        if japanese:
            for pattern, repl in self.urls:
                url = pattern.sub(repl, url)
        return "url:" + re.sub(r"^https?://", "", url).rstrip("/")

    def mask_secrets(self, text: str) -> str:
        """``name = value`` with ``'***'`` for the value when the name is a secret setting."""
        if not self.secret_keys or "=" not in text:
            return text

        def hide(m: re.Match[str]) -> str:
            if any(p.match(m.group(1)) for p in self.secret_keys):
                return f"{m.group(1)}{m.group(2)}'***'"
            return m.group()

        return _ASSIGNMENT.sub(hide, text)

    def secret_spans(self, text: str) -> tuple[tuple[int, int], ...]:
        """Where the values of secret settings are in a line (to mask what a diff shows)."""
        if not self.secret_keys or "=" not in text:
            return ()
        return tuple(
            m.span(3) for m in _ASSIGNMENT.finditer(text) if any(p.match(m.group(1)) for p in self.secret_keys)
        )

    def english_numbers(self, text: str) -> tuple[str, ...]:
        """Numbers of English prose, number words included."""
        found = numbers(text)
        if self.number_words:
            table = dict(self.number_words)
            found += tuple(table[w] for w in _ENGLISH_WORD.findall(text.lower()) if w in table)
        return found

    def japanese_to_english(self, line: str) -> str:
        for pattern, repl in self.prompts:
            line = pattern.sub(repl, line)
        for pattern, repl in self.placeholders:
            line = pattern.sub(repl, line)
        return line

    def is_annotation(self, line: str) -> bool:
        return any(p.match(line) for p in self.annotations)


_GLOSSARY_KEYS = {
    "prompt": {"ja", "en"},
    "placeholder": {"ja", "en"},
    "annotation": {"pattern"},
    "comments": {"strip_translated"},
    "numbers": {"words"},
    "secrets": {"keys"},
    "url": {"ja", "en"},
    "alias": {"pattern", "replacement"},
}
_ENGLISH_WORD = re.compile(r"[a-z]+")
_ASSIGNMENT = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)(\s*=\s*)('[^'`]*'?|\"[^\"`]*\"?|[^\s'\"`;]+)")


def _compile(path: Path, where: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise UsageError(f"{path}: {where}: bad regular expression {pattern!r}: {exc}") from None


@functools.cache
def load_glossary(path: Path = RULES_DIR / "glossary.toml") -> Glossary:
    """Read and validate the glossary; unknown tables or keys are configuration errors."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read glossary: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: {exc}") from None
    for table, value in data.items():
        if table not in _GLOSSARY_KEYS:
            raise UsageError(f"{path}: unknown glossary table [{table}]")
        entries = value if isinstance(value, list) else [value]
        for entry in entries:
            unknown = set(entry) - _GLOSSARY_KEYS[table]
            if unknown:
                raise UsageError(f"{path}: [{table}]: unknown key {sorted(unknown)[0]!r}")
    prompts = tuple(
        (
            re.compile(r"^\[" + re.escape(nfkc(e["ja"])) + r"\](?=[#$])"),
            "[" + e["en"].replace("\\", r"\\") + "]",
        )
        for e in data.get("prompt", [])
    )
    placeholders = tuple(
        (_compile(path, "[[placeholder]]", nfkc(e["ja"])), e["en"]) for e in data.get("placeholder", [])
    )
    annotations = tuple(_compile(path, "[[annotation]]", nfkc(e["pattern"])) for e in data.get("annotation", []))
    strip = bool(data.get("comments", {}).get("strip_translated", True))
    words = tuple(sorted((str(k).lower(), str(v)) for k, v in data.get("numbers", {}).get("words", {}).items()))
    secrets = tuple(_compile(path, "[secrets]", k) for k in data.get("secrets", {}).get("keys", []))
    urls = tuple((_compile(path, "[[url]]", e["ja"]), e["en"]) for e in data.get("url", []))
    aliases = tuple((_compile(path, "[[alias]]", e["pattern"]), e["replacement"]) for e in data.get("alias", []))
    return Glossary(prompts, placeholders, annotations, strip, words, secrets, urls, aliases)


# -- code -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeLine:
    """One normalised line of a listing and the index of the raw line it came from."""

    text: str
    index: int
    translated_comment: bool = False  # a Japanese "# ..." comment was removed from it
    secrets: tuple[tuple[int, int], ...] = ()  # spans of secret values, masked when shown


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
            out.append(CodeLine(line, index, translated, glossary.secret_spans(line)))
    return out


def _strip_comment(line: CodeLine) -> CodeLine:
    m = _TRAILING_COMMENT.search(line.text)
    if not m:
        return line
    text = line.text[: m.start()].rstrip()
    return CodeLine(text, line.index, secrets=tuple(span for span in line.secrets if span[1] <= len(text)))


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
        for m in _TOKEN.finditer(line.text):
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
    """``line.text[lo:hi]`` with secret values shown as ``'***'``."""
    out, pos = [], lo
    for start, end in line.secrets:
        if end <= lo or start >= hi:
            continue
        out.append(line.text[pos : max(start, lo)])
        out.append("'***'")
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
    return Counter(t for t in _TOKEN.findall(text) if _CODE_TOKEN.search(t))


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


def describe_hunks(hunks: list[Hunk], limit: int = 3) -> str:
    """``EN `a` vs JA `b`; ...`` for a message, at most ``limit`` hunks."""
    shown = [f"EN `{_short(h.en) or '∅'}` vs JA `{_short(h.ja) or '∅'}`" for h in hunks[:limit]]
    more = f" (and {len(hunks) - limit} more)" if len(hunks) > limit else ""
    return "; ".join(shown) + more


def word_diff(old: str, new: str, limit: int = 3) -> tuple[str, list[tuple[str, str]]]:
    """A short ``old → new`` description of two prose texts, and the changed passages."""
    om, nm = list(_TOKEN.finditer(old)), list(_TOKEN.finditer(new))
    matcher = difflib.SequenceMatcher(None, [m.group() for m in om], [m.group() for m in nm], autojunk=False)

    def span(text: str, ms: list[re.Match[str]], i1: int, i2: int) -> str:
        return text[ms[i1].start() : ms[i2 - 1].end()] if i1 < i2 else ""

    changes = [
        (span(old, om, i1, i2), span(new, nm, j1, j2)) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"
    ]
    return describe_changes(changes, limit), changes


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def describe_changes(changes: list[tuple[str, str]], limit: int = 3) -> str:
    """```old` → `new`; ...`` for a message, at most ``limit`` changes, long sides shortened."""
    shown = [f"`{_short(a) or '∅'}` → `{_short(b) or '∅'}`" for a, b in changes[:limit]]
    more = f" (and {len(changes) - limit} more)" if len(changes) > limit else ""
    return "; ".join(shown) + more

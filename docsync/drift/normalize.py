"""Language-neutral forms of text: NFKC, the EN↔JA glossary, numbers, words and prose diffs.

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
from dataclasses import dataclass
from pathlib import Path

from docsync.errors import UsageError
from docsync.paths import RULES_DIR
from docsync.redact import mask_text
from docsync.segment.links import Link, LinkKind

# Hiragana, katakana, CJK ideographs and the full-width forms NFKC leaves alone (、。「」).
CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_TAG = re.compile(r"<[^<>]*>")
# Numbers bounded by ASCII only: Python's \b treats kanji as word characters, so "9.5以降" would
# not end a word there. Thousands separators are allowed ("1,000"); "x86_64" or "pg14" are
# identifiers, not numbers.
# "1/0" is two numbers (a digit before the slash), "/usr/lib/14" none.
_NUMBER = re.compile(
    r"(?:(?<![0-9A-Za-z_.\-/])|(?<=\d/)|(?<=(?<![A-Za-z])[vV](?=\d+\.\d)))(\d+(?:,\d{3})*(?:\.\d+)*)"
    r"(?![0-9A-Za-z_]|\.\d)"
)
# Comparisons that the other language writes with the neighbouring number: "more than 2" is
# "3台以上", "4.1 or earlier" is "4.2より前", "greater than 0" is "1以上".
_MORE_THAN = re.compile(r"\b(?:more|greater|larger|higher) than (\d+)\b", re.IGNORECASE)
_LESS_THAN = re.compile(r"\b(?:less|fewer|lower|smaller) than (\d+)\b", re.IGNORECASE)
_OR_EARLIER = re.compile(r"\b(\d+)\.(\d+) (?:or|and) (?:earlier|before|older|prior)\b", re.IGNORECASE)
# Numbers written other than as plain digits: English ordinals ("17th") and names that end in
# a number ("node1"); Japanese numbers right after katakana ("ノード1") or kanji numerals.
_ORDINAL = re.compile(r"(?<![0-9A-Za-z_])(\d+)(?:st|nd|rd|th)\b")
_NAMED = re.compile(r"(?<![0-9A-Za-z_])[A-Za-z]+(\d+)\b")
_KATAKANA_COUNTER = re.compile(r"(?<=[\u30a0-\u30ff])(\d+)")
# Diff tokens: identifier-like runs (with inner dots and dashes) or single other characters.
TOKEN = re.compile(r"[0-9A-Za-z_]+(?:[.\-][0-9A-Za-z_]+)*|\S")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def squash(text: str) -> str:
    """NFKC and whitespace runs collapsed to one space, stripped."""
    # str.split() splits on exactly what the regex \s matches (both use the same Unicode
    # whitespace table) and is several times faster than a regular expression on the many short texts.
    return " ".join(nfkc(text).split())


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
    return tuple(TOKEN.findall(nfkc(text).lower()))


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
    urls: tuple[tuple[re.Pattern[str], str], ...] = ()
    aliases: tuple[tuple[re.Pattern[str], str], ...] = ()
    kanji_numerals: tuple[tuple[str, str], ...] = ()
    locale_links: tuple[tuple[re.Pattern[str], str], ...] = ()
    prompt_labels: tuple[tuple[str, str], ...] = ()  # (English, Japanese) label texts
    wildcard_prompts: frozenset[str] = frozenset()  # labels that stand for any host

    def canonical(self, line: str) -> str:
        """Other English spellings of a placeholder, in the glossary's form (both languages)."""
        for pattern, repl in self.aliases:
            line = pattern.sub(repl, line)
        return line

    def link_key(self, link: Link, *, japanese: bool) -> Link:
        """A link as compared: URLs without their scheme or trailing slash, localised Japanese
        URLs rewritten to the English ones (``[[url]]``)."""
        if link.kind is not LinkKind.URL:
            return link
        url = link.target
        if japanese:
            for pattern, repl in self.urls:
                url = pattern.sub(repl, url)
        for pattern, key in self.locale_links:
            m = pattern.match(url)
            if m:  # a deliberate per-language edition of one page: compared by the page
                return Link(LinkKind.URL, m.expand(key))
        return Link(LinkKind.URL, re.sub(r"^https?://", "", url).rstrip("/"))

    @staticmethod
    def mask_secrets(text: str) -> str:
        """Text quoting the docs with every secret in it masked (``rules/secrets.toml``)."""
        return mask_text(text)

    def spelled_english(self, text: str) -> frozenset[str]:
        """Numbers English prose writes other than as plain digits: words ("two"), ordinals
        ("17th") and names ending in a number ("node1"). They never make a difference on
        their own; they explain a number the Japanese writes in digits."""
        found = {m.group(1) for m in _ORDINAL.finditer(text)} | {m.group(1) for m in _NAMED.finditer(text)}
        found |= {str(int(m.group(1)) + 1) for m in _MORE_THAN.finditer(text)}
        found |= {str(int(m.group(1)) - 1) for m in _LESS_THAN.finditer(text) if int(m.group(1)) > 0}
        found |= {f"{m.group(1)}.{int(m.group(2)) + 1}" for m in _OR_EARLIER.finditer(text)}
        if self.number_words:
            table = dict(self.number_words)
            found |= {table[w] for w in _ENGLISH_WORD.findall(text.lower()) if w in table}
        return frozenset(found)

    def spelled_japanese(self, text: str) -> frozenset[str]:
        """Numbers Japanese prose writes other than as plain digits: kanji numerals ("二重")
        and counters after katakana ("ノード1")."""
        text = nfkc(text)
        found = {m.group(1) for m in _KATAKANA_COUNTER.finditer(text)}
        found |= {v for k, v in self.kanji_numerals if k in text}
        return frozenset(found)

    def japanese_to_english(self, line: str) -> str:
        for pattern, repl in self.prompts:
            line = pattern.sub(repl, line)
        for pattern, repl in self.placeholders:
            line = pattern.sub(repl, line)
        return line

    def prompts_alike(self, en: str, ja: str) -> bool:
        """Two prompt labels that name the same place: one of them stands for any host
        (``[any server]#`` / ``[server3]#``)."""
        a, b = _PROMPT_ONLY.match(en.strip()), _PROMPT_ONLY.match(ja.strip())
        if a is None or b is None or a.group(2) != b.group(2):
            return False
        return a.group(1) in self.wildcard_prompts or b.group(1) in self.wildcard_prompts

    def english_to_japanese(self, line: str) -> str:
        """An English listing line with the Japanese prompt label (placeholders stay English)."""
        for en, ja in self.prompt_labels:
            prefix = f"[{en}]"
            if line.startswith(prefix) and line[len(prefix) : len(prefix) + 1] in ("#", "$"):
                return f"[{ja}]" + line[len(prefix) :]
        return line

    def is_annotation(self, line: str) -> bool:
        return any(p.match(line) for p in self.annotations)


_GLOSSARY_KEYS = {
    "prompt": {"ja", "en"},
    "placeholder": {"ja", "en"},
    "annotation": {"pattern"},
    "comments": {"strip_translated"},
    "numbers": {"words", "kanji"},
    "url": {"ja", "en"},
    "alias": {"pattern", "replacement"},
    "locale_link": {"pattern", "key"},
    "prompt_wildcard": {"labels"},
}
_ENGLISH_WORD = re.compile(r"[a-z]+")
_PROMPT_ONLY = re.compile(r"^\[([^\]]+)\]([#$])$")


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
    kanji = tuple(sorted((str(k), str(v)) for k, v in data.get("numbers", {}).get("kanji", {}).items()))
    urls = tuple((_compile(path, "[[url]]", e["ja"]), e["en"]) for e in data.get("url", []))
    aliases = tuple((_compile(path, "[[alias]]", e["pattern"]), e["replacement"]) for e in data.get("alias", []))
    locale = tuple(
        (_compile(path, "[[locale_link]]", e["pattern"]), e["key"]) for e in data.get("locale_link", [])
    )
    labels = tuple((e["en"], e["ja"]) for e in data.get("prompt", []) if "\\" not in e["en"])
    wildcards = frozenset(str(x) for x in data.get("prompt_wildcard", {}).get("labels", []))
    return Glossary(
        prompts, placeholders, annotations, strip, words, urls, aliases, kanji, locale, labels, wildcards
    )


def word_diff(old: str, new: str, limit: int = 3) -> tuple[str, list[tuple[str, str]]]:
    """A short ``old → new`` description of two prose texts, and the changed passages."""
    om, nm = list(TOKEN.finditer(old)), list(TOKEN.finditer(new))
    matcher = difflib.SequenceMatcher(None, [m.group() for m in om], [m.group() for m in nm], autojunk=False)

    def span(text: str, ms: list[re.Match[str]], i1: int, i2: int) -> str:
        return text[ms[i1].start() : ms[i2 - 1].end()] if i1 < i2 else ""

    changes = [
        (span(old, om, i1, i2), span(new, nm, j1, j2)) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"
    ]
    return describe_changes(changes, limit), changes


def shorten(text: str) -> str:
    """A long passage cut to 60 characters for a message."""
    return text if len(text) <= 60 else text[:57] + "…"


def describe_changes(changes: list[tuple[str, str]], limit: int = 3) -> str:
    """```old` → `new`; ...`` for a message, at most ``limit`` changes, long sides shortened."""
    shown = [f"`{shorten(a) or '∅'}` → `{shorten(b) or '∅'}`" for a, b in changes[:limit]]
    more = f" (and {len(changes) - limit} more)" if len(changes) > limit else ""
    return "; ".join(shown) + more

"""Tables: shape and language-neutral cells of counterpart tables (drift-table).

Rows are compared in order; a cell's versions, ports, paths and identifiers must agree, while
its words are translated. psql output shapes in listings are ``checks.check_code``'s.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from docsync.drift.align import Pair, neutral_token
from docsync.drift.base import Context, Drift, check, one_sided, prose_pair, quoted
from docsync.drift.normalize import has_cjk, nfkc
from docsync.model import Severity
from docsync.segment import BlockKind

_DIGITS = re.compile(r"^(?:[A-Za-z]+)?(\d+)(?:st|nd|rd|th)?$")


def spelled_alike(only_en: list[str], only_ja: list[str]) -> tuple[list[str], list[str]]:
    """Drop what differs only in how a number is written: "node0" / ノード0 (the Japanese cell's
    token is the bare number), "17th" / 17乗 (an ordinal)."""
    en_digits = {m.group(1): t for t in only_en if (m := _DIGITS.match(t))}
    ja_bare = set(only_ja) & set(en_digits)
    return [t for t in only_en if (m := _DIGITS.match(t)) is None or m.group(1) not in ja_bare], [
        t for t in only_ja if t not in ja_bare
    ]


def _cell_tokens(cell: str) -> tuple[str, ...]:
    """The tokens of a cell that need no translation (a sentence's full stop is not one)."""
    tokens = (t.rstrip(".,:;") for t in re.findall(r"[A-Za-z0-9_./:=~$+-]+", nfkc(cell)))
    return tuple(t for t in tokens if neutral_token(t))


@check(BlockKind.TABLE, codes=("DRF050", "DRF051"))
def check_table(pair: Pair, ctx: Context) -> Iterator[Drift]:
    """Table shape (rows, cells per row), then the neutral tokens of each pair of cells."""
    both = prose_pair(pair)
    if both is None:
        return
    en, ja = both
    if len(en.rows) != len(ja.rows):
        yield Drift(
            "DRF051",
            en.location,
            ja.location,
            f"table has {len(en.rows)} rows in English, {len(ja.rows)} in Japanese",
        )
    for n, (er, jr) in enumerate(zip(en.rows, ja.rows, strict=False)):
        if len(er) != len(jr):
            yield Drift(
                "DRF051",
                en.location,
                ja.location,
                f"table row {n + 1} has {len(er)} cells in English, {len(jr)} in Japanese",
            )
            continue
        for c, (ec, jc) in enumerate(zip(er, jr, strict=True)):
            et, jt = Counter(_cell_tokens(ec)), Counter(_cell_tokens(jc))
            if et == jt:
                continue
            only_en, only_ja = spelled_alike(sorted((et - jt).elements()), sorted((jt - et).elements()))
            if not only_en and not only_ja:
                continue
            where = f"table row {n + 1} cell {c + 1}"
            if only_en and only_ja:
                yield Drift(
                    "DRF050",
                    en.locate(only_en[0]),
                    ja.locate(only_ja[0]),
                    f"{where} differs: English `{' '.join(only_en)}`, Japanese `{' '.join(only_ja)}`",
                )
            elif not has_cjk(jc):  # a one-sided token in a translated cell is prose, not data
                yield Drift(
                    "DRF050",
                    en.location,
                    ja.location,
                    f"{where}: {one_sided(only_en, only_ja, quoted)}",
                    Severity.INFO,
                )

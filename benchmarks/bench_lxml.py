"""Should the Document be an lxml tree? docsync's own tree against an lxml prototype, in one run.

    .venv/bin/python benchmarks/bench_lxml.py [--branch master] [--rounds 9]

The SGML reader stays the same either way (lxml cannot read SGML: no DTD-less omitted tags,
no SGML entities, no marked sections), so an lxml Document means the reader builds lxml
elements instead of its own nodes. The prototype measures what that would cost and buy:

- import: ``import lxml.etree`` in a fresh interpreter, against the interpreter alone;
- build: the reader's tree turned into an lxml tree through ``etree.TreeBuilder`` (the calls a
  reader emitting lxml would make, plus a side table for column positions, which lxml lacks:
  it keeps only ``sourceline``), against the reader's own build (the parse itself);
- serialise: ``etree.tostring`` against ``docsync.sgml.xml.write_xml``;
- select: every ``<programlisting>`` (the block rules' commonest query) by ``iter`` on
  each tree and by XPath on lxml; every ``id`` by walking each tree and by XPath.

Medians of ``--rounds`` rounds, garbage collector off (as the console script runs).

Result on the 2-core VM (shared, load 5-7), upstream master's English book, 9 rounds
(the decision is in docs/development.rst, "Why the Document is not an lxml tree"):

    start-up           python alone 67.7 ms   + import lxml.etree 40.4 ms
    build tree         docsync reader 335.0 ms   + to lxml 271.0 ms
    serialise          docsync 95.8 ms   lxml tostring 33.0 ms
    all programlisting docsync iter 30.68 ms (before the iterator walk) lxml iter 0.90 ms
    ids                docsync by_id 32.66 ms   lxml XPath 15.72 ms
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from docsync.sgml import Comment, Element, Pi, Text, load_document  # noqa: E402
from docsync.sgml.document import Document  # noqa: E402
from docsync.sgml.xml import write_xml  # noqa: E402


def to_lxml(doc: Document):  # returns lxml types; lxml is imported lazily
    """The reader's tree as lxml elements, plus the side table of (line, column) per element."""
    from lxml import etree

    builder = etree.TreeBuilder()
    positions: dict[object, tuple[int, int]] = {}

    def walk(el: Element) -> None:
        node = builder.start(el.tag, el.attrs)
        positions[node] = el.source.position(el.offset)
        for child in el.children:
            kind = type(child)
            if kind is Text:
                builder.data(child.text)  # type: ignore[attr-defined]
            elif kind is Element:
                walk(child)  # type: ignore[arg-type]
            elif kind is Comment:
                builder.comment(child.text)  # type: ignore[attr-defined]
            elif kind is Pi:
                builder.pi(child.text)  # type: ignore[attr-defined]
        builder.end(el.tag)

    assert doc.root is not None
    walk(doc.root)
    return builder.close(), positions


def median_ms(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def import_ms(code: str, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--branch", default="master")
    ap.add_argument("--rounds", type=int, default=9)
    args = ap.parse_args()
    shared = Path(os.environ.get("DOCSYNC_SHARED", PROJECT.parent / "shared"))
    book = shared / "pgpool-docs" / args.branch / "doc/src/sgml/pgpool.sgml"
    n = args.rounds
    bare = import_ms("pass", n)
    with_lxml = import_ms("import lxml.etree", n)
    gc.disable()
    from lxml import etree

    doc = load_document(book)
    tree, positions = to_lxml(doc)
    ours = median_ms(lambda: load_document(book), n)
    build = median_ms(lambda: to_lxml(doc), n)
    ser_ours = median_ms(lambda: write_xml(doc, io.StringIO()), n)
    ser_lxml = median_ms(lambda: etree.tostring(tree, encoding="unicode"), n)
    it_ours = median_ms(lambda: sum(1 for _ in doc.iter("programlisting")), n)
    it_lxml = median_ms(lambda: sum(1 for _ in tree.iter("programlisting")), n)
    xp_lxml = median_ms(lambda: len(tree.xpath("//programlisting")), n)
    id_ours = median_ms(doc.by_id, n)
    id_lxml = median_ms(lambda: {e.get("id"): e for e in tree.xpath("//*[@id]")}, n)
    count = sum(1 for _ in doc.iter())
    print(f"{args.branch} {book.name}: {count} elements, {len(positions)} side-table positions;"
          f" medians of {n} rounds")
    print(f"  start-up           python alone {bare:6.1f} ms   + import lxml.etree {with_lxml - bare:6.1f} ms")
    print(f"  build tree         docsync reader {ours:6.1f} ms   + to lxml {build:6.1f} ms"
          " (a reader emitting lxml pays about this instead of its own nodes)")
    print(f"  serialise          docsync {ser_ours:6.1f} ms   lxml tostring {ser_lxml:6.1f} ms")
    print(f"  all programlisting docsync iter {it_ours:6.2f} ms   lxml iter {it_lxml:6.2f} ms"
          f"   lxml XPath {xp_lxml:6.2f} ms")
    print(f"  ids                docsync by_id {id_ours:6.2f} ms   lxml XPath {id_lxml:6.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

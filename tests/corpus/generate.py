"""Write the bad-input corpus: tests/corpus/cases/<case>/ and tests/corpus/manifest.toml.

    .venv/bin/python tests/corpus/generate.py            # rewrite the corpus
    .venv/bin/python tests/corpus/generate.py --check    # exit 1 if the committed corpus is stale

Every input is made here, in our own words, from small building blocks; each case states what
the command that reads it first must report: its exit code and the rule codes that must be
among the findings (``exit = 2`` means "refused with one line on stderr"). tests/corpus/test_corpus.py
runs every case through every command and format, each in a child process with a hard timeout.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
MANIFEST = HERE / "manifest.toml"


@dataclass
class Case:
    """One input and what reading it must give."""

    name: str
    kind: str  # "sgml" (input.sgml), "conf" (pgpool.conf) or "tree" (a docs tree in tree/)
    files: dict[str, bytes]  # relative path -> content; a str value of SYMLINK: a link
    exit: int
    codes: tuple[str, ...]
    links: dict[str, str] = field(default_factory=dict)  # relative path -> link target
    note: str = ""


SECTION = '<sect1 id="pool-sizing">\n<title>Sizing the Pool</title>\n{body}\n</sect1>\n'
PARA = "<para>\nEach child process keeps {inner} open connections.\n</para>"
CONTEXTS = {
    # where a broken construct is put: {x} is the construct
    "para": SECTION.format(body=PARA.format(inner="{x}")),
    "title": '<sect1 id="pool-sizing">\n<title>Sizing {x} the Pool</title>\n<para>Text.</para>\n</sect1>\n',
    "listing": SECTION.format(body="<programlisting>\nnum_init_children = 32\n{x}\n</programlisting>"),
    "nested": SECTION.format(body='<sect2 id="pool-limits">\n<title>Limits</title>\n'
                             + PARA.format(inner="{x}") + "\n</sect2>"),
    "list": SECTION.format(body="<itemizedlist>\n<listitem><para>one {x}</para></listitem>\n</itemizedlist>"),
    "end": SECTION.format(body=PARA.format(inner="several")) + "{x}",
    "book": '<!DOCTYPE sect1 PUBLIC "-//OASIS//DTD DocBook V4.2//EN" [\n<!ENTITY size "32">\n]>\n'
    + SECTION.format(body=PARA.format(inner="&size; {x}")),
    "table": SECTION.format(body="<informaltable><tgroup cols=\"2\"><tbody>\n<row><entry>port</entry>"
                            "<entry>{x}</entry></row>\n</tbody></tgroup></informaltable>"),
}
# Broken constructs: name -> (text, codes the reader must report)
BROKEN = {
    "tag-without-gt": ("<literal max_pool", ("SGM008",)),
    "end-tag-without-gt": ("<literal>max_pool</literal", ("SGM008",)),
    "unterminated-comment": ("<!-- a remark that never ends", ("SGM008",)),
    "unterminated-pi": ("<?dbhtml never closed", ("SGM008",)),
    "unterminated-marked-section": ("<![ CDATA [ raw text", ("SGM008",)),
    "unterminated-ignore-section": ("<![ IGNORE [ hidden <para>x</para>", ("SGM008",)),
    "undefined-entity": ("&nosuchthing;", ("SGM003",)),
    "stray-ampersand": ("this & that", ("SGM004",)),
    "xml-empty-tag": ('<xref linkend="pool-sizing"/>', ("SGM008",)),
    "mismatched-end-tag": ("</sect4>", ("SGM002",)),
    "unclosed-element": ("<emphasis>never closed", ("SGM001",)),
    "bad-attributes": ('<ulink url="x" "stray">link</ulink>', ("SGM008",)),
    "unterminated-declaration": ("<!ELEMENT never closed", ("SGM008",)),
    "bad-character-reference": ("&#99999999999;", ("SGM003",)),
}
# Broken constructs that only make sense in some contexts.
SKIP = {("unclosed-element", "end"), ("mismatched-end-tag", "end"), ("xml-empty-tag", "end")}


def sgml(name: str, text: str | bytes, exit: int, codes: tuple[str, ...], note: str = "") -> Case:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return Case(name, "sgml", {"input.sgml": data}, exit, codes, note=note)


def broken_markup() -> list[Case]:
    out = []
    for construct, (text, codes) in BROKEN.items():
        for context, template in CONTEXTS.items():
            if (construct, context) in SKIP:
                continue
            severity_exit = 0 if codes == ("SGM004",) else 1
            expected = codes
            if construct in ("unterminated-pi", "unterminated-declaration") and context != "end":
                expected = ("SGM001",)  # it ends at the next '>', taking an end tag with it
            out.append(sgml(f"sgml-{construct}-in-{context}", template.replace("{x}", text), severity_exit, expected))
    return out


def laughs(levels: int, width: int, base: str = "lol") -> str:
    decls = [f'<!ENTITY e0 "{base}">']
    decls += [f'<!ENTITY e{i} "' + f"&e{i - 1};" * width + '">' for i in range(1, levels + 1)]
    return "<!DOCTYPE sect1 [\n" + "\n".join(decls) + f"\n]>\n<sect1 id=x><para>&e{levels};</para></sect1>\n"


def limits() -> list[Case]:
    out = [
        sgml("limit-billion-laughs", laughs(10, 10), 1, ("SGM012",), "the issue's 10 x 10 entity bomb"),
        sgml("limit-billion-laughs-one-more-level", laughs(11, 10), 1, ("SGM012",)),
        sgml("limit-wide-entity-bomb", laughs(4, 200), 1, ("SGM012",)),
        sgml("limit-empty-entity-bomb", laughs(12, 10, base=""), 1, ("SGM012",)),
        sgml("limit-laughs-in-attribute",
             laughs(7, 10).replace("<para>&e7;</para>", '<para><ulink url="&e7;">x</ulink></para>'), 0, (),
             "references in attribute values expand one level: no amplification"),
        sgml("limit-laughs-in-rcdata",
             laughs(7, 10).replace("<para>&e7;</para>", "<para><![ RCDATA [ &e7; ]]></para>"), 0, (),
             "references in RCDATA expand one level: no amplification"),
        sgml("limit-parameter-entity-bomb",
             "<!DOCTYPE sect1 [\n" + '<!ENTITY % p0 "<!-- x -->">\n'
             + "\n".join(f'<!ENTITY % p{i} "' + f"%p{i - 1};" * 10 + '">' for i in range(1, 9))
             + "\n%p8;\n]>\n<sect1 id=x><para>x</para></sect1>\n", 1, ("SGM012",)),
        sgml("limit-entity-depth",
             "<!DOCTYPE sect1 [\n" + "\n".join(f'<!ENTITY d{i} "<emphasis>&d{i + 1};</emphasis>">' for i in range(60))
             + '\n<!ENTITY d60 "bottom">\n]>\n<sect1 id=x><para>&d0;</para></sect1>\n', 1, ("SGM013",)),
        sgml("entity-self-reference", '<!DOCTYPE sect1 [\n<!ENTITY loop "see <emphasis>&loop;</emphasis>">\n]>\n'
             "<sect1 id=x><para>&loop;</para></sect1>\n", 1, ("SGM009",)),
        sgml("parameter-entity-self-reference", '<!DOCTYPE sect1 [\n<!ENTITY % loop "%loop;">\n%loop;\n]>\n'
             "<sect1 id=x><para>x</para></sect1>\n", 1, ("SGM009",)),
    ]
    for depth in (300, 1000, 5000):
        out.append(sgml(f"limit-nested-elements-{depth}",
                        "<sect1 id=x><title>T</title>" + "<para>" * depth + "deep" + "</para>" * depth + "</sect1>\n",
                        1, ("SGM014",), "the issue's RecursionError in sgml2xml and drift"))
    out.append(sgml("limit-nested-unclosed-elements", "<sect1 id=x>" + "<emphasis>" * 2000, 1, ("SGM014",)))
    for depth in (100, 3000):
        out.append(sgml(f"limit-nested-marked-sections-{depth}",
                        "<sect1 id=x><title>T</title>" + "<![ INCLUDE [" * depth + "<para>x</para>" + "]]>" * depth
                        + "</sect1>\n", 1, ("SGM015",)))
    out.append(sgml("nested-marked-sections-within-limit",
                    "<sect1 id=x><title>T</title>" + "<![ INCLUDE [" * 60 + "<para>x</para>" + "]]>" * 60
                    + "</sect1>\n", 0, ()))
    out.append(sgml("nested-ignore-sections", "<sect1 id=x><title>T</title>" + "<![ IGNORE [" * 3000 + "x"
                    + "]]>" * 3000 + "<para>x</para></sect1>\n", 0, ()))
    return out


def binary() -> list[Case]:
    rng = random.Random(8)
    out = []
    for size in (512, 8192, 65536):
        data = bytes(rng.randrange(256) for _ in range(size))
        out.append(sgml(f"binary-random-{size}-bytes", data, 1, ("SGM010",)))
    out.append(Case("binary-random-named-example-cluster", "tree", {
        "tree/doc/src/sgml/example-cluster.sgml": bytes(rng.randrange(256) for _ in range(200_000)),
        "tree/doc.ja/src/sgml/example-cluster.sgml": bytes(rng.randrange(256) for _ in range(200_000)),
    }, 1, ("SGM010",), note="the issue's 200 KB of random bytes: every command ran past 180 s"))
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4000))
    out.append(sgml("binary-png-image", png, 1, ("SGM010",)))
    gzip = b"\x1f\x8b\x08\x00" + bytes(rng.randrange(256) for _ in range(3000))
    out.append(sgml("binary-gzip", gzip, 1, ("SGM010",)))
    utf16 = SECTION.format(body=PARA.format(inner="16")).encode("utf-16-le")
    out.append(sgml("binary-utf16-text", utf16, 1, ("SGM010",)))
    out.append(sgml("latin1-byte", SECTION.format(body=PARA.format(inner="caf\xe9")).encode("latin-1"), 1, ("SGM005",)))
    out.append(sgml("stray-nul-in-text", SECTION.format(body=PARA.format(inner="a\x00b")).encode(), 1, ("SGM005",)))
    out.append(sgml("control-character", SECTION.format(body=PARA.format(inner="bell\x07")).encode(), 1, ("SGM005",)))
    out.append(sgml("empty-file", b"", 1, ("SGM008",)))
    out.append(sgml("only-whitespace", b"\n\n   \n", 1, ("SGM008",)))
    out.append(sgml("only-a-comment", b"<!-- nothing else -->\n", 1, ("SGM008",)))
    out.append(sgml("bom-and-crlf", b"\xef\xbb\xbf" + SECTION.format(body=PARA.format(inner="8")).replace(
        "\n", "\r\n").encode(), 0, ()))
    return out


# Shapes whose naive scanning is super-linear; each is a case at a size that used to hang.
SHAPES = {
    "unclosed-tag-before-text": ('<sect1 id="a"><para\n' + "word " * 3000 + "</para></sect1>", ("SGM008",)),
    "long-unclosed-name": ("<h" + "a" * 20000, ("SGM008",)),
    "long-attribute-run": ("<para " + "a" * 20000, ("SGM008",)),
    "many-unclosed-tags": ("<para>" + "<a b " * 4000, ("SGM008",)),
    "unclosed-double-quotes": ("<para>" + '<a "' * 4000, ("SGM008",)),
    "unclosed-mixed-quotes": ("<para>" + "<a '\"" * 4000, ("SGM008",)),
    "quotes-holding-tags": ("<para>" + "<a x=\"<b y='" * 4000, ("SGM008",)),
    "many-unterminated-comments": ("<para>" + "<!-- " * 4000, ("SGM008",)),
    "comment-of-dashes": ("<para><!--" + "-- " * 6000, ("SGM008",)),
    "comment-close-without-gt": ("<para><!----" + " " * 20000 + "x", ("SGM008",)),
    "many-unterminated-pis": ("<para>" + "<?" * 6000, ("SGM008",)),
    "many-marked-section-openers": ("<para>" + "<![" * 6000, ("SGM015",)),  # each '<!' keyword: INCLUDE
    "marked-section-keyword-space": ("<para><![" + " " * 30000, ("SGM008",)),
    "many-cdata-openers": ("<para>" + "<![CDATA[x" * 4000, ("SGM008",)),
    "many-declaration-openers": ("<para>" + "<!" * 6000, ("SGM008",)),
    "entity-declaration-space": ("<!DOCTYPE a [<!ENTITY a SYSTEM" + " " * 30000 + "x", ("SGM008",)),
    "doctype-of-open-declarations": ("<!DOCTYPE a [" + "<!ENTITY " * 4000, ("SGM008",)),
    "many-unclosed-end-tags": ("<para>" + "</a " * 4000, ("SGM008",)),
    "references-ended-by-newline": ("<para>" + "&a\n" * 4000, ("SGM003",)),
    "long-entity-name": ("<para>&" + "a" * 20000, ("SGM003",)),
    "many-brackets": ("<para>x" + "]]" * 6000 + "</para>", ()),
    "leading-comments": ("<!---->" * 4000 + "<para>x</para>", ()),
    "attribute-equals-run": ("<para a=" + "=" * 20000, ("SGM008",)),
    "attribute-space-run": ("<para a" + " " * 20000 + "=", ("SGM008",)),
    "many-empty-end-tags": ("<para>" + "</ " * 6000, ("SGM001",)),
    "many-ampersands": ("<para>x" + "& " * 6000 + "</para>", ("SGM004",)),
}


def shapes() -> list[Case]:
    out = []
    for name, (text, codes) in SHAPES.items():
        exit = 0 if codes in ((), ("SGM004",)) else 1
        out.append(sgml(f"scaling-{name}", text, exit, codes))
    return out


def repros() -> list[Case]:
    return [
        sgml("issue8-para-without-gt",
             '<sect1 id="a">\n<title>T</title>\n<para\nThis parameter sets the pool size.\n</para>\n</sect1>\n',
             1, ("SGM008",), "issue 8: killed at 60 s before the fix"),
        sgml("issue8-h-and-24-letters", "<h" + "a" * 24 + "\n", 1, ("SGM008",), "issue 8: 8 s before the fix"),
        sgml("issue8-ulink-without-gt",
             '<sect1 id="a"><title>T</title>\n<para>See the <ulink url="x"manual</ulink> now.</para>\n</sect1>\n',
             1, ("SGM008", "SGM002"), "issue 8: sgml2xml printed 'See the <ulink' twice"),
    ]


def external_entities() -> list[Case]:
    book = ('<!DOCTYPE book PUBLIC "-//OASIS//DTD DocBook V4.2//EN" [\n{decls}\n]>\n'
            "<book id=b><title>B</title>\n{refs}\n</book>\n")
    chapter = '<chapter id="c{i}"><title>C</title><para>Chapter {i}.</para></chapter>\n'

    def tree(name: str, en: dict[str, bytes], exit: int, codes: tuple[str, ...],
             links: dict[str, str] | None = None, note: str = "") -> Case:
        files = {f"tree/doc/src/sgml/{k}": v for k, v in en.items()}
        files.update({f"tree/doc.ja/src/sgml/{k}": v for k, v in en.items()})
        lk = {f"tree/{lang}/src/sgml/{k}": v for lang in ("doc", "doc.ja") for k, v in (links or {}).items()}
        return Case(name, "tree", files, exit, codes, lk, note)

    ok = {"c1.sgml": chapter.format(i=1).encode()}
    return [
        tree("tree-missing-entity-file", {"pgpool.sgml": book.format(
            decls='<!ENTITY c1 SYSTEM "c1.sgml">\n<!ENTITY gone SYSTEM "gone.sgml">', refs="&c1;\n&gone;").encode(),
            **ok}, 1, ("SGM007",)),
        tree("tree-entity-outside-root", {"pgpool.sgml": book.format(
            decls='<!ENTITY c1 SYSTEM "c1.sgml">\n<!ENTITY out SYSTEM "../../../../outside.sgml">',
            refs="&c1;\n&out;").encode(), **ok}, 1, ("SGM006",)),
        tree("tree-entity-symlink-loop", {"pgpool.sgml": book.format(
            decls='<!ENTITY c1 SYSTEM "c1.sgml">\n<!ENTITY loop SYSTEM "loop.sgml">', refs="&c1;\n&loop;").encode(),
            **ok}, 1, ("SGM007",), links={"loop.sgml": "loop2.sgml", "loop2.sgml": "loop.sgml"},
            note="a symlink loop is reported as a loop, not as a missing file"),
        tree("tree-binary-chapter", {"pgpool.sgml": book.format(
            decls='<!ENTITY c1 SYSTEM "c1.sgml">\n<!ENTITY bin SYSTEM "bin.sgml">', refs="&c1;\n&bin;").encode(),
            **ok, "bin.sgml": random.Random(3).randbytes(20000)}, 1, ("SGM010",)),
        tree("tree-entity-recursion-through-files", {"pgpool.sgml": book.format(
            decls='<!ENTITY c1 SYSTEM "c1.sgml">', refs="&c1;").encode(),
            "c1.sgml": b'<chapter id="c1"><title>C</title><para>again &c1;</para></chapter>\n'}, 1, ("SGM009",)),
        tree("tree-chapter-laughs", {"pgpool.sgml": book.format(
            decls="\n".join([laughs(9, 10).split("\n", 1)[1].split("\n]>")[0], '<!ENTITY c1 SYSTEM "c1.sgml">']),
            refs="&c1;").encode(), "c1.sgml": b'<chapter id="c1"><title>C</title><para>&e9;</para></chapter>\n'},
            1, ("SGM012",)),
        tree("tree-broken-chapters", {"pgpool.sgml": book.format(
            decls="\n".join(f'<!ENTITY c{i} SYSTEM "c{i}.sgml">' for i in range(5)),
            refs="\n".join(f"&c{i};" for i in range(5))).encode(),
            **{f"c{i}.sgml": CONTEXTS["nested"].replace("{x}", text).replace("pool-", f"c{i}-").encode()
               for i, text in enumerate(("<literal x", "<!-- open", "&undefined;", "</sect5>", "<![ CDATA [ x"))}},
            1, ("SGM008", "SGM003", "SGM002")),
        Case("tree-japanese-chapter-broken", "tree", {
            "tree/doc/src/sgml/a.sgml": CONTEXTS["para"].replace("{x}", "32").encode(),
            "tree/doc.ja/src/sgml/a.sgml": CONTEXTS["para"].replace("{x}", "<literal 32").encode()}, 1, ("SGM008",)),
        tree("tree-deep-chapter", {"a.sgml": ("<chapter id=a>" + "<para>" * 1000 + "</chapter>\n").encode()}, 1,
             ("SGM014",)),
    ]


CONF_OK = "port = 9999\nnum_init_children = 32\n"


def conf(name: str, data: str | bytes, exit: int, codes: tuple[str, ...], note: str = "") -> Case:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return Case(name, "conf", {"pgpool.conf": raw}, exit, codes, note=note)


def confs() -> list[Case]:
    rng = random.Random(11)
    out = [
        conf("conf-unterminated-string", "listen_addresses = '*\n" + CONF_OK, 1, ("PGP002",)),
        conf("conf-long-unterminated-string", "listen_addresses = '" + "x" * 100_000 + "\n", 1, ("PGP002",)),
        conf("conf-missing-value", "port =\n", 1, ("PGP004",)),
        conf("conf-stray-token", "port = 9999 extra\n", 1, ("PGP005",)),
        conf("conf-byte-order-mark", b"\xef\xbb\xbf" + CONF_OK.encode(), 1, ("PGP006",)),
        conf("conf-nul-byte", b"port = 99\x0099\n" + CONF_OK.encode(), 1, ("PGP007",)),
        conf("conf-random-bytes", bytes(rng.randrange(256) for _ in range(20_000)), 2, (),
             "binary: refused with one line"),
        conf("conf-latin1", "# caf\xe9\n".encode("latin-1") + CONF_OK.encode(), 0, ("PGP010",)),
        conf("conf-include-itself", "include 'pgpool.conf'\n" + CONF_OK, 1, ("PGP009",)),
        conf("conf-include-missing", "include 'nowhere.conf'\n" + CONF_OK, 1, ("PGP009",)),
        conf("conf-long-key", "a" * 100_000 + " = 1\n", 1, ("PGP101",)),
        conf("conf-equals-run", "port " + "=" * 50_000 + "\n", 1, ("PGP001",)),
        conf("conf-space-run", "port" + " " * 100_000 + "!\n", 1, ("PGP302",), "was quadratic in the lexer"),
        conf("conf-quote-run", "port = " + "'" * 50_001 + "\n", 1, ("PGP001",)),
        conf("conf-many-lines", "# comment\n" * 20_000 + CONF_OK, 0, ()),
        conf("conf-many-duplicates", "port = 9999\n" * 5000, 0, ("PGP401",)),
        conf("conf-empty", b"", 0, ()),
        conf("conf-crlf", CONF_OK.replace("\n", "\r\n"), 0, ()),
        conf("conf-backslash-run", "listen_addresses = '" + "\\" * 50_001 + "\n", 1, ("PGP002",)),
        conf("conf-long-number", "port = " + "9" * 100_000 + "\n", 1, ("PGP311",),
             "int() refuses more than 4,300 digits: this was an internal error"),
    ]
    for i, bad in enumerate(["= 1", "'x' = 1", "port == 1", "port = 'a' 'b'", "port = 1 # ok\n'", "\\", ";",
                             "port = 0x", "port = 1e", "port = -", "port = ''''", "port='", "port = \"1\"",
                             "include", "include_dir 'nowhere'", "include_if_exists ''"]):
        out.append(conf(f"conf-broken-line-{i:02d}", CONF_OK + bad + "\n", 1, ()))
    out.append(Case("conf-symlink-loop", "conf", {}, 2, (), {"pgpool.conf": "pgpool.conf"},
                    "a symlink loop is reported as a loop"))
    return out


def all_cases() -> list[Case]:
    return [*repros(), *broken_markup(), *limits(), *binary(), *shapes(), *external_entities(), *confs()]


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(target: Path) -> None:
    cases = all_cases()
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    if target.exists():
        shutil.rmtree(target)
    lines = ["# Generated by tests/corpus/generate.py: edit that script, not this file.", ""]
    for case in cases:
        base = target / "cases" / case.name
        base.mkdir(parents=True)
        for rel, data in case.files.items():
            (base / rel).parent.mkdir(parents=True, exist_ok=True)
            (base / rel).write_bytes(data)
        for rel, dest in case.links.items():
            (base / rel).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(dest, base / rel)
        lines += ["[[case]]", f"name = {_toml_str(case.name)}", f"kind = {_toml_str(case.kind)}",
                  f"exit = {case.exit}", "codes = [" + ", ".join(_toml_str(c) for c in case.codes) + "]"]
        if case.note:
            lines.append(f"note = {_toml_str(case.note)}")
        lines.append("")
    (target / "manifest.toml").write_text("\n".join(lines), encoding="utf-8")


def _snapshot(root: Path) -> dict[str, bytes | str]:
    out: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            out[rel] = path.read_bytes()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    opts = ap.parse_args()
    if not opts.check:
        with tempfile.TemporaryDirectory() as tmp:
            write(Path(tmp) / "corpus")
            if CASES.exists():
                shutil.rmtree(CASES)
            shutil.copytree(Path(tmp) / "corpus" / "cases", CASES, symlinks=True)
            shutil.copy(Path(tmp) / "corpus" / "manifest.toml", MANIFEST)
        print(f"wrote {len(all_cases())} cases to {CASES}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        write(Path(tmp) / "corpus")
        fresh = _snapshot(Path(tmp) / "corpus")
    committed = {k: v for k, v in _snapshot(HERE).items()
                 if k.startswith("cases/") or k == "manifest.toml"}
    if fresh != committed:
        sys.stderr.write("tests/corpus is stale: run tests/corpus/generate.py\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

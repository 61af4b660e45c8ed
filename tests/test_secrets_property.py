"""Secrets planted wherever a secret can stand never reach any output (issue 8).

Random secrets (printable text with quotes, blanks, ``=``, ``#`` and non-ASCII letters, as the
position's syntax allows) go into every secret parameter of a pgpool.conf, in every syntax
(quoted, unquoted, several words, unterminated, no ``=``, after another setting), and into
every documented secret shape of an English and a Japanese chapter. Then every command runs
in every format: ``lint`` (and ``--diff``, ``--fix``), ``extract`` (and ``--diff``,
``--check``), ``drift``, ``check`` and ``sgml2xml``; no secret may appear on stdout, stderr,
in a generated file or in the HTML report.

A secret is recognised by its two cores (``Zq``, a tag unique to the position, 6 random letters
or digits): a leak of either core, even of part of the secret, fails the test. Commands run in process
through ``docsync.cli.main``; ``test_console_script_*`` run the installed script once.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import string
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docsync.cli import main

RANDOM6 = st.text(alphabet=string.ascii_letters + string.digits, min_size=6, max_size=6)
# What may stand between the cores, per position (SGML escaping is added when written).
ANY = string.ascii_letters + string.digits + " '\"=#\\:;,.-_!?$%&*()[]{}<>|~^`@+/" + "éßパスワード秘密"
NO_QUOTES = ANY.replace("'", "").replace('"', "")
WORD = string.ascii_letters + string.digits + "-_.+@%,/!?~^=:" + "éßパス"
CONNINFO = string.ascii_letters + string.digits + "-_.+@%,/!?~^:" + "éß"
NO_QUOTES_COLON = NO_QUOTES.replace(":", "")
SQL = ANY.replace('"', "")  # inside a psql line; a quote is doubled when written
HEX = "0123456789abcdef"
# What breaks naive masking most: blanks that split words, quotes that end strings early,
# doubled quotes, comment signs, escapes; drawn more often than single random characters.
PIECES = (" ", "  ", "\t", "'", "''", '"', "=", " = ", "#", " #", "\\", "\\'", ";", "é", "密", "x y")


@dataclass(frozen=True)
class Secret:
    """A planted secret: its text and the cores a leak is recognised by."""

    text: str
    cores: tuple[str, ...]


def secrets(alphabet: str, *, strip: bool = False):
    """For a tag: two cores with up to six characters of ``alphabet`` between them."""

    def strategy(tag: str) -> st.SearchStrategy[Secret]:
        def make(a: str, middle: str, b: str) -> Secret:
            if strip:
                middle = middle.strip()
            a, b = f"Zq{tag}a{a}", f"Zq{tag}b{b}"
            return Secret(a + middle + b, (a, b))

        pieces = [p for p in PIECES if all(c in alphabet for c in p)]
        middle = st.lists(st.sampled_from(pieces) | st.text(alphabet=alphabet, max_size=2), max_size=4).map("".join)
        return st.builds(make, RANDOM6, middle, RANDOM6)

    return strategy


def hashes():
    """For a tag (digits only): an MD5-shaped hash of 32 hex digits that starts with it."""

    def strategy(tag: str) -> st.SearchStrategy[Secret]:
        prefix = "".join(c for c in tag if c in HEX).rjust(4, "f")

        def make(rest: str) -> Secret:
            h = (prefix + "e" + rest)[:32]
            return Secret(h, (h[:12], h[-12:]))

        return st.text(alphabet=HEX, min_size=32, max_size=32).map(make)

    return strategy


# -- pgpool.conf --------------------------------------------------------------------------------

SECRET_PARAMETERS = (
    "wd_authkey",
    "health_check_password",
    "sr_check_password",
    "recovery_password",
    "wd_lifecheck_password",
    "health_check_password0",
)
# Every way a secret can stand on a line, well-formed or not ({n} name, {v} secret).
CONF_FORMS = (
    "{n} = '{v}'",
    "{n} = {v}",
    "{n}={v}",
    "{n} '{v}'",
    "{n} = '{v}",
    "{n} = '{v}' # rotated yearly",
    "port = 9999 {n} = '{v}'",
    "{n} = {v} # no quotes",
)


@st.composite
def confs(draw) -> tuple[str, list[Secret]]:
    lines = ["backend_clustering_mode = 'streaming_replication'", "follow_master_command = 'x'"]
    planted = []
    for i, name in enumerate(SECRET_PARAMETERS):
        secret = draw(secrets(ANY)(f"{i:02d}"))
        form = draw(st.sampled_from(CONF_FORMS))
        lines.append(form.format(n=name, v=secret.text))
        planted.append(secret)
    return "\n".join(lines) + "\n", planted


def run(argv: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    """``docsync ARGV`` in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


def assert_no_leak(planted: list[Secret], outputs: dict[str, str]) -> None:
    leaks = sorted(
        (where, core)
        for where, text in outputs.items()
        for secret in planted
        for core in secret.cores
        if core in text
    )
    assert not leaks, f"secrets leaked: {leaks[:5]}"


def assert_planted(planted: list[Secret], text: str) -> None:
    """The oracle is live: the input really holds every secret's cores."""
    missing = [c for s in planted for c in s.cores if c not in text]
    assert not missing, f"not planted: {missing}"


LINT_FORMATS = ("text", "json", "sarif", "github")


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(conf=confs())
def test_no_secret_of_a_pgpool_conf_is_ever_printed(conf, tmp_path_factory) -> None:
    text, planted = conf
    path = tmp_path_factory.mktemp("conf") / "pgpool.conf"
    path.write_text(text, encoding="utf-8")
    assert_planted(planted, path.read_text(encoding="utf-8"))
    outputs: dict[str, str] = {}
    for fmt in LINT_FORMATS:
        for extra in ([], ["--ignore", "canonical-mismatch"]):
            code, out, err = run(["lint", "-j", "1", "--pgpool-version", "4.4", "-f", fmt, *extra, str(path)])
            assert code in (0, 1), err
            outputs[f"lint {fmt} {extra} stdout"] = out
            outputs[f"lint {fmt} {extra} stderr"] = err
    for extra in (["--diff"], ["--diff", "--ignore", "syntax"], ["--ignore", "syntax", "--fix"]):
        code, out, err = run(["lint", "-j", "1", "--pgpool-version", "4.4", *extra, str(path)])
        assert code in (0, 1), err
        outputs[f"lint {extra} stdout"] = out
        outputs[f"lint {extra} stderr"] = err
    code, out, err = run(["lint", "-j", "1", "-f", "json", "-"], stdin=text)
    outputs["lint stdin"] = out + err
    assert_no_leak(planted, outputs)


# -- documentation ------------------------------------------------------------------------------


def sgml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Slot name -> (strategy, how the secret is written into the listing).
DOC_SLOTS = {
    "pgpass_echo": (secrets(NO_QUOTES), lambda v: v),
    "pgpass_line": (secrets(NO_QUOTES, strip=True), lambda v: v),
    "pcppass_echo": (secrets(NO_QUOTES_COLON), lambda v: v),
    "pcp_line": (hashes(), lambda v: v),
    "pcp_echo": (hashes(), lambda v: v),
    "pool_passwd": (hashes(), lambda v: v),
    "md5_word": (secrets(WORD), lambda v: v),
    "md5_quoted": (secrets(NO_QUOTES), lambda v: v),
    "enc_word": (secrets(WORD), lambda v: v),
    "enc_key": (secrets(WORD), lambda v: v),
    "sql_alter": (secrets(SQL), lambda v: v.replace("'", "''")),
    "sql_create": (secrets(SQL), lambda v: v.replace("'", "''")),
    "conninfo": (secrets(CONNINFO), lambda v: v),
    "pgpassword": (secrets(WORD), lambda v: v),
    "pgpassword_quoted": (secrets(NO_QUOTES.replace("\\", "")), lambda v: v),
    "authkey": (secrets(NO_QUOTES.replace("\\", "")), lambda v: v),
    "inline": (secrets(WORD), lambda v: v),
}

CHAPTER = """\
<!-- A chapter of docsync's secret tests, in our own words. -->
<sect1 id="secrets">
 <title>{title}</title>
 <sect2 id="secrets-files">
  <title>{files}</title>
  <para>{para_files} <literal>PGPASSWORD={inline}</literal></para>
  <programlisting>
[{all}]# su - postgres
[{all}]$ echo 'server1:5432:replication:repl:{pgpass_echo}' &gt;&gt; ~/.pgpass
[{all}]$ echo '*:9898:pgpool:{pcppass_echo}' &gt; ~/.pcppass
[{all}]$ exit
  </programlisting>
  <programlisting>
[{all}]# vi ~postgres/.pgpass
  </programlisting>
  <programlisting>
server2:5432:replication:repl:{pgpass_line}
  </programlisting>
  <programlisting>
[{all}]# pg_md5 {md5_word}
[{all}]# pg_md5 -m -u pgpool '{md5_quoted}'
[{all}]# pg_enc -m -k /var/lib/postgresql/.pgpoolkey -u pgpool {enc_word}
[{all}]# pg_enc -K {enc_key} -u pgpool -p
[{all}]# echo 'pgpool:{pcp_echo}' &gt;&gt; /etc/pgpool2/pcp.conf
[{all}]# echo 'app:md5{pool_passwd}' &gt;&gt; /etc/pgpool2/pool_passwd
  </programlisting>
  <programlisting>
[{all}]# vi /etc/pgpool2/pcp.conf
  </programlisting>
  <programlisting>
pgpool:{pcp_line}
  </programlisting>
 </sect2>
 <sect2 id="secrets-sql">
  <title>{sql}</title>
  <para>{para_sql}</para>
  <programlisting>
[server1]# su - postgres
[server1]$ psql
postgres=# ALTER ROLE repl PASSWORD '{sql_alter}';
postgres=# CREATE ROLE app LOGIN PASSWORD '{sql_create}';
postgres=# \\q
[server1]$ PGPASSWORD={pgpassword} psql -h server2 -U postgres -c 'SELECT 1'
[server1]$ PGPASSWORD='{pgpassword_quoted}' psql -h server3 -U postgres -c 'SELECT 1'
  </programlisting>
  <programlisting>
[{all}]# vi /etc/postgresql/15/main/postgresql.conf
  </programlisting>
  <programlisting>
primary_conninfo = 'host=server1 port=5432 user=repl password={conninfo}'
  </programlisting>
  <programlisting>
[{all}]# vi /etc/pgpool2/pgpool.conf
  </programlisting>
  <programlisting>
wd_authkey = '{authkey}'
  </programlisting>
 </sect2>
</sect1>
"""

WORDS = {
    "en": {
        "title": "Passwords", "files": "Password files", "sql": "Roles",
        "para_files": "Store the passwords so that scripts run without a terminal, or pass one in",
        "para_sql": "Set the passwords of the roles.", "all": "all servers",
    },
    "ja": {
        "title": "パスワード", "files": "パスワードファイル", "sql": "ロール",
        "para_files": "端末なしでスクリプトが動くようにパスワードを保存するか、次のように渡します",
        "para_sql": "ロールのパスワードを設定します。", "all": "全サーバ",
    },
}


@st.composite
def doc_trees(draw) -> dict[str, dict[str, Secret]]:
    return {
        lang: {slot: draw(strategy(f"{n}{i:02d}")) for i, (slot, (strategy, _)) in enumerate(DOC_SLOTS.items())}
        for n, lang in enumerate(("en", "ja"), start=1)
    }


def write_docs(root: Path, planted: dict[str, dict[str, Secret]]) -> None:
    for lang, sub in (("en", "doc"), ("ja", "doc.ja")):
        values = {
            slot: sgml_escape(DOC_SLOTS[slot][1](secret.text)) for slot, secret in planted[lang].items()
        }
        directory = root / sub / "src" / "sgml"
        directory.mkdir(parents=True)
        (directory / "example-secrets.sgml").write_text(CHAPTER.format(**WORDS[lang], **values), encoding="utf-8")


def read_outputs(directory: Path) -> dict[str, str]:
    return {
        str(p): p.read_text(encoding="utf-8", errors="replace") for p in sorted(directory.rglob("*")) if p.is_file()
    }


REPORT_FORMATS = ("text", "json", "sarif", "github", "html")


def run_docs_commands(docs: Path, out: Path) -> dict[str, str]:
    """Every command that reads the docs, in every format; their output and generated files."""
    outputs: dict[str, str] = {}

    def record(name: str, argv: list[str], codes: tuple[int, ...] = (0, 1)) -> None:
        code, stdout, stderr = run(argv)
        assert code in codes, f"{name}: exit {code}: {stderr[-500:]}"
        outputs[f"{name} stdout"] = stdout
        outputs[f"{name} stderr"] = stderr

    record("extract", ["extract", "--docs", str(docs), "--out", str(out)])
    record("extract json", ["extract", "--docs", str(docs), "--out", str(out), "-f", "json"])
    outputs.update(read_outputs(out))
    # An artifact on disk that predates masking: --diff and --check must mask what they show.
    script = out / "en" / "example-secrets" / "scripts" / "all-servers.sh"
    raw = (docs / "doc" / "src" / "sgml" / "example-secrets.sgml").read_text(encoding="utf-8")
    stale = "\n".join(line.split("$ ", 1)[-1].split("# ", 1)[-1] for line in raw.splitlines() if "pg_md5" in line)
    script.write_text(script.read_text(encoding="utf-8").replace("set -e", "set -e\n" + stale, 1), encoding="utf-8")
    record("extract diff", ["extract", "--docs", str(docs), "--out", str(out), "--check", "--diff"], (1, 2))
    record("extract diff json", ["extract", "--docs", str(docs), "--out", str(out), "--diff", "--check", "-f", "json"],
           (1, 2))
    for fmt in REPORT_FORMATS:
        record(f"drift {fmt}", ["drift", str(docs), "-f", fmt])
        record(f"check {fmt}", ["check", "--docs", str(docs), "--out", str(out), "-f", fmt], (0, 1, 2))
    for lang in ("doc", "doc.ja"):
        _code, _, stderr = run(["sgml2xml", str(docs / lang / "src" / "sgml" / "example-secrets.sgml")])
        outputs[f"sgml2xml {lang} stderr"] = stderr
    return outputs


@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(planted=doc_trees())
def test_no_documented_secret_is_ever_printed_or_generated(planted, tmp_path_factory) -> None:
    root = tmp_path_factory.mktemp("docs")
    docs, out = root / "docs", root / "out"
    write_docs(docs, planted)
    everything = [s for lang in planted.values() for s in lang.values()]
    sources = "\n".join(read_outputs(docs).values())
    assert_planted(everything, sources.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    outputs = run_docs_commands(docs, out)
    assert any("DRF" in text for name, text in outputs.items() if name.startswith("drift")), "drift saw nothing"
    assert (out / "en" / "example-secrets" / "scripts").is_dir(), "extract generated no scripts"
    assert_no_leak(everything, outputs)


# -- the installed console script, once ------------------------------------------------------------

def test_console_script_masks_documented_secrets(tmp_path) -> None:
    """The real entry point (subprocess): drift and check in text and HTML, extract's files."""
    planted = {
        lang: {
            slot: (Secret(_hex(lang, i), (_hex(lang, i)[:12],)) if slot in ("pcp_line", "pcp_echo", "pool_passwd")
                   else Secret(f"ZqFix{lang}{i:02d}tail", (f"ZqFix{lang}{i:02d}tail",)))
            for i, slot in enumerate(DOC_SLOTS)
        }
        for lang in ("en", "ja")
    }
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_docs(docs, planted)
    exe = shutil.which("docsync", path=str(Path(sys.executable).parent))
    assert exe is not None
    outputs: dict[str, str] = {}
    for argv in (
        ["extract", "--docs", str(docs), "--out", str(out)],
        ["drift", str(docs)],
        ["drift", str(docs), "-f", "html"],
        ["check", "--docs", str(docs), "--out", str(out), "-f", "sarif"],
    ):
        proc = subprocess.run([exe, *argv], capture_output=True, text=True, timeout=120)
        assert proc.returncode in (0, 1), proc.stderr
        outputs[" ".join(argv[:1]) + " out"] = proc.stdout
        outputs[" ".join(argv[:1]) + " err"] = proc.stderr
    outputs.update(read_outputs(out))
    assert re.search(r"DRF02\d", outputs["drift out"])
    assert_no_leak([s for lang in planted.values() for s in lang.values()], outputs)


def _hex(lang: str, i: int) -> str:
    return ("e" if lang == "en" else "a") + f"{i:02d}" + "5ebe2294ecd0e0f08eab7690d2a6e"[: 29]

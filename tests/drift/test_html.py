"""The html report: a self-contained page, checked in headless Chromium (Debian's chromium)."""

from __future__ import annotations

from pathlib import Path

from docsync.htmlreport import format_html
from docsync.model import Finding, Location, Related
from docsync.report import ReportContext
from docsync.rules import rule
from tests.conftest import chromium_dom
from tests.drift.helpers import drift_texts, sect

# Document text that a listing diff quotes into a message: it must stay text.
SCRIPT = "<script>document.body.id='pwned'</script>"


def _page(tmp_path: Path) -> Path:
    en = sect(
        "<programlisting>\necho &lt;script&gt;document.body.id='pwned'&lt;/script&gt;\n"
        "</programlisting>\n<para>Keep 3 copies.</para>"
    )
    ja = sect("<programlisting>\necho safe\n</programlisting>\n<para>4つのコピーを保持します。</para>")
    findings = drift_texts(tmp_path, en, ja)
    assert any(SCRIPT in f.message for f in findings)
    page = tmp_path / "report.html"
    html = "\n".join(format_html(findings, ReportContext(files=1, title="drift <b>report</b>"))) + "\n"
    page.write_text(html, encoding="utf-8")
    return page


def test_page_is_escaped_and_self_contained(tmp_path: Path) -> None:
    html = _page(tmp_path).read_text(encoding="utf-8")
    assert "<script" not in html  # not a single script element, ours or the document's
    assert "&lt;script&gt;" in html
    assert "drift &lt;b&gt;report&lt;/b&gt;" in html
    assert "http://" not in html and "src=" not in html and "<link" not in html


def test_empty_report() -> None:
    html = "\n".join(format_html([], ReportContext(title="t")))
    assert "No drift found." in html


def test_both_locations_and_related_message() -> None:
    r = rule("DRF020")
    f = Finding.of(
        r,
        Location("doc/src/sgml/a.sgml", 3, 1),
        "EN `x` vs JA `y`",
        related=(Related(Location("doc.ja/src/sgml/a.sgml", 4, 1), "Japanese has `y`"),),
    )
    html = "\n".join(format_html([f], ReportContext(title="t")))
    assert "doc/src/sgml/a.sgml:3:1" in html and "doc.ja/src/sgml/a.sgml:4:1" in html
    assert "<code>x</code>" in html and "<code>y</code>" in html


def test_renders_in_headless_chromium(tmp_path: Path) -> None:
    dom = chromium_dom(_page(tmp_path), tmp_path / "profile")
    assert 'id="pwned"' not in dom  # the script never ran
    assert "&lt;script&gt;" in dom  # it is shown as text
    assert dom.count('class="finding ') == 2  # DRF020 and DRF030 rows rendered
    assert "DRF020" in dom and "DRF030" in dom
    assert "en.sgml:" in dom and "ja.sgml:" in dom
    assert 'id="files"' in dom  # the per-file summary

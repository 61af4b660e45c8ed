"""The document model's element vocabulary is data (rules/segments.toml), read into typed values."""

from __future__ import annotations

from pathlib import Path

import pytest

from docsync.errors import UsageError
from docsync.paths import RULES_DIR
from docsync.segment import vocabulary
from docsync.segment.vocabulary import BlockKind, load_vocabulary


def test_the_shipped_vocabulary() -> None:
    v = load_vocabulary()
    assert v.kind_of_tag["programlisting"] is BlockKind.CODE and v.kind_of_tag["simpara"] is BlockKind.PARA
    assert "sect2" in v.sections and "indexterm" in v.skip and "filename" in v.inline_code
    assert set(v.kind_of_tag.values()) == set(BlockKind)  # every kind has its elements


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("placeholder =", "colour = 1\nplaceholder ="), "unknown option colour"),
        (lambda t: t.replace("table = ['table', 'informaltable']", "tabel = ['table']"), "needs 'table'"),
        (lambda t: t.replace("skip_elements = ['indexterm',", "skip_elements = [1,"), "list of element names"),
    ],
)
def test_a_malformed_vocabulary_is_a_usage_error(tmp_path: Path, monkeypatch, edit, message: str) -> None:
    (tmp_path / "segments.toml").write_text(edit((RULES_DIR / "segments.toml").read_text(encoding="utf-8")),
                                            encoding="utf-8")
    monkeypatch.setattr(vocabulary, "RULES_DIR", tmp_path)
    load_vocabulary.cache_clear()
    try:
        with pytest.raises(UsageError, match=message):
            load_vocabulary()
    finally:
        load_vocabulary.cache_clear()

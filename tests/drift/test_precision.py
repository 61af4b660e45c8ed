"""Regression tests for each false-positive class the issue lists, on the real upstream files.

Each test names the upstream location (../shared/pgpool-docs, read at test time) where the
false positive was seen, and asserts that the finding is gone while a true finding nearby is
still reported, so that a test cannot pass by reporting nothing.
"""

from __future__ import annotations

from functools import cache

from docsync.drift.run import drift_book
from docsync.model import Finding, Severity
from tests.conftest import require_upstream


@cache
def _drift(branch: str, name: str) -> tuple[Finding, ...]:
    return tuple(drift_book(require_upstream() / branch, [name]).findings)


def _at(branch: str, name: str, line: int, code: str) -> list[Finding]:
    """Findings of ``code`` in the block that starts at ``line`` (they point inside it)."""
    return [f for f in _drift(branch, name) if line <= f.location.line < line + 12 and f.code == code]


def _shown(branch: str, name: str, code: str) -> list[Finding]:
    return [f for f in _drift(branch, name) if f.code == code and f.severity is not Severity.INFO]


def test_paragraph_split_in_english_is_aligned_as_one() -> None:
    # healthcheck.sgml: the Japanese keeps one original for what English later split in two.
    assert _at("V4_3_STABLE", "healthcheck.sgml", 6, "DRF010") == []
    assert not any("If an error is detected" in f.message for f in _drift("V4_3_STABLE", "healthcheck.sgml"))
    # advanced.sgml: one Japanese comment holds three English paragraphs.
    assert not any("Watchdog controls the virtual IP" in f.message for f in _drift("V4_3_STABLE", "advanced.sgml"))
    # ...while a real change in the same file is still reported (V3.7's quorum failover).
    assert any("quorum failover" in f.message for f in _at("V4_3_STABLE", "advanced.sgml", 9, "DRF010"))


def test_index_terms_inside_an_original_are_not_text() -> None:
    # client-auth.sgml:1208: <indexterm>AES256</indexterm> sits inside the original comment.
    assert _at("V4_3_STABLE", "client-auth.sgml", 1208, "DRF010") == []
    assert not any("`AES256` → `∅`" in f.message for f in _drift("V4_3_STABLE", "client-auth.sgml"))


def test_markup_only_changes_are_info() -> None:
    # release-4.0.sgml:3742: "idle_in_transaction_session_timeout=on" became a <varname>.
    found = _at("V4_3_STABLE", "release-4.0.sgml", 3742, "DRF010")
    assert found and all(f.severity is Severity.INFO for f in found)
    # connection-pooling.sgml:58: a parameter name became a cross-reference to it.
    found = [f for f in _drift("V4_3_STABLE", "connection-pooling.sgml") if "guc-num-init-children]` →" in f.message]
    assert [f.severity for f in found] == [Severity.INFO]
    # release-3.5.sgml:1214: "--" written "/-/-" in the comment (SGML comments cannot hold "--").
    assert _at("V4_3_STABLE", "release-3.5.sgml", 1214, "DRF010") == []


def test_cross_references_render_in_messages() -> None:
    messages = [f.message for f in _drift("V4_3_STABLE", "advanced.sgml")]
    assert any("[see " in m for m in messages)
    assert not any("(see )" in m or "see  " in m for m in messages)


def test_spelled_out_numbers_in_both_languages_or_not_at_all() -> None:
    # config.sgml:103: "One parameter ... two quotes" / 1つの ... 二重引用符.
    assert _at("V4_3_STABLE", "config.sgml", 103, "DRF030") == []
    # ...a real number difference is still a warning (semaphore sets: 3 vs 1).
    assert any("English 3" in f.message for f in _shown("V4_3_STABLE", "runtime.sgml", "DRF030"))


def test_bool_one_slash_zero_is_two_numbers() -> None:
    # release-4.6.sgml:646 (master): "(bool) 1/0" vs "(bool)1 / (bool)0".
    assert _at("master", "release-4.6.sgml", 646, "DRF030") == []


def test_cjk_ordinals_and_counters() -> None:
    # show_pool_cache.sgml: "2 to the 17th power" vs "2の17乗".
    assert [f for f in _drift("V4_3_STABLE", "ref/show_pool_cache.sgml") if f.code == "DRF050"] == []
    # example-replication-si-mode.sgml: "node0" vs "ノード0" in a table.
    assert [f for f in _drift("V4_3_STABLE", "example-replication-si-mode.sgml") if f.code == "DRF050"] == []


def test_case_only_differences_of_case_insensitive_identifiers() -> None:
    # release-4.1.sgml:1134: `Psqlscan` vs `psqlscan`.
    assert not any("Psqlscan" in f.message for f in _drift("V4_3_STABLE", "release-4.1.sgml") if f.code == "DRF021")
    # ...quoting that pgpool reads differently is still a difference.
    assert any('"template1"' in f.message for f in _shown("V4_3_STABLE", "watchdog.sgml", "DRF021"))


def test_renamed_id_is_one_drf002_when_titles_align() -> None:
    # V4_6 ssl.sgml: "Generating SSL certificates" has a different id in each language.
    found = _drift("V4_6_STABLE", "ssl.sgml")
    assert [f for f in found if f.code == "DRF001"] == []
    renamed = [f for f in found if f.code == "DRF002" and "runtime-ssl-generating-ssl-certificates" in f.message]
    assert len(renamed) == 1 and renamed[0].location.line == 280


def test_locale_links_to_the_japanese_postgresql_manual() -> None:
    # ref/pgpool_reset.sgml: postgresql.org/docs/current vs postgresql.jp/document/9.5.
    for name in ("ref/pgpool_reset.sgml", "ref/pgpool_set.sgml", "ref/pgpool_show.sgml"):
        assert [f for f in _drift("V4_3_STABLE", name) if f.code == "DRF040"] == [], name
    # ...a link to another bug report is still a difference (release-3.5: bug 314 vs 306).
    assert any("id=314" in f.message for f in _shown("V4_3_STABLE", "release-3.5.sgml", "DRF040"))


def _text_at(branch: str, path: str, line: int, column: int) -> str:
    lines = (require_upstream() / branch / path).read_text(encoding="utf-8").splitlines()
    return lines[line - 1][column - 1 :]


def test_findings_point_at_the_token_in_both_languages() -> None:
    # DRF010 at the changed word of the English and of the embedded original.
    (stale,) = [f for f in _drift("V4_3_STABLE", "connection-pooling.sgml") if "time-based" in f.message]
    assert _text_at("V4_3_STABLE", stale.location.path, stale.location.line, stale.location.column).startswith(
        "time-based"
    )
    rel = stale.related[0].location
    assert _text_at("V4_3_STABLE", rel.path, rel.line, rel.column).startswith("size-based")
    # DRF021 at the inline code; DRF040 at the link's attribute value.
    (code,) = [f for f in _drift("V4_3_STABLE", "config.sgml") if f.code == "DRF021" and "$prefix" in f.message]
    assert _text_at("V4_3_STABLE", code.location.path, code.location.line, code.location.column).startswith(
        "$prefix/etc/pgpool.conf"
    )
    rel = code.related[0].location
    assert _text_at("V4_3_STABLE", rel.path, rel.line, rel.column).startswith("$prefix/ext/pgpool.conf")
    (link,) = [f for f in _shown("V4_3_STABLE", "release-3.5.sgml", "DRF040") if "id=314" in f.message]
    assert "id=314" in _text_at("V4_3_STABLE", link.location.path, link.location.line, link.location.column)


def test_comparisons_written_with_the_neighbouring_number() -> None:
    # restrictions.sgml (master): "more than 2 PostgreSQL servers" / "3台以上".
    assert [f for f in _shown("master", "restrictions.sgml", "DRF030")] == []
    # watchdog.sgml: "4.1 or earlier" / "4.2より前"; stream-check: "greater than 0" / "1以上".
    assert [f for f in _shown("master", "watchdog.sgml", "DRF030") if "4.1" in f.message] == []
    assert [f for f in _shown("master", "stream-check.sgml", "DRF030")] == []


def test_versions_after_a_v_and_numbers_with_leading_zeros() -> None:
    # release-3.3.sgml:419: "Fix for 0000296: Pgpool v3.6.2 ..." / "Pgpool-II 3.6.2".
    assert [f for f in _shown("master", "release-3.3.sgml", "DRF030")] == []
    # ...the Japanese citing another report than the English is still a difference.
    assert any("1611" in f.message for f in _shown("master", "release-3.5.sgml", "DRF030"))


def test_developer_postgresql_links_are_locale_links() -> None:
    # ssl.sgml (master): developer.postgresql.org/pgdocs/postgres/ssl-tcp.html vs postgresql.jp.
    assert [f for f in _drift("master", "ssl.sgml") if f.code == "DRF040"] == []


def test_updated_translation_with_a_stale_comment_is_info() -> None:
    # client-auth.sgml (master): the English gained a sentence naming pool_passwd; the
    # translation has it too, only the comment was not updated.
    found = [f for f in _drift("master", "client-auth.sgml") if "If you don't want to manage" in f.message]
    assert found and all(f.severity is Severity.INFO for f in found)


def test_quotes_one_side_leaves_out_are_not_a_difference() -> None:
    # release-3.6.sgml: `Bind ('B')` / `Bind (B)`; the double-quoted pgpool.conf value stays.
    assert not any("Bind (" in f.message for f in _drift("master", "release-3.6.sgml") if f.code == "DRF021")
    assert any('"template1"' in f.message for f in _shown("master", "watchdog.sgml", "DRF021"))


def test_prompt_labels_that_stand_for_any_host() -> None:
    # example-cluster.sgml (master): "[any server]#" / "[server3]#"; example-AWS.sgml: two
    # generic client labels. A specific label against another specific one still differs.
    assert not any("[any server]#" in f.message for f in _drift("master", "example-cluster.sgml"))
    assert not any("user@" in f.message for f in _drift("master", "example-AWS.sgml"))
    assert any("EN `cat` vs JA `vi`" in f.message for f in _drift("master", "example-cluster.sgml"))


def test_translation_carrying_the_option_or_the_product_is_updated() -> None:
    # client-auth.sgml: "--config-file=path_to_pgpool.conf" is "--config-file=pgpool.confへのパス"
    # in the translation; release-3.4.sgml: "<productname>Pgpool-II</productname>RPM".
    found = [f for f in _drift("master", "client-auth.sgml") if "--config-file=path_to_pgpool.conf" in f.message]
    assert found and all(f.severity is Severity.INFO for f in found)
    found = [f for f in _drift("master", "release-3.4.sgml") if "Pgpool-IIRPM" in f.message]
    assert found and all(f.severity is Severity.INFO for f in found)


def test_original_kept_in_two_versions_and_reordered_values() -> None:
    # release-4.3.sgml:4610: the comment keeps an earlier and the current English; the
    # translation was made from the current one. installation-rpm.sgml:183: RHEL9/8/7 is
    # RHEL7/8/9 in the translation.
    assert [f for f in _shown("V4_3_STABLE", "release-4.3.sgml", "DRF010") if 4600 <= f.location.line < 4625] == []
    rpm = _drift("V4_3_STABLE", "installation-rpm.sgml")
    found = [f for f in rpm if f.code == "DRF010" and "RHEL9/8/7" in f.message]
    assert found and all(f.severity is Severity.INFO for f in found)
    # ...while an English that dropped a sentence is still a warning (online-recovery.sgml:190).
    assert any("recovery_user must specify superuser" in f.message
               for f in _shown("V4_3_STABLE", "online-recovery.sgml", "DRF010"))


def test_abbreviations_are_words() -> None:
    # watchdog.sgml:1101: "(e.g. heartbeat_hostname0)" is in the translation; "e.g." is no value.
    found = [f for f in _drift("V4_3_STABLE", "watchdog.sgml") if f.code == "DRF010" and f.location.line == 1101]
    assert [f.severity for f in found] == [Severity.INFO]


def test_hyphenated_words_are_words_link_targets_are_values() -> None:
    # connection-pooling.sgml: "size-based" -> "time-based", and the translation says 寿命に基づいた.
    found = [f for f in _drift("master", "connection-pooling.sgml") if "`size-based` → `time-based`" in f.message]
    assert [f.severity for f in found] == [Severity.INFO]
    # client-auth.sgml: a cross-reference retargeted (auth-cert -> auth-ldap) is a value change;
    # the translation already links auth-ldap, so only its comment is stale: info.
    found = [f for f in _drift("master", "client-auth.sgml") if "`auth-cert` → `auth-ldap`" in f.message]
    assert [f.severity for f in found] == [Severity.INFO]


def test_links_lost_in_english_count_only_if_the_translation_still_has_them() -> None:
    # release-4.1.sgml:4100: bug 596 -> 595 in the English, and the translation links 595 already.
    found = [f for f in _drift("master", "release-4.1.sgml") if f.code == "DRF010" and "`596` → `595`" in f.message]
    assert [f.severity for f in found] == [Severity.INFO]
    # example-basic.sgml:235: the translation already links guc-replication-mode.
    found = [f for f in _drift("master", "example-basic.sgml") if "runtime-config-replication-mode" in f.message]
    assert found and all(f.severity is Severity.INFO for f in found)


def test_a_name_that_became_its_own_cross_reference_and_typo_fixes_are_info() -> None:
    # memcache.sgml: "memqcache_auto_cache_invalidation" -> "This parameters <xref guc-memqcache-...>";
    # release-4.0.sgml: "password.i" -> "password." (the translation never had the typo).
    for name, text in (("memcache.sgml", "memqcache_auto_cache_invalidation"), ("release-4.0.sgml", "`password.i`")):
        found = [f for f in _drift("master", name) if f.code == "DRF010" and text in f.message]
        assert found and all(f.severity is Severity.INFO for f in found), name
    # ...an English that dropped a value the translation still carries stays a warning.
    assert any("recovery_user must specify superuser" in f.message
               for f in _shown("V4_3_STABLE", "online-recovery.sgml", "DRF010"))


def test_a_merged_paragraph_reports_only_the_sentence_it_gained() -> None:
    # release-3.6.sgml:5404: the English merged two paragraphs the Japanese keeps apart, and
    # gained one sentence; only that sentence is reported, where it is.
    found = [f for f in _drift("master", "release-3.6.sgml") if f.code == "DRF010" and "Usama" in f.message]
    assert len(found) == 1 and "Before it simply redirects" not in found[0].message
    assert (found[0].location.line, found[0].location.column) == (5407, 28)


def test_punctuation_is_no_value() -> None:
    # ref/pcp_node_info.sgml: "normalized format (0 - 1)" / "0から1に正規化": the "-" is no value.
    found = [f for f in _drift("master", "ref/pcp_node_info.sgml") if f.code == "DRF010" and "(0 - 1)" in f.message]
    assert found and all(f.severity is Severity.INFO for f in found)

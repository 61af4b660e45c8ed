#!/usr/bin/env python3
"""Build ``rules/params/<X.Y>.toml`` from ``../shared/pgpool-params/<branch>.json``.

The JSON files hold facts extracted from Pgpool-II's own parameter tables
(``src/config/pool_config_variables.c``); ``CHANGES.md`` beside them lists the renames.
This script keeps only facts (names, types, ranges, units, choices, array shapes, aliases,
renames): no descriptions or other upstream prose reach the project.

Run from the project root and commit the output::

    python scripts/build_catalogues.py [--source ../shared/pgpool-params] [--check]

``--check`` regenerates in memory and exits 1 when a committed file differs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
OUT_DIR = PROJECT / "rules" / "params"
DEFAULT_SOURCE = PROJECT.parent / "shared" / "pgpool-params"

# Branch -> version number of the catalogue. master is the next release (its sample says 4.8).
BRANCHES = [
    ("V4_1_STABLE", "4.1"),
    ("V4_2_STABLE", "4.2"),
    ("V4_3_STABLE", "4.3"),
    ("V4_4_STABLE", "4.4"),
    ("V4_5_STABLE", "4.5"),
    ("V4_6_STABLE", "4.6"),
    ("V4_7_STABLE", "4.7"),
    ("master", "4.8"),
]

# Renames that cannot be applied by renaming the key alone: the value's meaning or the
# array numbering changes (4.2's watchdog simplification lists every node, this one included,
# so other_pgpool_hostname0 is not hostname0), or one old key maps to part of a new one.
UNSAFE_RENAMES = {
    "master_slave_mode",
    "master_slave_sub_mode",
    "other_pgpool_hostname",
    "other_pgpool_port",
    "other_wd_port",
    "wd_hostname",
    "wd_heartbeat_port",
}

_RENAME_ROW = re.compile(r"^\| renamed[^|]*\| `([^`]+) -> ([^`]+)` \|")
_SECTION = re.compile(r"^## (\S+) -> (\S+)\s*$")

# Keys copied from each parameter record, in output order.
_SCALAR_KEYS = ("type", "context", "default", "min", "max", "unit")


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        # A literal string where the value allows: tomllib reads those much faster
        # (scripts/toml_literals.py says why).
        if "'" not in value and not re.search(r"[\x00-\x08\x0a-\x1f\x7f]", value):
            return f"'{value}'"
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def _table(name: str, items: dict[str, object]) -> list[str]:
    lines = [f"[{name}]"]
    for key, value in items.items():
        if value is None:
            continue
        lines.append(f"{key} = {_toml_value(value)}")
    return lines


def _quoted_key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else json.dumps(name)


def read_renames(changes_md: Path) -> dict[str, tuple[str, str]]:
    """Old name -> (new name, version in which the new name appeared), from CHANGES.md."""
    branch_version = dict(BRANCHES)
    renames: dict[str, tuple[str, str]] = {}
    current = None
    for line in changes_md.read_text(encoding="utf-8").splitlines():
        sec = _SECTION.match(line)
        if sec:
            current = branch_version.get(sec.group(2))
            continue
        row = _RENAME_ROW.match(line)
        if row and current:
            renames[row.group(1)] = (row.group(2), current)
    return renames


def _parameter_facts(p: dict) -> dict[str, object]:
    facts: dict[str, object] = {k: p.get(k) for k in _SCALAR_KEYS}
    if p["type"] == "enum":
        facts["choices"] = list(p["enum_values"])
        if p.get("enum_hidden_values"):
            facts["hidden_choices"] = list(p["enum_hidden_values"])
    if p["type"] == "string_list":
        facts["separator"] = p.get("list_separator")
        facts["regex_items"] = bool(p.get("list_items_are_regex"))
    if p.get("array"):
        facts["max_index"] = p["max_index"]
        facts["allows_no_index"] = bool(p.get("allows_no_index"))
        nif = p.get("no_index_form")
        if nif:
            facts["no_index_unit"] = nif.get("unit") or ""
            facts["no_index_default"] = nif.get("default")
        if p.get("var_group"):
            facts["group"] = p["var_group"]
    tokens = p.get("value_tokens")
    if tokens:
        facts["tokens"] = list(tokens["tokens"])
        facts["token_separator"] = tokens["separator"]
    if p.get("value_hidden"):
        facts["secret"] = True
    alias = p.get("deprecated_alias_of")
    if alias:
        facts["alias_of"] = alias
        behaviour = p.get("alias_behavior", "")
        facts["alias_effect"] = "ignored" if "ignored" in behaviour else "copied"
    return facts


def build(source: Path) -> dict[str, str]:
    """Render every catalogue; returns file name -> TOML text."""
    data = {
        ver: json.loads((source / f"{br}.json").read_text(encoding="utf-8")) for br, ver in BRANCHES
    }
    renames = read_renames(source / "CHANGES.md")
    first_seen: dict[str, str] = {}
    types_by_version: dict[str, dict[str, str]] = {}
    for _, ver in BRANCHES:
        types_by_version[ver] = {p["name"]: p["type"] for p in data[ver]["parameters"]}
        for name in types_by_version[ver]:
            first_seen.setdefault(name, ver)

    out: dict[str, str] = {}
    seen_before: dict[str, str] = {}  # name -> last version that had it
    for branch, ver in BRANCHES:
        doc = data[ver]
        params = sorted(doc["parameters"], key=lambda p: p["name"])
        names = {p["name"] for p in params}
        lines = [
            f"# Pgpool-II {ver} parameter catalogue: facts from {branch} "
            f"(src/config/pool_config_variables.c at {doc['commit'][:10]}).",
            "# Generated by scripts/build_catalogues.py; do not edit by hand.",
            "",
            f"version = {_toml_value(ver)}",
            f"branch = {_toml_value(branch)}",
            f"commit = {_toml_value(doc['commit'])}",
            f"units = {_toml_value(ver != '4.1')}",
            f"include = {_toml_value(ver not in ('4.1', '4.2'))}",
            "",
        ]
        for p in params:
            facts = _parameter_facts(p)
            facts["since"] = first_seen[p["name"]]
            lines += _table(f"parameters.{_quoted_key(p['name'])}", facts)
            lines.append("")
        removed = sorted(set(seen_before) - names)
        for old in removed:
            entry: dict[str, object] = {"last": seen_before[old]}
            if old in renames:
                new, since = renames[old]
                entry["replacement"] = new
                entry["since"] = since
                old_type = types_by_version[seen_before[old]][old]
                new_type = types_by_version[ver].get(new)
                entry["safe_rename"] = old not in UNSAFE_RENAMES and old_type == new_type
            else:
                entry["since"] = next(v for _, v in BRANCHES if v > seen_before[old])
            lines += _table(f"removed.{_quoted_key(old)}", entry)
            lines.append("")
        for name in names:
            seen_before[name] = ver
        out[f"{ver}.toml"] = "\n".join(lines).rstrip("\n") + "\n"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--check", action="store_true", help="compare with the committed files")
    args = parser.parse_args(argv)
    files = build(args.source)
    stale = []
    for name, text in files.items():
        path = OUT_DIR / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if stale:
        print(f"stale catalogues: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

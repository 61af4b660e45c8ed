"""Typed Pgpool-II parameter catalogues, one per version, read from ``rules/params/<X.Y>.toml``.

The TOML files are built from pgpool's own parameter tables by
``scripts/build_catalogues.py``; here they become frozen ``Parameter`` objects. Name lookup
follows pgpool's ``find_option()``: case-sensitive, scalars by exact name, arrays by prefix
with the longest names tried first, the rest of the name being the index.
"""

from __future__ import annotations

import enum
import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from docsync.errors import UsageError
from docsync.paths import RULES_DIR
from docsync.redact import SHOWN, is_secret_name

PARAMS_DIR = RULES_DIR / "params"


class ParamType(enum.Enum):
    """pgpool's CONFIG_VAR_TYPE_* as the effective type of a table entry."""

    BOOL = "bool"
    INT = "int"
    LONG = "long"
    DOUBLE = "double"
    STRING = "string"
    STRING_LIST = "string_list"
    ENUM = "enum"
    INT_ARRAY = "int_array"
    DOUBLE_ARRAY = "double_array"
    STRING_ARRAY = "string_array"

    is_array: bool  # set per member below: checks ask it for every setting of every file

    def __init__(self, value: str) -> None:
        self.is_array = value.endswith("_array")

    @property
    def element(self) -> ParamType:
        """The type of one element (``INT_ARRAY`` -> ``INT``)."""
        return {
            ParamType.INT_ARRAY: ParamType.INT,
            ParamType.DOUBLE_ARRAY: ParamType.DOUBLE,
            ParamType.STRING_ARRAY: ParamType.STRING,
        }.get(self, self)


@dataclass(frozen=True)
class Parameter:
    """Facts about one parameter in one version."""

    name: str
    type: ParamType
    context: str
    since: str
    default: str | None = None
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    choices: tuple[str, ...] = ()
    hidden_choices: tuple[str, ...] = ()
    separator: str | None = None
    regex_items: bool = False
    max_index: int | None = None
    allows_no_index: bool = False
    no_index_unit: str | None = None
    no_index_default: str | None = None
    group: str | None = None
    tokens: tuple[str, ...] = ()
    token_separator: str | None = None
    secret: bool = False
    alias_of: str | None = None
    alias_effect: str | None = None

    def unit_for(self, indexed: bool) -> str | None:
        """The base unit a value is read in; the index-free form may have none."""
        if self.type.is_array and not indexed and self.no_index_unit is not None:
            return self.no_index_unit or None
        return self.unit


class Removed(NamedTuple):
    """A name that earlier versions knew and this one does not."""

    name: str
    last: str
    since: str
    replacement: str | None = None
    safe_rename: bool = False


class Match(NamedTuple):
    """What pgpool's name lookup makes of a setting name."""

    parameter: Parameter | None
    index: int | None = None
    index_text: str = ""

    @property
    def bad_index(self) -> bool:
        """An array name followed by something other than decimal digits."""
        return bool(self.index_text) and self.index is None


_PARAM_KEYS = {
    "type",
    "context",
    "since",
    "default",
    "min",
    "max",
    "unit",
    "choices",
    "hidden_choices",
    "separator",
    "regex_items",
    "max_index",
    "allows_no_index",
    "no_index_unit",
    "no_index_default",
    "group",
    "tokens",
    "token_separator",
    "secret",
    "alias_of",
    "alias_effect",
}


@dataclass(frozen=True)
class Catalogue:
    """Every parameter of one Pgpool-II version, plus the names it removed."""

    version: str
    branch: str
    commit: str
    units: bool
    include: bool
    parameters: Mapping[str, Parameter]
    removed: Mapping[str, Removed]

    @functools.cached_property
    def _by_length(self) -> tuple[Parameter, ...]:
        return tuple(sorted(self.parameters.values(), key=lambda p: -len(p.name)))

    @functools.cached_property
    def _lookup_cache(self) -> dict[str, Match]:
        return {}

    def lookup(self, name: str) -> Match:
        """Resolve a setting name the way pgpool's find_option() does."""
        cache = self._lookup_cache
        hit = cache.get(name)
        if hit is not None:
            return hit
        match = Match(None)
        for p in self._by_length:
            if p.type.is_array:
                if name.startswith(p.name):
                    rest = name[len(p.name) :]
                    index = int(rest) if rest.isdigit() and rest.isascii() else None
                    match = Match(p, index, rest)
                    break
            elif name == p.name:
                match = Match(p)
                break
        cache[name] = match
        return match

    def is_secret(self, name: str) -> bool:
        """Values of this setting must never be shown."""
        m = self.lookup(name)
        if m.parameter is not None and m.parameter.secret:
            return True
        return is_secret_name(name)


def _load_parameter(name: str, entry: dict) -> Parameter:
    unknown = set(entry) - _PARAM_KEYS
    if unknown:
        raise ValueError(f"parameter {name}: unknown keys {sorted(unknown)}")
    kwargs = dict(entry)
    kwargs["type"] = ParamType(kwargs["type"])
    for key in ("choices", "hidden_choices", "tokens"):
        if key in kwargs:
            kwargs[key] = tuple(kwargs[key])
    return Parameter(name=name, **kwargs)


@functools.cache
def available_versions() -> tuple[str, ...]:
    """Versions with a catalogue, oldest first."""
    return tuple(sorted((p.stem for p in PARAMS_DIR.glob("*.toml")), key=version_key))


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


@functools.cache
def load_catalogue(version: str) -> Catalogue:
    """The catalogue of Pgpool-II ``version`` ("4.3"); UsageError if there is none."""
    path = PARAMS_DIR / f"{version}.toml"
    if not re.fullmatch(r"\d+\.\d+", version) or not path.is_file():
        raise UsageError(
            f"no parameter catalogue for Pgpool-II {version!r} "
            f"(known: {', '.join(available_versions())})"
        )
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    params = {n: _load_parameter(n, e) for n, e in data.get("parameters", {}).items()}
    removed = {n: Removed(name=n, **e) for n, e in data.get("removed", {}).items()}
    return Catalogue(
        version=data["version"],
        branch=data["branch"],
        commit=data["commit"],
        units=data["units"],
        include=data["include"],
        parameters=params,
        removed=removed,
    )


@functools.cache
def lint_rules_data() -> dict:
    """``rules/lint.toml``: limits, groups and thresholds used by the checks."""
    with (RULES_DIR / "lint.toml").open("rb") as fh:
        return tomllib.load(fh)




def is_secret(name: str, catalogue: Catalogue | None = None) -> bool:
    """Values of setting ``name`` are never shown: the catalogue's secret parameters, and
    the names ``rules/secrets.toml`` calls secret."""
    return catalogue.is_secret(name) if catalogue is not None else is_secret_name(name)


def shown_value(name: str, value: str, catalogue: Catalogue | None = None) -> str:
    """A value as it may appear in a message: quoted, or ``'***'`` for secrets."""
    if is_secret(name, catalogue):
        return SHOWN
    if len(value) > 60:
        value = value[:57] + "..."
    return repr(value) if value else "''"

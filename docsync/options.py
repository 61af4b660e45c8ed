"""Rule options: a typed options dataclass per rule that has any, defaults in rules/codes, user values in configuration.

A rule's implementation declares its options type when it is registered
(``@doc_check("DOC301", options=ShellOptions)``): a frozen dataclass whose fields are made
with ``option("what it means")`` and typed ``str``, ``int``, ``float``, ``bool``,
``tuple[str, ...]``, a ``Literal`` of strings or an ``Enum``. The defaults are the rule's
``[CODE.options]`` table in ``rules/codes/<stage>.toml``; a user changes them in
``[tool.docsync.<command>.options.<CODE or name>]``. Both tables are validated here, from the
fields and their types alone (an unknown key, a value of the wrong type, a choice that is not
allowed: one line naming the file and the key), so no option is checked by hand. A rule reads
its options from its run, typed: ``ctx.settings.options(ShellOptions)`` (a drift check:
``ctx.options(Kind)``); both come down to ``pick``.

In TOML an option is spelled in kebab-case (``threshold-gib`` for the field ``threshold_gib``),
as every other key of ``[tool.docsync]``.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from docsync import registry
from docsync.errors import UsageError

T = TypeVar("T")


def option(doc: str) -> Any:
    """A field of an options dataclass and its one-line description; its default is in the
    rule's ``[CODE.options]`` table (rules/codes/<stage>.toml), not here."""
    return dataclasses.field(metadata={"doc": doc})


@dataclasses.dataclass(frozen=True)
class OptionSpec:
    """One option of a rule: its key in TOML, its field, its type and its description."""

    key: str
    attr: str
    type: Any
    doc: str

    @property
    def choices(self) -> tuple[str, ...]:
        """The allowed values of a Literal or Enum option (empty for the others)."""
        if typing.get_origin(self.type) is typing.Literal:
            return tuple(str(a) for a in typing.get_args(self.type))
        if isinstance(self.type, type) and issubclass(self.type, enum.Enum):
            return tuple(str(m.value) for m in self.type)
        return ()

    @property
    def kind(self) -> str:
        """The type as a reader says it: ``integer``, ``list of strings``, ``one of a, b``."""
        if self.choices:
            return "one of " + ", ".join(f'"{c}"' for c in self.choices)
        return _KINDS[self.type]

    def convert(self, value: Any, where: str) -> Any:
        """``value`` from TOML as the field's type, or a usage error naming ``where``."""
        choices = self.choices
        if choices:
            if not isinstance(value, str) or value not in choices:
                raise UsageError(f"{where} must be {self.kind} (got {_shown(value)})")
            return self.type(value) if isinstance(self.type, type) else value
        if self.type is bool:
            ok = isinstance(value, bool)
        elif self.type is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif self.type is float:
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            value = float(value) if ok else value
        elif self.type is str:
            ok = isinstance(value, str)
        else:  # tuple[str, ...]
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
            value = tuple(value) if ok else value
        if not ok:
            raise UsageError(f"{where} must be {self.kind} (got {_shown(value)})")
        return value


_KINDS: dict[Any, str] = {
    str: "a string", int: "an integer", float: "a number", bool: "true or false",
    tuple[str, ...]: "a list of strings",
}


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else f"{type(value).__name__.replace('dict', 'table')} {value!r}"


@functools.cache
def specs(kind: type) -> tuple[OptionSpec, ...]:
    """The options of an options dataclass, in field order; a type this module cannot read
    from TOML is a programming error (raised when the rule is registered)."""
    if not dataclasses.is_dataclass(kind) or not kind.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        raise TypeError(f"{kind.__qualname__}: rule options are a frozen dataclass")
    hints = typing.get_type_hints(kind)
    out = []
    for f in dataclasses.fields(kind):
        t = hints[f.name]
        literal = typing.get_origin(t) is typing.Literal and all(isinstance(a, str) for a in typing.get_args(t))
        if t not in _KINDS and not literal and not (isinstance(t, type) and issubclass(t, enum.Enum)):
            raise TypeError(f"{kind.__qualname__}.{f.name}: an option is str, int, float, bool, "
                            f"tuple[str, ...], a Literal of strings or an Enum, not {t}")
        if "doc" not in f.metadata:
            raise TypeError(f"{kind.__qualname__}.{f.name}: declare options with option('what it means')")
        out.append(OptionSpec(f.name.replace("_", "-"), f.name, t, f.metadata["doc"]))
    return tuple(out)


def parse(kind: type[T], data: Any, where: str, base: T | None = None) -> T:
    """An options value from a TOML table: every option (defaults), or ``base`` with the
    options the table sets (a user's). ``where`` names the file and the table."""
    if not isinstance(data, dict):
        raise UsageError(f"{where} must be a table")
    by_key = {s.key: s for s in specs(kind)}
    unknown = sorted(set(data) - set(by_key))
    if unknown:
        raise UsageError(f"{where}: unknown option {unknown[0]!r} (known: {', '.join(by_key)})")
    values = {by_key[k].attr: by_key[k].convert(v, f"{where}: {k}") for k, v in data.items()}
    if base is not None:
        return dataclasses.replace(base, **values)  # type: ignore[type-var]
    missing = [s.key for s in by_key.values() if s.attr not in values]
    if missing:
        raise UsageError(f"{where}: no default for {missing[0]!r}")
    return kind(**values)


def options_type(stage: str, code: str) -> type | None:
    """The options type the implementation of ``code`` declares (None: it takes none)."""
    found = registry.implementation_of(stage, code)
    kinds = {impl.options for impl in found}
    if len(kinds) > 1:
        raise TypeError(f"the implementations of {code} declare different options types")
    return next(iter(kinds), None)


@functools.cache
def stage_defaults(stage: str) -> Mapping[str, Any]:
    """The default options of a stage's rules that have options, by code (rules/codes)."""
    from docsync.rules import stage_rules

    out: dict[str, Any] = {}
    for code, doc in stage_rules(stage).items():
        if doc.options is None:
            continue
        where = f"rules/codes/{stage}.toml: [{code}.options]"
        kind = options_type(stage, code)
        if kind is None:
            raise UsageError(f"{where}: the implementation of {code} declares no options type")
        out[code] = parse(kind, doc.options, where)
    return out


def rule_options(command: str, table: Any, where: str, stages: tuple[str, ...] = ()) -> dict[str, Any]:
    """The options of the rules a command runs (the rules of ``stages``, by default the
    command's own stage): their defaults, with a configuration's
    ``[tool.docsync.<command>.options]`` table (rule code or name -> options) over them."""
    stages = stages or (command,)
    if not isinstance(table, dict):
        raise UsageError(f"{where}: [tool.docsync.{command}.options] must be a table")
    out: dict[str, Any] = {}
    for stage in stages:
        out.update(stage_defaults(stage))
    if not table:
        return out
    from docsync.rules import stage_rules

    docs = {code: doc for stage in stages for code, doc in stage_rules(stage).items()}
    by_name = {d.rule.name: code for code, d in docs.items()}
    set_by: dict[str, str] = {}
    for key, values in table.items():
        code = key.upper() if key.upper() in docs else by_name.get(key)
        at = f"{where}: [tool.docsync.{command}.options.{key}]"
        if code is None:
            raise UsageError(f"{at}: no rule `docsync {command}` runs has this code or name")
        if code not in out:
            raise UsageError(f"{at}: rule {code} ({docs[code].rule.name}) has no options")
        if code in set_by:
            raise UsageError(f"{at}: the options of {code} are set twice (also as {set_by[code]!r})")
        set_by[code] = key
        out[code] = parse(type(out[code]), values, at, base=out[code])
    return dict(sorted(out.items()))


def pick(rule_options: Mapping[str, Any], kind: type[T]) -> T:
    """The options of type ``kind`` among a run's rule options (by code), or the rule's
    defaults when the run was set up without them: how every rule reads its options."""
    for value in rule_options.values():
        if type(value) is kind:
            return value
    return default_of(kind)


def default_of(kind: type[T]) -> T:
    """The default options of the rule whose implementation declares ``kind``."""
    for impl in (i for found in registry.IMPLEMENTATIONS.values() for i in found):
        if impl.options is kind:
            code = min(impl.codes)
            return stage_defaults(impl.stage)[code]
    raise LookupError(f"no registered rule declares the options {kind.__qualname__}")


@dataclasses.dataclass(frozen=True)
class OptionDoc:
    """One option as the docs and ``docsync rule`` show it: key, type, default (as TOML), meaning."""

    key: str
    kind: str
    default: str
    doc: str
    choices: tuple[str, ...] = ()


def documented(stage: str, code: str) -> tuple[OptionDoc, ...]:
    """The options of one rule with their defaults (empty for a rule without options)."""
    defaults = stage_defaults(stage).get(code)
    if defaults is None:
        return ()
    return tuple(
        OptionDoc(s.key, s.kind, toml_value(getattr(defaults, s.attr)), s.doc, s.choices)
        for s in specs(type(defaults))
    )


def toml_value(value: Any) -> str:
    """A value as it is written in TOML."""
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return repr(value)


def config_table(stage: str, name: str) -> str:
    """Where a user sets a rule's options, in pyproject.toml."""
    return f"[tool.docsync.{stage}.options.{name}]"

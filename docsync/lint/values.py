"""How Pgpool-II reads a value of each parameter type, version by version.

Booleans: ``eval_logical()`` accepts true/false/yes/no/on/off/1/0 and unambiguous prefixes
(``t``, ``of``), case-insensitively; anything else returns -1, which is stored as *true*
without a word. Integers (4.2+): ``parse_int()``: strtol base 0 (decimal, ``0x`` hex,
leading-0 octal), a decimal point or exponent re-parses as a float and rounds, a unit is
allowed only when the parameter has one. Integers in 4.1: ``atoi()``, garbage reads as 0.
Doubles: ``atof()``, garbage reads as 0. Enums: case-insensitive, hidden choices included.
"""

from __future__ import annotations

import enum
import math
import re
from typing import NamedTuple

from docsync.lint.catalogue import Catalogue, Parameter, ParamType

INT_MAX = 2**31 - 1
INT_MIN = -(2**31)
LONG_MAX = 2**63 - 1

# PostgreSQL's unit tables as pgpool copied them: (unit, base unit, multiplier), largest first
# within each base unit; a fractional value rounds to the next smaller unit of the same base.
_MEMORY_UNITS = [
    ("TB", "byte", 1024.0**4),
    ("GB", "byte", 1024.0**3),
    ("MB", "byte", 1024.0**2),
    ("kB", "byte", 1024.0),
    ("B", "byte", 1.0),
    ("TB", "kB", 1024.0**3),
    ("GB", "kB", 1024.0**2),
    ("MB", "kB", 1024.0),
    ("kB", "kB", 1.0),
    ("B", "kB", 1.0 / 1024),
]
_TIME_UNITS = [
    ("d", "ms", 86400000.0),
    ("h", "ms", 3600000.0),
    ("min", "ms", 60000.0),
    ("s", "ms", 1000.0),
    ("ms", "ms", 1.0),
    ("us", "ms", 1.0 / 1000),
    ("d", "s", 86400.0),
    ("h", "s", 3600.0),
    ("min", "s", 60.0),
    ("s", "s", 1.0),
    ("ms", "s", 1.0 / 1000),
    ("us", "s", 1.0 / 1000000),
    ("d", "min", 1440.0),
    ("h", "min", 60.0),
    ("min", "min", 1.0),
    ("s", "min", 1.0 / 60),
    ("ms", "min", 1.0 / 60000),
    ("us", "min", 1.0 / 60000000),
]
MEMORY_HINT = 'Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".'
TIME_HINT = 'Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".'

_C_SPACE = " \t\n\v\f\r"


def parse_bool(value: str) -> bool | None:
    """pgpool's parse_bool_with_len(): the boolean, or None where pgpool reads -1 (true)."""
    v = value.lower()
    if not v:
        return None
    first = v[0]
    if first in "tfyn":
        word = {"t": "true", "f": "false", "y": "yes", "n": "no"}[first]
        if word.startswith(v):
            return first in "ty"
        return None
    if first == "o":
        # 'o' alone is not unique enough; strncasecmp(value, word, max(len, 2))
        if (len(v) >= 2 and "on".startswith(v)) or v == "on":
            return True
        if len(v) >= 2 and "off".startswith(v):
            return False
        return None
    if v == "1":
        return True
    if v == "0":
        return False
    return None


_STRTOL = re.compile(r"[ \t\n\v\f\r]*([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)")
_STRTOD = re.compile(
    r"[ \t\n\v\f\r]*[-+]?(?:"
    r"0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][-+]?[0-9]+)?"
    r"|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
    r"|inf(?:inity)?|nan(?:\([0-9A-Za-z_]*\))?)",
    re.IGNORECASE,
)


def _strtod(text: str) -> tuple[float, int]:
    """(value, characters consumed); consumed 0 when nothing parses."""
    m = _STRTOD.match(text)
    if not m:
        return 0.0, 0
    s = m.group(0).strip(_C_SPACE)
    try:
        if s.lstrip("+-")[:2].lower() == "0x":
            sign = -1.0 if s.startswith("-") else 1.0
            body = s.lstrip("+-")
            val = float.fromhex(body if "p" in body.lower() else body + "p0")
            return sign * val, m.end()
        return float(s), m.end()
    except (ValueError, OverflowError):
        return math.inf, m.end()


def _strtol(text: str) -> tuple[int | None, int]:
    """(value, end) of C strtol(text, &end, 0); (None, 0) if no digits; value may overflow."""
    m = _STRTOL.match(text)
    if not m:
        return None, 0
    sign, digits = m.group(1), m.group(2)
    if digits[:2].lower() == "0x":
        val = int(digits[2:], 16)
    elif digits.startswith("0"):
        val = int(digits, 8) if len(digits) > 1 else 0
    else:
        val = _decimal(digits)
    return (-val if sign == "-" else val), m.end()


def _decimal(digits: str) -> int:
    """int() of decimal digits; past 40 digits any value overflows, and int() would refuse
    more than 4,300 digits (a ValueError on hostile input)."""
    return int(digits) if len(digits) <= 40 else int(digits[:40])


class Parsed(NamedTuple):
    """Result of reading a value: ``ok`` with a number, or why not (and a hint)."""

    ok: bool
    number: float | None = None
    reason: str = ""
    hint: str = ""
    out_of_range: bool = False
    rounded: bool = False  # a fraction pgpool rounds away (32.5 reads as 32)


def parse_int(value: str, unit: str | None, max_value: int = INT_MAX) -> Parsed:
    """pgpool 4.2+ parse_int(): number, optional unit (only if the parameter has one)."""
    val_i, end = _strtol(value)
    val: float
    rest = value[end:]
    if val_i is None or rest[:1] in (".", "e", "E") or not (INT_MIN <= val_i <= LONG_MAX):
        val, end = _strtod(value)
        if end == 0:
            return Parsed(False, reason="not a number")
        if math.isinf(val) and not value.strip(_C_SPACE).lstrip("+-").lower().startswith("inf"):
            return Parsed(False, reason="out of range", out_of_range=True)
        rest = value[end:]
    else:
        val = float(val_i)
    if math.isnan(val):
        return Parsed(False, reason="not a number")
    rest = rest.lstrip(_C_SPACE)
    if rest:
        if not unit:
            return Parsed(False, reason=f"unit {rest.strip()!r} not accepted by this parameter")
        converted = convert_to_base_unit(val, rest, unit)
        if converted is None:
            hint = MEMORY_HINT if unit in ("byte", "kB") else TIME_HINT
            return Parsed(False, reason=f"invalid unit {rest.strip()!r}", hint=hint)
        val = converted
    exact = val
    val = float(round_half_even_away(val))
    if val > max_value or val < INT_MIN:
        return Parsed(
            False, number=val, reason="value exceeds the allowed range", out_of_range=True
        )
    return Parsed(True, number=val, rounded=exact != val)


def round_half_even_away(val: float) -> float:
    """C rint() in the default rounding mode (half to even)."""
    if math.isinf(val):
        return val
    return float(round(val))


def convert_to_base_unit(value: float, unit_text: str, base_unit: str) -> float | None:
    unit = unit_text.strip(_C_SPACE)
    if not unit or len(unit) > 3 or any(c in _C_SPACE for c in unit):
        return None
    table = _MEMORY_UNITS if base_unit in ("byte", "kB") else _TIME_UNITS
    rows = [r for r in table if r[1] == base_unit]
    for i, (name, _, mult) in enumerate(rows):
        if name == unit:
            cvalue = value * mult
            if i + 1 < len(rows):
                nxt = rows[i + 1][2]
                cvalue = round(cvalue / nxt) * nxt
            return cvalue
    return None


def parse_atoi(value: str) -> Parsed:
    """pgpool 4.1 atoi(): leading digits, else 0 (flagged: the server silently reads 0)."""
    m = re.match(r"[ \t\n\v\f\r]*([-+]?[0-9]+)", value)
    if not m:
        return Parsed(False, number=0.0, reason="not a number (Pgpool-II 4.1 reads it as 0)")
    if value[m.end() :].strip(_C_SPACE):
        return Parsed(
            False,
            number=float(_decimal(m.group(1))),
            reason=f"trailing characters ignored by Pgpool-II 4.1 (reads {_decimal(m.group(1))})",
        )
    return Parsed(True, number=float(_decimal(m.group(1))))


def parse_atof(value: str) -> Parsed:
    """atof(): the longest float prefix, 0 for garbage (flagged)."""
    val, end = _strtod(value)
    if end == 0:
        return Parsed(False, number=0.0, reason="not a number (the server reads it as 0)")
    if value[end:].strip(_C_SPACE):
        return Parsed(
            False, number=val, reason=f"trailing characters ignored (the server reads {val:g})"
        )
    if math.isnan(val):
        return Parsed(False, reason="not a number")
    return Parsed(True, number=val)


class VerdictKind(enum.Enum):
    """What is wrong with a value, if anything; each kind is reported by its own rule."""

    OK = "ok"
    BOOL = "bool"  # not a boolean: pgpool reads it as true
    TYPE = "type"  # not a number pgpool accepts
    RANGE = "range"
    ENUM = "enum"
    REGEX = "regex"  # an item of a regex list pgpool cannot compile
    # Accepted, but read other than it looks: a fraction rounded away, an abbreviated boolean.
    FRACTION = "fraction"
    ABBREVIATION = "abbreviation"

    @property
    def accepted(self) -> bool:
        """pgpool takes such a value (perhaps read differently from how it is written)."""
        return self in (VerdictKind.OK, VerdictKind.FRACTION, VerdictKind.ABBREVIATION)


class Verdict(NamedTuple):
    """Whether a value is valid for a parameter, and if not, which category of problem."""

    kind: VerdictKind
    message: str = ""
    number: float | None = None

    @property
    def accepted(self) -> bool:
        """pgpool takes the value (perhaps read differently from how it is written)."""
        return self.kind.accepted

BOOLEAN_WORDS = frozenset({"on", "off", "true", "false", "yes", "no", "1", "0"})


OK = Verdict(VerdictKind.OK)


def _fmt(num: float) -> str:
    return str(int(num)) if float(num).is_integer() else f"{num:g}"


def check_value(param: Parameter, value: str, *, indexed: bool, catalogue: Catalogue) -> Verdict:
    """Judge ``value`` for ``param`` exactly as this Pgpool-II version would read it."""
    ptype = param.type.element
    if ptype is ParamType.BOOL:
        read = parse_bool(value)
        if read is None:
            return Verdict(
                VerdictKind.BOOL,
                "is not a boolean (on/off, true/false, yes/no, 1/0); "
                "Pgpool-II silently reads it as true",
            )
        if value.lower() not in BOOLEAN_WORDS:
            return Verdict(
                VerdictKind.ABBREVIATION,
                f"is an abbreviation Pgpool-II reads as {'true' if read else 'false'}; "
                f"write {'on' if read else 'off'}",
            )
        return OK
    if ptype in (ParamType.INT, ParamType.LONG):
        limit = LONG_MAX if ptype is ParamType.LONG else INT_MAX
        parsed = parse_int(value, param.unit_for(indexed), limit) if catalogue.units else parse_atoi(value)
        if not parsed.ok and not parsed.out_of_range:
            msg = f"is not a valid integer: {parsed.reason}"
            if parsed.hint:
                msg += f" ({parsed.hint})"
            return Verdict(VerdictKind.TYPE, msg)
        verdict = _range(param, parsed.number, parsed.out_of_range)
        if verdict.kind is VerdictKind.OK and parsed.rounded and parsed.number is not None:
            return Verdict(
                VerdictKind.FRACTION,
                f"is not a whole number: Pgpool-II rounds it to {_fmt(parsed.number)}",
                parsed.number,
            )
        return verdict
    if ptype is ParamType.DOUBLE:
        parsed = parse_atof(value)
        if not parsed.ok:
            return Verdict(VerdictKind.TYPE, f"is not a valid number: {parsed.reason}")
        return _range(param, parsed.number, False)
    if ptype is ParamType.ENUM:
        lowered = value.lower()
        if any(lowered == c.lower() for c in (*param.choices, *param.hidden_choices)):
            return OK
        return Verdict(VerdictKind.ENUM, f"is not one of: {', '.join(param.choices)}")
    if param.tokens:
        return _check_tokens(param.name, value, param.tokens, param.token_separator or "|")
    return OK


def _range(param: Parameter, number: float | None, overflow: bool) -> Verdict:
    lo, hi = param.min, param.max
    if overflow or number is None:
        return Verdict(
            VerdictKind.RANGE,
            f"is out of range ({_fmt(lo)} .. {_fmt(hi)})" if lo is not None else "is out of range",
            number,
        )
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        return Verdict(
            VerdictKind.RANGE, f"is outside {_fmt(lo)} .. {_fmt(hi)} (reads as {_fmt(number)})", number
        )
    return Verdict(VerdictKind.OK, number=number)


def _check_tokens(name: str, value: str, tokens: tuple[str, ...], sep: str) -> Verdict:
    """Token lists split like strtok(): empty items vanish, nothing is trimmed, case matters."""
    items = [t for t in value.split(sep) if t]
    bad = [t for t in items if t not in tokens]
    if bad:
        return Verdict(
            VerdictKind.ENUM,
            f"has {bad[0]!r}, which is not one of: {', '.join(tokens)} "
            f"(separated by {sep!r}, no spaces)",
        )
    if "ALLOW_TO_FAILOVER" in items and "DISALLOW_TO_FAILOVER" in items:
        return Verdict(VerdictKind.ENUM, "sets both ALLOW_TO_FAILOVER and DISALLOW_TO_FAILOVER")
    return OK


def normalize(param: Parameter | None, value: str, catalogue: Catalogue, *, indexed: bool) -> str:
    """A comparable form of a value: booleans as on/off, numbers in base units, enums lower."""
    if param is None:
        return value
    ptype = param.type.element
    if ptype is ParamType.BOOL:
        b = parse_bool(value)
        return value if b is None else ("on" if b else "off")
    if ptype in (ParamType.INT, ParamType.LONG):
        parsed = parse_int(value, param.unit_for(indexed)) if catalogue.units else parse_atoi(value)
        return _fmt(parsed.number) if parsed.ok and parsed.number is not None else value
    if ptype is ParamType.DOUBLE:
        parsed = parse_atof(value)
        return _fmt(parsed.number) if parsed.ok and parsed.number is not None else value
    if ptype is ParamType.ENUM:
        return value.lower()
    if ptype is ParamType.STRING_LIST and param.separator:
        return param.separator.join(item.strip() for item in value.split(param.separator))
    return value


def number_of(
    param: Parameter, value: str, catalogue: Catalogue, *, indexed: bool = False
) -> float | None:
    """The numeric value pgpool would store, or None if it would reject it."""
    verdict = check_value(param, value, indexed=indexed, catalogue=catalogue)
    return verdict.number if verdict.accepted else None

"""Condition operators of RAM and their typed comparisons.

Values listed under one key are ORed; keys and operators are ANDed (that is done by the statement).
A key the request lacks makes its condition false. A request value of the wrong type (``"abc"``
for a number, a malformed IP) makes the condition false, never an exception. Negated operators
(``StringNotEquals``, ``NotIpAddress`` ...) hold when the request value matches none of the listed
values. RAM has no ``...IfExists`` or ``Null``; the grammar rejects them.

Set qualifiers, accepted by real RAM but not documented by Alibaba: ``ForAnyValue:<operator>`` holds
when at least one request value satisfies the operator, ``ForAllValues:<operator>`` when every
request value does (for a negated operator: matches none of the listed values). A request with no
value for the key (missing, or an empty list) makes a qualified condition false too, as every other
condition: immplay's one rule for absent keys (the usual set semantics would make ``ForAllValues``
vacuously true; that is not assumed, so an Allow never rests on a key the request lacks).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, NamedTuple

from ..messages import text
from .wildcard import glob_match

INVALID = object()  # a value that cannot be read as the operator's type


def _as_string(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        try:
            return str(value)
        except ValueError:  # an integer longer than Python's digit limit
            return INVALID
    return INVALID


def _as_number(value: Any) -> Any:
    if isinstance(value, bool):
        return INVALID
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:  # an integer beyond a float's range
            return INVALID
        return value if math.isfinite(number) else INVALID
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return INVALID
        return number if math.isfinite(number) else INVALID
    return INVALID


def parse_date(value: Any) -> Any:
    """An aware UTC datetime from an ISO 8601 string or a datetime; naive times are taken as UTC."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return INVALID
    else:
        return INVALID
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment


def _as_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return INVALID


def _as_ip(value: Any) -> Any:
    import ipaddress  # only policies with IP conditions pay for it

    if not isinstance(value, str):
        return INVALID
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return INVALID


def _as_network(value: Any) -> Any:
    import ipaddress

    if not isinstance(value, str):
        return INVALID
    try:
        return ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return INVALID


def _in_network(ip: Any, net: Any) -> bool:
    return ip.version == net.version and ip in net


# How a request value of each condition type is read (INVALID when it cannot be): used by the
# operators below and by whoever checks a request's context before it is evaluated.
READERS: dict[str, Callable[[Any], Any]] = {
    "string": _as_string, "number": _as_number, "date": parse_date, "boolean": _as_bool, "IP address": _as_ip,
}


class Operator(NamedTuple):
    name: str
    type_name: str
    read_actual: Callable[[Any], Any]
    read_expected: Callable[[Any], Any]
    test: Callable[[Any, Any], bool]
    negated: bool = False


def _op(name, type_name, read, test, negated=False, read_expected=None):
    return Operator(name, type_name, read, read_expected or read, test, negated)


OPERATORS: dict[str, Operator] = {
    o.name: o
    for o in [
        _op("StringEquals", "string", _as_string, lambda a, e: a == e),
        _op("StringNotEquals", "string", _as_string, lambda a, e: a == e, negated=True),
        _op("StringEqualsIgnoreCase", "string", _as_string, lambda a, e: a.casefold() == e.casefold()),
        _op("StringNotEqualsIgnoreCase", "string", _as_string,
            lambda a, e: a.casefold() == e.casefold(), negated=True),
        _op("StringLike", "string", _as_string, lambda a, e: glob_match(e, a)),
        _op("StringNotLike", "string", _as_string, lambda a, e: glob_match(e, a), negated=True),
        _op("NumericEquals", "number", _as_number, lambda a, e: a == e),
        _op("NumericNotEquals", "number", _as_number, lambda a, e: a == e, negated=True),
        _op("NumericLessThan", "number", _as_number, lambda a, e: a < e),
        _op("NumericLessThanEquals", "number", _as_number, lambda a, e: a <= e),
        _op("NumericGreaterThan", "number", _as_number, lambda a, e: a > e),
        _op("NumericGreaterThanEquals", "number", _as_number, lambda a, e: a >= e),
        _op("DateEquals", "date", parse_date, lambda a, e: a == e),
        _op("DateNotEquals", "date", parse_date, lambda a, e: a == e, negated=True),
        _op("DateLessThan", "date", parse_date, lambda a, e: a < e),
        _op("DateLessThanEquals", "date", parse_date, lambda a, e: a <= e),
        _op("DateGreaterThan", "date", parse_date, lambda a, e: a > e),
        _op("DateGreaterThanEquals", "date", parse_date, lambda a, e: a >= e),
        _op("Bool", "boolean", _as_bool, lambda a, e: a == e),
        _op("IpAddress", "IP address", _as_ip, _in_network, read_expected=_as_network),
        _op("NotIpAddress", "IP address", _as_ip, _in_network, negated=True, read_expected=_as_network),
    ]
}

QUALIFIERS = ("ForAnyValue", "ForAllValues")

_VALUE_TYPES = {"string": "parse.value-string", "number": "parse.value-number", "date": "parse.value-date",
                "IP address": "parse.value-ip-address", "boolean": "parse.value-boolean"}


def value_type_words(type_name: str) -> str:
    """An operator's value type (``Operator.type_name``) as a message names it, in the current language.

    >>> value_type_words("IP address")
    'IP address'
    """
    return text(_VALUE_TYPES[type_name])


def split_operator(name: str) -> tuple[str | None, str]:
    """``(qualifier, base operator)``: ``"ForAllValues:StringEquals"`` -> ``("ForAllValues", "StringEquals")``.

    >>> split_operator("ForAnyValue:IpAddress"), split_operator("Bool")
    (('ForAnyValue', 'IpAddress'), (None, 'Bool'))
    """
    qualifier, sep, base = name.partition(":")
    if sep and qualifier in QUALIFIERS:
        return qualifier, base
    return None, name


def is_operator(name: str) -> bool:
    """Whether ``name`` is an operator immplay evaluates (a base operator, qualified or not)."""
    return split_operator(name)[1] in OPERATORS


def operator_of(name: str) -> Operator:
    """The base ``Operator`` of a possibly qualified operator name."""
    return OPERATORS[split_operator(name)[1]]


_ABSENT = object()
_BOOL_KEYS = {True: (bool, True), False: (bool, False)}  # memo keys of Condition.holds
MISSING = "missing"
WRONG_TYPE = "wrong-type"
NO_VALUES = "no-values"


class ConditionOutcome(NamedTuple):
    """How one condition (operator, key) fared on one request.

    ``per_value`` holds, for a qualified operator, whether each request value satisfied the base
    operator (in the request's order); it is empty otherwise.
    """

    operator: str
    key: str
    expected: tuple[Any, ...]
    actual: Any  # the request's value, or None when missing
    matched: bool
    reason: str | None  # None, MISSING, NO_VALUES or WRONG_TYPE
    per_value: tuple[bool, ...] = ()

    def describe(self) -> str:
        qualifier, base = split_operator(self.operator)
        op = OPERATORS[base]
        expected = ", ".join(show_value(v) for v in self.expected)
        listed = text("explain.condition-none-of" if op.negated else "explain.condition-one-of", values=expected)
        verdict = text("explain.condition-true" if self.matched else "explain.condition-false")
        false = text("explain.condition-false")
        fields = {"operator": self.operator, "key": self.key, "listed": listed}
        if qualifier is not None:
            how = "explain.condition-want-any" if qualifier == "ForAnyValue" else "explain.condition-want-every"
            want = text(how, **fields)
            note = text("explain.condition-qualifier-note")
        else:
            want, note = text("explain.condition-want", **fields), ""
        if self.reason == MISSING:
            return text("explain.condition-missing", want=want, key=self.key, false=false, note=note)
        if self.reason == NO_VALUES:
            return text("explain.condition-no-values", want=want, key=self.key, false=false, note=note)
        got = show_value(self.actual)
        if self.reason == WRONG_TYPE:
            return text("explain.condition-wrong-type", want=want, got=got, kind=value_type_words(op.type_name),
                        false=false, note=note)
        if qualifier is not None:
            values = self.actual if isinstance(self.actual, (list, tuple)) else (self.actual,)
            steps = ", ".join(
                text("explain.condition-value-matches" if hit else "explain.condition-value-does-not-match",
                     value=show_value(v))
                for v, hit in zip(values, self.per_value, strict=False))
            return text("explain.condition-steps", want=want, steps=steps, verdict=verdict, note=note)
        return text("explain.condition-got", want=want, got=got, verdict=verdict)


def show_value(value: Any) -> str:
    """A request or policy value as the explanation prints it; never raises."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    try:
        return str(value)
    except ValueError:  # an integer longer than Python's digit limit
        return f"<an integer of about {int(value.bit_length() * 0.30103)} digits>"


class Condition:
    """One ``operator: {key: values}`` entry of a statement, with its expected values read once."""

    __slots__ = ("operator", "qualifier", "key", "raw_values", "expected", "pointer", "_op", "_memo")

    def __init__(self, operator: str, key: str, raw_values: tuple[Any, ...], pointer: str):
        self.operator = operator
        self.qualifier, base = split_operator(operator)
        self.key = key
        self.raw_values = raw_values
        self.pointer = pointer
        self._op = OPERATORS[base]
        self.expected = tuple(self._op.read_expected(v) for v in raw_values)
        self._memo: dict[tuple[type, Any], bool] = {}

    def holds(self, context: dict[str, Any]) -> bool:
        """Whether the condition is true for ``context`` (the fast path).

        The verdict for a scalar request value is remembered (it depends on nothing else), so a
        policy set re-evaluated over thousands of requests parses each IP address or date once.
        """
        raw = context.get(self.key, _ABSENT)
        kind = raw.__class__
        if kind is str:
            key: Any = raw
        elif kind is bool:
            key = _BOOL_KEYS[raw]  # the usual non-string value: its key is built once
        elif raw is _ABSENT:
            return False
        else:
            key = (kind, raw)  # True == 1, but Bool reads them differently
        try:
            verdict = self._memo.get(key)
        except TypeError:  # a list of values: unhashable, decided afresh
            return self._outcome(context)[0]
        if verdict is None:
            verdict = self._outcome(context)[0]
            if len(self._memo) < 4096:
                self._memo[key] = verdict
        return verdict

    def _outcome(self, context: dict[str, Any]) -> tuple[bool, str | None, Any, tuple[bool, ...]]:
        if self.key not in context:
            return False, MISSING, None, ()
        raw = context[self.key]
        values = raw if isinstance(raw, (list, tuple)) else (raw,)
        op = self._op
        actuals = [op.read_actual(v) for v in values]
        if not actuals:
            return False, NO_VALUES, raw, ()
        if any(a is INVALID for a in actuals):
            return False, WRONG_TYPE, raw, ()
        test, expected = op.test, self.expected
        if self.qualifier is None:
            hit = any(test(a, e) for a in actuals for e in expected)
            return (not hit if op.negated else hit), None, raw, ()
        # Each request value on its own satisfies the base operator (a negated one: matches none).
        per_value = tuple(any(test(a, e) for e in expected) is not op.negated for a in actuals)
        matched = any(per_value) if self.qualifier == "ForAnyValue" else all(per_value)
        return matched, None, raw, per_value

    def check(self, context: dict[str, Any]) -> ConditionOutcome:
        matched, reason, actual, per_value = self._outcome(context)
        return ConditionOutcome(self.operator, self.key, self.raw_values, actual, matched, reason, per_value)

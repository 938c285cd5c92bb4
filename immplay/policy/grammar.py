"""The RAM policy grammar: a JSON document in, statements and every problem found out.

Rules follow Alibaba Cloud's "Policy structure and syntax" and "Policy elements" pages (see the
README's policy-language section): Version "1"; Statement a list (a single object is accepted);
Effect exactly Allow or Deny; exactly one of Action / NotAction; Resource (or NotResource) required
in identity and session policies and absent from trust policies; Principal only, and always, in
trust policies; the documented condition operators only, each optionally behind the
ForAnyValue:/ForAllValues: qualifiers that real RAM accepts (undocumented; see policy/conditions.py).
"""

from __future__ import annotations

import re
from typing import Any

from ..messages import text
from .conditions import (
    INVALID,
    OPERATORS,
    QUALIFIERS,
    Condition,
    operator_of,
    split_operator,
    value_type_words,
)
from .errors import Problem
from .json_positions import escape_pointer_token
from .statement import PRINCIPAL_TYPES, Statement
from .suggestions import closest, did_you_mean

KINDS = ("identity", "session", "trust")


# A misspelt element or operator gets one suggestion, and only a close one.
_SUGGESTION_CUTOFF = 0.6


def _suggest(word: str, possibilities) -> str:
    """`` (did you mean "X"?)`` for the closest of ``possibilities``, or ``""``."""
    return did_you_mean(closest(word, possibilities, n=1, cutoff=_SUGGESTION_CUTOFF))

# Characters RAM accepts in a document, by kind. Identity: custom policy documents (6,144, RAM
# limits table). Session: the AssumeRole Policy parameter (2,048 in the current STS SDK docs).
MAX_LENGTH = {"identity": 6144, "session": 2048}

STATEMENT_ELEMENTS = ("Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Principal")
# RAM accepts NotResource, but Alibaba's policy-element pages do not document it: say so wherever it is
# listed. Element -> the message (parse.toml) that lists it with that note.
UNDOCUMENTED_ELEMENTS = {"NotResource": "parse.element-not-resource"}
# Elements of other clouds' policy languages that RAM's has not -> the message (parse.toml) saying what to do.
UNSUPPORTED_ELEMENTS = {"Sid": "parse.unsupported-sid", "NotPrincipal": "parse.unsupported-not-principal"}

# Messages that differ by the kind of policy (identity or session; a trust policy needs no Resource).
_MISSING_RESOURCE = {"identity": "parse.missing-resource-identity", "session": "parse.missing-resource-session"}
_PRINCIPAL_NOT_ALLOWED = {"identity": "parse.principal-not-allowed-identity",
                          "session": "parse.principal-not-allowed-session"}

_ACTION_RE = re.compile(r"^(\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+)$")


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, code: str, message: str, path: str) -> None:
        self.problems.append(Problem(code, message, path))


def _type_name(value: Any) -> str:
    if value is None:
        return text("parse.type-null")
    if isinstance(value, bool):
        return text("parse.type-boolean")
    if isinstance(value, (int, float)):
        return text("parse.type-number")
    if isinstance(value, str):
        return text("parse.type-string")
    if isinstance(value, list):
        return text("parse.type-list")
    if isinstance(value, dict):
        return text("parse.type-object")
    return type(value).__name__


def _strings(value: Any, path: str, element: str, out: _Collector) -> tuple[str, ...] | None:
    """A string or a non-empty list of non-empty strings."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        out.add("WrongType", text("parse.strings-wrong-type", element=element, type=_type_name(value)), path)
        return None
    if not items:
        out.add("EmptyValue", text("parse.strings-empty-list", element=element), path)
        return None
    good: list[str] = []
    for i, item in enumerate(items):
        item_path = path if isinstance(value, str) else f"{path}/{i}"
        if not isinstance(item, str):
            out.add("WrongType", text("parse.strings-entry-wrong-type", element=element, type=_type_name(item)),
                    item_path)
        elif not item.strip():
            out.add("EmptyValue", text("parse.strings-empty-string", element=element), item_path)
        else:
            good.append(item)
    return tuple(good) if len(good) == len(items) else None


def _check_actions(actions: tuple[str, ...], path: str, listed: bool, out: _Collector) -> None:
    for i, action in enumerate(actions):
        if not _ACTION_RE.match(action):
            out.add("InvalidAction", text("parse.invalid-action", action=action), f"{path}/{i}" if listed else path)


def _check_resources(resources: tuple[str, ...], path: str, listed: bool, out: _Collector) -> None:
    for i, resource in enumerate(resources):
        if resource != resource.strip():
            out.add("InvalidResource", text("parse.resource-spaces", resource=resource),
                    f"{path}/{i}" if listed else path)


def _principals(value: Any, path: str, out: _Collector) -> dict[str, tuple[str, ...]] | None:
    if not isinstance(value, dict):
        out.add("WrongType", text("parse.principal-wrong-type", type=_type_name(value)), path)
        return None
    if not value:
        out.add("EmptyValue", text("parse.principal-empty"), path)
        return None
    result: dict[str, tuple[str, ...]] = {}
    for ptype, names in value.items():
        p_path = f"{path}/{escape_pointer_token(ptype)}"
        if ptype not in PRINCIPAL_TYPES:
            out.add("InvalidPrincipal", text("parse.principal-unknown-type", ptype=ptype,
                                             suggestion=_suggest(ptype, PRINCIPAL_TYPES)), p_path)
            continue
        items = _strings(names, p_path, text("parse.principal-list", ptype=ptype), out)
        if items is None:
            continue
        for i, name in enumerate(items):
            i_path = p_path if isinstance(names, str) else f"{p_path}/{i}"
            if "*" in name or "?" in name:
                out.add("InvalidPrincipal", text("parse.principal-wildcard", name=name), i_path)
            elif ptype in ("RAM", "Federated") and not name.startswith("acs:ram::"):
                out.add("InvalidPrincipal", text("parse.principal-not-ram-arn", name=name), i_path)
        result[ptype] = items
    return result


def _condition_operator_problem(op: str) -> tuple[str, str] | None:
    qualifier, base = split_operator(op)
    if base in OPERATORS:
        return None
    prefix = f"{qualifier}:" if qualifier else ""
    if base.endswith("IfExists"):
        return ("UnsupportedConditionOperator",
                text("parse.operator-if-exists", op=op, fixed=f'{prefix}{base[:-len("IfExists")]}'))
    if base == "Null":
        return ("UnsupportedConditionOperator", text("parse.operator-null", op=op))
    head, sep, tail = op.partition(":")
    if qualifier is None and sep:  # a misspelt qualifier, e.g. "forallvalues:" or "ForAllValue:"
        fixed = closest(head, QUALIFIERS, n=1, cutoff=_SUGGESTION_CUTOFF)
        if fixed:
            _, fixed_base = split_operator(f"{fixed[0]}:{tail}")
            if fixed_base in OPERATORS:
                return ("UnknownConditionOperator",
                        text("parse.operator-unknown", op=op, suggestion=did_you_mean([f"{fixed[0]}:{tail}"])))
        return ("UnknownConditionOperator", text("parse.operator-bad-qualifier", op=op))
    close = closest(base, OPERATORS, n=1, cutoff=_SUGGESTION_CUTOFF)
    extra = did_you_mean([prefix + close[0]]) if close else ""
    return ("UnknownConditionOperator", text("parse.operator-unknown", op=op, suggestion=extra))


def _conditions(value: Any, path: str, out: _Collector) -> tuple[Condition, ...] | None:
    if not isinstance(value, dict):
        out.add("WrongType", text("parse.condition-wrong-type", type=_type_name(value)), path)
        return None
    result: list[Condition] = []
    ok = True
    for op, block in value.items():
        op_path = f"{path}/{escape_pointer_token(op)}"
        problem = _condition_operator_problem(op)
        if problem:
            out.add(problem[0], problem[1], op_path)
            ok = False
            continue
        if not isinstance(block, dict) or not block:
            out.add("WrongType", text("parse.condition-block-wrong-type", op=op), op_path)
            ok = False
            continue
        for key, raw in block.items():
            k_path = f"{op_path}/{escape_pointer_token(key)}"
            if not key.strip():
                out.add("EmptyValue", text("parse.condition-key-empty"), k_path)
                ok = False
                continue
            values = raw if isinstance(raw, list) else [raw]
            if not values:
                out.add("EmptyValue", text("parse.condition-no-values", op=op, key=key), k_path)
                ok = False
                continue
            condition_ok = True
            for i, v in enumerate(values):
                v_path = f"{k_path}/{i}" if isinstance(raw, list) else k_path
                if not isinstance(v, (str, int, float, bool)) or v is None:
                    out.add("WrongType", text("parse.condition-value-wrong-type", type=_type_name(v)), v_path)
                    condition_ok = False
                elif isinstance(v, str) and not v.strip():
                    out.add("EmptyValue", text("parse.condition-value-empty", op=op, key=key), v_path)
                    condition_ok = False
            if not condition_ok:
                ok = False
                continue
            condition = Condition(op, key, tuple(values), k_path)
            bad = [v for v, e in zip(values, condition.expected, strict=False) if e is INVALID]
            if bad:
                kind = value_type_words(operator_of(op).type_name)
                out.add("InvalidConditionValue",
                        text("parse.condition-value-invalid", op=op, key=key, value=bad[0], kind=kind), k_path)
                ok = False
                continue
            result.append(condition)
    return tuple(result) if ok else None


def _element_list() -> str:
    """The statement elements for a message, each undocumented one followed by why it is marked."""
    return ", ".join(text(UNDOCUMENTED_ELEMENTS[e]) if e in UNDOCUMENTED_ELEMENTS else e for e in STATEMENT_ELEMENTS)


def _statement(raw: Any, index: int, path: str, kind: str, out: _Collector) -> Statement | None:
    if not isinstance(raw, dict):
        out.add("WrongType", text("parse.statement-wrong-type", type=_type_name(raw)), path)
        return None
    before = len(out.problems)
    for key in raw:
        k_path = f"{path}/{escape_pointer_token(key)}"
        if key in UNSUPPORTED_ELEMENTS:
            out.add("UnsupportedElement", text(UNSUPPORTED_ELEMENTS[key]), k_path)
        elif key not in STATEMENT_ELEMENTS:
            out.add("UnknownElement", text("parse.statement-unknown-element", key=key,
                                           suggestion=_suggest(key, STATEMENT_ELEMENTS), elements=_element_list()),
                    k_path)

    effect = raw.get("Effect")
    if "Effect" not in raw:
        out.add("MissingEffect", text("parse.missing-effect"), path)
    elif effect not in ("Allow", "Deny"):
        shown = f'"{effect}"' if isinstance(effect, str) else _type_name(effect)
        out.add("InvalidEffect", text("parse.invalid-effect", shown=shown), f"{path}/Effect")

    actions: tuple[str, ...] | None = None
    not_action = "NotAction" in raw
    if "Action" in raw and not_action:
        out.add("ActionConflict", text("parse.action-conflict"), f"{path}/NotAction")
    elif "Action" not in raw and not not_action:
        out.add("MissingAction", text("parse.missing-action"), path)
    else:
        element = "NotAction" if not_action else "Action"
        actions = _strings(raw[element], f"{path}/{element}", element, out)
        if actions is not None:
            _check_actions(actions, f"{path}/{element}", isinstance(raw[element], list), out)

    resources: tuple[str, ...] | None = None
    not_resource = "NotResource" in raw
    has_resource = "Resource" in raw or not_resource
    if kind == "trust":
        if has_resource:
            element = "NotResource" if not_resource else "Resource"
            out.add("ResourceNotAllowed", text("parse.resource-not-allowed", element=element), f"{path}/{element}")
    elif "Resource" in raw and not_resource:
        out.add("ResourceConflict", text("parse.resource-conflict"), f"{path}/NotResource")
    elif not has_resource:
        out.add("MissingResource", text(_MISSING_RESOURCE[kind]), path)
    else:
        element = "NotResource" if not_resource else "Resource"
        resources = _strings(raw[element], f"{path}/{element}", element, out)
        if resources is not None:
            _check_resources(resources, f"{path}/{element}", isinstance(raw[element], list), out)

    principals = None
    if kind == "trust":
        if "Principal" not in raw:
            out.add("MissingPrincipal", text("parse.missing-principal"), path)
        else:
            principals = _principals(raw["Principal"], f"{path}/Principal", out)
    elif "Principal" in raw:
        out.add("PrincipalNotAllowed", text(_PRINCIPAL_NOT_ALLOWED[kind]), f"{path}/Principal")

    conditions: tuple[Condition, ...] | None = ()
    if "Condition" in raw:
        conditions = _conditions(raw["Condition"], f"{path}/Condition", out)

    if len(out.problems) != before or actions is None or conditions is None:
        return None
    return Statement(index=index, effect=effect, actions=actions, not_action=not_action,
                     resources=resources, not_resource=not_resource, principals=principals,
                     conditions=conditions, pointer=path, line=None)


def validate(document: Any, kind: str) -> tuple[list[Statement], list[Problem]]:
    """Check ``document`` against the grammar for ``kind``; return statements and problems."""
    out = _Collector()
    if not isinstance(document, dict):
        out.add("WrongType", text("parse.document-wrong-type", type=_type_name(document)), "")
        return [], out.problems
    for key in document:
        if key not in ("Version", "Statement"):
            out.add("UnknownElement", text("parse.policy-unknown-element", key=key,
                                           suggestion=_suggest(key, ("Version", "Statement"))),
                    f"/{escape_pointer_token(key)}")
    if "Version" not in document:
        out.add("MissingVersion", text("parse.missing-version"), "")
    elif document["Version"] != "1":
        out.add("InvalidVersion", text("parse.invalid-version", value=repr(document["Version"])), "/Version")
    statements: list[Statement] = []
    if "Statement" not in document:
        out.add("MissingStatement", text("parse.missing-statement"), "")
        return statements, out.problems
    raw = document["Statement"]
    if isinstance(raw, dict):
        items, paths = [raw], ["/Statement"]
    elif isinstance(raw, list):
        items, paths = raw, [f"/Statement/{i}" for i in range(len(raw))]
        if not raw:
            out.add("EmptyValue", text("parse.statement-list-empty"), "/Statement")
    else:
        out.add("WrongType", text("parse.statement-list-wrong-type", type=_type_name(raw)), "/Statement")
        return statements, out.problems
    for i, (item, path) in enumerate(zip(items, paths, strict=False)):
        statement = _statement(item, i, path, kind, out)
        if statement is not None:
            statements.append(statement)
    return statements, out.problems

"""What the editor offers to complete, from the catalog: sent to the browser once per editor.

After `"imm:` the IMM 2020-09-30 operations (each with the resource it is authorized on and whether
that is documented or inferred); condition operators and the condition keys RAM documents; element
names; and, in a Resource, an ARN skeleton for each operation the statement's Action names.

>>> data = completion_data()
>>> len(data["actions"]), data["actions"][0]["action"]
(105, 'imm:AddImageMosaic')
"""

from __future__ import annotations

import re
from typing import Any

from immplay import catalog
from immplay.catalog.condition_keys import CONDITION_KEY_TYPES
from immplay.policy.conditions import OPERATORS, QUALIFIERS
from immplay.policy.grammar import STATEMENT_ELEMENTS

_FIELD = re.compile(r"\{(\w+)\}")


def arn_snippet(template: str) -> str:
    """A catalog ARN template as a CodeMirror snippet: each {field} becomes a field Tab moves through.

    >>> arn_snippet("acs:imm:{regionId}:{accountId}:project/{ProjectName}")
    'acs:imm:${*}:${*}:project/${ProjectName}'
    """
    defaults = {"regionId": "*", "accountId": "*"}
    return _FIELD.sub(lambda m: "${" + defaults.get(m.group(1), m.group(1)) + "}", template)


def completion_data() -> dict[str, Any]:
    """Everything the editor completes from, as JSON-ready data."""
    actions = [{
        "action": op.action,
        "resource": op.arn_template if op.resource_type != "*" else '* (only a Resource matching "*")',
        "status": op.status,
        "arn": op.arn_template,
        "arn_snippet": arn_snippet(op.arn_template) if op.resource_type != "*" else "*",
    } for op in catalog.operations()]
    operators = list(OPERATORS) + [f"{q}:{o}" for q in QUALIFIERS for o in OPERATORS]
    skeletons = [
        {"label": "acs:imm:{regionId}:{accountId}:project/{ProjectName}", "detail": "a project",
         "snippet": arn_snippet("acs:imm:{regionId}:{accountId}:project/{ProjectName}")},
        {"label": "acs:imm:{regionId}:{accountId}:project/{ProjectName}/dataset/{DatasetName}",
         "detail": "a dataset of a project",
         "snippet": arn_snippet("acs:imm:{regionId}:{accountId}:project/{ProjectName}/dataset/{DatasetName}")},
        {"label": "*", "detail": "every resource", "snippet": "*"},
    ]
    return {
        "actions": actions,
        "operators": operators,
        "condition_keys": [{"name": k, "type": t} for k, t in CONDITION_KEY_TYPES.items()],
        "elements": list(STATEMENT_ELEMENTS),
        "arn_skeletons": skeletons,
    }


__all__ = ["arn_snippet", "completion_data"]

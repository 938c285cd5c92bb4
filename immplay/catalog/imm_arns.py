"""IMM ARNs: the name rule for projects and datasets, and the ARN each resource type is authorized on.

One template per resource type serves both uses: ``imm_arn`` fills it in for a request
(``Operation.resource_arn``), and ``arn_shapes`` hands it to the policy engine's pattern algebra as
a *shape* (literal text and character classes), so lint can ask whether a Resource pattern can ever
match the ARN an operation is authorized on (``wildcard.can_match``).

The IMM name rule (ProjectName, DatasetName: 1-128 of letters, digits, ``_`` and ``-``, starting
with a letter or ``_``) is ``is_imm_name``; the catalog's ARN builder and the emulated IMM service
both check names with it.
"""

from __future__ import annotations

import re
import string

from ..policy.wildcard import CharClass, Shape

IMM_NAME_RULE = "1-128 characters of letters, digits, '_' and '-', starting with a letter or '_'"
_NAME_CHARS = frozenset(string.ascii_letters + string.digits + "_-")
IMM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,127}")  # the rule, for ``IMM_NAME.fullmatch(name)``


def is_imm_name(value: object) -> bool:
    """Whether ``value`` is a valid IMM project or dataset name.

    >>> is_imm_name("team-a_media"), is_imm_name("1st"), is_imm_name("a/b")
    (True, False, False)
    """
    return isinstance(value, str) and IMM_NAME.fullmatch(value) is not None


def _name_char(c: str) -> bool:
    return c in _NAME_CHARS


REGION = CharClass("region", lambda c: c not in ":", "r", at_least_one=False)
ACCOUNT = CharClass("account", lambda c: c not in ":", "1", at_least_one=False)
NAME = CharClass("name", _name_char, "n", at_least_one=True)  # the characters of an IMM name
PROJECT = NAME._replace(name="project")
DATASET = NAME._replace(name="dataset")

RESOURCE_TYPES = ("project", "dataset", "trigger", "batch", "*")


def arn_template(resource_type: str) -> Shape:
    """The ARN an operation on ``resource_type`` is authorized on, its fields as character classes.

    >>> [part if isinstance(part, str) else part.name for part in arn_template("dataset")]
    ['acs:imm:', 'region', ':', 'account', ':project/', 'project', '/dataset/', 'dataset']
    """
    project = ("acs:imm:", REGION, ":", ACCOUNT, ":project/", PROJECT)
    if resource_type == "*":
        return ("*",)
    if resource_type == "project":
        return project
    if resource_type == "dataset":
        return project + ("/dataset/", DATASET)
    if resource_type in RESOURCE_TYPES:
        return project + (f"/{resource_type}/*",)
    raise ValueError(f"IMM resources are {', '.join(RESOURCE_TYPES)}, not {resource_type!r}")


def arn_shapes(resource_type: str) -> list[Shape]:
    """The ARN shapes that cover an operation authorized on ``resource_type`` (most specific first):
    its own ARN, then its project's (a grant on a project covers what lies below it)."""
    own = arn_template(resource_type)
    if resource_type in ("*", "project"):
        return [own]
    return [own, arn_template("project")]


_FIELDS = ("region", "account", "project", "dataset")  # the order in which every template names them


def _format(resource_type: str) -> tuple[str, int]:
    """``arn_template(resource_type)`` as a printf-style format (one ``%s`` per field) and its field count."""
    parts = arn_template(resource_type)
    names = tuple(part.name for part in parts if not isinstance(part, str))
    assert names == _FIELDS[: len(names)], f"the {resource_type} template names its fields out of order"
    return "".join(part.replace("%", "%%") if isinstance(part, str) else "%s" for part in parts), len(names)


_FORMATS = {resource_type: _format(resource_type) for resource_type in RESOURCE_TYPES}


def imm_arn(resource_type: str, region: str, account: str, project: str | None = None,
            dataset: str | None = None) -> str:
    """The ARN of ``arn_template(resource_type)`` with its fields filled in (checked by the caller).

    >>> imm_arn("dataset", "cn-shanghai", "1509100000000000", "p", "d")
    'acs:imm:cn-shanghai:1509100000000000:project/p/dataset/d'
    >>> imm_arn("trigger", "cn-shanghai", "1509100000000000", "p")
    'acs:imm:cn-shanghai:1509100000000000:project/p/trigger/*'
    """
    form, count = _FORMATS[resource_type]
    return form % (region, account, project, dataset)[:count]

"""The RAM policy language: parse and validate, match, evaluate and explain.

Pure Python with no third-party imports. Knows ARN structure (an IMM dataset's parent project) but
not the IMM catalog.
"""

from .arn import Arn, parse_arn, resource_chain
from .conditions import OPERATORS
from .effect import ALLOW, EXPLICIT_DENY, IMPLICIT_DENY, Effect
from .errors import PolicyError, Problem
from .evaluate import Decision, PolicySet, evaluate, evaluate_assume_role
from .policy import Policy
from .principal import Principal
from .request import Request
from .statement import Statement
from .trace import StatementRef
from .wildcard import glob_match

__all__ = [
    "ALLOW", "EXPLICIT_DENY", "IMPLICIT_DENY", "OPERATORS",
    "Arn", "Decision", "Effect", "Policy", "PolicyError", "PolicySet", "Principal", "Problem", "Request",
    "Statement", "StatementRef", "evaluate", "evaluate_assume_role", "glob_match", "parse_arn",
    "resource_chain",
]

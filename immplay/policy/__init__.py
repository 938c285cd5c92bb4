"""The RAM policy language: parse and validate, match, evaluate and explain.

Pure Python with no third-party imports. Knows ARN structure (an IMM dataset's parent project) but
not the IMM catalog. One idea, one module:

- ``policy`` (``Policy.parse``), ``grammar``, ``json_errors``, ``json_positions``, ``errors``: a document
  in, statements or every problem (with line and column) out;
- ``statement``, ``conditions``, ``principal``, ``request``: a statement's questions, asked of a request;
- ``wildcard``: every pattern question (match, may-match, prefix, covers); ``arn``: the ARN parser
  and ``resource_chain``; ``suggestions``: "did you mean";
- ``effect``: ``Effect`` and ``stage_effect``, the one rule of a stage; ``matchers``: the fast path;
  ``evaluate``: ``PolicySet``, ``evaluate``, ``evaluate_assume_role``; ``bulk``: many decisions at once;
- ``decision``: ``Decision``; ``trace``: how each statement matched; ``explanation``: ``explain()``'s text.
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

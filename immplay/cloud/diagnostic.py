"""AccessDeniedDetail and its EncodedDiagnosticMessage, and DecodeDiagnosticMessage's decoding.

The real EncodedDiagnosticMessage is opaque (encrypted); the emulator's is plain base64 of a
compact, key-sorted JSON object with the decoded fields, so it is deterministic and
``ram:DecodeDiagnosticMessage`` can decode it (a trainee could base64-decode it too; the real one
cannot be read without the API).

Names chosen where the reference is unsure (documented assumptions):

- ``PolicyType`` / ``NoPermissionPolicyType`` map the engine's ``Decision.denied_by``:
  IdentityBasedPolicy -> ``AccountLevelIdentityBasedPolicy``, SessionPolicy -> ``SessionPolicy``,
  ResourceBasedPolicy (a role's trust policy) -> ``ResourceBasedPolicy``.
- ``MatchedPolicies[].PolicyType`` is ``System`` | ``Custom`` | ``Session`` | ``Trust``;
  ``AttachedEntityType`` is ``User`` | ``Group`` | ``Role`` (empty for a session policy);
  ``AttachedScope`` is always ``Account`` (no resource-group scoped attachments are emulated).

Example::

    detail = access_denied_detail(caller, request, decision, sources)
    decode(detail["EncodedDiagnosticMessage"])["AuthAction"]     # "imm:CreateProject"
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from immplay.cloud.errors import CloudError
from immplay.policy import Effect

POLICY_TYPE_NAMES = {
    "IdentityBasedPolicy": "AccountLevelIdentityBasedPolicy",
    "SessionPolicy": "SessionPolicy",
    "ResourceBasedPolicy": "ResourceBasedPolicy",
}


@dataclass(frozen=True)
class PolicySource:
    """Where a policy the engine evaluated came from, for ``MatchedPolicies``."""

    policy_type: str  # System | Custom | Session | Trust
    identifier: str
    version: str
    entity_type: str  # User | Group | Role | ""


def access_denied_detail(caller, request, decision, sources: dict[str, PolicySource]) -> dict:
    """The ``AccessDeniedDetail`` object of a 403, with its encoded diagnostic message."""
    policy_type = POLICY_TYPE_NAMES.get(decision.denied_by or "", decision.denied_by or "")
    diagnostic = {
        "AuthAction": request.action,
        "AuthPrincipal": {"AuthPrincipalType": caller.principal_type,
                          "AuthPrincipalOwnerId": caller.account_id,
                          "AuthPrincipalDisplayName": caller.display_name},
        "AuthResource": request.resource,
        "AuthConditions": [{"ConditionKey": key, "ConditionValues": [str(value)]}
                           for key, value in sorted(request.context.items())],
        "ExplicitDeny": decision.effect is Effect.EXPLICIT_DENY,
        "NoPermissionPolicyType": policy_type,
        "MatchedPolicies": matched_policies(decision, sources),
    }
    return {
        "AuthAction": request.action,
        "AuthPrincipalType": caller.principal_type,
        "AuthPrincipalOwnerId": caller.account_id,
        "AuthPrincipalDisplayName": caller.display_name,
        "NoPermissionType": decision.effect,
        "PolicyType": policy_type,
        "EncodedDiagnosticMessage": encode(diagnostic),
    }


def matched_policies(decision, sources: dict[str, PolicySource]) -> list[dict]:
    """One entry per policy among ``decision.deciding`` (first statement's effect), in order."""
    seen: dict[str, dict] = {}
    for ref in decision.deciding:
        if ref.policy in seen:
            continue
        source = sources.get(ref.policy) or PolicySource(ref.kind.capitalize(), ref.policy, "", "")
        seen[ref.policy] = {"PolicyType": source.policy_type, "PolicyIdentifier": source.identifier,
                            "PolicyVersion": source.version, "Effect": ref.effect,
                            "AttachedEntityType": source.entity_type, "AttachedScope": "Account"}
    return list(seen.values())


def encode(diagnostic: dict) -> str:
    """Deterministic: the same denial always encodes to the same text."""
    raw = json.dumps(diagnostic, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return base64.b64encode(raw.encode("utf-8")).decode("ascii")


def decode(encoded: str) -> dict:
    """The ``DecodedDiagnosticMessage`` object; anything the cloud did not encode is a 400."""
    try:
        decoded = json.loads(base64.b64decode(encoded.encode("ascii"), validate=True))
    except (binascii.Error, ValueError, UnicodeError):
        decoded = None
    if not isinstance(decoded, dict) or "AuthAction" not in decoded:
        raise CloudError("InvalidParameter.EncodedDiagnosticMessage",
                         "The parameter EncodedDiagnosticMessage is not a diagnostic message issued by "
                         "this (emulated) account.", 400)
    return decoded

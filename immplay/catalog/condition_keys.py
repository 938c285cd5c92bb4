"""Condition keys RAM documents, with the type of value a request carries for each.

Reference "Common condition keys"; key names are case-sensitive. ``ram:TrustedPrincipalTypes`` is
used by Alibaba's own public Terraform policy modules (PowerUserAccess) and is undocumented.
"""

from __future__ import annotations

# key -> the condition type its request values have (a key of ``policy.conditions.READERS``)
CONDITION_KEY_TYPES: dict[str, str] = {
    "acs:CurrentTime": "date",
    "acs:SecureTransport": "boolean",
    "acs:SourceIp": "IP address",
    "acs:MFAPresent": "boolean",
    "acs:SourceVpc": "string",
    "acs:AccessId": "string",
    "acs:UserAgent": "string",
    "acs:Service": "string",
    "ram:ServiceName": "string",
    "ram:TrustedPrincipalTypes": "string",
    "sts:ExternalId": "string",
    "saml:recipient": "string",
    "sts:SourceIdentity": "string",
}

KNOWN_CONDITION_KEYS: tuple[str, ...] = tuple(CONDITION_KEY_TYPES)


def known_key_in_other_case(key: str) -> str | None:
    """The known key that ``key`` spells in another case, or ``None``.

    >>> known_key_in_other_case("acs:sourceip"), known_key_in_other_case("acs:SourceIp")
    ('acs:SourceIp', None)
    """
    if key in CONDITION_KEY_TYPES:
        return None
    for known in CONDITION_KEY_TYPES:
        if known.lower() == key.lower():
            return known
    return None

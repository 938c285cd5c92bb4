"""``Principal``: who asks to assume a role, as a trust policy names it."""

from __future__ import annotations

from .statement import PRINCIPAL_TYPES


class Principal:
    """A caller of AssumeRole.

    ``type`` is ``"RAM"`` (``id`` = ``acs:ram::<uid>:user/<name>`` or ``acs:ram::<uid>:role/<name>``),
    ``"Service"`` (``id`` = ``imm.aliyuncs.com``) or ``"Federated"`` (``id`` = a saml-provider ARN).
    """

    __slots__ = ("type", "id")

    def __init__(self, type: str, id: str):  # noqa: A002 - the trust policy's own words
        if type not in PRINCIPAL_TYPES:
            raise ValueError(f"Principal type must be one of {', '.join(PRINCIPAL_TYPES)}, not {type!r}")
        if not isinstance(id, str) or not id:
            raise ValueError("Principal id must be a non-empty string")
        self.type = type
        self.id = id

    def __repr__(self) -> str:
        return f"Principal(type={self.type!r}, id={self.id!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Principal) and (self.type, self.id) == (other.type, other.id)

    def __hash__(self) -> int:
        return hash((self.type, self.id))

"""``Principal``: who asks to assume a role, as a trust policy names it."""

from __future__ import annotations

from dataclasses import dataclass

from .statement import PRINCIPAL_TYPES


@dataclass(frozen=True)
class Principal:
    """A caller of AssumeRole.

    ``type`` is ``"RAM"`` (``id`` = ``acs:ram::<uid>:user/<name>`` or ``acs:ram::<uid>:role/<name>``),
    ``"Service"`` (``id`` = ``imm.aliyuncs.com``) or ``"Federated"`` (``id`` = a saml-provider ARN).
    """

    type: str
    id: str

    def __post_init__(self) -> None:
        if self.type not in PRINCIPAL_TYPES:
            raise ValueError(f"Principal type must be one of {', '.join(PRINCIPAL_TYPES)}, not {self.type!r}")
